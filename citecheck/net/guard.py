"""The address guard: which addresses a reference may make citecheck connect to.

References can be untrusted input (a pull request may add any URL), so by
default citecheck never connects to loopback, private, link-local (cloud
metadata), CGNAT, multicast, reserved or unspecified addresses, nor to IPv6
forms that embed one of them. The decision is made on the address actually
connected to, after resolution, at every redirect hop.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from citecheck.net.errors import GuardRefusal

if TYPE_CHECKING:
    from citecheck.net.resolver import Resolver

# What a refused reader is told: how to lift the guard, on purpose, for a trusted run.
GUARD_HINT = ("--allow-private lifts the address guard; --resolve HOST[:PORT]:ADDR "
              "lifts it for one host")

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

_CGNAT = ipaddress.ip_network("100.64.0.0/10")
_NAT64 = ipaddress.ip_network("64:ff9b::/96")
_NAT64_LOCAL = ipaddress.ip_network("64:ff9b:1::/48")


def parse_ip(text: str) -> IPAddress | None:
    """The address if ``text`` is an IP literal as a URL host carries it (brackets allowed)."""
    candidate = text.strip()
    if candidate.startswith("[") and candidate.endswith("]"):
        candidate = candidate[1:-1]
    candidate = candidate.split("%", 1)[0]  # zone id of a link-local IPv6 address
    try:
        return ipaddress.ip_address(candidate)
    except ValueError:
        return None


def _embedded_ipv4(address: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv6 address stands for, if it is one of the embedding forms."""
    if address.ipv4_mapped is not None:
        return address.ipv4_mapped
    if address.sixtofour is not None:
        return address.sixtofour
    if address.teredo is not None:
        return address.teredo[1]
    if address in _NAT64:
        return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    # IPv4-compatible (deprecated ::a.b.c.d) form.
    if int(address) >> 32 == 0 and int(address) > 1:
        return ipaddress.IPv4Address(int(address))
    return None


def forbidden_reason(address: IPAddress) -> str | None:
    """Why connecting to ``address`` is not allowed by default, or None if it is public."""
    if isinstance(address, ipaddress.IPv6Address):
        embedded = _embedded_ipv4(address)
        if embedded is not None:
            inner = forbidden_reason(embedded)
            return f"{inner} (embedded in {address})" if inner else None
        if address in _NAT64_LOCAL:
            return "local-use NAT64 address"
    if address.is_loopback:
        return "loopback address"
    if address.is_link_local:
        return "link-local address (includes cloud metadata services)"
    if address.is_multicast:
        return "multicast address"
    if address.is_unspecified:
        return "unspecified address"
    if isinstance(address, ipaddress.IPv4Address) and address in _CGNAT:
        return "shared (CGNAT) address"
    if address.is_reserved:
        return "reserved address"
    if address.is_private:
        return "private address"
    if not address.is_global:
        return "non-public address"
    return None


@dataclass(frozen=True)
class AddressGuard:
    """The guard's policy for one run: trusted host names and whether private is allowed."""

    allow_private: bool = False
    trusted_hosts: frozenset[str] = frozenset()

    def trusts(self, host: str) -> bool:
        return self.allow_private or host.lower().rstrip(".") in self.trusted_hosts

    def refusal(self, host: str, address: IPAddress) -> str | None:
        """The reason to refuse connecting to ``address`` for ``host``, or None to allow it."""
        if self.trusts(host):
            return None
        reason = forbidden_reason(address)
        if reason is None:
            return None
        return f"{host} resolves to {address}, a {reason}"


def check_url(url: str, guard: AddressGuard, resolver: Resolver, *, proxied: bool) -> None:
    """Raise GuardRefusal for what can be refused before connecting: a URL without a
    host, a forbidden IP-literal host, and (``proxied``: the proxy resolves the name,
    not us) a host name that resolves to a forbidden address. Connections made by
    the engine itself are checked again on the address they connect to."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    if not host:
        raise GuardRefusal(f"URL has no host: {url[:200]}")
    if guard.trusts(host):
        return
    port = parts.port or (443 if parts.scheme == "https" else 80)
    if resolver.is_pinned(host, port):
        return
    literal = parse_ip(host)
    if literal is not None:
        reason = guard.refusal(host, literal)
        if reason:
            raise GuardRefusal(reason)
    elif proxied:
        for address in resolver.resolve(host, port).addresses:
            reason = guard.refusal(host, address)
            if reason:
                raise GuardRefusal(reason)
