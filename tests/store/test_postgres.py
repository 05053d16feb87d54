"""The PostgreSQL history store against a real server on 127.0.0.1 (a throwaway cluster).

The server is started here from Debian's ``postgresql`` package (initdb + pg_ctl, as the
``postgres`` user when run as root) in a temporary directory, with TCP on 127.0.0.1
only. Without the package the tests are skipped, except in CI (CI=true), where the
setup installs it, so a missing server fails the run.
"""

from __future__ import annotations

import glob
import multiprocessing
import os
import secrets
import shutil
import socket
import sqlite3
import subprocess
import tempfile
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from citecheck.audit.run import run_audit
from citecheck.models import LinkStatus, Verdict
from citecheck.store import open_history
from citecheck.store.db import HistoryStore
from citecheck.store.errors import RunInUseError, SchemaTooNewError, StoreError
from citecheck.store.rows import reference_key
from citecheck.store.schema import CURRENT_VERSION
from tests.audit.audit_support import ManualClock, ScriptedCheck
from tests.store.test_history_store import T0, result
from tests.support.tools import tool_missing

try:
    import psycopg

    from citecheck.store.postgres import PostgresHistoryStore
except ImportError as exc:  # the `scale` extra, which .ci/run installs
    tool_missing("psycopg", f"pip install '.[scale]' ({exc})", module_level=True)


def _pg_bin() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


def _as_postgres(args: list[str]) -> list[str]:
    # PostgreSQL refuses to run as root; Debian's package provides the postgres user.
    # runuser lives in /usr/sbin, which a minimal PATH (env -i, some CI images) lacks.
    if os.geteuid() != 0:
        return args
    runuser = shutil.which("runuser", path=f"{os.environ.get('PATH', '')}:/usr/sbin:/sbin")
    return [runuser or "runuser", "-u", "postgres", "--", *args]


@pytest.fixture(scope="session")
def pg_server() -> Iterator[str]:
    bin_dir = _pg_bin()
    if bin_dir is None:
        tool_missing("PostgreSQL", "Debian: apt-get install postgresql")
    base = Path(tempfile.mkdtemp(prefix="citecheck-pg-"))
    data, sockets = base / "data", base / "sock"
    sockets.mkdir()
    if os.geteuid() == 0:
        shutil.chown(base, "postgres")
        shutil.chown(sockets, "postgres")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    subprocess.run(
        _as_postgres([str(bin_dir / "initdb"), "-D", str(data), "-A", "trust", "-U", "postgres",
                      "-E", "UTF8", "--no-sync"]),
        check=True, capture_output=True,
    )
    options = (f"-c listen_addresses=127.0.0.1 -p {port} -k {sockets} -c fsync=off "
               "-c synchronous_commit=off -c full_page_writes=off")
    subprocess.run(
        _as_postgres([str(bin_dir / "pg_ctl"), "-D", str(data), "-l", str(base / "log"),
                      "-o", options, "-w", "-t", "30", "start"]),
        check=True, capture_output=True,
    )
    try:
        yield f"postgresql://postgres@127.0.0.1:{port}"
    finally:
        subprocess.run(
            _as_postgres([str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"]),
            capture_output=True,
        )
        shutil.rmtree(base, ignore_errors=True)


@pytest.fixture
def pg_url(pg_server: str) -> str:
    """A new, empty database for each test."""
    name = "t_" + secrets.token_hex(6)
    with psycopg.connect(pg_server + "/postgres", autocommit=True) as admin:
        admin.execute(f"CREATE DATABASE {name}")
    return f"{pg_server}/{name}"


def test_round_trip_rebuilds_the_result_exactly(pg_url: str) -> None:
    original = result("https://a.example/", LinkStatus.UNREACHABLE, Verdict.UNREACHABLE,
                      title="Ça marche")
    with open_history(pg_url) as store:
        assert isinstance(store, PostgresHistoryStore)
        assert store.schema_version() == CURRENT_VERSION
        run = store.start_run(T0, "0.1.0", ("refs.json",))
        assert store.record(run.id, original, T0)
        assert not store.record(run.id, original, T0 + timedelta(minutes=1))  # once per run
        row = store.run_checks(run.id)[reference_key(original.reference)]
        assert row.to_result(original.reference) == original  # floats too: 0.93 stays 0.93
        assert store.latest_check(row.ref_key) == row
        assert store.integrity_ok()


def test_layout_is_the_sqlite_layout(pg_url: str, tmp_path: Path) -> None:
    with HistoryStore(tmp_path / "h.db"):
        pass
    lite = sqlite3.connect(tmp_path / "h.db")
    with open_history(pg_url) as store:
        for table in ("runs", "checks"):
            expected = [row[1] for row in lite.execute(f"PRAGMA table_info({table})")]
            rows = store._read(
                "SELECT column_name FROM information_schema.columns WHERE table_name = %s"
                " ORDER BY ordinal_position", (table,))
            assert [r["column_name"] for r in rows] == expected
        lite_indexes = {r[0] for r in lite.execute(
            "SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL")}
        pg_indexes = {r["indexname"] for r in store._read(
            "SELECT indexname FROM pg_indexes WHERE indexname LIKE 'checks_by_%%'")}
        assert pg_indexes == lite_indexes == {"checks_by_url", "checks_by_ref"}


def test_migrates_a_version_1_database(pg_url: str) -> None:
    PostgresHistoryStore(pg_url, migrate_to=1).close()
    with psycopg.connect(pg_url, autocommit=True) as db:
        db.execute("INSERT INTO runs (id, started_at, finished_at, tool_version, inputs, "
                   "complete) VALUES (1, '2026-10-01T02:00:00Z', '2026-10-01T02:01:00Z', "
                   "'0.0.9', '[]', 1)")
        for day in (1, 2, 3):
            db.execute(
                "INSERT INTO checks (run_id, ref_key, url, checked_at, verdict, reasons,"
                " link_status, redirects, attempts, title_match, archive_status)"
                " VALUES (1, %s, 'https://old.example/', %s, 'unreachable', '[\"timeout\"]',"
                " 'timeout', '[]', 3, 'unknown', 'missing')",
                (f"k{day}", f"2026-10-0{day}T02:00:00Z"),
            )
        db.execute("SELECT setval(pg_get_serial_sequence('runs', 'id'), 1)")
    with open_history(pg_url) as store:
        assert store.schema_version() == CURRENT_VERSION
        run = store.run(1)
        assert run.complete and not run.offline and run.owner_pid is None
        rows = store.url_checks("https://old.example/")
        assert [r.final_verdict for r in rows] == [Verdict.UNREACHABLE] * 3
        new = store.start_run(T0, "0.1.0", ())
        assert new.id == 2
        assert store.record(new.id, result("https://old.example/", LinkStatus.TIMEOUT,
                                           Verdict.UNREACHABLE), T0)
        assert len(store.url_checks("https://old.example/")) == 4


def test_refuses_a_newer_schema_and_a_bad_url(pg_url: str, pg_server: str) -> None:
    open_history(pg_url).close()
    with psycopg.connect(pg_url, autocommit=True) as db:
        db.execute("UPDATE citecheck_schema SET version = 99")
    with pytest.raises(SchemaTooNewError):
        open_history(pg_url)
    with pytest.raises(StoreError, match="cannot open history database"):
        open_history(pg_server + "/no_such_database")
    store_url = pg_server.replace("postgres@", "postgres:s3cret@") + "/no_such_database"
    with pytest.raises(StoreError) as failure:
        open_history(store_url)
    assert "s3cret" not in str(failure.value)


def test_resume_claim_refuses_a_live_owner_anywhere(pg_url: str) -> None:
    owner = PostgresHistoryStore(pg_url)
    run = owner.start_run(T0, "0.1.0", ("a",))
    with open_history(pg_url) as other:
        with pytest.raises(RunInUseError):  # the owner's connection holds the run
            other.claim_run(run.id)
        owner.close()  # the owning process ends (or dies): its lock goes with it
        claimed = other.claim_run(run.id)
        assert claimed.owner_pid == os.getpid()
        assert other.latest_incomplete_run(("a",)) == claimed
        assert other.latest_incomplete_run(("b",)) is None


def test_prune_keeps_failing_streaks_and_the_baseline(pg_url: str) -> None:
    ok, down = "https://ok.example/", "https://down.example/"
    with open_history(pg_url) as store:
        for day in range(10):
            at = T0 + timedelta(days=day)
            run = store.start_run(at, "0.1.0", ())
            store.record(run.id, result(ok, LinkStatus.LIVE, Verdict.OK), at)
            status = LinkStatus.LIVE if day < 4 else LinkStatus.TIMEOUT
            verdict = Verdict.OK if day < 4 else Verdict.UNREACHABLE
            store.record(run.id, result(down, status, verdict), at)
            store.finish_run(run.id, at, {})
        deleted = store.prune(T0 + timedelta(days=8))
        assert [r.checked_at[:10] for r in store.url_checks(ok)] == ["2026-11-09", "2026-11-10"]
        assert len(store.url_checks(down)) == 6
        assert deleted == 8 + 4
        assert len(store.runs()) == 6
        assert store.integrity_ok()


def _audit_month(store: Any) -> list[tuple[str, ...]]:
    """A URL that fails from day 2 on, audited daily: what each day's audit said."""
    from citecheck.models import Reference

    refs = [Reference(id="a", url="https://a.example/"), Reference(id="b", url="https://b.example/")]
    check = ScriptedCheck({
        "https://a.example/": lambda day: LinkStatus.LIVE,
        "https://b.example/": lambda day: LinkStatus.TIMEOUT if day >= 2 else LinkStatus.LIVE,
    })
    clock = ManualClock()
    said = []
    from citecheck.options import CheckOptions

    for day in range(7):
        check.day = day
        outcome = run_audit(refs, CheckOptions(), store, clock, check, max_age=timedelta(0))
        said.append(tuple(f"{r.id}:{r.verdict.value}:{r.history.checks}:{r.history.confirmed}"
                          for r in outcome.report.results)
                    + tuple(sorted(c.kind.value for c in outcome.changes.changes)))
        clock.advance(timedelta(days=1))
    return said


def test_audits_on_postgresql_say_what_they_say_on_sqlite(pg_url: str, tmp_path: Path) -> None:
    with HistoryStore(tmp_path / "h.db") as lite:
        expected = _audit_month(lite)
    with open_history(pg_url) as store:
        assert _audit_month(store) == expected
    assert any("b:dead" in part for day in expected for part in day)  # confirmation happened


def _open_and_write(url: str, barrier: Any) -> None:
    barrier.wait()  # every process opens the new database at the same moment
    with PostgresHistoryStore(url) as store:
        run = store.start_run(T0, "0.1.0", ())
        for i in range(10):
            store.record(run.id, result(f"https://h{i}.example/", LinkStatus.LIVE, Verdict.OK),
                         T0)
        store.finish_run(run.id, T0, {})


def test_processes_creating_one_database_at_once(pg_url: str) -> None:
    ctx = multiprocessing.get_context("fork")
    barrier = ctx.Barrier(4)
    procs = [ctx.Process(target=_open_and_write, args=(pg_url, barrier)) for _ in range(4)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(60)
    assert [p.exitcode for p in procs] == [0] * 4
    with open_history(pg_url) as store:
        assert store.schema_version() == CURRENT_VERSION
        assert [r.complete for r in store.runs()] == [True] * 4
        assert sum(1 for _ in store.all_checks()) == 40
