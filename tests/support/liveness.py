"""Bounding a call that must not hang, for liveness tests (never a timing claim)."""

from __future__ import annotations

import threading
from collections.abc import Callable


def finishes(work: Callable[[], object], bound: float = 60.0) -> object:
    """``work()``'s result; fails if it is still running after ``bound`` seconds."""
    results: list[object] = []
    worker = threading.Thread(target=lambda: results.append(work()), daemon=True)
    worker.start()
    worker.join(bound)
    assert not worker.is_alive(), f"still running after {bound:g} s"
    return results[0]
