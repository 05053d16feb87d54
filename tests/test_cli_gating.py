"""Gating from the command line: config files, ignore rules, baselines, max-failures."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from citecheck.cli import main
from citecheck.exitcodes import ExitCode
from tests.conftest import fast_args, write_refs
from tests.support.simweb import SimWeb, page, status


@pytest.fixture
def two_dead(simweb: SimWeb, tmp_path: Path) -> Path:
    return write_refs(tmp_path / "refs.json", [
        {"id": "a", "url": simweb.route("news.test", "/a", status(404)), "title": "A"},
        {"id": "b", "url": simweb.route("blog.test", "/b", status(410)), "title": "B"},
        {"id": "c", "url": simweb.route("shop.test", "/c", page("C")), "title": "C"},
        {"id": "d", "url": simweb.route("blog.test", "/d", status(403)), "title": "D"},
    ])


def run(args: list[str], simweb: SimWeb, out: Path) -> tuple[int, dict]:
    code = main([*args, *fast_args(simweb), "--format", "json", "--output", str(out)])
    return code, json.loads(out.read_text()) if out.exists() else {}


def test_baseline_fails_only_on_new_failures(
    simweb: SimWeb, two_dead: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    baseline = tmp_path / "known.json"
    assert main(["baseline", "update", str(two_dead), *fast_args(simweb),
                 "--baseline", str(baseline)]) == ExitCode.OK
    assert len(json.loads(baseline.read_text())["entries"]) == 2
    code, report = run(["check", str(two_dead), "--baseline", str(baseline)], simweb,
                       tmp_path / "r.json")
    # The report counts what the exit code counts: the known failures do not fail
    # (it said "failed": 2 beside exit 0 before the gate decided both).
    assert code == ExitCode.OK and report["summary"]["failed"] == 0
    assert report["summary"]["verdicts"]["dead"] == 2
    simweb.route("shop.test", "/c", status(404))  # a new failure appears
    code, report = run(["check", str(two_dead), "--baseline", str(baseline)], simweb,
                       tmp_path / "r2.json")
    assert code == ExitCode.FAILED and report["summary"]["failed"] == 1


def test_max_failures(simweb: SimWeb, two_dead: Path, tmp_path: Path) -> None:
    # The report's failed count agrees with the exit code: 0 when --max-failures lets
    # the two dead links through, both when it does not.
    code, report = run(["check", str(two_dead), "--max-failures", "2"], simweb,
                       tmp_path / "r.json")
    assert code == ExitCode.OK and report["summary"]["failed"] == 0
    code, report = run(["check", str(two_dead), "--max-failures", "1"], simweb,
                       tmp_path / "r.json")
    assert code == ExitCode.FAILED and report["summary"]["failed"] == 2


def test_config_file_ignore_and_accept_status(
    simweb: SimWeb, two_dead: Path, tmp_path: Path
) -> None:
    config = tmp_path / "citecheck.toml"
    config.write_text(
        'ignore = ["*://news.test:*/a"]\n'
        'accept-status = { "blog.test" = [410, 403] }\n'
        'fail-on = ["dead"]\n'
    )
    code, report = run(["check", str(two_dead), "--config", str(config)], simweb,
                       tmp_path / "r.json")
    verdicts = {r["id"]: r["verdict"] for r in report["results"]}
    assert verdicts == {"a": "skipped", "b": "skipped", "c": "ok", "d": "skipped"}
    assert code == ExitCode.OK
    assert not simweb.requests_to("news.test", "/a")  # ignored: never requested


def test_bad_config_is_a_usage_error(tmp_path: Path, two_dead: Path, capsys) -> None:
    config = tmp_path / "citecheck.toml"
    config.write_text("per-hots = 3\n")
    assert main(["check", str(two_dead), "--config", str(config), "--quiet"]) == ExitCode.USAGE
    assert "per-host" in capsys.readouterr().err  # "did you mean"


def test_config_show_reports_origins(tmp_path: Path, capsys) -> None:
    config = tmp_path / "citecheck.toml"
    config.write_text("per-host = 3\n")
    assert main(["config", "show", "--config", str(config)]) == ExitCode.OK
    out = capsys.readouterr().out
    assert "per-host = 3" in out


def test_bare_fail_on_archive_before_an_input_leaves_the_input_alone(
    simweb: SimWeb, two_dead: Path, tmp_path: Path
) -> None:
    from citecheck.cli.app import build_parser
    from citecheck.cli.flags import bare_flags_before_inputs as _bare_flags_before_inputs
    from citecheck.models import ArchiveStatus

    parser, _ = build_parser()
    bare = parser.parse_args(_bare_flags_before_inputs(["check", "--fail-on-archive", "r.json"]))
    assert bare.inputs == ["r.json"]
    assert bare.fail_on_archive == {
        ArchiveStatus.BROKEN, ArchiveStatus.MISMATCH, ArchiveStatus.MISSING
    }
    valued = parser.parse_args(
        _bare_flags_before_inputs(["check", "--fail-on-archive", "broken", "r.json"])
    )
    assert (valued.inputs, valued.fail_on_archive) == (["r.json"], {ArchiveStatus.BROKEN})
    # End to end: the file after the bare flag is checked (two dead links fail the run).
    code, report = run(["check", "--fail-on-archive", str(two_dead)], simweb, tmp_path / "r.json")
    assert code == ExitCode.FAILED
    assert len(report["results"]) == 4
