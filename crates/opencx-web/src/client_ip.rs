//! The client's address for per-address limits: the TCP peer, or, when the peer is a trusted
//! reverse proxy, the address the proxies recorded in `X-Forwarded-For`.
//!
//! Each proxy appends the address it received the request from, so the header reads
//! `client, proxy1, proxy2` and the peer is the last proxy. Only the right-hand part that our own
//! proxies wrote can be believed: anything to the left of the first untrusted address was sent
//! by that untrusted party and may be invented. So the client is the right-most address that is
//! not a trusted proxy, and a peer that is not trusted is the client whatever the header says.

use std::net::{IpAddr, SocketAddr};

use axum::http::HeaderMap;
use ipnet::IpNet;

/// Reverse proxies whose `X-Forwarded-For` is believed: addresses and networks.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TrustedProxies(Vec<IpNet>);

impl TrustedProxies {
    /// Reads entries such as `10.0.0.7`, `10.0.0.0/8`, `::1` or `fd00::/8` (spaces around an entry
    /// are ignored; empty entries are skipped). The error names the entry that is neither.
    pub fn parse<S: AsRef<str>>(entries: &[S]) -> Result<TrustedProxies, String> {
        let mut networks = Vec::new();
        for entry in entries {
            let entry = entry.as_ref().trim();
            if entry.is_empty() {
                continue;
            }
            let network = match entry.parse::<IpNet>() {
                Ok(network) => network.trunc(),
                Err(_) => match entry.parse::<IpAddr>() {
                    Ok(ip) => IpNet::from(ip),
                    Err(_) => {
                        return Err(format!(
                            "\"{entry}\" is not an IP address or a network like 10.0.0.0/8"
                        ));
                    }
                },
            };
            networks.push(network);
        }
        Ok(TrustedProxies(networks))
    }

    /// Whether no proxy is trusted (the peer is always the client).
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Whether `ip` is a trusted proxy.
    pub fn contains(&self, ip: IpAddr) -> bool {
        let ip = ip.to_canonical();
        self.0.iter().any(|network| network.contains(&ip))
    }

    /// The client's address for a request from `peer` with these headers.
    pub fn client_address(&self, peer: IpAddr, headers: &HeaderMap) -> IpAddr {
        let peer = peer.to_canonical();
        if !self.contains(peer) {
            return peer;
        }
        // Several header lines are one list, in order; an unreadable line stops the walk there.
        let values: Vec<&str> = headers
            .get_all("x-forwarded-for")
            .iter()
            .map(|v| v.to_str().unwrap_or("?"))
            .collect();
        self.walk(peer, &values)
    }

    /// Walks `X-Forwarded-For` values from the right while the current hop is trusted.
    fn walk(&self, peer: IpAddr, values: &[&str]) -> IpAddr {
        let mut client = peer;
        let entries = values
            .iter()
            .flat_map(|v| v.split(','))
            .map(str::trim)
            .filter(|e| !e.is_empty())
            .collect::<Vec<_>>();
        for entry in entries.into_iter().rev() {
            // Something that is not an address (garbage, "unknown") cannot be the client; the
            // last trusted hop is the best that is known.
            let Some(ip) = forwarded_address(entry) else {
                break;
            };
            client = ip.to_canonical();
            if !self.contains(client) {
                break;
            }
        }
        client
    }
}

/// An address as proxies write it: `1.2.3.4`, `2001:db8::1`, `[2001:db8::1]`, or with a port.
fn forwarded_address(entry: &str) -> Option<IpAddr> {
    entry
        .parse::<IpAddr>()
        .ok()
        .or_else(|| entry.parse::<SocketAddr>().ok().map(|s| s.ip()))
        .or_else(|| {
            entry
                .strip_prefix('[')
                .and_then(|e| e.strip_suffix(']'))
                .and_then(|e| e.parse().ok())
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    fn client(trusted: &TrustedProxies, peer: &str, forwarded: &[&str]) -> IpAddr {
        let mut headers = HeaderMap::new();
        for value in forwarded {
            headers.append("x-forwarded-for", value.parse().unwrap());
        }
        trusted.client_address(ip(peer), &headers)
    }

    #[test]
    fn parses_addresses_and_networks() {
        let trusted =
            TrustedProxies::parse(&["10.0.0.0/8", " 192.168.1.7 ", "", "fd00::/8", "::1"]).unwrap();
        assert!(trusted.contains(ip("10.200.3.4")));
        assert!(trusted.contains(ip("192.168.1.7")));
        assert!(!trusted.contains(ip("192.168.1.8")));
        assert!(trusted.contains(ip("fd12::1")));
        assert!(trusted.contains(ip("::1")));
        assert!(!trusted.contains(ip("127.0.0.1")));
        // IPv4 peers seen on a dual-stack socket as mapped IPv6 addresses.
        assert!(trusted.contains(ip("::ffff:10.1.2.3")));
        // Host bits set in a network are ignored, as they mean nothing.
        assert!(
            TrustedProxies::parse(&["10.1.2.3/8"])
                .unwrap()
                .contains(ip("10.9.9.9"))
        );
        for bad in ["10.0.0.0/33", "proxy.internal", "10.0.0", "*"] {
            let error = TrustedProxies::parse(&[bad]).unwrap_err();
            assert!(error.contains(bad), "{error}");
        }
        assert!(TrustedProxies::parse::<&str>(&[]).unwrap().is_empty());
    }

    #[test]
    fn an_untrusted_peer_is_the_client_whatever_it_claims() {
        let trusted = TrustedProxies::parse(&["10.0.0.0/8"]).unwrap();
        assert_eq!(
            client(&trusted, "203.0.113.9", &["198.51.100.1"]),
            ip("203.0.113.9")
        );
        let nobody = TrustedProxies::default();
        assert_eq!(
            client(&nobody, "10.0.0.1", &["198.51.100.1"]),
            ip("10.0.0.1")
        );
    }

    #[test]
    fn behind_trusted_proxies_the_right_most_untrusted_address_is_the_client() {
        let trusted = TrustedProxies::parse(&["10.0.0.0/8", "172.16.0.1"]).unwrap();
        // One proxy.
        assert_eq!(
            client(&trusted, "10.0.0.2", &["198.51.100.1"]),
            ip("198.51.100.1")
        );
        // A client forging addresses on the left gains nothing.
        assert_eq!(
            client(&trusted, "10.0.0.2", &["1.1.1.1, 2.2.2.2, 198.51.100.1"]),
            ip("198.51.100.1")
        );
        // Two proxies of ours, the list spread over two header lines, ports and brackets.
        assert_eq!(
            client(
                &trusted,
                "10.0.0.2",
                &["1.1.1.1, 198.51.100.1:4711", "172.16.0.1"]
            ),
            ip("198.51.100.1")
        );
        assert_eq!(
            client(&trusted, "10.0.0.2", &["[2001:db8::5]:443"]),
            ip("2001:db8::5")
        );
        assert_eq!(
            client(&trusted, "10.0.0.2", &["[2001:db8::5]"]),
            ip("2001:db8::5")
        );
        // Only trusted addresses: the left-most of them.
        assert_eq!(
            client(&trusted, "10.0.0.2", &["10.0.0.9, 10.0.0.3"]),
            ip("10.0.0.9")
        );
        // No header, or something that is not an address: the last trusted hop.
        assert_eq!(client(&trusted, "10.0.0.2", &[]), ip("10.0.0.2"));
        assert_eq!(client(&trusted, "10.0.0.2", &["unknown"]), ip("10.0.0.2"));
        assert_eq!(
            client(&trusted, "10.0.0.2", &["1.1.1.1, junk, 10.0.0.7"]),
            ip("10.0.0.7")
        );
        // A mapped IPv4 peer is the same address.
        assert_eq!(
            client(&trusted, "::ffff:10.0.0.2", &["::ffff:198.51.100.1"]),
            ip("198.51.100.1")
        );
    }
}
