"""The address guard's decisions, tested on addresses directly: nothing here connects."""

from __future__ import annotations

import ipaddress

import pytest

from citecheck.net.errors import ResolutionFailed
from citecheck.net.guard import AddressGuard, forbidden_reason, parse_ip
from citecheck.net.resolver import Resolver, parse_resolve_pin
from citecheck.options import ResolvePin

FORBIDDEN = [
    ("127.0.0.1", "loopback"),
    ("127.255.0.9", "loopback"),
    ("::1", "loopback"),
    ("10.1.2.3", "private"),
    ("172.16.0.1", "private"),
    ("192.168.1.1", "private"),
    ("fd00::1", "private"),
    ("fd00:ec2::254", "private"),  # AWS IPv6 metadata
    ("169.254.169.254", "link-local"),  # cloud metadata
    ("fe80::1", "link-local"),
    ("100.64.0.1", "CGNAT"),
    ("224.0.0.1", "multicast"),
    ("ff02::1", "multicast"),
    ("0.0.0.0", "unspecified"),
    ("::", "unspecified"),
    ("240.0.0.1", "reserved"),
    ("::ffff:127.0.0.1", "loopback"),  # IPv4-mapped
    ("::ffff:169.254.169.254", "link-local"),
    ("2002:7f00:1::", "loopback"),  # 6to4 of 127.0.0.1
    ("64:ff9b::a00:1", "private"),  # NAT64 of 10.0.0.1
    ("::127.0.0.1", "loopback"),  # IPv4-compatible
    ("192.0.2.1", ""),  # documentation range: not public
]


@pytest.mark.parametrize(("text", "word"), FORBIDDEN)
def test_non_public_addresses_are_forbidden(text: str, word: str) -> None:
    reason = forbidden_reason(ipaddress.ip_address(text))
    assert reason is not None
    assert word.lower() in reason.lower()


@pytest.mark.parametrize("text", ["93.184.216.34", "8.8.8.8", "2606:4700::1111", "1.1.1.1"])
def test_public_addresses_are_allowed(text: str) -> None:
    assert forbidden_reason(ipaddress.ip_address(text)) is None


def test_trusted_host_and_allow_private_lift_the_guard() -> None:
    loopback = ipaddress.ip_address("127.0.0.1")
    assert AddressGuard().refusal("internal.example", loopback)
    assert AddressGuard(trusted_hosts=frozenset({"archive.local"})).refusal(
        "Archive.Local.", loopback
    ) is None
    assert AddressGuard(allow_private=True).refusal("anything", loopback) is None


@pytest.mark.parametrize(
    ("host", "expected"),
    [
        ("127.0.0.1", "127.0.0.1"),
        ("[::1]", "::1"),
        ("[::ffff:127.0.0.1]", "::ffff:7f00:1"),
        ("fe80::1%eth0", "fe80::1"),
        ("example.com", None),
    ],
)
def test_parse_ip_reads_url_host_forms(host: str, expected: str | None) -> None:
    parsed = parse_ip(host)
    assert (str(parsed) if parsed else None) == expected


@pytest.mark.parametrize(
    "trick",
    ["0x7f.1", "2130706433", "0177.0.0.1", "0x7f000001", "127.1", "017700000001"],
)
def test_numeric_tricks_resolve_to_what_a_connection_would_use(trick: str) -> None:
    # The C library's own parser (what connect() would use) turns these into
    # 127.0.0.1 without any DNS traffic; the guard then sees loopback.
    resolution = Resolver().resolve(trick, 80)
    assert all(forbidden_reason(a) for a in resolution.addresses)
    assert ipaddress.ip_address("127.0.0.1") in resolution.addresses


def test_invalid_tld_never_resolves() -> None:
    with pytest.raises(ResolutionFailed) as info:
        Resolver().resolve("nothing-here.invalid", 80)
    assert info.value.nxdomain


def test_pins_win_over_dns_and_match_ports() -> None:
    resolver = Resolver([ResolvePin("news.test", 8443, "127.0.0.9")])
    assert resolver.resolve("NEWS.test.", 8443).pinned
    assert str(resolver.resolve("news.test", 8443).addresses[0]) == "127.0.0.9"
    with pytest.raises(ResolutionFailed):
        Resolver([ResolvePin("news.test", 8443, "127.0.0.9")]).resolve("other.invalid", 8443)


@pytest.mark.parametrize(
    ("text", "pin"),
    [
        ("news.test:127.0.0.2", ResolvePin("news.test", None, "127.0.0.2")),
        ("News.Test:8080:127.0.0.2", ResolvePin("news.test", 8080, "127.0.0.2")),
        ("v6.test:443:[::1]", ResolvePin("v6.test", 443, "::1")),
        ("v6.test:::1", ResolvePin("v6.test", None, "::1")),
    ],
)
def test_parse_resolve_pin(text: str, pin: ResolvePin) -> None:
    assert parse_resolve_pin(text) == pin


@pytest.mark.parametrize(
    "text", ["news.test", "news.test:8080:not-an-ip", ":127.0.0.1", "h:99999:1.2.3.4"]
)
def test_parse_resolve_pin_rejects_malformed(text: str) -> None:
    with pytest.raises(ValueError):
        parse_resolve_pin(text)


def test_many_pins_each_host_gets_its_own_address_and_port_rules() -> None:
    pins = [parse_resolve_pin(f"site-{i}.test:127.0.{i // 250}.{i % 250 + 1}") for i in range(2000)]
    pins.insert(0, parse_resolve_pin("site-7.test:8443:127.9.9.9"))  # port-specific first
    resolver = Resolver(pins)
    assert str(resolver.resolve("SITE-1999.test.", 80).addresses[0]) == "127.0.7.250"
    assert str(resolver.resolve("site-7.test", 8443).addresses[0]) == "127.9.9.9"
    assert str(resolver.resolve("site-7.test", 80).addresses[0]) == "127.0.0.8"
    assert resolver.is_pinned("site-42.test", 1234)
    assert not resolver.is_pinned("site-2000.test", 80)
    assert len(resolver.pinned_hosts()) == 2000
