"""The resume hint of an interrupted audit works when pasted: a real process, a real SIGTERM."""

from __future__ import annotations

import os
import shlex
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import write_refs
from tests.support.simweb import SimWeb, page, stall, wait_for

HINT = "Continue with: "


@pytest.mark.slow
def test_pasting_the_resume_hint_continues_the_audit(simweb: SimWeb, tmp_path: Path) -> None:
    simweb.route("news.test", "/fine", page("Fine"))
    simweb.route("slow.test", "/stuck", stall(30))
    refs = write_refs(tmp_path / "refs.json", [
        {"id": "fine", "url": simweb.url("news.test", "/fine")},
        {"id": "stuck", "url": simweb.url("slow.test", "/stuck")},
    ])
    db = tmp_path / "state" / "history.sqlite3"
    db.parent.mkdir()
    pins = [arg for pin in simweb.resolve_args()[1::2] for arg in ("--resolve", pin)]
    argv = [sys.executable, "-m", "citecheck", "audit", str(refs), "--db", str(db), *pins,
            "--no-archive", "--retries", "0", "--timeout", "20", "--total-timeout", "25",
            "--canary", simweb.url("canary.test", "/"), "-q"]
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])}
    audit = subprocess.Popen(argv, cwd=tmp_path, env=env, stderr=subprocess.PIPE, text=True)
    assert wait_for(lambda: bool(simweb.requests_to("slow.test", "/stuck")), timeout=20)
    time.sleep(0.3)
    audit.send_signal(signal.SIGTERM)
    _, err = audit.communicate(timeout=20)
    assert audit.returncode == 130, err
    hint = err[err.index(HINT) + len(HINT):].splitlines()[0]
    words = shlex.split(hint)
    assert words[:3] == ["citecheck", "audit", "--resume"]
    assert ["--db", str(db)] == words[words.index("--db"):words.index("--db") + 2]
    assert str(refs) in words and "--resolve" in words

    # Pasted as it is (from another directory), it resumes the same run.
    simweb.route("slow.test", "/stuck", page("Unstuck"))
    resumed = subprocess.run([sys.executable, "-m", "citecheck", *words[1:]],
                             cwd=tmp_path.parent, env=env, capture_output=True, text=True,
                             timeout=60)
    assert resumed.returncode == 0, resumed.stderr
    assert "nothing to resume" not in resumed.stderr.lower()
    assert len(simweb.requests_to("news.test", "/fine")) == 1  # its check was kept
