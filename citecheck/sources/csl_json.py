"""CSL-JSON (Zotero, Pandoc, citeproc): a list of items with ``URL``, ``title``, dates."""

from __future__ import annotations

import json
from typing import Any

from citecheck.errors import InputError
from citecheck.models import Reference
from citecheck.sources.base import InputProblem, Reader, ReadResult
from citecheck.sources.dates import to_iso
from citecheck.sources.jsonspans import JsonSpan, JsonSpanError, scan_json
from citecheck.sources.textutil import LineIndex, quoted_passage, unique_id


class CslJsonReader(Reader):
    name = "csl-json"

    def read(self, text: str, *, file: str) -> ReadResult:
        try:
            root = scan_json(text)
            data = json.loads(text)
        except (JsonSpanError, ValueError, RecursionError) as exc:
            raise InputError(f"not valid JSON: {exc}", file=file) from exc
        items, spans = _items(data, root)
        if items is None:
            raise InputError("CSL-JSON must be a list of items", file=file)
        lines = LineIndex(text)
        refs: list[Reference] = []
        problems: list[InputProblem] = []
        ids: set[str] = set()
        for position, (item, span) in enumerate(zip(items, spans, strict=True), start=1):
            line = lines.line_col(span.start)[0]
            if not isinstance(item, dict):
                problems.append(InputProblem(file, line, f"item {position} is not an object"))
                continue
            ref = _reference(item, position, span, file, lines, ids)
            if ref is not None:
                refs.append(ref)
        return ReadResult(tuple(refs), tuple(problems))


def _items(data: Any, root: JsonSpan) -> tuple[list[Any] | None, list[JsonSpan]]:
    if isinstance(data, dict) and isinstance(data.get("items"), list):
        member = root.member("items")
        assert member is not None
        return data["items"], list(member.value.items)
    if isinstance(data, dict) and ("URL" in data or "title" in data):
        return [data], [root]  # a single item
    if isinstance(data, list):
        return data, list(root.items)
    return None, []


def _reference(
    item: dict[str, Any], position: int, span: JsonSpan, file: str, lines: LineIndex,
    ids: set[str],
) -> Reference | None:  # fmt: skip
    problems: list[str] = []

    def text_field(key: str) -> str | None:
        value = item.get(key)
        if isinstance(value, list) and value and all(isinstance(v, str) for v in value):
            value = value[0]  # container-title is a list in some exports
        if value is None:
            return None
        if isinstance(value, str):
            return value.strip() or None
        problems.append(f"{key}: expected a string, got {type(value).__name__}")
        return None

    url = text_field("URL")
    if url is None and not problems:
        return None  # no link: not a web citation
    raw_id = item.get("id")
    wanted = str(raw_id) if isinstance(raw_id, (str, int)) and str(raw_id) else f"ref-{position}"
    return Reference(
        id=unique_id(wanted, ids),
        url=url,
        title=text_field("title"),
        language=text_field("language"),
        publisher=text_field("publisher"),
        work=text_field("container-title"),
        date=_date(item.get("issued"), "issued", problems),
        access_date=_date(item.get("accessed"), "accessed", problems),
        quote=quoted_passage(text_field("note")) or quoted_passage(text_field("abstract")),
        location=lines.location(file, span.start, span.end),
        problems=tuple(problems),
    )


def _date(value: Any, key: str, problems: list[str]) -> str | None:
    """ISO text of a CSL date: ``{"date-parts": [[2018, 4, 3]]}``, ``raw`` or ``literal``."""
    if value is None:
        return None
    if isinstance(value, str):
        return to_iso(value)
    if isinstance(value, dict):
        parts = value.get("date-parts")
        if isinstance(parts, list) and parts and isinstance(parts[0], list) and parts[0]:
            try:
                numbers = [int(p) for p in parts[0][:3]]
            except (TypeError, ValueError):
                numbers = []
            if numbers:
                return "-".join([f"{numbers[0]:04d}", *(f"{n:02d}" for n in numbers[1:])])
        for text_key in ("raw", "literal"):
            if isinstance(value.get(text_key), str):
                return to_iso(value[text_key])
    problems.append(f"{key}: not a CSL date")
    return None
