"""A small forward proxy on loopback: plain GETs in absolute form, and CONNECT tunnels.

It reaches only the addresses it is given (host name -> loopback address), never
DNS: a name it does not know is answered 502. Each connection carries one
request and is closed after it (the response says so), which keeps the proxy
small; every request line it received is recorded.
"""

from __future__ import annotations

import contextlib
import socket
import threading
from urllib.parse import urlsplit

from tests.support.rawserver import RawServer


class ForwardProxy(RawServer):
    def __init__(self, routes: dict[str, str], address: str = "127.0.0.21"):
        super().__init__(self._forward, address)
        self._routes = {host.lower(): target for host, target in routes.items()}
        self.url = f"http://{address}:{self.port}"
        self.request_lines: list[str] = []
        self._lock = threading.Lock()

    def _run(self, conn: socket.socket) -> None:
        # Not RawServer's: the proxy reads the request itself.
        with conn, contextlib.suppress(OSError):
            conn.settimeout(5)
            self._forward(conn)

    def _forward(self, client: socket.socket) -> None:
        head, rest = _read_head(client)
        request_line, _, headers = head.partition(b"\r\n")
        method, target, version = request_line.decode("latin-1").split(" ", 2)
        with self._lock:
            self.request_lines.append(f"{method} {target}")
        if method == "CONNECT":
            host, _, port = target.rpartition(":")
            upstream = self._connect(client, host, int(port))
            if upstream is None:
                return
            with upstream:
                client.sendall(b"HTTP/1.1 200 Connection established\r\n\r\n")
                _pipe(client, upstream, rest)
            return
        parts = urlsplit(target)
        upstream = self._connect(client, parts.hostname or "", parts.port or 80)
        if upstream is None:
            return
        with upstream:
            path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
            upstream.sendall(f"{method} {path} {version}\r\n".encode("latin-1")
                             + _closing(headers) + rest)
            answer, body = _read_head(upstream)
            status, _, answer_headers = answer.partition(b"\r\n")
            client.sendall(status + b"\r\n" + _closing(answer_headers) + body)
            while chunk := upstream.recv(65536):
                client.sendall(chunk)

    def _connect(self, client: socket.socket, host: str, port: int) -> socket.socket | None:
        address = self._routes.get(host.lower().rstrip("."))
        if address is None or not address.startswith("127."):
            client.sendall(b"HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n"
                           b"Connection: close\r\n\r\n")
            return None
        return socket.create_connection((address, port), timeout=5)


def _closing(headers: bytes) -> bytes:
    """A header block (without its blank line) saying Connection: close, ended."""
    kept = [line for line in headers.split(b"\r\n") if line and not line.lower()
            .startswith((b"connection:", b"proxy-connection:"))]
    return b"".join(line + b"\r\n" for line in kept) + b"Connection: close\r\n\r\n"


def _read_head(sock: socket.socket) -> tuple[bytes, bytes]:
    """Read up to the end of a request's or response's head; return it and what followed."""
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(65536)
        if not chunk:
            break
        data += chunk
    head, _, rest = data.partition(b"\r\n\r\n")
    return head, rest


def _pipe(client: socket.socket, upstream: socket.socket, pending: bytes) -> None:
    """Copy bytes both ways until either side closes (a CONNECT tunnel)."""
    if pending:
        upstream.sendall(pending)

    def copy(source: socket.socket, sink: socket.socket) -> None:
        with contextlib.suppress(OSError):
            while chunk := source.recv(65536):
                sink.sendall(chunk)
        with contextlib.suppress(OSError):
            sink.shutdown(socket.SHUT_WR)

    back = threading.Thread(target=copy, args=(upstream, client), daemon=True)
    back.start()
    copy(client, upstream)
    back.join(timeout=10)
