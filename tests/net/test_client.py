"""The HTTP engine against hostile and slow servers on loopback: bounded time and bytes."""

from __future__ import annotations

import itertools
import socket
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from citecheck.models import ErrorKind
from citecheck.net.client import HttpClient
from citecheck.net.limiter import HostLimiter
from citecheck.net.resolver import parse_resolve_pin
from citecheck.net.scheduler import HostScheduler
from citecheck.options import CheckOptions
from tests.conftest import SIM_HOSTS
from tests.support.liveness import finishes
from tests.support.simweb import (
    SimWeb,
    drip,
    gzip_bomb,
    huge_body,
    page,
    redirect,
    sequence,
    stall,
    status,
)


def client_for(web: SimWeb, ca: Path | None = None, **overrides: object) -> HttpClient:
    settings: dict[str, object] = {
        "resolve": tuple(parse_resolve_pin(f"{h}:{web.address}") for h in SIM_HOSTS),
        "timeout": 1.0,
        "total_timeout": 3.0,
        "retries": 1,
        "backoff": 0.05,
        "host_interval": 0.0,
        "ca_cert": str(ca) if ca else None,
    }
    settings.update(overrides)
    return HttpClient(CheckOptions(**settings))  # type: ignore[arg-type]


def test_stops_reading_once_the_head_is_in(simweb: SimWeb) -> None:
    body = "<p>" + "word " * 200_000 + "</p>"  # ~1 MB page
    url = simweb.route("news.test", "/long", page("Long read", body))
    result = client_for(simweb).fetch(
        url, enough=lambda prefix, _ct: b"</head>" in prefix
    )
    assert result.status == 200
    assert b"<title>Long read</title>" in result.body
    assert result.truncated and len(result.body) < 64_000


def test_byte_cap_bounds_huge_bodies(simweb: SimWeb) -> None:
    url = simweb.route("news.test", "/huge", huge_body(200_000_000))
    result = client_for(simweb).fetch(url, max_bytes=100_000)
    assert result.status == 200 and result.truncated
    assert len(result.body) == 100_000


def test_decompression_is_bounded(simweb: SimWeb) -> None:
    url = simweb.route("news.test", "/bomb", gzip_bomb(500_000_000))
    result = client_for(simweb).fetch(url, max_bytes=200_000)
    assert result.status == 200 and result.truncated
    assert len(result.body) <= 200_000


def test_slow_drip_hits_the_total_deadline(simweb: SimWeb) -> None:
    url = simweb.route("slow.test", "/drip", drip(1000, 0.2))
    started = time.monotonic()
    result = client_for(simweb, total_timeout=2.0).fetch(url)
    assert result.error_kind is ErrorKind.DEADLINE
    assert time.monotonic() - started < 3.5


def test_stalled_server_times_out_and_is_retried(simweb: SimWeb) -> None:
    url = simweb.route("slow.test", "/stall", stall(10))
    result = client_for(simweb, total_timeout=5.0).fetch(url)
    assert result.error_kind is ErrorKind.READ_TIMEOUT
    assert result.attempts == 2


def test_redirect_loop_and_chain_cap(simweb: SimWeb) -> None:
    simweb.route("news.test", "/a", redirect("/b"))
    simweb.route("news.test", "/b", redirect("/a"))
    loop = client_for(simweb).fetch(simweb.url("news.test", "/a"))
    assert loop.error_kind is ErrorKind.REDIRECT_LOOP
    for i in range(15):
        simweb.route("news.test", f"/hop{i}", redirect(f"/hop{i + 1}"))
    chain = client_for(simweb, max_redirects=5).fetch(simweb.url("news.test", "/hop0"))
    assert chain.error_kind is ErrorKind.TOO_MANY_REDIRECTS
    assert len(chain.redirects) == 5


def test_retry_after_is_honoured(simweb: SimWeb) -> None:
    url = simweb.route("news.test", "/429", sequence(
        status(429, headers=[("Retry-After", "1")]), page("Now")))
    started = time.monotonic()
    result = client_for(simweb).fetch(url)
    assert result.status == 200 and result.attempts == 2
    assert time.monotonic() - started >= 0.95
    first, second = simweb.requests_to("news.test", "/429")
    assert second.started - first.started >= 0.95


def test_retry_after_longer_than_we_wait_is_not_retried(simweb: SimWeb) -> None:
    url = simweb.route("news.test", "/429", status(429, headers=[("Retry-After", "3600")]))
    result = client_for(simweb).fetch(url)
    assert result.status == 429 and result.attempts == 1


def test_tls_with_unknown_ca_is_a_tls_error(simweb: SimWeb) -> None:
    simweb.route("news.test", "/s", page("S"))
    result = client_for(simweb).fetch(simweb.url("news.test", "/s", https=True))
    assert result.error_kind is ErrorKind.TLS
    assert "certificate" in (result.error or "")


def test_ca_cert_option_wins_over_environment(
    simweb: SimWeb, ca_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", "/etc/ssl/certs/ca-certificates.crt")
    simweb.route("news.test", "/s", page("S"))
    result = client_for(simweb, ca_path).fetch(simweb.url("news.test", "/s", https=True))
    assert result.status == 200


def test_guard_refuses_redirect_to_loopback_before_connecting(simweb: SimWeb) -> None:
    url = simweb.route("news.test", "/leak", redirect(f"http://127.0.0.2:{simweb.http_port}/x"))
    result = client_for(simweb).fetch(url)
    assert result.error_kind is ErrorKind.GUARD
    assert not simweb.requests_to("127.0.0.2")


def test_guard_refuses_unpinned_name_resolving_to_loopback(simweb: SimWeb) -> None:
    # "localhost" resolves locally to loopback; it is not pinned, so it is refused.
    result = client_for(simweb).fetch(f"http://localhost:{simweb.http_port}/")
    assert result.error_kind is ErrorKind.GUARD
    assert not simweb.requests_to("localhost")


def test_scheduler_keeps_per_host_limits(simweb: SimWeb) -> None:
    """Concurrency and interval per host hold under load, while other hosts run."""
    for host in ("news.test", "blog.test"):
        simweb.route(host, "*", lambda req: (time.sleep(0.05), req.send(200, b"<title>x</title>")))
    client = client_for(simweb, per_host=2, host_interval=0.1)
    limiter: HostLimiter = client.limiter
    jobs = []
    for i in range(12):
        for host in ("news.test", "blog.test"):
            url = simweb.url(host, f"/p{i}")

            def job(slot: str, url: str = url) -> None:
                client.fetch(url, slot_held=slot)

            jobs.append((host, job))
    HostScheduler(limiter, workers=16).run(jobs)
    for host in ("news.test", "blog.test"):
        records = sorted(simweb.requests_to(host), key=lambda r: r.started)
        assert len(records) == 12
        starts = [r.started for r in records]
        # The client spaces request starts by 0.1 s; the server sees them with a
        # few ms of scheduling jitter.
        assert min(b - a for a, b in itertools.pairwise(starts)) >= 0.08
        peak = max(
            sum(1 for r in records if r.started <= t < (r.finished or t)) for t in starts
        )
        assert peak <= 2


def test_scheduler_surfaces_a_job_bug() -> None:
    def broken(_slot: str) -> None:
        raise RuntimeError("bug in a job")

    with pytest.raises(RuntimeError, match="bug in a job"):
        HostScheduler(HostLimiter(2, 0.0), workers=2).run([("h", broken)])


def test_watchdog_cuts_a_server_that_drips_headers(simweb: SimWeb) -> None:
    def drip_headers(req) -> None:
        handler = req.handler
        try:
            handler.wfile.write(b"HTTP/1.1 200 OK\r\n")
            for i in range(100):
                handler.wfile.write(f"X-Drip-{i}: y\r\n".encode())
                handler.wfile.flush()
                time.sleep(0.1)
        except OSError:
            pass
        req.close_connection()

    url = simweb.route("slow.test", "/hdrs", drip_headers)
    started = time.monotonic()
    result = client_for(simweb, timeout=5.0, total_timeout=1.5, retries=0).fetch(url)
    assert result.error_kind is ErrorKind.DEADLINE
    assert time.monotonic() - started < 3


def test_client_is_thread_safe_under_parallel_fetches(simweb: SimWeb) -> None:
    simweb.route("news.test", "*", page("Shared"))
    client = client_for(simweb, per_host=8)
    results: list[int | None] = []
    lock = threading.Lock()

    def worker(i: int) -> None:
        r = client.fetch(simweb.url("news.test", f"/t{i}"))
        with lock:
            results.append(r.status)

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(40)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == [200] * 40


def test_scheduler_announces_each_host_once_after_its_last_job() -> None:
    running: dict[str, int] = {}
    done: list[tuple[str, int]] = []
    lock = threading.Lock()
    limiter = HostLimiter(2, 0.0)

    def job(slot: str) -> None:
        with lock:
            running[slot] = running.get(slot, 0) + 1
        time.sleep(0.01)
        with lock:
            running[slot] -= 1
        limiter.release(slot)  # as a fetch does with the slot it was handed

    def host_done(host: str) -> None:
        with lock:
            done.append((host, running.get(host, 0)))

    jobs = [(host, job) for host in ("a.test", "b.test", "c.test") for _ in range(5)]
    HostScheduler(limiter, workers=4, on_host_done=host_done).run(jobs)
    assert sorted(done) == [("a.test", 0), ("b.test", 0), ("c.test", 0)]


def test_released_host_has_no_pool_and_can_be_fetched_again(simweb: SimWeb) -> None:
    simweb.route("news.test", "*", page("Kept alive"))
    simweb.route("blog.test", "*", page("Other"))
    client = client_for(simweb)
    for path in ("/a", "/b"):
        assert client.fetch(simweb.url("news.test", path)).status == 200
    assert client.fetch(simweb.url("blog.test", "/a")).status == 200

    def pooled_hosts() -> set[str]:
        pools = client.session.get_adapter("http://").poolmanager.pools
        return {key.key_host for key in pools.keys()}  # noqa: SIM118 (not iterable)

    assert {"news.test", "blog.test"} <= pooled_hosts()
    client.release_host("news.test")
    assert "news.test" not in pooled_hosts()
    assert "blog.test" in pooled_hosts()
    assert client.fetch(simweb.url("news.test", "/c")).status == 200
    client.close()


def _pool_and_idle_sockets(client: HttpClient, url: str) -> tuple[object, list[socket.socket]]:
    parts = urlsplit(url)
    pool = client.session.get_adapter("http://").poolmanager.connection_from_host(
        parts.hostname, parts.port, "http"
    )
    idle = [c.sock for c in pool.pool.connections() if c.sock is not None]
    return pool, idle


def test_idle_connections_close_when_their_pool_is_let_go_even_if_it_lives_on(
    simweb: SimWeb,
) -> None:
    # urllib3 2 leaves a pool's sockets to the pool's garbage collection; a traceback
    # in a reference cycle keeps a pool alive until the next collection. Hold the
    # pools (as such a cycle would) and watch their idle sockets close at once.
    simweb.route("news.test", "*", page("Kept alive"))
    simweb.route("blog.test", "*", page("Other"))
    client = client_for(simweb)
    news, blog = simweb.url("news.test", "/a"), simweb.url("blog.test", "/a")
    assert client.fetch(news).status == 200
    assert client.fetch(blog).status == 200
    news_pool, news_idle = _pool_and_idle_sockets(client, news)
    blog_pool, blog_idle = _pool_and_idle_sockets(client, blog)
    assert news_idle and blog_idle
    assert all(s.fileno() >= 0 for s in news_idle + blog_idle)
    client.release_host("news.test")
    assert all(s.fileno() == -1 for s in news_idle)
    assert all(s.fileno() >= 0 for s in blog_idle)  # other hosts keep their connections
    client.close()
    assert all(s.fileno() == -1 for s in blog_idle)
    assert news_pool is not None and blog_pool is not None  # alive to the end


def test_a_failing_host_done_hook_is_surfaced_not_lost() -> None:
    limiter = HostLimiter(1, 0.0)

    def job(slot: str) -> None:
        limiter.release(slot)

    def broken_hook(_host: str) -> None:
        raise RuntimeError("bug in the hook")

    with pytest.raises(RuntimeError, match="bug in the hook"):
        HostScheduler(limiter, workers=2, on_host_done=broken_hook).run([("h", job)])


def test_an_endpoint_with_its_own_limit_is_paced_apart_from_its_host(simweb: SimWeb) -> None:
    for path in ("/cdx/a", "/cdx/b", "/web/a", "/web/b", "/save/a"):
        simweb.route("news.test", path, page(path))
    client = client_for(simweb, host_interval=0.0)
    client.configure_endpoint("news.test", "/cdx/", concurrency=1, interval=0.5)
    for path in ("/cdx/a", "/cdx/b"):
        assert client.fetch(simweb.url("news.test", path)).status == 200
    (cdx_a,), (cdx_b,) = (simweb.requests_to("news.test", p) for p in ("/cdx/a", "/cdx/b"))
    assert cdx_b.started - cdx_a.started >= 0.45  # the endpoint's interval
    # The host's pages are not held by it. Told by liveness, not by the clock: behind
    # an endpoint paced an hour apart, they would wait an hour.
    client.configure_endpoint("news.test", "/save/", concurrency=1, interval=3600.0)
    assert client.fetch(simweb.url("news.test", "/save/a")).status == 200
    statuses = finishes(lambda: [client.fetch(simweb.url("news.test", p)).status
                                 for p in ("/web/a", "/web/b")])
    assert statuses == [200, 200]


def test_a_429_holds_every_request_to_that_host(simweb: SimWeb) -> None:
    """Not only the retry waits for Retry-After: nothing else goes to the host either."""
    busy = simweb.route("news.test", "/busy", status(429, headers=[("Retry-After", "1")]))
    other = simweb.route("news.test", "/other", page("Other"))
    elsewhere = simweb.route("blog.test", "/fine", page("Fine"))
    client = client_for(simweb, host_interval=0.0, retries=0)
    assert client.fetch(busy).status == 429
    assert client.fetch(elsewhere).status == 200
    assert client.fetch(other).status == 200
    (first,), (second,) = simweb.requests_to("news.test", "/busy"), simweb.requests_to(
        "news.test", "/other")
    (unrelated,) = simweb.requests_to("blog.test", "/fine")
    assert second.started - first.started >= 0.95
    assert unrelated.started - first.started < 0.5


def test_maintenance_longer_than_we_wait_does_not_hold_the_host(simweb: SimWeb) -> None:
    """503 with a Retry-After past --max-retry-after: this URL is given up, and the
    host's other URLs are fetched at once rather than each waiting in turn."""
    down = simweb.route("news.test", "/down", status(503, headers=[("Retry-After", "3600")]))
    other = simweb.route("news.test", "/other", page("Other"))
    client = client_for(simweb, host_interval=0.0, retries=0)
    assert client.fetch(down).status == 503
    assert client.fetch(other).status == 200
    (first,), (second,) = simweb.requests_to("news.test", "/down"), simweb.requests_to(
        "news.test", "/other")
    assert second.started - first.started < 0.5
    # A short one is waited for by every request to the host.
    simweb.route("blog.test", "/brief", status(503, headers=[("Retry-After", "1")]))
    simweb.route("blog.test", "/next", page("Next"))
    assert client.fetch(simweb.url("blog.test", "/brief")).status == 503
    assert client.fetch(simweb.url("blog.test", "/next")).status == 200
    (brief,), (after,) = simweb.requests_to("blog.test", "/brief"), simweb.requests_to(
        "blog.test", "/next")
    assert after.started - brief.started >= 0.95
