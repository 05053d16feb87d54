"""The audit and history subcommands through argparse, as citecheck.cli runs them."""

import argparse
import json
from datetime import timedelta
from pathlib import Path

import pytest

from citecheck.cli.app import build_parser
from citecheck.cli.audit import run as run_audit
from citecheck.cli.history import run as run_history
from citecheck.cli.values import parse_duration
from citecheck.errors import ConfigError
from citecheck.exitcodes import ExitCode
from citecheck.models import LinkStatus
from citecheck.store.errors import NothingToResumeError, StoreError
from tests.audit.audit_support import ManualClock, Page, ScriptedCheck, SimWeb

URLS = ["https://a.example/", "https://b.example/"]


def parser() -> argparse.ArgumentParser:
    p, handlers = build_parser()
    assert (handlers["audit"], handlers["history"]) == (run_audit, run_history)
    return p


def write_refs(tmp_path: Path) -> str:
    path = tmp_path / "refs.json"
    path.write_text(json.dumps({"references": [{"id": f"ref-{i}", "url": u}
                                               for i, u in enumerate(URLS)]}))
    return str(path)


def test_parse_duration() -> None:
    assert parse_duration("12h") == timedelta(hours=12)
    assert parse_duration("3") == timedelta(days=3)
    assert parse_duration("90s") == timedelta(seconds=90)
    with pytest.raises(argparse.ArgumentTypeError):
        parse_duration("soon")


def test_audit_exit_codes_follow_new_problems_only(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db, refs = str(tmp_path / "h.db"), write_refs(tmp_path)
    check = ScriptedCheck({URLS[0]: lambda d: LinkStatus.LIVE,
                           URLS[1]: lambda d: LinkStatus.NOT_FOUND if d else LinkStatus.LIVE})
    clock = ManualClock()

    def audit_day(day: int, *extra: str) -> ExitCode:
        check.day = day
        args = parser().parse_args(["audit", refs, "--db", db, "-q", *extra])
        code = run_audit(args, check_fn=check, clock=clock)
        clock.advance(timedelta(days=1))
        return code

    assert audit_day(0) is ExitCode.OK
    capsys.readouterr()
    report = tmp_path / "report.json"
    assert audit_day(1, "--changes-format", "json", "--format", "json", "--output",
                     str(report)) is ExitCode.FAILED
    changes = json.loads(capsys.readouterr().out)
    full = json.loads(report.read_text())
    assert [r["verdict"] for r in full["results"]] == ["ok", "dead"]
    assert full["results"][1]["history"] == {
        "checks": 2, "failing_since": "2026-11-02T02:00:00Z", "confirmed": False}
    assert changes["summary"]["newly-dead"] == 1
    assert [p["url"] for p in changes["new_problems"]] == [URLS[1]]
    assert audit_day(2) is ExitCode.OK  # still dead, but not new
    assert "No changes." in capsys.readouterr().out
    changes_md = tmp_path / "changes.md"
    assert audit_day(3, "--changes-format", "markdown", "--changes-output",
                     str(changes_md)) is ExitCode.OK
    assert capsys.readouterr().out == ""
    assert changes_md.read_text().startswith("# citecheck audit #4")


def test_audit_refuses_two_outputs_on_stdout(tmp_path: Path) -> None:
    args = parser().parse_args(["audit", write_refs(tmp_path), "--db", str(tmp_path / "h.db"),
                                "--format", "json,csv", "--output", str(tmp_path / "r.json")])
    check = ScriptedCheck({u: lambda d: LinkStatus.LIVE for u in URLS})
    with pytest.raises(ConfigError, match="change report goes to standard output"):
        run_audit(args, check_fn=check, clock=ManualClock())
    assert not check.requested


def test_resume_without_interrupted_audit_is_an_error(tmp_path: Path) -> None:
    refs = write_refs(tmp_path)
    args = parser().parse_args(["audit", refs, "--db", str(tmp_path / "h.db"), "--resume"])
    check = ScriptedCheck({u: lambda d: LinkStatus.LIVE for u in URLS})
    with pytest.raises(NothingToResumeError, match=r"no interrupted audit of .*refs\.json"):
        run_audit(args, check_fn=check, clock=ManualClock())
    assert not check.requested


def test_history_timeline_export_and_prune(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db, refs = str(tmp_path / "h.db"), write_refs(tmp_path)
    check = ScriptedCheck({URLS[0]: lambda d: LinkStatus.LIVE,
                           URLS[1]: lambda d: LinkStatus.TIMEOUT})
    clock = ManualClock()
    for day in range(4):
        check.day = day
        args = parser().parse_args(["audit", refs, "--db", db, "-q"])
        run_audit(args, check_fn=check, clock=clock)
        clock.advance(timedelta(days=1))
    capsys.readouterr()

    def history(*argv: str) -> str:
        assert run_history(parser().parse_args(["history", "--db", db, *argv]),
                           clock=clock) is ExitCode.OK
        return capsys.readouterr().out

    text = history(URLS[1])
    assert "4 distinct checks, failing since 2026-11-01T02:00:00Z (confirmed)" in text
    assert text.count("timeout") == 4
    doc = json.loads(history(URLS[1], "--format", "json"))
    assert doc["history"] == {"checks": 4, "failing_since": "2026-11-01T02:00:00Z",
                              "confirmed": True}
    assert [c["final_verdict"] for c in doc["checks"]] == ["unreachable"] * 3 + ["dead"]
    assert len(json.loads(history("--export", "json"))["checks"]) == 8
    out = tmp_path / "h.csv"
    history("--export", "csv", "--output", str(out))
    assert len(out.read_text().splitlines()) == 9
    prune = parser().parse_args(["history", "--db", db, "--prune", "2"])
    assert run_history(prune, clock=clock) is ExitCode.OK
    assert "deleted 2 checks" in capsys.readouterr().err
    remaining = json.loads(history("--export", "json"))["checks"]
    assert sorted(c["url"] for c in remaining) == [URLS[0]] * 2 + [URLS[1]] * 4


def test_history_needs_exactly_one_action_and_a_database(tmp_path: Path) -> None:
    args = parser().parse_args(["history", "--db", str(tmp_path / "h.db")])
    with pytest.raises(ConfigError, match="exactly one of"):
        run_history(args)
    args = parser().parse_args(["history", "https://a.example/", "--db",
                                str(tmp_path / "h.db")])
    with pytest.raises(StoreError, match="no history database"):
        run_history(args)
    assert not (tmp_path / "h.db").exists()


def test_wired_into_the_real_cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                 capsys: pytest.CaptureFixture[str]) -> None:
    """`citecheck audit`/`history` through cli.main, with real checks against a local web."""
    from citecheck import cli

    monkeypatch.chdir(tmp_path)  # no citecheck.toml of the repository applies
    with SimWeb() as web:
        web.pages["/ok"] = lambda day: Page(200, "Fine")
        web.pages["/gone"] = lambda day: Page(404)
        refs = tmp_path / "refs.json"
        refs.write_text(json.dumps({"references": [
            {"id": "ok", "url": web.url("/ok"), "title": "Fine"},
            {"id": "gone", "url": web.url("/gone")}]}))
        argv = ["audit", str(refs), "--db", str(tmp_path / "h.db"), "--allow-private",
                "--no-archive", "--no-probe", "--retries", "0", "-q",
                "--changes-format", "json"]
        assert cli.main(argv) == ExitCode.FAILED
        first = json.loads(capsys.readouterr().out)
        assert [c["id"] for c in first["changes"]] == ["gone"]
        assert cli.main(argv) == ExitCode.OK  # still dead: not new
        assert json.loads(capsys.readouterr().out)["summary"]["new_problems"] == 0
        assert web.hits == {"/ok": 1, "/gone": 2}  # /ok was fresh: reused
        assert cli.main(["history", web.url("/gone"), "--db", str(tmp_path / "h.db"),
                         "--format", "json"]) == ExitCode.OK
        timeline = json.loads(capsys.readouterr().out)
        # Two 404s seconds apart: both recorded, but one observation, so not yet confirmed.
        assert len(timeline["checks"]) == 2
        assert timeline["history"]["checks"] == 1 and timeline["history"]["confirmed"] is False
        assert cli.main(["audit", str(refs), "--db", str(tmp_path / "h.db"),
                         "--resume"]) == ExitCode.USAGE
        assert "no interrupted audit" in capsys.readouterr().err
        # Ignored since its last check: skipped now, not yesterday's OK reused.
        (tmp_path / "citecheck.toml").write_text('ignore = ["re:/ok$"]\n')
        report = tmp_path / "report.json"
        assert cli.main([*argv, "--format", "json", "--output", str(report)]) == ExitCode.OK
        verdicts = {r["id"]: r["verdict"] for r in json.loads(report.read_text())["results"]}
        assert verdicts == {"ok": "skipped", "gone": "dead"}
        assert web.hits["/ok"] == 1
