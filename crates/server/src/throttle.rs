//! A limit on write requests per client: a token bucket per peer address. Reads are not
//! limited here (they queue for the engines and are turned away as `busy` when the queue is
//! full); writes are, because each one takes the single write turn, annotates a body of up to
//! 16 MB, and — before the token is checked — is a guess at the token.
//!
//! The client is the TCP peer. `X-Forwarded-For` is not read: any client can write it, so
//! trusting it would let every request name a fresh client. Behind a reverse proxy every
//! client is the proxy, and the proxy should do its own limiting.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::{Mutex, PoisonError};
use std::time::{Duration, Instant};

/// Buckets kept before full ones (clients quiet long enough to have refilled, which are the
/// same as clients never seen) are dropped, so a stream of one-off clients cannot grow the
/// map without bound.
const MAX_CLIENTS: usize = 16_384;

/// Write tokens per client.
#[derive(Debug)]
pub struct WriteLimit {
    /// Tokens regained per second.
    rate: f64,
    /// Most tokens a client holds (and starts with).
    burst: f64,
    buckets: Mutex<HashMap<Client, Bucket>>,
}

/// Whom a bucket belongs to: an IPv4 address, or an IPv6 /64 (one subscriber usually holds a
/// whole /64, so counting single IPv6 addresses would limit nobody). `None` when the peer is
/// not known (the router served without [`crate::serve`]): such requests share one bucket.
type Client = Option<IpAddr>;

#[derive(Debug, Clone, Copy)]
struct Bucket {
    tokens: f64,
    at: Instant,
}

impl WriteLimit {
    /// `per_minute` writes a minute in the long run, `burst` at once. A zero `per_minute`
    /// turns the limit off.
    pub fn new(per_minute: u32, burst: u32) -> WriteLimit {
        WriteLimit {
            rate: f64::from(per_minute) / 60.0,
            burst: f64::from(burst.max(1)),
            buckets: Mutex::new(HashMap::new()),
        }
    }

    /// Takes one write for the client at `peer` at `now`: `Err` holds how long until the
    /// client may write again.
    pub fn take(&self, peer: Option<IpAddr>, now: Instant) -> Result<(), Duration> {
        if self.rate == 0.0 {
            return Ok(());
        }
        let client = peer.map(client_of);
        // A panic elsewhere while the lock was held leaves only counts behind: keep going.
        let mut buckets = self.buckets.lock().unwrap_or_else(PoisonError::into_inner);
        if buckets.len() >= MAX_CLIENTS {
            buckets.retain(|_, b| self.refilled(*b, now) < self.burst);
        }
        let bucket = buckets.entry(client).or_insert(Bucket { tokens: self.burst, at: now });
        let tokens = self.refilled(*bucket, now);
        if tokens >= 1.0 {
            *bucket = Bucket { tokens: tokens - 1.0, at: now };
            Ok(())
        } else {
            *bucket = Bucket { tokens, at: now };
            Err(Duration::from_secs_f64((1.0 - tokens) / self.rate))
        }
    }

    /// The bucket's tokens at `now`.
    fn refilled(&self, bucket: Bucket, now: Instant) -> f64 {
        let elapsed = now.saturating_duration_since(bucket.at).as_secs_f64();
        (bucket.tokens + elapsed * self.rate).min(self.burst)
    }
}

/// The key of an address: IPv4 as it is (also when mapped into IPv6), IPv6 cut to its /64.
fn client_of(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V4(_) => ip,
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => IpAddr::V4(v4),
            None => IpAddr::V6((u128::from(v6) & !((1u128 << 64) - 1)).into()),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> Option<IpAddr> {
        Some(s.parse().unwrap())
    }

    #[test]
    fn a_burst_then_one_write_per_refill() {
        let limit = WriteLimit::new(60, 3);
        let t0 = Instant::now();
        for _ in 0..3 {
            assert_eq!(limit.take(ip("192.0.2.1"), t0), Ok(()));
        }
        let wait = limit.take(ip("192.0.2.1"), t0).unwrap_err();
        assert_eq!(wait, Duration::from_secs(1));
        // Half a second regains half a token: still refused, for the half left.
        let wait = limit.take(ip("192.0.2.1"), t0 + Duration::from_millis(500)).unwrap_err();
        assert_eq!(wait, Duration::from_millis(500));
        assert_eq!(limit.take(ip("192.0.2.1"), t0 + Duration::from_secs(1)), Ok(()));
        // A long rest refills to the burst, never beyond it.
        let later = t0 + Duration::from_secs(3600);
        for _ in 0..3 {
            assert_eq!(limit.take(ip("192.0.2.1"), later), Ok(()));
        }
        assert!(limit.take(ip("192.0.2.1"), later).is_err());
    }

    #[test]
    fn clients_have_buckets_of_their_own() {
        let limit = WriteLimit::new(1, 1);
        let t0 = Instant::now();
        assert!(limit.take(ip("192.0.2.1"), t0).is_ok());
        assert!(limit.take(ip("192.0.2.1"), t0).is_err());
        assert!(limit.take(ip("192.0.2.2"), t0).is_ok());
        assert!(limit.take(None, t0).is_ok());
        assert!(limit.take(None, t0).is_err());
        // The same IPv4 client, mapped into IPv6.
        assert!(limit.take(ip("::ffff:192.0.2.2"), t0).is_err());
        // One IPv6 /64 is one client; another /64 is another.
        assert!(limit.take(ip("2001:db8:0:1::1"), t0).is_ok());
        assert!(limit.take(ip("2001:db8:0:1:ffff::2"), t0).is_err());
        assert!(limit.take(ip("2001:db8:0:2::1"), t0).is_ok());
    }

    #[test]
    fn zero_per_minute_is_no_limit() {
        let limit = WriteLimit::new(0, 1);
        let t0 = Instant::now();
        assert!((0..100).all(|_| limit.take(ip("192.0.2.1"), t0).is_ok()));
    }

    #[test]
    fn quiet_clients_are_forgotten_when_the_map_is_full() {
        let limit = WriteLimit::new(60, 2);
        let t0 = Instant::now();
        for i in 0..MAX_CLIENTS as u32 {
            limit.take(Some(IpAddr::V4(i.into())), t0).unwrap();
        }
        // A minute on, every bucket has refilled: the next new client clears them all.
        limit.take(ip("198.51.100.1"), t0 + Duration::from_secs(60)).unwrap();
        assert_eq!(limit.buckets.lock().unwrap().len(), 1);
    }
}
