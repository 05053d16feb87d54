"""A MediaWiki Action API stand-in: a real HTTP server on 127.0.0.1 for the tests.

It answers ``action=query&prop=revisions`` the way MediaWiki does (formatversion=2):
titles are normalised (underscores, first letter), redirects followed when asked,
missing pages flagged, unknown parameters rejected with an API error.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit


@dataclass
class Wiki:
    pages: dict[str, tuple[int, str]] = field(default_factory=dict)  # title -> (revid, text)
    redirects: dict[str, str] = field(default_factory=dict)
    api_path: str = "/w/api.php"
    requests: list[tuple[str, dict[str, str]]] = field(default_factory=list)

    def answer(self, query: dict[str, str]) -> dict[str, Any]:
        wanted = {"action": "query", "prop": "revisions", "format": "json", "formatversion": "2"}
        for key, value in wanted.items():
            if query.get(key) != value:
                return {"error": {"code": "badvalue", "info": f"Unrecognized value for {key}"},
                        "servedby": "mw-standin"}  # fmt: skip
        title = query.get("titles", "")
        result: dict[str, Any] = {}
        normal = title.replace("_", " ").strip()
        normal = normal[:1].upper() + normal[1:]
        if normal != title:
            result["normalized"] = [{"fromencoded": False, "from": title, "to": normal}]
        if query.get("redirects") and normal in self.redirects:
            target = self.redirects[normal]
            result["redirects"] = [{"from": normal, "to": target}]
            normal = target
        if normal not in self.pages:
            result["pages"] = [{"ns": 0, "title": normal, "missing": True}]
        else:
            revid, text = self.pages[normal]
            slots = {"main": {"contentmodel": "wikitext", "contentformat": "text/x-wiki",
                              "content": text}}  # fmt: skip
            result["pages"] = [{
                "pageid": 57114120, "ns": 0, "title": normal,
                "revisions": [{"revid": revid, "parentid": revid - 1, "slots": slots}],
            }]  # fmt: skip
        return {"batchcomplete": True, "query": result}


@contextmanager
def serve(wiki: Wiki, host: str = "127.0.0.1") -> Iterator[str]:
    """Run the stand-in; yields its base URL (``http://127.0.0.1:PORT``)."""

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            parts = urlsplit(self.path)
            query = {k: v[0] for k, v in parse_qs(parts.query).items()}
            wiki.requests.append((parts.path, {**query, "_ua": self.headers.get("User-Agent", "")}))
            if parts.path != wiki.api_path:
                self._send(404, b"<html><body>Not Found</body></html>", "text/html")
                return
            body = json.dumps(wiki.answer(query)).encode()
            self._send(200, body, "application/json; charset=utf-8")

        def _send(self, status: int, body: bytes, content_type: str) -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: Any) -> None:
            pass  # keep test output clean

    server = ThreadingHTTPServer((host, 0), Handler)
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield f"http://{host}:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
