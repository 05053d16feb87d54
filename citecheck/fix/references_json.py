"""Write archive links into references.json entries, keeping the file's own layout.

Values that exist are replaced in place; new members are appended to the entry
with the separator, indentation and ``key: value`` spacing the entry already uses,
so key order, indentation and every other byte stay as they were.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from citecheck.fix.edits import Edit
from citecheck.fix.policy import Change
from citecheck.models import Reference
from citecheck.sources.jsonspans import JsonSpan, JsonSpanError, Member, scan_json


def plan_references_json(
    changes: Sequence[tuple[Reference, Change]], text: str, file: str
) -> tuple[Edit, ...]:
    try:
        root = scan_json(text)
    except JsonSpanError:
        return ()  # the reader already reported it; nothing can be located
    entries = _entries(root)
    by_start = {entry.start: entry for entry in entries}
    by_id: dict[str, JsonSpan] = {}
    for position, entry in enumerate(entries, start=1):
        member = entry.member("id")
        value = member.value.decode(text) if member else None
        # The reader's rule: a string or number id, else the position.
        usable = isinstance(value, str | int) and str(value).strip()
        by_id[str(value) if usable else f"ref-{position}"] = entry
    ascii_only = text.isascii()
    edits: list[Edit] = []
    for ref, change in changes:
        found = by_start.get(ref.location.start) if ref.location.start is not None else None
        if found is None or _string(found, "url", text) != ref.url:
            found = by_id.get(ref.id)
        if found is None or _string(found, "url", text) != ref.url:
            continue  # not where the reader saw it any more
        edits.extend(_entry_edits(found, ref, change, text, file, ascii_only))
    return tuple(edits)


def _entries(root: JsonSpan) -> list[JsonSpan]:
    """The entry objects: of the "references" array, or of a bare top-level list."""
    array: JsonSpan | None = root
    if root.kind == "object":
        member = root.member("references")
        array = member.value if member else None
    if array is None or array.kind != "array":
        return []
    return [item for item in array.items if item.kind == "object"]


def _string(entry: JsonSpan, key: str, text: str) -> str | None:
    member = entry.member(key)
    if member is None:
        return None
    value = member.value.decode(text)
    return value.strip() if isinstance(value, str) and value.strip() else None


def _entry_edits(
    entry: JsonSpan, ref: Reference, change: Change, text: str, file: str, ascii_only: bool
) -> list[Edit]:
    wanted: list[tuple[str, str]] = []
    current = _string(entry, "archive_url", text)
    if change.archive_url and change.archive_date:
        if (current or "") == (change.replaces_archive_url or ""):  # empty, or the broken one
            wanted.append(("archive_url", change.archive_url))
            wanted.append(("archive_date", change.archive_date.isoformat()))
        elif current != change.archive_url:
            return []  # another archive was cited meanwhile: leave it to a person
    if change.url_status:
        wanted.append(("url_status", change.url_status))
    if change.url:
        wanted.append(("url", change.url))

    def dump(value: str) -> str:
        return json.dumps(value, ensure_ascii=ascii_only)

    edits: list[Edit] = []
    inserts: list[str] = []
    for key, value in wanted:
        member = entry.member(key)
        if member is None:
            inserts.append(key)
        elif member.value.decode(text) != value:
            start, end = member.value.start, member.value.end
            old = text[start:end]
            edits.append(Edit(file, (start, end), old, dump(value), ref.id, change.reason))
    if inserts and entry.members:
        last = entry.members[-1]
        separator = _separator(entry, text)
        colon = text[last.key_end : last.value.start]
        new = "".join(
            f"{separator}{dump(key)}{colon}{dump(value)}" for key, value in wanted if key in inserts
        )
        at = last.value.end
        edits.append(Edit(file, (at, at), "", new, ref.id, change.reason))
    return edits


def _separator(entry: JsonSpan, text: str) -> str:
    """What stands between two members (``,\n    `` or ``, ``), as this entry writes it."""
    members: tuple[Member, ...] = entry.members
    if len(members) > 1:
        return text[members[-2].value.end : members[-1].key_start]
    opening = text[entry.start + 1 : members[0].key_start]
    if "\n" in opening:  # one member per line: the new ones go on lines of their own
        return "," + opening
    # One member on one line: json.dumps writes ", " with ": " and "," with ":".
    colon = text[members[0].key_end : members[0].value.start]
    return ", " if " " in colon else ","
