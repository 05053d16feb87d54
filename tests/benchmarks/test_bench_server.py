"""The benchmark server's politeness accounting, and a short live run."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.support.tools import tool_missing

try:
    import aiohttp  # noqa: F401  (the server's; the `bench` extra, which .ci/run installs)
except ImportError as exc:
    tool_missing("aiohttp", f"pip install '.[bench]' ({exc})", module_level=True)

from benchmarks.runner import score
from benchmarks.scenario import generate, host_address
from benchmarks.server import HostStats, control_address, page
from benchmarks.tools import link_verdict

ROOT = Path(__file__).resolve().parents[2]


def starts(stats: HostStats, times: list[float], interval: float) -> HostStats:
    for t in times:
        stats.start(t, threshold=interval, interval=interval)
    return stats


def test_paced_starts_owe_nothing_even_with_jitter() -> None:
    # Spaced 20 ms by the client, seen up to 5 ms late by the server.
    times = [i * 0.02 + (0.005 if i % 3 == 0 else 0.0) for i in range(50)]
    stats = starts(HostStats(), times, 0.02)
    assert stats.debt <= 0.005 + 1e-9
    assert stats.min_gap is not None and stats.min_gap < 0.02  # raw gaps would cry wolf


def test_a_burst_shows_up_as_debt() -> None:
    times = [i * 0.02 for i in range(10)] + [0.2, 0.2, 0.2]  # three at once
    stats = starts(HostStats(), times, 0.02)
    assert stats.debt >= 0.04 - 1e-9


def test_idle_time_is_not_credit() -> None:
    # A pause does not allow a later burst.
    times = [0.0, 1.0, 1.0]
    assert starts(HostStats(), times, 0.02).debt >= 0.02 - 1e-9


def test_in_flight_is_tracked() -> None:
    stats = starts(HostStats(), [0.0, 0.1, 0.2], 0.0)
    assert stats.max_active == 3


def test_page_has_the_title_in_the_head_and_a_realistic_size() -> None:
    body = page("A & B")
    head, _, rest = body.partition(b"</head>")
    assert b"<title>A &amp; B</title>" in head
    assert 15_000 < len(body) < 40_000 and rest


def test_link_verdicts_of_link_only_checkers() -> None:
    assert link_verdict(200) == "ok"
    assert link_verdict(404) == "dead"
    assert link_verdict(403) == "blocked"
    assert link_verdict(503) == "unreachable"
    assert link_verdict(None, timed_out=True) == "unreachable"


def test_score_counts_what_link_checkers_miss() -> None:
    scenario = generate(500, seed=2)
    perfect = {ref.path: ref.truth for ref in scenario.refs}
    assert score(scenario, perfect) == (1.0, 1.0, 1.0)
    link_only = {"*": "ok"}
    verdicts, links, hidden = score(scenario, link_only)
    assert hidden == 0.0 and verdicts < 1.0 and links < 1.0


def _free_port(address: str) -> int:
    with socket.socket() as sock:
        sock.bind((address, 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def live_server(tmp_path: Path):
    scenario = generate(40, seed=1, hosts=3)
    scenario.port = _free_port(host_address(0))
    scenario.save(tmp_path / "s.json")
    proc = subprocess.Popen(
        [sys.executable, "-m", "benchmarks.server", str(tmp_path / "s.json"),
         "--port", str(scenario.port)],
        cwd=ROOT, stdout=subprocess.PIPE, text=True,
    )
    try:
        assert proc.stdout is not None
        assert proc.stdout.readline().startswith("ready")
        yield scenario
    finally:
        proc.terminate()
        proc.wait(timeout=10)


# Loopback only: never through a proxy from the environment.
_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def _get(url: str) -> tuple[int, bytes]:
    try:
        with _OPENER.open(url, timeout=10) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()


def test_live_server_serves_the_script_and_counts_per_host(live_server) -> None:
    scenario = live_server
    control = f"http://{control_address(0)}:{scenario.port}"
    _get(f"{control}/_reset?interval=0.02&tolerance=0.005&timeout=3")
    live = [r for r in scenario.refs if r.outcome == "live"][:3]
    for ref in live:
        status, body = _get(scenario.url(ref, by_address=True))
        assert status == 200 and ref.cited_title.encode() in body
    stats = json.loads(_get(f"{control}/_stats")[1])
    assert sum(h["requests"] for h in stats["hosts"].values()) == len(live)
    assert all(h["max_active"] == 1 for h in stats["hosts"].values())
