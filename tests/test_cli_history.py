"""`citecheck history` explains how checks count towards confirmation."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest

from citecheck.cli import main
from citecheck.store.clock import from_stored, to_stored
from tests.conftest import fast_args, write_refs
from tests.support.simweb import SimWeb, status


def test_checks_an_hour_apart_count_once_and_history_says_when_the_next_counts(
    simweb: SimWeb, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    simweb.route("news.test", "/down", status(503))
    url = simweb.url("news.test", "/down")
    refs = write_refs(tmp_path / "refs.json", [{"id": "down", "url": url}])
    db = str(tmp_path / "h.sqlite3")
    for _ in range(2):  # two audits a moment apart: one observation
        assert main(["audit", str(refs), *fast_args(simweb), "--db", db]) in (0, 1)
    capsys.readouterr()

    assert main(["history", url, "--db", db]) == 0
    text = " ".join(capsys.readouterr().out.split())  # as read, not as wrapped
    assert "1 distinct check (2 recorded)" in text
    assert "Checks less than 1 hour apart count as one" in text
    assert "confirmed dead after 3 distinct failing checks over at least 3 days" in text

    assert main(["history", url, "--db", db, "--format", "json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    first = min(from_stored(c["checked_at"]) for c in doc["checks"])
    assert doc["next_counting_check"] == to_stored(first + timedelta(hours=1))
    assert f"The next check counts from {doc['next_counting_check']}." in text
