"""Choosing the history backend from ``--db``: a file path is SQLite, a URL PostgreSQL."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, cast

from citecheck.store.db import HistoryStore

if TYPE_CHECKING:
    pass


def is_database_url(target: str | os.PathLike[str] | None) -> bool:
    """``postgresql://…`` or ``postgres://…`` (a path never starts like that)."""
    from citecheck.store.postgres import is_postgres_url

    return is_postgres_url(target)


def open_history(
    target: str | os.PathLike[str] | None, *, migrate_to: int | None = None
) -> HistoryStore:
    """The history store ``target`` names: None is the default SQLite file.

    The PostgreSQL store has the same methods and contract as the SQLite one (the
    shared store and audit tests run on both), so callers see one type.
    """
    if isinstance(target, str) and is_database_url(target):
        from citecheck.store.postgres import PostgresHistoryStore

        return cast(HistoryStore, PostgresHistoryStore(target, migrate_to=migrate_to))
    return HistoryStore(target, migrate_to=migrate_to)


def db_target(text: str) -> str | Path:
    """argparse ``type`` for ``--db``: a database URL stays text, anything else is a path.

    (``Path("postgresql://u@h/db")`` would fold the ``//`` and lose the URL.)
    """
    return text if is_database_url(text) else Path(text)


def history_exists(target: str | os.PathLike[str]) -> bool:
    """Whether a query may open ``target`` without creating an empty history.

    A database URL is always taken to exist: connecting says whether it does, and the
    store only creates its tables, never the database.
    """
    if isinstance(target, str) and is_database_url(target):
        return True
    return Path(target).exists()
