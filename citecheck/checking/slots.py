"""Where a run keeps its finished results until the report is written.

A result's object graph costs ~1 kB in memory (its link, title and archive findings,
their strings); a run of 100,000 references held 100 MB of them in the process that
assembles the report, and as much again in each worker process that kept its own.
``ResultSpool`` keeps each result pickled in an anonymous temporary file instead (16
bytes of memory per reference), and the report reads them back one at a time, in input
order, whenever a format walks the results. ``ResultTally`` keeps nothing but which
references are done: for a worker process, whose results live on in its parent.
"""

from __future__ import annotations

import os
import pickle
import tempfile
import threading
from array import array
from collections.abc import Iterator, Sequence
from dataclasses import replace
from typing import Any, Protocol, overload

from citecheck.models import Reference, Result

_NOT_YET = -1
# From this many references a run's results are spooled (about 1 kB each in memory:
# 20 MB here); below it, pickling each result and unpickling it at every walk of the
# report (~25 us each) would cost CPU to save memory nobody misses.
SPOOL_FROM = 20_000


class ResultSlots(Protocol):
    """One slot per input position, filled once its reference is judged."""

    def put(self, index: int, result: Result) -> None: ...

    def filled(self, index: int) -> bool: ...

    @property
    def done(self) -> int:
        """How many slots are filled."""
        ...

    def finished(self) -> Sequence[Result]:
        """The filled slots' results in input order."""
        ...


class ResultTally:
    """Counts the references done and keeps none of their results."""

    def __init__(self, total: int):
        self._filled = bytearray(total)
        self._done = 0
        self._lock = threading.Lock()

    def put(self, index: int, result: Result) -> None:
        with self._lock:
            if not self._filled[index]:
                self._filled[index] = 1
                self._done += 1

    def filled(self, index: int) -> bool:
        return bool(self._filled[index])

    @property
    def done(self) -> int:
        return self._done

    def finished(self) -> Sequence[Result]:
        return ()


class ResultList:
    """Results kept in memory: for a run small enough that they cost less than reading
    them back (each walk of a spooled report unpickles every result again)."""

    def __init__(self, total: int):
        self._results: list[Result | None] = [None] * total
        self._done = 0
        self._lock = threading.Lock()

    def put(self, index: int, result: Result) -> None:
        with self._lock:
            if self._results[index] is None:
                self._done += 1
            self._results[index] = result

    def filled(self, index: int) -> bool:
        return self._results[index] is not None

    @property
    def done(self) -> int:
        return self._done

    def finished(self) -> tuple[Result, ...]:
        with self._lock:
            return tuple(r for r in self._results if r is not None)


def result_store(references: Sequence[Reference]) -> ResultList | ResultSpool:
    """Where a run that reports its results keeps them: in memory up to
    ``SPOOL_FROM`` references, spooled to a temporary file from there."""
    if len(references) < SPOOL_FROM:
        return ResultList(len(references))
    return ResultSpool(references)


class ResultSpool:
    """Results pickled in a temporary file, each found by its input position.

    Each is stored without its Reference (the run holds the references already) and
    gets it back when read. The file has no name (it is gone once closed, or when the
    process ends); it lives as long as this spool and the reports that read from it.
    """

    def __init__(self, references: Sequence[Reference]):
        self.references = references
        # Open as long as the spool lives (reports read from it): no with-block.
        self._file = tempfile.TemporaryFile(prefix="citecheck-results-")  # noqa: SIM115
        self._offsets = array("q", [_NOT_YET]) * len(references)
        self._sizes = array("l", [0]) * len(references)
        self._end = 0
        self._done = 0
        self._lock = threading.Lock()

    def put(self, index: int, result: Result) -> None:
        """Keep reference ``index``'s result; a later one for the same slot replaces it."""
        data = pickle.dumps(replace(result, reference=None),  # type: ignore[arg-type]
                            protocol=pickle.HIGHEST_PROTOCOL)
        with self._lock:
            offset = self._end
            os.pwrite(self._file.fileno(), data, offset)
            self._end += len(data)
            if self._offsets[index] == _NOT_YET:
                self._done += 1
            self._offsets[index] = offset
            self._sizes[index] = len(data)

    def filled(self, index: int) -> bool:
        return self._offsets[index] != _NOT_YET

    @property
    def done(self) -> int:
        return self._done

    def get(self, index: int) -> Result:
        """Reference ``index``'s result (it must be filled)."""
        offset, size = self._offsets[index], self._sizes[index]
        bare = pickle.loads(os.pread(self._file.fileno(), size, offset))
        return replace(bare, reference=self.references[index])

    def finished(self) -> SpooledResults:
        with self._lock:
            indexes = array("q", (i for i, offset in enumerate(self._offsets)
                                  if offset != _NOT_YET))
        return SpooledResults(self, indexes)


class SpooledResults(Sequence[Result]):
    """A report's results, read from their spool as they are walked (never all in
    memory at once). Compares equal to any sequence of the same results; pickles as a
    tuple (another process has no access to the file)."""

    def __init__(self, spool: ResultSpool, indexes: array[int]):
        self._spool = spool
        self._indexes = indexes

    def __len__(self) -> int:
        return len(self._indexes)

    @overload
    def __getitem__(self, item: int) -> Result: ...

    @overload
    def __getitem__(self, item: slice) -> tuple[Result, ...]: ...

    def __getitem__(self, item: int | slice) -> Result | tuple[Result, ...]:
        if isinstance(item, slice):
            return tuple(self._spool.get(i) for i in self._indexes[item])
        return self._spool.get(self._indexes[item])

    def __iter__(self) -> Iterator[Result]:
        for index in self._indexes:
            yield self._spool.get(index)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Sequence) or isinstance(other, str | bytes):
            return NotImplemented
        return len(self) == len(other) and all(a == b for a, b in zip(self, other, strict=True))

    __hash__ = None  # type: ignore[assignment]

    def __reduce__(self) -> tuple[Any, ...]:
        return (tuple, (tuple(self),))

    def __repr__(self) -> str:
        return f"SpooledResults({len(self)} results)"
