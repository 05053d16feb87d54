"""The history database layout and the migrations that build it, step by step.

``PRAGMA user_version`` holds the schema version. Each migration takes the database
from version ``i`` to ``i + 1`` and runs in the same write transaction as the version
bump, so a crash mid-migration leaves the previous version intact. Never edit a
released migration: append a new one.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

from citecheck.store.errors import SchemaTooNewError


def _v1(db: sqlite3.Connection) -> None:
    """The first layout: runs, and one row per reference checked in a run."""
    db.execute(
        """CREATE TABLE runs (
            id INTEGER PRIMARY KEY,
            started_at TEXT NOT NULL,
            finished_at TEXT,
            tool_version TEXT NOT NULL,
            inputs TEXT NOT NULL,                -- JSON list of input names
            complete INTEGER NOT NULL DEFAULT 0
        )"""
    )
    db.execute(
        """CREATE TABLE checks (
            id INTEGER PRIMARY KEY,
            run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
            ref_key TEXT NOT NULL,               -- digest of the fields a check depends on
            url TEXT NOT NULL,                   -- '' when the reference had no URL
            cited_title TEXT,
            checked_at TEXT NOT NULL,
            verdict TEXT NOT NULL,               -- as the check judged it, before history
            reasons TEXT NOT NULL,               -- JSON list
            link_status TEXT NOT NULL,
            http_status INTEGER,
            final_url TEXT,
            redirects TEXT NOT NULL,             -- JSON list
            error_kind TEXT,
            error TEXT,
            attempts INTEGER NOT NULL,
            elapsed_ms INTEGER,
            title_found TEXT,
            title_source TEXT,
            title_match TEXT NOT NULL,
            title_score REAL,
            archive_status TEXT NOT NULL,
            archive_url TEXT,
            archive_timestamp TEXT,
            archive_title TEXT,
            archive_title_match TEXT,
            archive_reason TEXT,
            -- A run records each reference once, however many processes report it.
            UNIQUE (run_id, ref_key)
        )"""
    )
    db.execute("CREATE INDEX checks_by_url ON checks (url, checked_at)")


def _v2(db: sqlite3.Connection) -> None:
    """Resume ownership, offline runs, reused (cached) results and the final verdict."""
    # Which process is running (or last ran) an audit: resume refuses a live owner.
    db.execute("ALTER TABLE runs ADD COLUMN owner_pid INTEGER")
    db.execute("ALTER TABLE runs ADD COLUMN owner_host TEXT")
    # A run during which citecheck itself was offline: its failures are no evidence.
    db.execute("ALTER TABLE runs ADD COLUMN offline INTEGER NOT NULL DEFAULT 0")
    # Set on a row that copies an earlier check instead of requesting the URL again;
    # such rows belong to the run's report but are not checks for confirmation.
    db.execute("ALTER TABLE checks ADD COLUMN reused_from INTEGER")
    # The verdict after history (an `unreachable` confirmed as `dead`), for the next
    # audit's change report. Version 1 applied no history, so its verdicts were final.
    db.execute("ALTER TABLE checks ADD COLUMN final_verdict TEXT")
    db.execute("UPDATE checks SET final_verdict = verdict")
    db.execute("CREATE INDEX checks_by_ref ON checks (ref_key, checked_at)")


def _v3(db: sqlite3.Connection) -> None:
    """The evidence a row's fixed columns have no place for (see ``rows.evidence_json``)."""
    # Without it a reused or resumed result lost its moved-to page, drift, quote finding
    # and the replacement capture of a broken archive copy.
    db.execute("ALTER TABLE checks ADD COLUMN evidence TEXT")  # a JSON object, or NULL


MIGRATIONS: tuple[Callable[[sqlite3.Connection], None], ...] = (_v1, _v2, _v3)
CURRENT_VERSION = len(MIGRATIONS)


def user_version(db: sqlite3.Connection) -> int:
    return int(db.execute("PRAGMA user_version").fetchone()[0])


def migrate(db: sqlite3.Connection, target: int = CURRENT_VERSION) -> int:
    """Bring ``db`` (in autocommit mode) up to ``target``; return the version it had.

    The write lock is taken before the version is read, so two processes opening a new
    database at once migrate it exactly once.
    """
    db.execute("BEGIN IMMEDIATE")
    try:
        found = user_version(db)
        if found > CURRENT_VERSION:
            raise SchemaTooNewError(
                f"history schema version {found} is newer than this citecheck "
                f"understands ({CURRENT_VERSION}); upgrade citecheck"
            )
        for version in range(found, target):
            MIGRATIONS[version](db)
            # user_version is part of the transaction: rolled back with it on failure.
            db.execute(f"PRAGMA user_version = {version + 1}")
        db.execute("COMMIT")
    except BaseException:
        db.execute("ROLLBACK")
        raise
    return found
