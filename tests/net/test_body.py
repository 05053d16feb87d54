"""Body reading against a real server: the stop rule, the cap, the drain that keeps
a connection, the deadline; and the pure choice of cap."""

from __future__ import annotations

import time

import pytest
import urllib3

from citecheck.net.body import (
    CHUNK,
    BodyDeadline,
    StopRuleError,
    default_cap,
    drain,
    read_body,
)
from tests.support.simweb import SimWeb, drip, gzip_bomb, page

ONE_MB = 1_000_000


def test_pdfs_get_the_larger_cap() -> None:
    assert default_cap({"content-type": "application/PDF; x=1"}, 10, 99) == 99
    assert default_cap({"content-type": "text/html"}, 10, 99) == 10
    assert default_cap({}, 10, 99) == 10


def _open(simweb: SimWeb, path: str, **kw: object) -> urllib3.BaseHTTPResponse:
    pool = urllib3.HTTPConnectionPool(simweb.address, simweb.http_port)
    return pool.urlopen(
        "GET", path, headers={"Host": "news.test", **kw}, preload_content=False,
        decode_content=False, retries=False,
    )


def test_reads_until_the_stop_rule_is_satisfied(simweb: SimWeb) -> None:
    simweb.route("news.test", "/long", page("Long", "<p>x</p>" * 200_000))
    raw = _open(simweb, "/long")
    seen: list[int] = []

    def enough(prefix: bytes, content_type: str | None) -> bool:
        seen.append(len(prefix))
        assert content_type == "text/html"
        return b"</title>" in prefix

    body = read_body(raw, "text/html", ONE_MB, enough, time.monotonic() + 5, 5)
    assert b"<title>Long</title>" in body.data
    assert body.truncated and len(body.data) <= CHUNK
    assert seen == [len(body.data)]


def test_small_rest_is_drained_so_the_connection_is_reused(simweb: SimWeb) -> None:
    simweb.route("news.test", "/small", page("Small", "<p>x</p>" * 1000))
    raw = _open(simweb, "/small")
    body = read_body(raw, "text/html", ONE_MB, lambda *_: True, time.monotonic() + 5, 5)
    assert not body.truncated  # read on to the end: the connection can go back
    raw.release_conn()


def test_the_cap_bounds_a_compressed_body(simweb: SimWeb) -> None:
    simweb.route("news.test", "/bomb", gzip_bomb(50_000_000))
    raw = _open(simweb, "/bomb", **{"Accept-Encoding": "gzip"})
    body = read_body(raw, "text/html", 100_000, None, time.monotonic() + 5, 5)
    assert len(body.data) == 100_000 and body.truncated


def test_the_deadline_keeps_what_arrived(simweb: SimWeb) -> None:
    simweb.route("news.test", "/drip", drip(100, 0.1))
    raw = _open(simweb, "/drip")
    with pytest.raises(BodyDeadline) as cut:
        read_body(raw, "text/html", ONE_MB, None, time.monotonic() + 0.5, 0.5)
    assert 0 < len(cut.value.partial) < 100 and set(cut.value.partial) == {ord("x")}
    assert "within 0.5s" in str(cut.value)
    raw.close()


def test_a_raising_stop_rule_is_not_a_transport_error(simweb: SimWeb) -> None:
    simweb.route("news.test", "/p", page("P"))
    raw = _open(simweb, "/p")

    def enough(prefix: bytes, content_type: str | None) -> bool:
        raise OSError("not the network")

    with pytest.raises(StopRuleError) as raised:
        read_body(raw, "text/html", ONE_MB, enough, time.monotonic() + 5, 5)
    assert isinstance(raised.value.__cause__, OSError)


def test_drain_gives_up_on_a_large_or_unsized_rest(simweb: SimWeb) -> None:
    simweb.route("news.test", "/big", page("Big", "<p>x</p>" * 100_000))
    raw = _open(simweb, "/big")
    assert drain(raw, time.monotonic() + 5) is False  # 800 kB: closing is cheaper
