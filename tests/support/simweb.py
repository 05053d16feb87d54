"""A simulated web for tests: real HTTP and HTTPS servers on a 127.x address.

Each (host, path) is scripted with a behaviour: a page, a status, a redirect,
a stall, a slow drip, a bomb... Hosts are reached through `--resolve`, HTTPS
through a test CA made with trustme. The servers record every request so tests
can assert politeness and count requests.
"""

from __future__ import annotations

import gzip
import socket
import ssl
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import trustme

Handler = Callable[["SimRequest"], None]


@dataclass
class RequestRecord:
    host: str
    path: str
    started: float
    finished: float | None = None
    user_agent: str | None = None


class SimRequest:
    """What a behaviour sees: the request, and ways to answer it."""

    def __init__(self, handler: BaseHTTPRequestHandler, host: str, path: str):
        self.handler = handler
        self.host = host
        self.path = path

    def send(
        self,
        status: int,
        body: bytes = b"",
        headers: Sequence[tuple[str, str]] = (),
        *,
        content_type: str | None = "text/html; charset=utf-8",
    ) -> None:
        h = self.handler
        h.send_response(status)
        names = {k.lower() for k, _ in headers}
        if content_type and "content-type" not in names:
            h.send_header("Content-Type", content_type)
        if "content-length" not in names and "transfer-encoding" not in names:
            h.send_header("Content-Length", str(len(body)))
        for name, value in headers:
            h.send_header(name, value)
        h.end_headers()
        if body:
            h.wfile.write(body)
        h.wfile.flush()

    @property
    def wfile(self):  # for behaviours that write raw bytes
        return self.handler.wfile

    def close_connection(self) -> None:
        self.handler.close_connection = True


# -- behaviours ------------------------------------------------------------------------


def html_page(title: str | None, body: str = "", *, head_extra: str = "", lang: str = "en") -> str:
    title_tag = f"<title>{title}</title>" if title is not None else ""
    text = body or "<p>" + " ".join(["Lorem ipsum dolor sit amet."] * 40) + "</p>"
    return (
        f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8">{title_tag}'
        f"{head_extra}</head><body><h1>{title or ''}</h1>{text}</body></html>"
    )


def page(title: str | None, body: str = "", *, status: int = 200, **kw: str) -> Handler:
    payload = html_page(title, body, **kw).encode("utf-8")
    return lambda req: req.send(status, payload)


def raw_page(payload: bytes, content_type: str, *, status: int = 200) -> Handler:
    return lambda req: req.send(status, payload, content_type=content_type)


def status(code: int, title: str | None = None, headers: Sequence[tuple[str, str]] = ()) -> Handler:
    payload = html_page(title or f"Error {code}", f"<p>Status {code}</p>").encode()
    return lambda req: req.send(code, payload, headers)


def redirect(location: str, code: int = 301) -> Handler:
    return lambda req: req.send(code, b"", [("Location", location)])


def sequence(*handlers: Handler) -> Handler:
    """Answer the n-th request with the n-th handler (the last one repeats)."""
    lock = threading.Lock()
    count = [0]

    def run(req: SimRequest) -> None:
        with lock:
            index = min(count[0], len(handlers) - 1)
            count[0] += 1
        handlers[index](req)

    return run


def stall(seconds: float) -> Handler:
    def run(req: SimRequest) -> None:
        time.sleep(seconds)
        req.close_connection()

    return run


def drip(total_bytes: int, interval: float) -> Handler:
    """Send headers, then the body one byte every ``interval`` seconds."""

    def run(req: SimRequest) -> None:
        h = req.handler
        h.send_response(200)
        h.send_header("Content-Type", "text/html")
        h.send_header("Content-Length", str(total_bytes))
        h.end_headers()
        h.wfile.flush()
        try:
            for _ in range(total_bytes):
                h.wfile.write(b"x")
                h.wfile.flush()
                time.sleep(interval)
        except OSError:
            pass  # the client gave up, as it should
        req.close_connection()

    return run


def huge_body(size: int, title: str = "Huge") -> Handler:
    """A page of ``size`` bytes with no </head> for a long time (tests the byte cap)."""

    def run(req: SimRequest) -> None:
        h = req.handler
        h.send_response(200)
        h.send_header("Content-Type", "text/html")
        h.send_header("Content-Length", str(size))
        h.end_headers()
        head = f"<html><head><title>{title}</title>".encode()
        filler = b"<!-- " + b"x" * 65_000 + b" -->"
        sent = 0
        try:
            h.wfile.write(head)
            sent += len(head)
            while sent < size:
                chunk = filler[: size - sent]
                h.wfile.write(chunk)
                sent += len(chunk)
        except OSError:
            pass
        req.close_connection()

    return run


def gzip_bomb(decompressed_size: int) -> Handler:
    payload = gzip.compress(b"<html><head>" + b" " * decompressed_size, compresslevel=9)

    def run(req: SimRequest) -> None:
        req.send(200, payload, [("Content-Encoding", "gzip")], content_type="text/html")

    return run


# -- servers ---------------------------------------------------------------------------


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False
    allow_reuse_address = True
    # socketserver's default backlog of 5 drops connections under the load tests make.
    request_queue_size = 256

    def handle_error(self, request: object, client_address: object) -> None:
        # Clients that hang up, fail TLS or send garbage are part of the tests.
        return


@dataclass
class SimWeb:
    """HTTP and HTTPS servers on ``address`` serving scripted hosts."""

    address: str = "127.0.0.2"
    hosts: Sequence[str] = ("news.test", "blog.test", "shop.test")
    routes: dict[tuple[str, str], Handler] = field(default_factory=dict)
    records: list[RequestRecord] = field(default_factory=list)
    ca: trustme.CA = field(default_factory=trustme.CA)
    # Extra arguments for the server certificate (e.g. not_after for an expired one).
    cert_kwargs: dict = field(default_factory=dict)
    # The HTTP port (0: any free one; 80 gives URLs without a port, for the README demo).
    port: int = 0

    def __post_init__(self) -> None:
        self._lock = threading.Lock()
        self._servers: list[_Server] = []
        self.http_port = 0
        self.https_port = 0

    # routing
    def route(self, host: str, path: str, handler: Handler) -> str:
        """Script ``host``+``path``; returns the http URL for it."""
        self.routes[(host, path)] = handler
        return self.url(host, path)

    def url(self, host: str, path: str = "/", *, https: bool = False) -> str:
        if https:
            return f"https://{host}:{self.https_port}{path}"
        if self.http_port == 80:
            return f"http://{host}{path}"
        return f"http://{host}:{self.http_port}{path}"

    def resolve_args(self) -> list[str]:
        args: list[str] = []
        for host in self.hosts:
            args += ["--resolve", f"{host}:{self.address}"]
        return args

    def requests_to(self, host: str, path: str | None = None) -> list[RequestRecord]:
        with self._lock:
            return [
                r for r in self.records if r.host == host and (path is None or r.path == path)
            ]

    def write_ca(self, directory: Path) -> Path:
        path = directory / "simweb-ca.pem"
        self.ca.cert_pem.write_to_path(str(path))
        return path

    # lifecycle
    def start(self) -> SimWeb:
        web = self

        class Handler_(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            server_version = "SimWeb/1.0"

            def log_message(self, format: str, *args: object) -> None:
                return  # keep test output clean

            def do_GET(self) -> None:
                host = (self.headers.get("Host") or "").split(":", 1)[0].lower()
                record = RequestRecord(
                    host, self.path, time.monotonic(), user_agent=self.headers.get("User-Agent")
                )
                with web._lock:
                    web.records.append(record)
                handler = web.routes.get((host, self.path)) or web.routes.get((host, "*"))
                req = SimRequest(self, host, self.path)
                try:
                    if handler is None:
                        req.send(404, html_page("Not Found", "<p>No such page</p>").encode())
                    else:
                        handler(req)
                except (BrokenPipeError, ConnectionResetError, ssl.SSLError):
                    self.close_connection = True
                finally:
                    record.finished = time.monotonic()

        http_server = _Server((self.address, self.port), Handler_)
        self.http_port = http_server.server_address[1]
        https_server = _Server((self.address, 0), Handler_)
        cert = self.ca.issue_cert(*self.hosts, **self.cert_kwargs)
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        cert.configure_cert(context)
        # Handshake in the handler thread, so a client that never speaks TLS
        # cannot block the accept loop.
        https_server.socket = context.wrap_socket(
            https_server.socket, server_side=True, do_handshake_on_connect=False
        )
        self.https_port = https_server.server_address[1]
        for server in (http_server, https_server):
            threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True).start()
            self._servers.append(server)
        return self

    def stop(self) -> None:
        for server in self._servers:
            server.shutdown()
            server.server_close()
        self._servers.clear()


def free_port(address: str = "127.0.0.2") -> int:
    """A port on ``address`` that nothing listens on (for 'connection refused')."""
    with socket.socket() as sock:
        sock.bind((address, 0))
        return int(sock.getsockname()[1])


def wait_for(predicate: Callable[[], bool], timeout: float = 5.0) -> bool:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if predicate():
            return True
        time.sleep(0.02)
    return predicate()

