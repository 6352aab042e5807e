//! Webhook delivery of alert matches: each match of an alert with a webhook is POSTed as
//! JSON, signed with HMAC-SHA256 over the body with the alert's secret, until the receiver
//! answers 2xx; a failure is retried with exponential backoff (30 s, doubling, at most an
//! hour), forever. The match is marked delivered only after the receiver's 2xx, so a crash
//! in between sends it again: delivery is at least once, and the body's `id` (the same on
//! every attempt) lets the receiver drop repeats.
//!
//! Plain `http://` only (a receiver on loopback or behind a local proxy): TLS would bring a
//! client stack this crate does not otherwise need.

use std::io::{Read, Write};
use std::net::{TcpStream, ToSocketAddrs};
use std::time::Duration;

use chrono::{DateTime, Utc};
use newsgraph_store::Delivery;
use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::{Engine, Error, Result};

/// Matches sent per pass.
const PASS: usize = 500;
/// First retry delay; doubles per failed attempt.
const FIRST_RETRY_SECS: i64 = 30;
/// Longest retry delay.
const MAX_RETRY_SECS: i64 = 3600;
/// How long one POST may take.
const TIMEOUT: Duration = Duration::from_secs(10);
/// The header carrying the signature: `sha256=<hex>`.
pub const SIGNATURE_HEADER: &str = "X-Newsgraph-Signature";

/// What a delivery pass did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct DeliveryReport {
    /// Matches the receivers accepted.
    pub delivered: u64,
    /// Matches that failed this time (to be retried).
    pub failed: u64,
}

/// HMAC-SHA256 (RFC 2104) of `body` under `key`, as lowercase hex.
pub fn signature(key: &[u8], body: &[u8]) -> String {
    const BLOCK: usize = 64;
    let mut k = if key.len() > BLOCK { Sha256::digest(key).to_vec() } else { key.to_vec() };
    k.resize(BLOCK, 0);
    let pad = |x: u8| k.iter().map(|b| b ^ x).collect::<Vec<u8>>();
    let inner = Sha256::new().chain_update(pad(0x36)).chain_update(body).finalize();
    let outer = Sha256::new().chain_update(pad(0x5c)).chain_update(inner).finalize();
    outer.iter().map(|b| format!("{b:02x}")).collect()
}

/// A new alert's secret: 32 hex digits from the clock, the process and the name (not a
/// password: it proves to the receiver that the sender knows it).
pub(crate) fn new_secret(name: &str) -> String {
    let seed = format!("{name}|{:?}|{}|{:p}", std::time::SystemTime::now(), std::process::id(), &name);
    Sha256::digest(seed.as_bytes())[..16].iter().map(|b| format!("{b:02x}")).collect()
}

/// Checks a webhook address: `http://host[:port]/path`.
pub(crate) fn check_webhook(url: &str) -> Result<()> {
    parse(url).map(|_| ())
}

fn parse(url: &str) -> Result<(String, String)> {
    let rest = url
        .strip_prefix("http://")
        .ok_or_else(|| Error::Invalid(format!("{url:?}: a webhook is an http:// address (https is not supported)")))?;
    let (host, path) = rest.split_once('/').map_or((rest, "/".to_string()), |(h, p)| (h, format!("/{p}")));
    if host.is_empty() || host.contains(['@', ' ']) || path.contains([' ', '\r', '\n']) {
        return Err(Error::Invalid(format!("{url:?} is not a webhook address")));
    }
    let host = if host.contains(':') { host.to_string() } else { format!("{host}:80") };
    Ok((host, path))
}

/// POSTs `body`; whether the receiver answered 2xx.
fn post(url: &str, body: &[u8], id: &str, signed: &str) -> std::io::Result<bool> {
    let (host, path) = parse(url).map_err(|e| std::io::Error::other(e.to_string()))?;
    let addr = host.to_socket_addrs()?.next().ok_or_else(|| std::io::Error::other("no address"))?;
    let mut stream = TcpStream::connect_timeout(&addr, TIMEOUT)?;
    stream.set_read_timeout(Some(TIMEOUT))?;
    stream.set_write_timeout(Some(TIMEOUT))?;
    let head = format!(
        "POST {path} HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\
         X-Newsgraph-Delivery: {id}\r\n{SIGNATURE_HEADER}: sha256={signed}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    stream.write_all(head.as_bytes())?;
    stream.write_all(body)?;
    let mut status = [0u8; 12];
    stream.read_exact(&mut status)?;
    // "HTTP/1.1 200"
    Ok(status.starts_with(b"HTTP/1.") && status[9] == b'2')
}

fn body_of(d: &Delivery) -> (String, Vec<u8>) {
    let m = &d.matched;
    let id = format!("{}:{}", m.alert, m.article);
    let body = serde_json::json!({
        "id": id, "alert": m.alert, "article": m.article, "title": m.title, "source": m.source,
        "published": m.published, "matched_at": m.matched_at,
    });
    (id, body.to_string().into_bytes())
}

/// When to try again after `attempts` failures.
fn retry_at(now: DateTime<Utc>, attempts: u64) -> String {
    let secs = FIRST_RETRY_SECS.saturating_mul(1 << attempts.min(20)).min(MAX_RETRY_SECS);
    (now + chrono::Duration::seconds(secs)).to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

impl Engine {
    /// Sends every match whose webhook delivery is due now.
    pub fn deliver_alerts(&mut self) -> Result<DeliveryReport> {
        self.deliver_alerts_at(Utc::now())
    }

    /// Sends every match whose delivery is due at `now` (a test's clock).
    pub fn deliver_alerts_at(&mut self, now: DateTime<Utc>) -> Result<DeliveryReport> {
        let mut report = DeliveryReport::default();
        let at = now.to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
        for d in self.store.due_deliveries(&at, PASS)? {
            let (id, body) = body_of(&d);
            let signed = signature(d.secret.as_bytes(), &body);
            let ok = post(&d.webhook, &body, &id, &signed).unwrap_or(false);
            let retry = (!ok).then(|| retry_at(now, d.attempts));
            self.store.record_attempt(&d.matched.alert, &d.matched.article, retry.as_deref())?;
            if ok {
                report.delivered += 1;
            } else {
                report.failed += 1;
            }
        }
        Ok(report)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signatures_are_rfc_4231_hmac_sha256() {
        // RFC 4231, test cases 1 and 2.
        assert_eq!(
            signature(&[0x0b; 20], b"Hi There"),
            "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"
        );
        assert_eq!(
            signature(b"Jefe", b"what do ya want for nothing?"),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
    }

    #[test]
    fn webhooks_are_plain_http_and_retries_back_off() {
        assert_eq!(parse("http://127.0.0.1:8080/hook").unwrap(), ("127.0.0.1:8080".into(), "/hook".into()));
        assert_eq!(parse("http://example.test").unwrap(), ("example.test:80".into(), "/".into()));
        assert!(parse("https://example.test/").is_err() && parse("http://a b/").is_err());
        let now = DateTime::parse_from_rfc3339("2026-03-10T12:00:00Z").unwrap().to_utc();
        assert_eq!(retry_at(now, 0), "2026-03-10T12:00:30Z");
        assert_eq!(retry_at(now, 2), "2026-03-10T12:02:00Z");
        assert_eq!(retry_at(now, 40), "2026-03-10T13:00:00Z");
    }
}
