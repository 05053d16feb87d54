"""``plan_fixes``: results and a source text in, the edits that fix it out (pure)."""

from __future__ import annotations

from collections.abc import Sequence

from citecheck.fix.edits import Edit
from citecheck.fix.policy import DEFAULT_FIX_OPTIONS, Change, FixOptions, decide
from citecheck.fix.references_json import plan_references_json
from citecheck.fix.wikitext import plan_wikitext
from citecheck.models import Reference, Result

#: Formats ``fix`` writes back to; every other format is report-only.
FIXABLE_FORMATS = frozenset({"wikitext", "json"})  # "json" is the references.json reader
_ALIASES = {"references.json": "json", "references-json": "json"}


def can_fix(fmt: str) -> bool:
    return _ALIASES.get(fmt, fmt) in FIXABLE_FORMATS


def plan_fixes(
    results: Sequence[Result],
    text: str,
    file: str,
    fmt: str,
    options: FixOptions = DEFAULT_FIX_OPTIONS,
) -> tuple[Edit, ...]:
    """The edits that write the evidence-backed fixes for ``file`` into ``text``.

    Only results read from ``file`` are considered. An empty plan means nothing to
    do, including for formats ``fix`` cannot write (see :func:`can_fix`).
    """
    fmt = _ALIASES.get(fmt, fmt)
    if fmt not in FIXABLE_FORMATS:
        return ()
    changes: list[tuple[Reference, Change]] = []
    for result in results:
        if result.reference.location.file != file:
            continue
        change = decide(result, options)
        if change is not None:
            changes.append((result.reference, change))
    if fmt == "wikitext":
        return plan_wikitext(changes, text, file)
    return plan_references_json(changes, text, file)
