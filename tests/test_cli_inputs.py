"""Input friction through the CLI: broken files beside good ones, URL lists, stdin."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from citecheck.cli import main
from tests.conftest import fast_args, write_refs
from tests.support.simweb import SimWeb, page, status


@pytest.fixture
def good(simweb: SimWeb, tmp_path: Path) -> Path:
    simweb.route("news.test", "/fine", page("A fine story"))
    simweb.route("news.test", "/gone", status(404))
    return write_refs(tmp_path / "good.json", [
        {"id": "fine", "url": simweb.url("news.test", "/fine"), "title": "A fine story"},
    ])


def test_a_malformed_file_is_a_problem_while_others_are_checked(
    simweb: SimWeb, good: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text('{"references": [ {"id": "x", ', encoding="utf-8")
    out = tmp_path / "report.json"
    code = main(["check", str(broken), str(good), *fast_args(simweb), "--output", str(out)])
    assert code == 0  # by the gate: the readable reference is fine
    err = capsys.readouterr().err
    assert f"citecheck: warning: {broken}" in err and "not checked" in err
    report = json.loads(out.read_text())
    assert [r["id"] for r in report["results"]] == ["fine"]
    assert any(note.startswith(f"input problem: {broken}") for note in report["notes"])

    # Nothing readable: an input error, exit 2.
    assert main(["check", str(broken), *fast_args(simweb)]) == 2
    assert main(["check", str(broken), str(tmp_path / "missing.json"),
                 *fast_args(simweb)]) == 2
