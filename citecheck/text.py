"""Small wording helpers for what citecheck prints to people."""

from __future__ import annotations


def plural(count: int, noun: str, nouns: str | None = None) -> str:
    """``"1 reference"``, ``"2 references"``; ``nouns`` for irregular plurals."""
    if count == 1:
        return f"{count} {noun}"
    return f"{count} {nouns or noun + 's'}"
