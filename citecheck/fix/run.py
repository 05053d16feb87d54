"""One file's whole fix: load it exactly, plan, then show the diff or write it."""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass

from citecheck.fix.apply import apply_edits, load_source, render_diff
from citecheck.fix.edits import Edit
from citecheck.fix.planner import can_fix, plan_fixes
from citecheck.fix.policy import DEFAULT_FIX_OPTIONS, FixOptions
from citecheck.models import Result


@dataclass(frozen=True)
class FileFix:
    """What ``fix`` did (or, in a dry run, would do) to one input file."""

    path: str
    fmt: str
    supported: bool  # False: the format is report-only, nothing was planned
    edits: tuple[Edit, ...]
    diff: str  # unified diff of the planned edits ("" when there are none)
    written: bool

    @property
    def fixed_ids(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(e.ref_id for e in self.edits if e.ref_id))


def fix_file(
    path: str | os.PathLike[str],
    results: Sequence[Result],
    fmt: str,
    *,
    options: FixOptions = DEFAULT_FIX_OPTIONS,
    dry_run: bool = False,
    file: str | None = None,
) -> FileFix:
    """Fix ``path`` from ``results`` (those whose location names ``file``, default ``path``).

    The file is decoded exactly as it is on disk; the plan is checked against it
    when written, so a file edited since the check is refused (FixConflictError)
    rather than patched at stale offsets. Raises InputError if it cannot be read.
    """
    name = os.fspath(path) if file is None else file
    if not can_fix(fmt):
        return FileFix(os.fspath(path), fmt, False, (), "", False)
    source = load_source(path)
    edits = plan_fixes(results, source.text, name, fmt, options)
    diff = render_diff(os.fspath(path), source.text, edits)
    written = False
    if edits and not dry_run:
        written = apply_edits(path, source.text, edits, encoding=source.encoding)
    return FileFix(os.fspath(path), fmt, True, edits, diff, written)
