"""A small server speaking the Internet Archive's CDX text and Save Page Now, on 127.0.0.6.

pywb covers replay, its own CDX dialect and Memento; this covers what only the
Internet Archive does: CDX at ``/cdx/search/cdx`` with the IA's text layout, and
``/save/URL`` (pywb records at ``/{coll}/record/URL`` instead).
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

ADDRESS = "127.0.0.6"
SAVED_TIMESTAMP = "20261125120000"


@dataclass
class FakeInternetArchive:
    """Scripted answers; ``paths`` records every request path (with its query)."""

    cdx_status: int = 200
    cdx_body: str = ""
    save_status: int = 302
    save_header: str = "Location"
    paths: list[str] = field(default_factory=list)
    base_url: str = ""

    def saves(self) -> list[str]:
        return [p for p in self.paths if p.startswith("/save/")]

    def cdx_queries(self) -> list[str]:
        return [p for p in self.paths if p.startswith("/cdx/search/cdx")]


@contextmanager
def serve_fake_ia() -> Iterator[FakeInternetArchive]:
    state = FakeInternetArchive()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            state.paths.append(self.path)
            if self.path.startswith("/cdx/search/cdx"):
                self._answer(state.cdx_status, {"Content-Type": "text/plain"},
                             state.cdx_body.encode())
            elif self.path.startswith("/save/"):
                original = self.path[len("/save/"):]
                capture = f"/web/{SAVED_TIMESTAMP}/{original}"
                headers = {state.save_header: capture} if state.save_status < 400 else {}
                self._answer(state.save_status, headers)
            else:
                self._answer(404, {})

        def _answer(self, status: int, headers: dict[str, str], body: bytes = b"") -> None:
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer((ADDRESS, 0), Handler)
    state.base_url = f"http://{ADDRESS}:{server.server_address[1]}"
    # A short poll interval: shutdown() waits for it at the end of every test.
    thread = threading.Thread(target=server.serve_forever, args=(0.02,), daemon=True)
    thread.start()
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()
