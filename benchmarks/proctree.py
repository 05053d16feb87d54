"""A tool's cost summed over all its processes (citecheck --workers: worker processes
and multiprocessing's resource tracker below the command), on Linux.

CPU: ``wait4`` on the tool gives its own time plus its reaped children's. Processes it
never reaps itself (a resource tracker or a fork server outliving it for a moment, and
whatever such a server reaped) would be lost to init, so the runner makes itself a
child subreaper (``PR_SET_CHILD_SUBREAPER``): they are adopted by the runner, which
reaps them and adds their ``wait4`` times. Peak memory, two ways: each process's peak
resident set (``VmHWM``) read from /proc while the tool runs, the peaks summed - an
upper bound of the whole tool's peak, since the processes need not all peak at once and
pages they share (shared libraries, a fork server's imports in every worker it forked)
count in each; and the largest sum of the processes' proportional set sizes (``Pss``,
shared pages split between their sharers) seen at one moment - the tool's real
footprint, sampled.
"""

from __future__ import annotations

import ctypes
import os
import signal
import time
from pathlib import Path

_PR_SET_CHILD_SUBREAPER = 36


def become_subreaper() -> bool:
    """Adopt orphaned descendants (so their CPU can be counted); False if not on Linux."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return int(libc.prctl(_PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)) == 0
    except (OSError, AttributeError):
        return False


def _parents() -> dict[int, int]:
    found: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        found[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
    return found


def children_of(pid: int) -> set[int]:
    return {child for child, parent in _parents().items() if parent == pid}


def tree(pid: int) -> set[int]:
    """``pid`` and every process below it."""
    parents = _parents()
    found = {pid}
    frontier = {pid}
    while frontier:
        frontier = {child for child, parent in parents.items() if parent in frontier}
        found |= frontier
    return found


def _kib(pid: int, file: str, key: str) -> int | None:
    """A size in KiB from a /proc/PID file (``status``: ``VmHWM:``; ``smaps_rollup``:
    ``Pss:``); None once the process has gone."""
    try:
        for line in Path(f"/proc/{pid}/{file}").read_text().splitlines():
            if line.startswith(key):
                return int(line.split()[1])
    except OSError:
        pass
    return None


class TreeMeter:
    """Peak RSS of each process of a tool's tree, and the peak of their summed PSS."""

    def __init__(self, root: int):
        self.root = root
        self.peaks: dict[int, int] = {}
        self.peak_pss_kib = 0
        self._next_scan = 0.0
        self._members: set[int] = {root}

    def poll(self) -> None:
        now = time.monotonic()
        if now >= self._next_scan:
            # 4 times a second: new processes are rare, and reading a process's PSS
            # walks its page tables (~1 ms for 100 MB).
            self._members = tree(self.root)
            self._next_scan = now + 0.25
            self.peak_pss_kib = max(self.peak_pss_kib,
                                    sum(_kib(pid, "smaps_rollup", "Pss:") or 0
                                        for pid in self._members))
        for pid in self._members:
            peak = _kib(pid, "status", "VmHWM:")
            if peak is not None:
                self.peaks[pid] = max(peak, self.peaks.get(pid, 0))

    @property
    def processes(self) -> int:
        return len(self.peaks)

    def summed_peak_mb(self) -> float:
        return sum(self.peaks.values()) / 1024


def reap_adopted(known: set[int], time_limit: float) -> tuple[float, int]:
    """Wait for the processes this runner adopted (its children not in ``known``);
    (their CPU seconds with their own reaped children's, how many)."""
    cpu = 0.0
    adopted = children_of(os.getpid()) - known
    deadline = time.monotonic() + time_limit
    for pid in adopted:
        while True:
            try:
                done, _, usage = os.wait4(pid, os.WNOHANG)
            except ChildProcessError:
                break
            if done:
                cpu += usage.ru_utime + usage.ru_stime
                break
            if time.monotonic() > deadline:
                os.kill(pid, signal.SIGKILL)
                _, _, usage = os.wait4(pid, 0)
                cpu += usage.ru_utime + usage.ru_stime
                break
            time.sleep(0.01)
    return cpu, len(adopted)

