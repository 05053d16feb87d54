"""`citecheck check|audit --workers 2` as a real process: Ctrl-C and SIGTERM write the
partial report and leave no process behind; an interrupted audit resumes."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from citecheck.exitcodes import ExitCode
from citecheck.models import Verdict
from tests.conftest import write_refs
from tests.support.simweb import SimWeb, page, stall, wait_for

REPO = Path(__file__).resolve().parents[2]
FAST = ("news.test", "blog.test", "shop.test")
OK_EACH = 70  # references per fast site: 210 + the stuck ones, enough for 2 workers


def scenario(simweb: SimWeb, tmp_path: Path) -> tuple[Path, list[str]]:
    """Fast sites that answer at once, and a slow site that answers nothing for 30 s."""
    refs: list[dict[str, str]] = []
    for host in FAST:
        for n in range(OK_EACH):
            simweb.route(host, f"/ok/{n}", page(f"Story {n} on {host}"))
            refs.append({"id": f"{host}-{n}", "url": simweb.url(host, f"/ok/{n}")})
    for n in range(6):
        simweb.route("slow.test", f"/stuck/{n}", stall(30))
        refs.append({"id": f"stuck-{n}", "url": simweb.url("slow.test", f"/stuck/{n}")})
    path = write_refs(tmp_path / "refs.json", refs)
    flags = [*simweb.resolve_args(), "--no-archive", "--retries", "0", "--timeout", "20",
             "--total-timeout", "25", "--host-interval", "0", "--per-host", "4",
             "--canary", simweb.url("canary.test", "/"), "--workers", "2", "-q"]
    return path, flags


def start(argv: list[str], cwd: Path) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.Popen([sys.executable, "-m", "citecheck", *argv], cwd=cwd, env=env,
                            stderr=subprocess.PIPE, text=True, start_new_session=True)


def descendants(pid: int) -> set[int]:
    """Every process below ``pid`` (the workers, the resource tracker)."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            parents[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
    found: set[int] = set()
    frontier = {pid}
    while frontier:
        frontier = {child for child, parent in parents.items() if parent in frontier}
        found |= frontier
    return found


def running(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def all_fast_requested(simweb: SimWeb) -> bool:
    return all(len(simweb.requests_to(h)) >= OK_EACH for h in FAST)


@pytest.mark.parametrize("how", ["ctrl-c", "sigterm"])
def test_a_stopped_run_writes_the_partial_report_and_leaves_no_process(
    simweb: SimWeb, tmp_path: Path, how: str
) -> None:
    refs, flags = scenario(simweb, tmp_path)
    out = tmp_path / "report.json"
    run = start(["check", str(refs), *flags, "--format", "json", "--output", str(out)],
                tmp_path)
    assert wait_for(lambda: len(simweb.requests_to("slow.test")) >= 4, timeout=30)
    assert wait_for(lambda: all_fast_requested(simweb), timeout=30)
    workers = descendants(run.pid)
    assert len(workers) >= 3  # two workers and the resource tracker at least
    time.sleep(1.0)  # the fast results reach the parent
    if how == "ctrl-c":
        os.killpg(run.pid, signal.SIGINT)  # a terminal signals the whole process group
    else:
        run.send_signal(signal.SIGTERM)  # a CI runner signals citecheck alone
    _, err = run.communicate(timeout=30)

    assert run.returncode == ExitCode.INTERRUPTED, err
    assert "the report is partial" in err and "Traceback" not in err
    report = json.loads(out.read_text())
    checked = {r["id"] for r in report["results"]}
    assert {f"{h}-{n}" for h in FAST for n in range(OK_EACH)} <= checked
    assert not any(i.startswith("stuck-") for i in checked)
    assert report["summary"]["total"] == len(checked) == len(FAST) * OK_EACH
    assert wait_for(lambda: not any(running(p) for p in workers), timeout=10), [
        p for p in workers if running(p)]


def test_an_interrupted_audit_on_workers_resumes(simweb: SimWeb, tmp_path: Path) -> None:
    refs, flags = scenario(simweb, tmp_path)
    db = tmp_path / "history.sqlite3"
    audit = start(["audit", str(refs), "--db", str(db), *flags], tmp_path)
    assert wait_for(lambda: len(simweb.requests_to("slow.test")) >= 4, timeout=30)
    assert wait_for(lambda: all_fast_requested(simweb), timeout=30)
    time.sleep(1.0)
    audit.send_signal(signal.SIGTERM)
    _, err = audit.communicate(timeout=30)
    assert audit.returncode == ExitCode.INTERRUPTED, err
    asked_before = {h: len(simweb.requests_to(h)) for h in FAST}

    for n in range(6):
        simweb.route("slow.test", f"/stuck/{n}", page(f"Unstuck {n}"))
    out = tmp_path / "resumed.json"
    resumed = start(["audit", str(refs), "--db", str(db), "--resume", *flags,
                     "--format", "json", "--output", str(out)], tmp_path)
    _, err = resumed.communicate(timeout=60)
    assert resumed.returncode == ExitCode.OK, err
    report = json.loads(out.read_text())
    assert len(report["results"]) == len(FAST) * OK_EACH + 6
    assert {r["verdict"] for r in report["results"]} == {Verdict.OK.value}
    # What the interrupted run finished (recorded by the parent) was not asked again.
    assert {h: len(simweb.requests_to(h)) for h in FAST} == asked_before
