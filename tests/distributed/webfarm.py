"""A small simulated web and a generated dump citing it, for cluster tests and the benchmark.

Hosts get a Zipf-like share of the citations (one giant site, a long tail), some share a
registered domain (``www.news.test`` and ``news.test``), and each path says how it
answers: ``/ok/N`` a page titled "Story N", ``/gone/N`` 404, ``/moved/N`` a redirect
to the home page, ``/slow/N`` a page after a pause. Citations cite the right title,
except every 9th (a mismatch). The server records every request (SimWeb), so politeness
can be checked from what the server saw.
"""

from __future__ import annotations

import itertools
import random
import threading
import time
from collections.abc import Sequence
from pathlib import Path

from citecheck.options import CheckOptions, ResolvePin
from tests.dump.dumpgen import GenPage, cite, generated_pages, write_bz2
from tests.support.simweb import SimRequest, SimWeb, html_page

ADDRESS = "127.0.0.2"
TAIL = tuple(f"site{i}.test" for i in range(10))
HOSTS = ("giant.test", "www.news.test", "news.test", "blog.test", *TAIL, "canary.test")
# Relative weight of each host in the citations (giant first, then a Zipf tail).
WEIGHTS = (20, 6, 4, 4, *(10 / (i + 1) for i in range(len(TAIL))))


def _answer(latency: float):
    def handle(req: SimRequest) -> None:
        time.sleep(latency)  # a real server takes a while: requests overlap in flight
        kind, _, number = req.path.strip("/").partition("/")
        if req.path == "/":
            req.send(200, html_page(f"{req.host} home").encode())
        elif kind == "ok":
            req.send(200, html_page(f"Story {number}").encode())
        elif kind == "moved":
            req.send(301, b"", [("Location", "/")])
        else:
            req.send(404, html_page("Not Found", "<p>No such page</p>").encode())

    return handle


def start_web(latency: float = 0.01) -> SimWeb:
    web = SimWeb(address=ADDRESS, hosts=HOSTS).start()
    for host in HOSTS:
        web.route(host, "*", _answer(latency))
        web.route(host, "/", _answer(latency))
    return web


def options(web: SimWeb, **overrides: object) -> CheckOptions:
    values: dict[str, object] = dict(
        resolve=tuple(ResolvePin(h, None, ADDRESS) for h in HOSTS),
        archive=False,
        canaries=(web.url("canary.test", "/"),),
        timeout=5,
        retries=0,
        per_host=2,
        host_interval=0.02,
    )
    values.update(overrides)
    return CheckOptions(**values)  # type: ignore[arg-type]


def _citations(web: SimWeb):
    def make(i: int, rng: random.Random) -> Sequence[str]:
        found = []
        for n in range(1 + i % 3):
            host = rng.choices(HOSTS[:-1], weights=WEIGHTS)[0]
            story = rng.randrange(400)  # repeats: some URLs are cited by several articles
            kind = rng.choices(("ok", "gone", "moved"), weights=(8, 1, 1))[0]
            title = f"Story {story}" if (i + n) % 9 else f"Another headline {story}"
            url = web.url(host, f"/{kind}/{story}")
            found.append(cite("news" if n % 2 else "web", url, title))
        return found

    return make


def write_dump(web: SimWeb, directory: Path, articles: int = 300) -> Path:
    extra = (GenPage("Talk:Article 1", "Not an article", 1),)
    pages = generated_pages(articles, _citations(web), seed=7, extra=extra)
    return write_bz2(directory / "simwiki-pages-articles.xml.bz2", pages)


# How far the server's clock of a request's start may lag the client's: accepting a new
# connection and starting its thread on a loaded 2-core machine. Measured with the local
# engine alone (one limiter, so no real violation): starts seen up to 16 ms closer than
# its interval on a busy machine, up to 25 ms with a benchmark running beside the tests.
JITTER = 0.03


class StallMeter:
    """Times when this process stopped running Python for a while (the interpreter lock
    held elsewhere: a garbage collection, the Dask scheduler): the farm's threads mark a
    request's start only when they run, so requests that arrived during a stall are all
    marked at its end, however far apart they came."""

    _TICK = 0.005
    _STALL = 0.02

    def __init__(self) -> None:
        self.stalls: list[tuple[float, float]] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._watch, daemon=True)

    def __enter__(self) -> StallMeter:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _watch(self) -> None:
        while not self._stop.is_set():
            before = time.monotonic()
            time.sleep(self._TICK)
            after = time.monotonic()
            if after - before > self._TICK + self._STALL:
                self.stalls.append((before, after))

    def explains(self, first: float, second: float) -> bool:
        """Both marks fall in one stall or just after it (marked when it ended)."""
        return any(start <= first and second <= end + self._TICK for start, end in self.stalls)


def politeness_violations(web: SimWeb, per_host: int, interval: float,
                          jitter: float = JITTER, stalls: StallMeter | None = None) -> list[str]:
    """What the server saw that breaks the limits: too many in flight, starts too close.

    A request counts as in flight until ``jitter`` before the server marked it finished:
    the client has its response (and may start the next) a moment before that mark.
    Two starts marked close together within one of ``stalls`` say nothing of when the
    requests came.
    """
    problems = []
    with web._lock:
        records = list(web.records)
    for host in {r.host for r in records}:
        mine = sorted((r for r in records if r.host == host), key=lambda r: r.started)
        for before, after in itertools.pairwise(mine):
            if stalls is not None and stalls.explains(before.started, after.started):
                continue
            if after.started - before.started < interval - jitter:
                gap = after.started - before.started
                problems.append(f"{host}: starts {gap * 1000:.1f} ms apart")
        for record in mine:
            # Requests in flight when this one started (itself included).
            overlapping = sum(
                1 for other in mine
                if other.started <= record.started
                < (other.finished - jitter if other.finished is not None else float("inf"))
            )
            if overlapping > per_host:
                problems.append(f"{host}: {overlapping} in flight at {record.started:.3f}")
    return problems
