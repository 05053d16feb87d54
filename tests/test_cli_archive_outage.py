"""An archive that does not answer: detected once, skipped for the rest of the run, said once."""

from __future__ import annotations

import json
import threading
import time
from pathlib import Path

import pytest

from citecheck.cli import main
from tests.conftest import fast_args, write_refs
from tests.support.rawserver import RawServer
from tests.support.simweb import SimWeb, free_port, status

NOTE = "did not answer; archive checks skipped"


def _dead_refs(web: SimWeb, path: Path, count: int) -> Path:
    for n in range(count):
        web.route("news.test", f"/gone/{n}", status(404))
    return write_refs(path, [
        {"id": f"r{n}", "url": web.url("news.test", f"/gone/{n}"), "title": f"Story {n}"}
        for n in range(count)
    ])


def _archive_args(web: SimWeb, archive_url: str) -> list[str]:
    return [*(a for a in fast_args(web) if a != "--no-archive"), "--archive-url", archive_url]


@pytest.mark.slow
def test_a_refused_archive_is_noted_once_and_skipped(
    simweb: SimWeb, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    refs = _dead_refs(simweb, tmp_path / "refs.json", 30)
    archive_url = f"http://127.0.0.5:{free_port('127.0.0.5')}"  # nothing listens there
    out = tmp_path / "report.json"
    code = main(["check", str(refs), *_archive_args(simweb, archive_url),
                 "--format", "json", "--output", str(out)])
    assert code == 1  # the dead links still fail
    report = json.loads(out.read_text())
    assert [n for n in report["notes"] if NOTE in n] == [
        f"the archive at {archive_url} {NOTE}"
    ]
    assert {r["archive"]["status"] for r in report["results"]} == {"unchecked"}

    assert main(["fix", str(refs), *_archive_args(simweb, archive_url)]) == 1
    assert f"nothing fixed: the archive at {archive_url} {NOTE}" in capsys.readouterr().err
    assert main(["fix", str(refs), *_archive_args(simweb, archive_url), "--dry-run"]) == 0
    assert capsys.readouterr().out.startswith(f"no changes: the archive at {archive_url}")


@pytest.mark.slow
def test_a_stalled_archive_costs_one_timeout_not_one_per_reference(
    simweb: SimWeb, tmp_path: Path
) -> None:
    release = threading.Event()
    # Accepts connections, reads the request, never answers.
    stalled = RawServer(lambda conn: release.wait(30), address="127.0.0.5").start()
    try:
        refs = _dead_refs(simweb, tmp_path / "refs.json", 30)
        out = tmp_path / "report.json"
        started = time.monotonic()
        code = main(["check", str(refs),
                     *_archive_args(simweb, f"http://127.0.0.5:{stalled.port}"),
                     "--format", "json", "--output", str(out)])
        elapsed = time.monotonic() - started
    finally:
        release.set()
        stalled.stop()
    assert code == 1
    report = json.loads(out.read_text())
    assert any(NOTE in n for n in report["notes"])
    assert {r["archive"]["status"] for r in report["results"]} == {"unchecked"}
    # --timeout 1 --retries 1: one lookup waits ~2.5 s; before the outage was detected,
    # 30 lookups took 70 s here (the index probe ran for each, one at a time).
    assert elapsed < 9, elapsed
    # The first lookups (4 at a time) found it down; nobody asked after that.
    assert stalled.connections <= 12, stalled.connections
