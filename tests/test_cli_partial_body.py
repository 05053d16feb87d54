"""A partial body is not evidence (issue 18): a 200 whose body stops coming at the total
deadline is a timeout ("the page did not finish loading"), unless what came holds a
title that matches the cited one. The server drips a close-delimited body, so the
watchdog's cut at the deadline reads like an end of body."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from citecheck.cli import main
from tests.conftest import SIM_ADDRESS, SIM_HOSTS, fast_args, write_refs
from tests.support.simweb import Handler, SimRequest, SimWeb

CITED = "Rebels announce refusal to evacuate Eastern Qalamoun"


def drip_after(prefix: bytes, seconds: float = 8.0) -> Handler:
    """200 without a length: ``prefix`` at once, then one byte a second until ``seconds``."""

    def run(req: SimRequest) -> None:
        h = req.handler
        h.send_response(200)
        h.send_header("Content-Type", "text/html; charset=utf-8")
        h.send_header("Connection", "close")
        h.end_headers()
        try:
            h.wfile.write(prefix)
            h.wfile.flush()
            stop = time.monotonic() + seconds
            while time.monotonic() < stop:
                h.wfile.write(b" ")
                h.wfile.flush()
                time.sleep(1.0)
        except OSError:
            pass  # the client gave up, as it should
        req.close_connection()

    return run


@pytest.fixture(scope="module")
def web() -> Iterator[SimWeb]:
    sim = SimWeb(address=SIM_ADDRESS, hosts=SIM_HOSTS).start()
    sim.route("news.test", "/untitled", drip_after(b"<!doctype html><html><head>"))
    sim.route("news.test", "/titled", drip_after(
        f"<!doctype html><html><head><title>{CITED}</title>".encode()))
    try:
        yield sim
    finally:
        sim.stop()


def test_a_page_cut_at_the_deadline_is_a_timeout_unless_its_title_matches(
    web: SimWeb, tmp_path: Path
) -> None:
    refs = write_refs(tmp_path / "refs.json", [
        {"id": "untitled", "url": web.url("news.test", "/untitled"), "title": CITED},
        {"id": "titled", "url": web.url("news.test", "/titled"), "title": CITED},
    ])
    out = tmp_path / "report.json"
    main(["check", str(refs), *fast_args(web, timeout=3, total_timeout=2),
          "--format", "json", "--output", str(out)])
    results = {r["id"]: r for r in json.loads(out.read_text(encoding="utf-8"))["results"]}
    untitled = results["untitled"]
    assert untitled["verdict"] == "unreachable"
    assert untitled["link"]["status"] == "timeout"
    assert "did not finish loading" in untitled["link"]["error"]
    titled = results["titled"]
    assert titled["verdict"] == "ok" and titled["title"]["match"] == "match"
