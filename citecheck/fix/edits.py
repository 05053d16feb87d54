"""The plan ``fix`` makes: text edits, each replacing an exact span of the input."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from citecheck.errors import CitecheckError


class FixError(CitecheckError):
    """A planned fix cannot be applied (the input is not what the plan was made for)."""


class FixConflictError(FixError):
    """The file changed after it was read; nothing was written (exit code 2)."""


@dataclass(frozen=True)
class Edit:
    """Replace ``old`` at ``span`` (character offsets of the decoded text) with ``new``.

    ``old`` is kept so an edit can be checked against the text it is applied to and
    shown to a person; an insertion has an empty span and an empty ``old``.
    """

    file: str
    span: tuple[int, int]
    old: str
    new: str
    ref_id: str | None = None
    reason: str = ""


def apply_text(text: str, edits: Sequence[Edit]) -> str:
    """``text`` with every edit applied; edits must not overlap and must match the text.

    Insertions at the same offset are applied in plan order.
    """
    ordered = sorted(enumerate(edits), key=lambda pair: (pair[1].span[0], pair[1].span[1], pair[0]))
    pieces: list[str] = []
    pos = 0
    for _, edit in ordered:
        start, end = edit.span
        if start < pos or end < start or end > len(text):
            raise FixError(f"edit for {edit.ref_id or edit.file} overlaps another or is outside")
        if text[start:end] != edit.old:
            raise FixError(
                f"edit for {edit.ref_id or edit.file} does not match the text at {start}-{end}"
            )
        pieces.append(text[pos:start])
        pieces.append(edit.new)
        pos = end
    pieces.append(text[pos:])
    return "".join(pieces)
