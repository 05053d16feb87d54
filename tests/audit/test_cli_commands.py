"""The audit and history subcommands through argparse, as cli.py will run them."""

import argparse
import json
from datetime import timedelta
from pathlib import Path

import pytest

from citecheck.audit.cli_commands import (
    add_audit_parser,
    add_history_parser,
    parse_duration,
    run_audit,
    run_history,
)
from citecheck.errors import ConfigError
from citecheck.exitcodes import ExitCode
from citecheck.models import LinkStatus
from citecheck.store.errors import NothingToResumeError
from tests.audit.audit_support import ManualClock, ScriptedCheck

URLS = ["https://a.example/", "https://b.example/"]


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="citecheck")
    sub = p.add_subparsers(dest="command", required=True)
    add_audit_parser(sub)
    add_history_parser(sub)
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
    assert audit_day(1, "--format", "json", "--report", "json", "--report-output",
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


def test_history_needs_exactly_one_action(tmp_path: Path) -> None:
    args = parser().parse_args(["history", "--db", str(tmp_path / "h.db")])
    with pytest.raises(ConfigError, match="exactly one of"):
        run_history(args)
