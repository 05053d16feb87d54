"""Choosing the history backend from ``--db``: a file path is SQLite, a URL PostgreSQL."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from citecheck.store.db import HistoryStore

if TYPE_CHECKING:
    from citecheck.store.postgres import PostgresHistoryStore


def is_database_url(target: str | os.PathLike[str] | None) -> bool:
    """``postgresql://…`` or ``postgres://…`` (a path never starts like that)."""
    from citecheck.store.postgres import is_postgres_url

    return is_postgres_url(target)


def open_history(
    target: str | os.PathLike[str] | None, *, migrate_to: int | None = None
) -> HistoryStore | PostgresHistoryStore:
    """The history store ``target`` names: None is the default SQLite file."""
    if isinstance(target, str) and is_database_url(target):
        from citecheck.store.postgres import PostgresHistoryStore

        return PostgresHistoryStore(target, migrate_to=migrate_to)
    return HistoryStore(target, migrate_to=migrate_to)
