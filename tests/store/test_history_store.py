import json
import multiprocessing
import os
import sqlite3
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from citecheck.models import (
    ArchiveResult,
    ArchiveStatus,
    ErrorKind,
    LinkResult,
    LinkStatus,
    MovedTo,
    QuoteResult,
    QuoteStatus,
    Reference,
    Result,
    TextDrift,
    TitleMatch,
    TitleResult,
    Verdict,
)
from citecheck.store.db import HistoryStore
from citecheck.store.errors import RunInUseError, SchemaTooNewError, StoreError
from citecheck.store.rows import reference_key, result_values
from citecheck.store.schema import CURRENT_VERSION

T0 = datetime(2026, 11, 1, 2, 0, tzinfo=UTC)


def result(url: str, status: LinkStatus, verdict: Verdict, **ref: str) -> Result:
    reference = Reference(id="r1", url=url, **ref)
    return Result(
        reference=reference,
        verdict=verdict,
        reasons=("because", "and so"),
        link=LinkResult(status=status, http_status=404 if verdict is Verdict.DEAD else 200,
                        final_url=url + "?x", redirects=(url + "/a",),
                        error_kind=ErrorKind.TLS if status is LinkStatus.UNREACHABLE else None,
                        error="boom", attempts=2, elapsed_ms=84),
        title=TitleResult(cited=reference.title, found="Ça marche", source="title",
                          match=TitleMatch.MATCH, score=0.93),
        archive=ArchiveResult(status=ArchiveStatus.SUGGESTED, url="https://web.archive.org/x",
                              timestamp="20180427093000", title="Old", reason="nearest",
                              title_match=TitleMatch.MISMATCH),
    )


def test_round_trip_rebuilds_the_result_exactly(tmp_path: Path) -> None:
    original = result("https://a.example/", LinkStatus.UNREACHABLE, Verdict.UNREACHABLE,
                      title="Ça marche")
    with HistoryStore(tmp_path / "h.db") as store:
        run = store.start_run(T0, "0.1.0", ("refs.json",))
        assert store.record(run.id, original, T0)
        assert not store.record(run.id, original, T0 + timedelta(minutes=1))  # once per run
        row = store.run_checks(run.id)[reference_key(original.reference)]
        assert row.to_result(original.reference) == original
        assert row.to_result(original.reference, note="cached").reasons[-1] == "cached"


def test_round_trip_keeps_the_optional_evidence(tmp_path: Path) -> None:
    """A reused or resumed result keeps its moved-to page, drift, quote finding and the
    replacement for a broken archive copy (schema 2 dropped them all)."""
    base = result("https://b.example/", LinkStatus.NOT_FOUND, Verdict.DEAD, title="Gone",
                  quote="a passage")
    original = replace(
        base,
        link=replace(base.link, moved_to=MovedTo("https://b.example/new", "sitemap", 0.91)),
        title=replace(base.title, match=TitleMatch.UNKNOWN, comparable=True,
                      reason="the page's text has some of its words (61%)"),
        archive=replace(base.archive, status=ArchiveStatus.BROKEN, replacement=ArchiveResult(
            status=ArchiveStatus.SUGGESTED, url="https://web.archive.org/web/2018/b",
            timestamp="20180101000000", title="Gone", title_match=TitleMatch.MATCH,
            reason="nearest usable capture")),
        drift=TextDrift(similarity=0.3125, since="20180101000000"),
        quote=QuoteResult(QuoteStatus.FOUND_IN_CAPTURE, capture="20180101000000",
                          reason="found in the capture of 2018-01-01"),
    )
    with HistoryStore(tmp_path / "h.db") as store:
        run = store.start_run(T0, "0.1.0", ())
        assert store.record(run.id, original, T0)
        row = store.run_checks(run.id)[reference_key(original.reference)]
        assert row.to_result(original.reference) == original
        assert row.to_dict()["evidence"]["moved_to"]["url"] == "https://b.example/new"


def test_reference_key_covers_the_quote_and_keeps_old_keys() -> None:
    plain = Reference(id="r1", url="https://a.example/", title="T")
    quoted = replace(plain, quote="a passage")
    assert reference_key(quoted) != reference_key(plain)
    assert reference_key(quoted) != reference_key(replace(plain, quote="another passage"))
    # The key of a reference without a quote is what schema 2's citecheck computed.
    assert reference_key(plain) == "2f65cf060793c58efc2258a9d34615a9"


def test_database_is_wal_and_versioned(tmp_path: Path) -> None:
    path = tmp_path / "sub" / "h.db"
    with HistoryStore(path) as store:
        assert store.schema_version() == CURRENT_VERSION == 3
    db = sqlite3.connect(path)
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    db.close()


def test_default_path_is_the_user_data_dir(tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    with HistoryStore() as store:
        assert store.path == tmp_path / "citecheck" / "history.sqlite3"
        assert store.path.exists()


def test_migrates_a_version_1_database(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    HistoryStore(path, migrate_to=1).close()
    db = sqlite3.connect(path)
    assert db.execute("PRAGMA user_version").fetchone()[0] == 1
    # Rows as citecheck with schema 1 wrote them: three failing days of one URL.
    db.execute("INSERT INTO runs (id, started_at, finished_at, tool_version, inputs, complete)"
               " VALUES (1, '2026-10-01T02:00:00Z', '2026-10-01T02:01:00Z', '0.0.9', '[]', 1)")
    for day in (1, 2, 3):
        db.execute(
            "INSERT INTO checks (run_id, ref_key, url, checked_at, verdict, reasons,"
            " link_status, redirects, attempts, title_match, archive_status)"
            " VALUES (1, ?, 'https://old.example/', ?, 'unreachable', '[\"timeout\"]',"
            " 'timeout', '[]', 3, 'unknown', 'missing')",
            (f"k{day}", f"2026-10-0{day}T02:00:00Z"),
        )
    db.commit()
    db.close()
    with HistoryStore(path) as store:
        assert store.schema_version() == CURRENT_VERSION
        run = store.run(1)
        assert run.complete and not run.offline and run.owner_pid is None
        rows = store.url_checks("https://old.example/")
        assert [r.final_verdict for r in rows] == [Verdict.UNREACHABLE] * 3
        assert [r.is_reused for r in rows] == [False] * 3
        assert rows[0].reasons == ("timeout",)
        # The migrated database takes new writes.
        new = store.start_run(T0, "0.1.0", ())
        assert store.record(new.id, result("https://old.example/", LinkStatus.TIMEOUT,
                                           Verdict.UNREACHABLE), T0)
        assert len(store.url_checks("https://old.example/")) == 4


def test_migrates_a_version_2_database_without_evidence(tmp_path: Path) -> None:
    path = tmp_path / "v2.db"
    old = result("https://c.example/", LinkStatus.LIVE, Verdict.OK, title="Here")
    with HistoryStore(path, migrate_to=2) as store:
        run = store.start_run(T0, "0.1.0", ())
    # The row as schema 2's citecheck wrote it: every column but the evidence.
    values = {k: v for k, v in result_values(old).items() if k != "evidence"}
    values.update(run_id=run.id, checked_at="2026-11-01T02:00:00Z", final_verdict="ok")
    with sqlite3.connect(path) as db:
        db.execute(f"INSERT INTO checks ({', '.join(values)})"
                   f" VALUES ({', '.join(':' + k for k in values)})", values)
    with HistoryStore(path) as store:
        assert store.schema_version() == CURRENT_VERSION
        (row,) = store.url_checks("https://c.example/")
        assert row.evidence is None
        assert row.to_result(old.reference) == old


def test_refuses_a_newer_schema(tmp_path: Path) -> None:
    path = tmp_path / "future.db"
    HistoryStore(path).close()
    db = sqlite3.connect(path)
    db.execute("PRAGMA user_version = 99")
    db.close()
    with pytest.raises(SchemaTooNewError):
        HistoryStore(path)


def test_not_a_database(tmp_path: Path) -> None:
    path = tmp_path / "junk.db"
    path.write_bytes(b"this is not sqlite at all" * 100)
    with pytest.raises(StoreError):
        HistoryStore(path)


def test_resume_claim_refuses_a_live_owner(tmp_path: Path) -> None:
    with HistoryStore(tmp_path / "h.db") as store:
        run = store.start_run(T0, "0.1.0", ("a",))
        # Pretend another live process (our parent) owns it.
        store._db.execute("UPDATE runs SET owner_pid = ? WHERE id = ?", (os.getppid(), run.id))
        with pytest.raises(RunInUseError):
            store.claim_run(run.id)
        store._db.execute("UPDATE runs SET owner_host = 'elsewhere' WHERE id = ?", (run.id,))
        assert store.claim_run(run.id).owner_pid == os.getpid()
        assert store.latest_incomplete_run(("a",)) == store.run(run.id)
        assert store.latest_incomplete_run(("b",)) is None


def test_prune_keeps_failing_streaks_and_the_baseline(tmp_path: Path) -> None:
    ok, down = "https://ok.example/", "https://down.example/"
    with HistoryStore(tmp_path / "h.db") as store:
        for day in range(10):
            at = T0 + timedelta(days=day)
            run = store.start_run(at, "0.1.0", ())
            store.record(run.id, result(ok, LinkStatus.LIVE, Verdict.OK), at)
            status = LinkStatus.LIVE if day < 4 else LinkStatus.TIMEOUT
            verdict = Verdict.OK if day < 4 else Verdict.UNREACHABLE
            store.record(run.id, result(down, status, verdict), at)
            store.finish_run(run.id, at, {})
        deleted = store.prune(T0 + timedelta(days=8))
        # ok: days 0-7 go (day 8, 9: newer; 9 is also the baseline run).
        assert [r.checked_at[:10] for r in store.url_checks(ok)] == ["2026-11-09", "2026-11-10"]
        # down: its last success (day 3) and before go; the failing streak 4-9 stays.
        assert len(store.url_checks(down)) == 6
        assert deleted == 8 + 4
        assert len(store.runs()) == 6
        assert store.integrity_ok()


def test_export_writes_parseable_json_and_csv(tmp_path: Path) -> None:
    import csv
    import io

    from citecheck.store.export import write_csv, write_json

    with HistoryStore(tmp_path / "h.db") as store:
        run = store.start_run(T0, "0.1.0", ("refs.json",))
        store.record(run.id, result("https://a.example/", LinkStatus.LIVE, Verdict.OK), T0)
        dead = result("https://b.example/", LinkStatus.NOT_FOUND, Verdict.DEAD)
        moved = MovedTo("https://b.example/new", "feed", 0.9)
        store.record(run.id, replace(dead, link=replace(dead.link, moved_to=moved)), T0)
        out = io.StringIO()
        write_json(store, out)
        doc = json.loads(out.getvalue())
        assert doc["schema"] == "citecheck-history/1"
        assert doc["runs"][0]["inputs"] == ["refs.json"]
        assert [c["verdict"] for c in doc["checks"]] == ["ok", "dead"]
        assert doc["checks"][1]["redirects"] == ["https://b.example//a"]
        assert doc["checks"][0]["evidence"] is None
        assert doc["checks"][1]["evidence"]["moved_to"]["evidence"] == "feed"
        out = io.StringIO()
        write_csv(store, out)
        rows = list(csv.DictReader(io.StringIO(out.getvalue())))
        assert [r["url"] for r in rows] == ["https://a.example/", "https://b.example/"]
        assert json.loads(rows[0]["reasons"]) == ["because", "and so"]
        assert rows[0]["title_found"] == "Ça marche"
        assert rows[0]["evidence"] == ""
        assert json.loads(rows[1]["evidence"])["moved_to"]["url"] == "https://b.example/new"


def _open_and_write(path: str, barrier: Any) -> None:
    barrier.wait()  # every process creates the new database at the same moment
    with HistoryStore(path) as store:
        run = store.start_run(T0, "0.1.0", ())
        for i in range(20):
            url = f"https://h{i}.example/"
            store.record(run.id, result(url, LinkStatus.LIVE, Verdict.OK), T0)
        store.finish_run(run.id, T0, {})


def test_processes_creating_one_database_at_once(tmp_path: Path) -> None:
    ctx = multiprocessing.get_context("fork")
    for attempt in range(8):
        path = str(tmp_path / f"new{attempt}.db")
        barrier = ctx.Barrier(6)
        procs = [ctx.Process(target=_open_and_write, args=(path, barrier)) for _ in range(6)]
        for p in procs:
            p.start()
        for p in procs:
            p.join(60)
        assert [p.exitcode for p in procs] == [0] * 6
        with HistoryStore(path) as store:
            assert store.schema_version() == CURRENT_VERSION
            assert [r.complete for r in store.runs()] == [True] * 6
            assert sum(1 for _ in store.all_checks()) == 120
            assert store.integrity_ok()
