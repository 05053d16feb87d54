"""Sockets that make fewer system calls per request.

With a thread per request in flight, every system call that lets go of the GIL
is a chance for another thread to take it, and the caller then waits to get it
back: a context switch or two each. A fetch made ~9 such calls on a kept
connection; two were for nothing and two can be merged:

- urllib3 sets the connection's timeout on its socket before sending and again
  before reading the response, each time an ``ioctl`` even when the timeout is
  the one already set;
- http.client reads a response through a 8 KiB buffer: the headers and a page's
  first kilobytes, which arrive together, took two ``poll`` + ``recv`` pairs.
  A 64 KiB buffer takes them in one; it bounds what one read asks for, not what a
  fetch reads (the engine's stop rule and byte caps still decide that);
- a request is written to the descriptor at once, not after the ``poll`` a socket with
  a timeout makes first, and the moment it went is recorded for the pacer, which
  spaces a host's requests from it (`send_started`).
"""

from __future__ import annotations

import os
import socket
import ssl
import threading
import time
from typing import Any

READ_BUFFER = 65_536

_send_times = threading.local()


def clear_send_started() -> None:
    _send_times.at = None


def send_started() -> float | None:
    """When this thread last began sending on an engine socket (``time.monotonic``),
    since :func:`clear_send_started`; None if it has not."""
    at: float | None = getattr(_send_times, "at", None)
    return at


class _FewerCalls:
    __slots__ = ()

    def sendall(self, data: Any, flags: int = 0, /) -> None:
        # Politeness times a host's next request from this moment, the last one before
        # the bytes go out (citecheck.net.limiter.paced_send).
        _send_times.at = time.monotonic()
        super().sendall(data, flags)  # type: ignore[misc]

    def settimeout(self, value: float | None) -> None:
        if value != self.gettimeout():  # type: ignore[attr-defined]
            super().settimeout(value)  # type: ignore[misc]

    def makefile(self, mode: str = "r", buffering: int | None = None, **kwargs: Any) -> Any:
        if buffering is None and "b" in mode and "w" not in mode:
            buffering = READ_BUFFER
        return super().makefile(mode, buffering, **kwargs)  # type: ignore[misc]


class EngineSocket(_FewerCalls, socket.socket):
    __slots__ = ()

    def sendall(self, data: Any, flags: int = 0, /) -> None:
        # A socket with a timeout polls before it sends, letting go of the GIL, and must
        # get it back before the send itself: the bytes could leave milliseconds after
        # the moment recorded above, and two requests reach a host back to back. So the
        # request is written straight to the descriptor (non-blocking under a timeout),
        # just after the moment is recorded; what does not fit goes the usual way.
        if flags:
            super().sendall(data, flags)
            return
        view = memoryview(data).cast("B")
        _send_times.at = time.monotonic()
        try:
            sent = os.write(self.fileno(), view)
        except BlockingIOError:
            sent = 0
        if sent < len(view):
            socket.socket.sendall(self, view[sent:])


class EngineSSLSocket(_FewerCalls, ssl.SSLSocket):
    """What the engine's TLS context wraps its connections in (``sslsocket_class``)."""


def open_socket(
    address: str,
    port: int,
    timeout: float | None,
    source_address: tuple[str, int] | None = None,
    socket_options: list[tuple[int, int, int | bytes]] | None = None,
) -> EngineSocket:
    """Connect to an IP address, as urllib3's ``create_connection`` would (socket
    options, timeout and source address set first), with an :class:`EngineSocket`."""
    sockaddr: tuple[Any, ...]
    if ":" not in address:
        family, sockaddr = socket.AF_INET, (address, port)
    elif "%" not in address:
        family, sockaddr = socket.AF_INET6, (address, port, 0, 0)
    else:  # a scoped IPv6 address: getaddrinfo turns the zone into its index
        family, _, _, _, sockaddr = socket.getaddrinfo(
            address, port, socket.AF_INET6, socket.SOCK_STREAM, 0, socket.AI_NUMERICHOST
        )[0]
    # (getaddrinfo, even on a numeric host, is a call that hands the GIL over.)
    sock = EngineSocket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    try:
        for option in socket_options or ():
            sock.setsockopt(*option)
        sock.settimeout(timeout)
        if source_address:
            sock.bind(source_address)
        sock.connect(sockaddr)
    except BaseException:
        sock.close()
        raise
    return sock
