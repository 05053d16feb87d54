"""The history store: SQLite (WAL) record of every check, for confirmation and audits."""

from citecheck.store.clock import Clock, SystemClock
from citecheck.store.db import HistoryStore, RunInfo, default_db_path
from citecheck.store.errors import StoreError
from citecheck.store.rows import CheckRow, reference_key

__all__ = [
    "CheckRow",
    "Clock",
    "HistoryStore",
    "RunInfo",
    "StoreError",
    "SystemClock",
    "default_db_path",
    "reference_key",
]
