//! Which addresses the follower may connect to. By default only public ones: a feed that
//! redirects to `http://127.0.0.1:6379/` or a DNS name that answers `10.0.0.5` must not
//! reach an internal service. The check runs on the resolved addresses, inside the HTTP
//! client's resolver, so it holds for every connection: the first request, each redirect
//! hop and every DNS answer.

use std::net::{IpAddr, Ipv4Addr};

use ureq::config::Config;
use ureq::http::Uri;
use ureq::unversioned::resolver::{DefaultResolver, ResolvedSocketAddrs, Resolver};
use ureq::unversioned::transport::NextTimeout;

/// Whether `ip` is on the public internet: not loopback, private, link-local, shared
/// (carrier NAT), documentation, multicast, unspecified or reserved.
pub fn is_public(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => is_public_v4(v4),
        IpAddr::V6(v6) => {
            if let Some(v4) = v6.to_ipv4_mapped() {
                return is_public_v4(v4);
            }
            let s = v6.segments();
            !(v6.is_loopback()
                || v6.is_unspecified()
                || v6.is_multicast()
                || (s[0] & 0xfe00) == 0xfc00 // unique local
                || (s[0] & 0xffc0) == 0xfe80 // link-local
                || (s[0] == 0x2001 && s[1] == 0x0db8) // documentation
                || (s[0] == 0x0064 && s[1] == 0xff9b)) // NAT64 can reach private IPv4
        }
    }
}

fn is_public_v4(ip: Ipv4Addr) -> bool {
    let [a, b, c, _] = ip.octets();
    !(ip.is_loopback()
        || ip.is_private()
        || ip.is_link_local()
        || ip.is_unspecified()
        || ip.is_broadcast()
        || ip.is_multicast()
        || ip.is_documentation()
        || a == 0
        || (a == 100 && (64..128).contains(&b)) // shared address space (carrier NAT)
        || (a == 192 && b == 0 && c == 0) // IETF protocol assignments
        || (a == 198 && (b == 18 || b == 19)) // benchmarking
        || a >= 240) // reserved
}

/// What the follower may connect to.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum AddressPolicy {
    /// Public addresses only (the default).
    #[default]
    PublicOnly,
    /// Public addresses and loopback (`127.0.0.0/8`, `::1`): for tests and a local fake site.
    AllowLoopback,
}

impl AddressPolicy {
    /// Whether a connection to `ip` is allowed.
    pub fn allows(self, ip: IpAddr) -> bool {
        is_public(ip) || (self == AddressPolicy::AllowLoopback && ip.is_loopback())
    }
}

/// The system resolver, with every answer the policy refuses dropped; a name left with no
/// allowed address fails as "refused".
#[derive(Debug)]
pub(crate) struct GuardedResolver {
    pub(crate) policy: AddressPolicy,
    pub(crate) inner: DefaultResolver,
}

impl Resolver for GuardedResolver {
    fn resolve(&self, uri: &Uri, config: &Config, timeout: NextTimeout) -> Result<ResolvedSocketAddrs, ureq::Error> {
        let found = self.inner.resolve(uri, config, timeout)?;
        let mut kept = self.empty();
        for addr in found.iter().filter(|a| self.policy.allows(a.ip())) {
            kept.push(*addr);
        }
        if kept.is_empty() {
            let host = uri.host().unwrap_or("");
            let addrs: Vec<String> = found.iter().map(|a| a.ip().to_string()).collect();
            return Err(ureq::Error::Io(std::io::Error::new(
                std::io::ErrorKind::PermissionDenied,
                format!("{REFUSED}: {host} resolves to {} only", addrs.join(", ")),
            )));
        }
        Ok(kept)
    }
}

/// The start of the message of a connection refused by the policy (looked for in errors).
pub(crate) const REFUSED: &str = "refused to connect to a private, loopback or link-local address";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn private_and_local_addresses_are_refused_by_default() {
        for ip in
            ["127.0.0.1", "10.1.2.3", "172.16.0.1", "192.168.1.1", "169.254.169.254", "0.0.0.0", "100.64.0.1", "::1"]
        {
            let ip: IpAddr = ip.parse().unwrap();
            assert!(!AddressPolicy::PublicOnly.allows(ip), "{ip}");
        }
        for ip in ["fe80::1", "fd00::1", "::ffff:10.0.0.1", "::ffff:127.0.0.1"] {
            assert!(!AddressPolicy::PublicOnly.allows(ip.parse().unwrap()), "{ip}");
        }
        for ip in ["93.184.216.34", "2606:4700::1111", "8.8.8.8"] {
            assert!(AddressPolicy::PublicOnly.allows(ip.parse().unwrap()), "{ip}");
        }
        assert!(AddressPolicy::AllowLoopback.allows("127.0.0.1".parse().unwrap()));
        assert!(!AddressPolicy::AllowLoopback.allows("10.0.0.1".parse().unwrap()));
        assert!(!AddressPolicy::AllowLoopback.allows("169.254.169.254".parse().unwrap()));
    }
}
