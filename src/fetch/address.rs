//! Which network addresses downloads may reach: public ones only.
//!
//! [`internal`] names the range an address belongs to when it is not on the
//! public internet (loopback, private, link-local, unique-local,
//! unspecified, multicast, reserved, shared, documentation...), looking
//! through the IPv6 forms that carry an IPv4 address (mapped, compatible,
//! NAT64, 6to4), so that `::ffff:127.0.0.1` is as internal as `127.0.0.1`.
//! [`is_public`] is its negation. The policy is pure: no I/O, no DNS; the
//! [`Fetcher`](super::Fetcher) applies it to the addresses it is about to
//! connect to (after DNS, at every redirect), never to a URL's text.
//!
//! [`Refusal`] is what a refused connection says: what was refused and why.
//!
//! Not here: the way around it (a `--resolve` given on the command line),
//! which the fetcher honours before this policy is asked.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

/// A connection downloads will not make, and why.
#[derive(Clone, Debug, thiserror::Error)]
pub enum Refusal {
    /// The URL names an internal address.
    #[error(
        "refused: {ip} is an internal address ({range}); downloads reach public addresses only"
    )]
    Address {
        /// The address the URL names.
        ip: IpAddr,
        /// The range it is in.
        range: &'static str,
    },
    /// DNS answered with internal addresses only.
    #[error("refused: {host} resolves only to internal addresses{}", match example {
        Some((ip, range)) => format!(" ({ip}: {range})"),
        None => String::new(),
    })]
    Resolves {
        /// The host name.
        host: String,
        /// One of the addresses and its range, when they may be told.
        example: Option<(IpAddr, &'static str)>,
    },
}

impl Refusal {
    /// The refusal for a URL naming an internal address, if it does.
    pub fn of_url(url: &url::Url) -> Option<Refusal> {
        let ip = match url.host()? {
            url::Host::Ipv4(v4) => IpAddr::V4(v4),
            url::Host::Ipv6(v6) => IpAddr::V6(v6),
            url::Host::Domain(_) => return None,
        };
        internal(ip).map(|range| Refusal::Address { ip, range })
    }
}

/// Whether downloads may connect to `ip`.
pub fn is_public(ip: IpAddr) -> bool {
    internal(ip).is_none()
}

/// The non-public range `ip` is in, in words, or `None` for a public address.
pub fn internal(ip: IpAddr) -> Option<&'static str> {
    match ip {
        IpAddr::V4(v4) => internal_v4(v4),
        IpAddr::V6(v6) => internal_v6(v6),
    }
}

fn internal_v4(ip: Ipv4Addr) -> Option<&'static str> {
    let [a, b, c, _] = ip.octets();
    Some(match (a, b, c) {
        _ if ip.is_unspecified() => "unspecified",
        (0, _, _) => "\"this network\" (0.0.0.0/8)",
        (10, _, _) | (192, 168, _) => "private",
        (172, b, _) if b & 0xf0 == 16 => "private",
        (100, b, _) if b & 0xc0 == 64 => "shared address space (100.64.0.0/10)",
        (127, _, _) => "loopback",
        (169, 254, _) => "link-local",
        (192, 0, 0) => "IETF protocol assignments (192.0.0.0/24)",
        (192, 0, 2) | (198, 51, 100) | (203, 0, 113) => "documentation",
        (192, 88, 99) => "6to4 relay anycast (192.88.99.0/24)",
        (198, b, _) if b & 0xfe == 18 => "benchmarking (198.18.0.0/15)",
        _ if ip.is_broadcast() => "broadcast",
        (a, _, _) if a & 0xf0 == 224 => "multicast",
        (a, _, _) if a & 0xf0 == 240 => "reserved (240.0.0.0/4)",
        _ => return None,
    })
}

fn internal_v6(ip: Ipv6Addr) -> Option<&'static str> {
    let s = ip.segments();
    let embedded = |hi: u16, lo: u16| {
        let [a, b] = hi.to_be_bytes();
        let [c, d] = lo.to_be_bytes();
        Ipv4Addr::new(a, b, c, d)
    };
    // Forms carrying an IPv4 address are as internal as the address they carry.
    let inner = |what: &'static str, v4: Ipv4Addr| internal_v4(v4).map(|_| what);
    match s {
        [0, 0, 0, 0, 0, 0, 0, 0] => Some("unspecified"),
        [0, 0, 0, 0, 0, 0, 0, 1] => Some("loopback"),
        [0, 0, 0, 0, 0, 0xffff, hi, lo] => inner(
            "IPv4-mapped form of an internal IPv4 address",
            embedded(hi, lo),
        ),
        [0, 0, 0, 0, 0xffff, 0, hi, lo] => inner(
            "IPv4-translated form of an internal IPv4 address",
            embedded(hi, lo),
        ),
        [0, 0, 0, 0, 0, 0, hi, lo] => inner(
            "IPv4-compatible form of an internal IPv4 address",
            embedded(hi, lo),
        ),
        [0x64, 0xff9b, 0, 0, 0, 0, hi, lo] => {
            inner("NAT64 form of an internal IPv4 address", embedded(hi, lo))
        }
        [0x64, 0xff9b, 1, ..] => Some("local-use NAT64 (64:ff9b:1::/48)"),
        [0x2002, hi, lo, ..] => inner("6to4 form of an internal IPv4 address", embedded(hi, lo)),
        [0x2001, 0, ..] => Some("Teredo (2001::/32)"),
        [0x2001, 0xdb8, ..] => Some("documentation"),
        [0x100, 0, 0, 0, ..] => Some("discard-only (100::/64)"),
        [a, ..] if a & 0xfe00 == 0xfc00 => Some("unique-local"),
        [a, ..] if a & 0xffc0 == 0xfe80 => Some("link-local"),
        [a, ..] if a & 0xffc0 == 0xfec0 => Some("site-local"),
        [a, ..] if a & 0xff00 == 0xff00 => Some("multicast"),
        [a, ..] if a < 0x100 => Some("reserved (::/8)"),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn every_internal_ipv4_range_is_refused_at_both_ends() {
        let ranges = [
            ("0.0.0.0", "0.255.255.255"),
            ("10.0.0.0", "10.255.255.255"),
            ("100.64.0.0", "100.127.255.255"),
            ("127.0.0.0", "127.255.255.255"),
            ("169.254.0.0", "169.254.255.255"),
            ("172.16.0.0", "172.31.255.255"),
            ("192.0.0.0", "192.0.0.255"),
            ("192.0.2.0", "192.0.2.255"),
            ("192.88.99.0", "192.88.99.255"),
            ("192.168.0.0", "192.168.255.255"),
            ("198.18.0.0", "198.19.255.255"),
            ("198.51.100.0", "198.51.100.255"),
            ("203.0.113.0", "203.0.113.255"),
            ("224.0.0.0", "239.255.255.255"),
            ("240.0.0.0", "255.255.255.254"),
            ("255.255.255.255", "255.255.255.255"),
        ];
        for (first, last) in ranges {
            assert!(!is_public(ip(first)), "{first}");
            assert!(!is_public(ip(last)), "{last}");
        }
    }

    #[test]
    fn public_ipv4_neighbours_of_the_ranges_are_allowed() {
        for a in [
            "1.1.1.1",
            "8.8.8.8",
            "9.255.255.255",
            "11.0.0.0",
            "100.63.255.255",
            "100.128.0.0",
            "126.255.255.255",
            "128.0.0.0",
            "169.253.255.255",
            "169.255.0.0",
            "172.15.255.255",
            "172.32.0.0",
            "192.0.1.0",
            "192.167.255.255",
            "192.169.0.0",
            "198.17.255.255",
            "198.20.0.0",
            "223.255.255.255",
        ] {
            assert!(is_public(ip(a)), "{a}");
        }
    }

    #[test]
    fn ipv6_ranges_and_embedded_ipv4_forms() {
        for a in [
            "::",
            "::1",
            "::ffff:127.0.0.1",
            "::ffff:10.1.2.3",
            "::ffff:0.0.0.0",
            "::ffff:0:192.168.1.1",
            "::127.0.0.1",
            "::10.0.0.1",
            "64:ff9b::127.0.0.1",
            "64:ff9b::a9fe:a9fe", // 169.254.169.254, the cloud metadata address
            "64:ff9b:1::1.1.1.1",
            "2002:7f00:1::",
            "2002:c0a8:101::1",
            "2001:0:4136:e378:8000:63bf:3fff:fdd2",
            "2001:db8::1",
            "100::1",
            "fc00::1",
            "fdff:ffff::1",
            "fe80::1",
            "febf::1",
            "fec0::1",
            "ff02::1",
            "ff0e::1",
            "::2:0:0",
        ] {
            assert!(!is_public(ip(a)), "{a}");
        }
        for a in [
            "2606:4700:4700::1111",
            "2a00:1450:4007:80e::200e",
            "::ffff:8.8.8.8",
            "64:ff9b::8.8.8.8",
            "2002:808:808::1",
            "fbff::1",
            "fe00::1",
        ] {
            assert!(is_public(ip(a)), "{a}");
        }
    }

    /// The host as the `url` crate parses it, as an address.
    fn host_ip(url: &str) -> IpAddr {
        match url::Url::parse(url).unwrap().host() {
            Some(url::Host::Ipv4(v4)) => IpAddr::V4(v4),
            Some(url::Host::Ipv6(v6)) => IpAddr::V6(v6),
            other => panic!("{url}: {other:?} is not an address"),
        }
    }

    #[test]
    fn disguised_loopback_urls_parse_to_refused_addresses() {
        for (url, why) in [
            ("http://2130706433/", "loopback"),
            ("http://0x7f.0.0.1/", "loopback"),
            ("http://0177.0.0.1/", "loopback"),
            ("http://127.1/", "loopback"),
            ("http://[::1]:8080/", "loopback"),
            (
                "http://[::ffff:127.0.0.1]/",
                "IPv4-mapped form of an internal IPv4 address",
            ),
            (
                "http://[::ffff:7f00:1]/",
                "IPv4-mapped form of an internal IPv4 address",
            ),
            ("http://0.0.0.0/", "unspecified"),
            ("http://0/", "unspecified"),
            ("http://[::]/", "unspecified"),
            ("http://169.254.169.254/latest/", "link-local"),
        ] {
            assert_eq!(internal(host_ip(url)), Some(why), "{url}");
        }
        assert_eq!(internal(host_ip("http://0x08.0x08.0x08.0x08/")), None);
    }
}
