"""Host name resolution with `--resolve` pins, done once per connection.

The engine resolves a name itself, checks every address with the guard and
connects to exactly the address it checked, so a DNS answer cannot change
between the check and the connection (no rebinding window).
"""

from __future__ import annotations

import socket
from collections.abc import Sequence
from dataclasses import dataclass

from citecheck.net.errors import ResolutionFailed
from citecheck.net.guard import IPAddress, parse_ip
from citecheck.options import ResolvePin

# RFC 6761: resolvers "SHOULD always return immediate negative responses" for these.
_ALWAYS_NXDOMAIN = ("invalid",)
_NXDOMAIN_ERRNOS = {
    getattr(socket, name)
    for name in ("EAI_NONAME", "EAI_NODATA", "EAI_ADDRFAMILY")
    if hasattr(socket, name)
}


@dataclass(frozen=True)
class Resolution:
    addresses: tuple[IPAddress, ...]
    pinned: bool  # the user pinned this host with --resolve: the guard does not apply


class Resolver:
    def __init__(self, pins: Sequence[ResolvePin] = ()):
        # By host: a run may pin thousands of hosts (one per simulated site), and every
        # request asks.
        self._pins: dict[str, list[ResolvePin]] = {}
        for pin in pins:
            self._pins.setdefault(pin.host, []).append(pin)

    def pinned_hosts(self) -> frozenset[str]:
        return frozenset(self._pins)

    def _pin_for(self, host: str, port: int) -> ResolvePin | None:
        name = host.lower().rstrip(".")
        for pin in self._pins.get(name, ()):
            if pin.applies(name, port):
                return pin
        return None

    def is_pinned(self, host: str, port: int) -> bool:
        return self._pin_for(host, port) is not None

    def resolve(self, host: str, port: int) -> Resolution:
        name = host.lower().rstrip(".")
        pin = self._pin_for(name, port)
        if pin is not None:
            address = parse_ip(pin.address)
            if address is None:  # validated when parsed; kept as a guard for library use
                raise ResolutionFailed(host, f"pinned address {pin.address!r}", nxdomain=False)
            return Resolution((address,), pinned=True)
        literal = parse_ip(name)
        if literal is not None:
            return Resolution((literal,), pinned=False)
        if name.rsplit(".", 1)[-1] in _ALWAYS_NXDOMAIN:
            raise ResolutionFailed(host, "reserved name that never resolves", nxdomain=True)
        try:
            infos = socket.getaddrinfo(name, port, type=socket.SOCK_STREAM)
        except socket.gaierror as exc:
            raise ResolutionFailed(
                host, exc.strerror or str(exc), nxdomain=exc.errno in _NXDOMAIN_ERRNOS
            ) from exc
        except UnicodeError as exc:
            raise ResolutionFailed(host, f"invalid host name ({exc})", nxdomain=True) from exc
        addresses: list[IPAddress] = []
        for _family, _type, _proto, _canon, sockaddr in infos:
            address = parse_ip(str(sockaddr[0]))
            if address is not None and address not in addresses:
                addresses.append(address)
        if not addresses:
            raise ResolutionFailed(host, "no addresses", nxdomain=True)
        return Resolution(tuple(addresses), pinned=False)


def parse_resolve_pin(text: str) -> ResolvePin:
    """Parse curl's `HOST:PORT:ADDR` (also `HOST:ADDR`, and `[v6]` addresses)."""
    host, sep, rest = text.partition(":")
    if not sep or not host or not rest:
        raise ValueError(f"--resolve expects HOST[:PORT]:ADDR, got {text!r}")
    port: int | None = None
    head, sep2, tail = rest.partition(":")
    if sep2 and head.isdigit() and not rest.startswith("["):
        port, address = int(head), tail
    else:
        address = rest
    if parse_ip(address) is None:
        raise ValueError(f"--resolve address {address!r} is not an IP address")
    if port is not None and not 0 < port < 65536:
        raise ValueError(f"--resolve port {port} is out of range")
    return ResolvePin(host=host.lower().rstrip("."), port=port, address=address.strip("[]"))
