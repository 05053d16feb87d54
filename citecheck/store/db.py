"""The history store: one SQLite file in WAL mode, shared safely by concurrent audits.

Concurrency: every write is a short ``BEGIN IMMEDIATE`` transaction (the write lock is
taken up front, so two writers never deadlock upgrading a read lock) and waits up to
``busy_timeout`` for another process's lock. WAL lets readers run while one process
writes. Crash safety: each finished check is its own committed transaction, so a
killed process loses only the checks still in flight. ``synchronous=NORMAL`` keeps
commits durable across a process crash; only a power cut may lose the latest ones.
"""

from __future__ import annotations

import json
import os
import socket
import sqlite3
import threading
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import platformdirs

from citecheck.store.clock import to_stored
from citecheck.store.errors import RunInUseError, StoreError
from citecheck.store.queries import HistoryQueries
from citecheck.store.rows import SqlRow
from citecheck.store.schema import migrate

DEFAULT_BUSY_TIMEOUT = 30.0


def default_db_path() -> Path:
    return Path(platformdirs.user_data_dir("citecheck")) / "history.sqlite3"


@dataclass(frozen=True)
class RunInfo:
    id: int
    started_at: str
    finished_at: str | None
    tool_version: str
    inputs: tuple[str, ...]
    complete: bool
    offline: bool
    owner_pid: int | None
    owner_host: str | None

    @classmethod
    def from_sql(cls, row: SqlRow) -> RunInfo:
        return cls(
            id=row["id"],
            started_at=row["started_at"],
            finished_at=row["finished_at"],
            tool_version=row["tool_version"],
            inputs=tuple(json.loads(row["inputs"])),
            complete=bool(row["complete"]),
            offline=bool(row["offline"]),
            owner_pid=row["owner_pid"],
            owner_host=row["owner_host"],
        )


class HistoryStore(HistoryQueries):
    """All reads and writes of the history database.

    One connection per store, usable from several threads (the check engine reports
    results from its workers); a lock serialises use of that connection. ``path`` None
    is the user's data directory; ``migrate_to`` stops at an older schema version
    (for testing migrations).
    """

    def __init__(self, path: str | os.PathLike[str] | None = None, *,
                 busy_timeout: float = DEFAULT_BUSY_TIMEOUT, migrate_to: int | None = None):
        self.path = Path(path) if path is not None else default_db_path()
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            # isolation_level=None: we issue BEGIN/COMMIT ourselves, nothing implicit.
            self._db = sqlite3.connect(
                self.path, timeout=busy_timeout, isolation_level=None,
                check_same_thread=False,
            )
        except (OSError, sqlite3.Error) as exc:
            raise StoreError(f"cannot open history database {self.path}: {exc}") from exc
        self._db.row_factory = sqlite3.Row
        self._lock = threading.RLock()
        try:
            self._db.execute(f"PRAGMA busy_timeout = {int(busy_timeout * 1000)}")
            mode = self._enable_wal(busy_timeout)
            if mode.lower() != "wal":
                raise StoreError(f"{self.path}: the file system does not support WAL ({mode})")
            self._db.execute("PRAGMA synchronous = NORMAL")
            self._db.execute("PRAGMA foreign_keys = ON")
            if migrate_to is None:
                migrate(self._db)
            else:
                migrate(self._db, migrate_to)
        except sqlite3.DatabaseError as exc:
            self._db.close()
            raise StoreError(f"{self.path} is not a usable history database: {exc}") from exc
        except BaseException:
            self._db.close()
            raise

    # -- plumbing -----------------------------------------------------------------

    def _enable_wal(self, busy_timeout: float) -> str:
        """Switch to WAL, waiting out another process doing the same on a new file.

        SQLite does not call the busy handler for this switch, so two audits creating
        one database at once would otherwise fail with "database is locked". WAL is
        persistent: once one process has switched, the others find it already on.
        """
        deadline = time.monotonic() + busy_timeout
        pause = 0.01
        while True:
            try:
                return str(self._db.execute("PRAGMA journal_mode = WAL").fetchone()[0])
            except sqlite3.OperationalError as exc:
                busy = exc.sqlite_errorcode in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED)
                if not busy or time.monotonic() + pause > deadline:
                    raise
            time.sleep(pause)
            pause = min(pause * 2, 0.25)

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def __enter__(self) -> HistoryStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                yield self._db
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")

    def _read(self, sql: str, params: Mapping[str, object] | tuple[object, ...] = ()
              ) -> list[sqlite3.Row]:
        with self._lock:
            return self._db.execute(sql, params).fetchall()

    def schema_version(self) -> int:
        return int(self._read("PRAGMA user_version")[0][0])

    def integrity_ok(self) -> bool:
        return bool(self._read("PRAGMA integrity_check")[0][0] == "ok")

    # -- runs ---------------------------------------------------------------------

    def start_run(self, started_at: datetime, tool_version: str,
                  inputs: tuple[str, ...]) -> RunInfo:
        with self._write() as db:
            cur = db.execute(
                "INSERT INTO runs (started_at, tool_version, inputs, owner_pid, owner_host)"
                " VALUES (?, ?, ?, ?, ?)",
                (to_stored(started_at), tool_version, json.dumps(list(inputs)),
                 os.getpid(), socket.gethostname()),
            )
            run_id = cur.lastrowid
        assert run_id is not None
        return self.run(run_id)

    def claim_run(self, run_id: int) -> RunInfo:
        """Make this process the owner of an interrupted run, unless its owner still lives."""
        with self._write() as db:
            row = db.execute("SELECT * FROM runs WHERE id = ?", (run_id,)).fetchone()
            if row is None:
                raise StoreError(f"no run {run_id} in {self.path}")
            run = RunInfo.from_sql(row)
            if run.complete:
                raise StoreError(f"run {run_id} is already complete")
            if run.owner_pid != os.getpid() and _owner_alive(run.owner_pid, run.owner_host):
                raise RunInUseError(
                    f"audit run {run_id} is still running in process {run.owner_pid}"
                )
            db.execute(
                "UPDATE runs SET owner_pid = ?, owner_host = ? WHERE id = ?",
                (os.getpid(), socket.gethostname(), run_id),
            )
        return self.run(run_id)


def _owner_alive(pid: int | None, host: str | None) -> bool:
    # SQLite WAL needs every user on one host, so an owner on another host means the
    # file was moved (e.g. restored from a CI cache): that process is not running here.
    if pid is None or host != socket.gethostname():
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
