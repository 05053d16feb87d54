"""Soak: many references on a web where a fifth of the hosts misbehave (seeded).

Every reference gets exactly one result, nothing leaks (file descriptors,
threads), and the run stays bounded. The server runs in its own process so
every socket and thread in this one is the client's. CI runs a size that
fits its budget; `CITECHECK_SOAK_N=5000 pytest tests/test_soak.py` runs the
full-size soak.
"""

from __future__ import annotations

import gc
import os
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from citecheck.api import check
from citecheck.models import Reference
from citecheck.net.resolver import parse_resolve_pin
from citecheck.options import CheckOptions
from tests.support.soak_web import ADDRESS, HOSTS, plan

SEED = 20261125
ROOT = Path(__file__).parents[1]


def _open_fds() -> int:
    return len(os.listdir("/proc/self/fd"))


@pytest.fixture
def no_collection() -> Iterator[None]:
    """No garbage collection: what the engine leaves open must be closed by the
    engine, not by the collector breaking an exception traceback's cycle."""
    gc.collect()
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


@pytest.mark.slow
def test_soak_every_reference_gets_one_result(no_collection: None) -> None:
    count = int(os.environ.get("CITECHECK_SOAK_N", "1200"))
    server = subprocess.Popen(
        [sys.executable, "-m", "tests.support.soak_web", str(SEED), str(count)],
        cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )
    try:
        assert server.stdout is not None
        port = int(server.stdout.readline())
        pages = plan(SEED, count)
        references = [
            Reference(id=f"r{i}", url=f"http://{p.host}:{port}{p.path}", title=f"Page {i}")
            for i, p in enumerate(pages)
        ]
        options = CheckOptions(
            resolve=tuple(parse_resolve_pin(f"{h}:{ADDRESS}") for h in HOSTS),
            timeout=0.5, total_timeout=1.5, retries=0, per_host=4, host_interval=0.0,
            concurrency=48, archive=False, probe_soft_404=False,
        )
        fds_before = _open_fds()
        seen: list[str] = []
        started = time.monotonic()
        report = check(references, options, on_result=lambda r: seen.append(r.id))
        elapsed = time.monotonic() - started
    finally:
        server.communicate(input="", timeout=20)
    assert [r.id for r in report.results] == [r.id for r in references]
    assert sorted(seen) == sorted(r.id for r in references)  # exactly one result each
    assert report.complete
    # A decompression bomb is a 200 page without a title: live, read only up to the cap.
    expected_ok = {f"r{i}" for i, p in enumerate(pages) if p.behaviour in ("page", "bomb")}
    got_ok = {r.id for r in report.results if r.verdict.value == "ok"}
    wrong = {
        r.id: (r.verdict.value, r.link.status.value, r.title.found, r.title.cited)
        for r in report.results
        if r.id in expected_ok ^ got_ok
    }
    assert got_ok == expected_ok, wrong
    time.sleep(1.5)  # let the engine threads finish exiting (the idle watchdog ends after 1 s)
    assert not [t.name for t in threading.enumerate() if t.name.startswith("citecheck-")]
    assert _open_fds() <= fds_before  # no collection has run (no_collection)
    assert elapsed < 120
