import dataclasses
import json
from datetime import timedelta
from pathlib import Path

from citecheck.audit.changes import ChangeKind, compare
from citecheck.audit.render import render_json, render_markdown, render_table
from citecheck.models import ArchiveResult, ArchiveStatus, LinkStatus, Reference, Report
from citecheck.store.db import HistoryStore
from tests.audit.audit_support import START, make_result

A = Reference(id="a", url="https://a.example/x", title="Alpha")
B = Reference(id="b", url="https://b.example/y", title="Beta | pipes")
C = Reference(id="c", url="https://c.example/z")


def with_archive(result, status: ArchiveStatus, url: str | None = None):  # type: ignore[no-untyped-def]
    return dataclasses.replace(result, archive=ArchiveResult(status=status, url=url))


def previous_rows(tmp_path: Path):  # type: ignore[no-untyped-def]
    store = HistoryStore(tmp_path / "h.db")
    run = store.start_run(START, "0.1.0", ())
    for result in (
        with_archive(make_result(A, LinkStatus.LIVE, found="Alpha"), ArchiveStatus.MISSING),
        make_result(B, LinkStatus.LIVE, found="Beta | pipes"),
        make_result(C, LinkStatus.NOT_FOUND),
    ):
        store.record(run.id, result, START)
    store.finish_run(run.id, START + timedelta(minutes=1), {})
    rows = store.run_checks(run.id)
    store.close()
    return rows


def test_changes_and_new_problems(tmp_path: Path) -> None:
    rows = previous_rows(tmp_path)
    archived = "https://web.archive.org/web/2020/https://a.example/x"
    report = Report(results=(
        with_archive(make_result(A, LinkStatus.LIVE, found="Alpha"), ArchiveStatus.SUGGESTED,
                     archived),
        make_result(B, LinkStatus.LIVE, found="Something else"),
        make_result(C, LinkStatus.LIVE),
        make_result(Reference(id="d", url="https://d.example/"), LinkStatus.NOT_FOUND),
    ))
    changes = compare(report, rows, run_id=2, previous_run_id=1,
                      previous_finished_at="2026-11-01T02:01:00Z")
    kinds = {c.kind: (c.ref_id, c.before, c.after) for c in changes.changes}
    assert kinds == {
        ChangeKind.ARCHIVE_FOUND: ("a", "missing", "suggested"),
        ChangeKind.NEWLY_MISMATCHED: ("b", "ok", "mismatch"),
        ChangeKind.RECOVERED: ("c", "dead", "ok"),
        ChangeKind.NEWLY_DEAD: ("d", None, "dead"),
    }
    assert [r.id for r in changes.new_problems] == ["b", "d"]

    md = render_markdown(changes)
    assert "## Newly mismatched (1)" in md and "since audit #1" in md
    assert "| b | https://b.example/y | ok | mismatch |" in md
    doc = json.loads(render_json(changes))
    assert doc["summary"] == {"total": 4, "failing": 2, "new_problems": 2, "newly-dead": 1,
                              "recovered": 1, "newly-mismatched": 1, "archive-found": 1}
    table = render_table(changes)
    assert "Archive newly found (1)" in table and "(new)" in table


def test_archive_gate_counts_as_a_problem_only_when_new(tmp_path: Path) -> None:
    rows = previous_rows(tmp_path)
    gate = frozenset({ArchiveStatus.MISSING})
    still_missing = with_archive(make_result(A, LinkStatus.LIVE, found="Alpha"),
                                 ArchiveStatus.MISSING)
    newly_missing = with_archive(make_result(B, LinkStatus.LIVE, found="Beta | pipes"),
                                 ArchiveStatus.MISSING)
    report = Report(results=(still_missing, newly_missing), fail_on_archive=gate)
    changes = compare(report, rows, run_id=2)
    assert [r.id for r in changes.new_problems] == ["b"]


def test_first_audit_reports_every_problem(tmp_path: Path) -> None:
    report = Report(results=(make_result(C, LinkStatus.NOT_FOUND),))
    changes = compare(report, None, run_id=1)
    assert [r.id for r in changes.new_problems] == ["c"]
    assert "first audit" in render_table(changes)
