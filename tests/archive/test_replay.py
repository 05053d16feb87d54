"""Reading single captures back from pywb, raw and through normal (Memento) replay."""

from __future__ import annotations

import os
import subprocess
import sys

from citecheck.archive.links import parse_archive_url
from citecheck.archive.replay import ReplayState, read_capture, read_memento
from tests.support.pywb_harness import REPO_ROOT

from .conftest import STORY


def test_raw_capture_reports_memento_time_and_original(pywb, http):
    http.trust_host("127.0.0.5")
    link = parse_archive_url(f"{pywb.base_url}/web/20180601000000/{STORY}")
    assert link is not None
    replay = read_capture(http, link)
    assert replay.state is ReplayState.CAPTURE
    assert (replay.timestamp, replay.original, replay.requests) == (
        "20180601000000", STORY, 1)
    assert replay.fetch is not None and b"updated again" in replay.fetch.body


def test_archived_redirect_target_is_never_fetched_live(pywb, http):
    http.trust_host("127.0.0.5")
    link = parse_archive_url(f"{pywb.base_url}/web/20180101000000/http://news.example.com/old")
    assert link is not None
    replay = read_capture(http, link)
    assert replay.state is ReplayState.REDIRECT_CAPTURE
    assert replay.archived_status == 301
    # Only the archive was asked; the live http://news.example.com/ never was.
    assert http.requested == [link.raw_url()]


def test_normal_replay_through_memento_headers(pywb, http):
    http.trust_host("127.0.0.5")
    replay = read_memento(http, f"{pywb.base_url}/web/20180101000000/{STORY}")
    assert replay.state is ReplayState.CAPTURE
    assert (replay.timestamp, replay.original) == ("20180101000000", STORY)
    missing = read_memento(http, f"{pywb.base_url}/web/20180101000000/http://never.example/")
    assert missing.state is ReplayState.NOT_ARCHIVED
    error = read_memento(http, f"{pywb.base_url}/web/20190101000000/{STORY}")
    assert (error.state, error.archived_status) == (ReplayState.ERROR_CAPTURE, 404)


def test_missing_pywb_fails_under_ci():
    # The pywb fixture must fail, not skip, when CI=true and pywb cannot be found.
    env = {**os.environ, "CI": "true", "CITECHECK_PYWB": "/nonexistent/wayback"}
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
         "tests/archive/test_memento.py::test_timemap_from_pywb"],
        cwd=REPO_ROOT, env=env, capture_output=True, text=True, timeout=120,
    )
    assert proc.returncode == 1, proc.stdout
    assert "pywb is required in CI" in proc.stdout
    assert "CITECHECK_PYWB=/nonexistent/wayback" in proc.stdout
