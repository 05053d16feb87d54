"""A live progress bar with counts per verdict, on stderr and only on a terminal."""

from __future__ import annotations

import sys
import threading
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from citecheck.models import Result

if TYPE_CHECKING:
    from rich.progress import Progress, TaskID


class ProgressDisplay:
    def __init__(self, progress: Progress | None, task: TaskID | None):
        self._progress = progress
        self._task = task
        self._counts: Counter[str] = Counter()
        self._lock = threading.Lock()

    def advance(self, result: Result) -> None:
        if self._progress is None or self._task is None:
            return
        with self._lock:
            self._counts[result.verdict.value] += 1
            summary = " ".join(f"{k}:{v}" for k, v in sorted(self._counts.items()))
            self._progress.update(self._task, advance=1, counts=summary)


@contextmanager
def progress_for(total: int, *, enabled: bool = True) -> Iterator[ProgressDisplay]:
    if not enabled:  # --quiet: rich (~6 MB) is not even imported
        yield ProgressDisplay(None, None)
        return
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    console = Console(file=sys.stderr)
    if not console.is_terminal:
        yield ProgressDisplay(None, None)
        return
    progress = Progress(
        TextColumn("checking"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TextColumn("eta"),
        TimeRemainingColumn(),
        TextColumn("{task.fields[counts]}"),
        console=console,
        transient=True,
    )
    with progress:
        task = progress.add_task("check", total=total, counts="")
        yield ProgressDisplay(progress, task)
