"""Test helpers for audits: a controllable clock, a scripted check function, options
for real checks, and a small web on 127.0.0.x whose pages change behaviour from one simulated day to
the next. Also imported by the worker script that tests run in subprocesses."""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from citecheck.models import (
    ErrorKind,
    LinkResult,
    LinkStatus,
    Reference,
    Report,
    Result,
    TitleMatch,
    TitleResult,
    Verdict,
)
from citecheck.options import CheckOptions

START = datetime(2026, 11, 1, 2, 0, tzinfo=UTC)


class ManualClock:
    def __init__(self, start: datetime = START):
        self.moment = start

    def now(self) -> datetime:
        return self.moment

    def advance(self, delta: timedelta) -> None:
        self.moment += delta


_VERDICT = {
    LinkStatus.LIVE: Verdict.OK,
    LinkStatus.REDIRECTED: Verdict.OK,
    LinkStatus.NOT_FOUND: Verdict.DEAD,
    LinkStatus.SOFT_404: Verdict.DEAD,
    LinkStatus.PARKED: Verdict.DEAD,
    LinkStatus.SERVER_ERROR: Verdict.UNREACHABLE,
    LinkStatus.TIMEOUT: Verdict.UNREACHABLE,
    LinkStatus.UNREACHABLE: Verdict.UNREACHABLE,
    LinkStatus.BLOCKED: Verdict.BLOCKED,
}


def make_result(ref: Reference, status: LinkStatus, *, http_status: int | None = None,
                found: str | None = None, error_kind: ErrorKind | None = None) -> Result:
    match = TitleMatch.UNKNOWN
    verdict = _VERDICT[status]
    if found is not None and ref.title:
        match = TitleMatch.MATCH if found == ref.title else TitleMatch.MISMATCH
        if match is TitleMatch.MISMATCH and verdict is Verdict.OK:
            verdict = Verdict.MISMATCH
    return Result(
        reference=ref,
        verdict=verdict,
        reasons=(f"{status.value}" + (f" (HTTP {http_status})" if http_status else ""),),
        link=LinkResult(status=status, http_status=http_status, final_url=ref.url,
                        error_kind=error_kind, attempts=1, elapsed_ms=1),
        title=TitleResult(cited=ref.title, found=found, match=match,
                          score=None if found is None else float(match is TitleMatch.MATCH)),
    )


class ScriptedCheck:
    """A check_fn whose outcome per URL is a function of the simulated day."""

    def __init__(self, script: dict[str, Callable[[int], LinkStatus]]):
        self.script = script
        self.day = 0
        self.requested: Counter[str] = Counter()

    def __call__(self, references: Sequence[Reference], options: CheckOptions, *,
                 on_result: Callable[[Result], None]) -> Report:
        results = []
        for ref in references:
            assert ref.url is not None
            self.requested[ref.url] += 1
            result = make_result(ref, self.script[ref.url](self.day))
            on_result(result)
            results.append(result)
        return Report(results=tuple(results))


# Options for real checks (citecheck.api.check) against SimWeb on loopback: the
# address guard lifted for 127.0.0.x, no archive or soft-404 probe requests, no
# retries or politeness delays slowing a simulated month down.
LOCAL = CheckOptions(allow_private=True, archive=False, probe_soft_404=False, retries=0,
                     host_interval=0, timeout=5)


@dataclass(frozen=True)
class Page:
    status: int = 200
    title: str | None = None
    # Hold the response until SimWeb.release is set (to catch a run mid-flight).
    stall: bool = False


class SimWeb:
    """A threaded HTTP server on 127.0.0.x; ``pages[path](day)`` says how to answer."""

    def __init__(self, host: str = "127.0.0.2", port: int = 0):
        self.day = 0
        self.pages: dict[str, Callable[[int], Page]] = {}
        self.hits: Counter[str] = Counter()
        self.release = threading.Event()
        self._lock = threading.Lock()
        web = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                with web._lock:
                    web.hits[self.path] += 1
                behaviour = web.pages.get(self.path)
                page = behaviour(web.day) if behaviour else Page(404)
                if page.stall:
                    web.release.wait(30)
                body = f"<html><head><title>{page.title or ''}</title></head></html>".encode()
                self.send_response(page.status)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer((host, port), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True)

    def __enter__(self) -> SimWeb:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release.set()
        self.server.shutdown()
        self.server.server_close()

    def url(self, path: str) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}{path}"

    @property
    def total_hits(self) -> int:
        with self._lock:
            return sum(self.hits.values())
