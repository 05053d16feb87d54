"""references.json: `{"source": ..., "references": [...]}` or a bare list.

Each entry is validated on its own against the shipped JSON Schema: an entry
that breaks it becomes an `invalid` reference whose reason names the field,
and every other entry is still checked. Entries keep their character span
and line so `fix` can rewrite exactly that entry.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Generator, Iterator
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING, Any

from citecheck.errors import InputError
from citecheck.models import Location, Reference
from citecheck.sources.base import Reader, ReadResult

if TYPE_CHECKING:
    from jsonschema import Draft202012Validator

FIELDS = (
    "url",
    "title",
    "trans_title",
    "language",
    "website",
    "publisher",
    "work",
    "date",
    "access_date",
    "archive_url",
    "archive_date",
    "url_status",
    "quote",
)
# Fields whose values repeat across a file's references (a site's name, a language, an
# access date): kept once in memory, not once per reference (~130 bytes each of a
# reference's ~800; a run holds every reference to the end).
SHARED_VALUES = frozenset({"language", "website", "publisher", "work", "date", "access_date",
                           "archive_date", "url_status"})
# Spellings from the citation templates that people carry over into JSON.
ALIASES = {
    "accessdate": "access_date",
    "archiveurl": "archive_url",
    "archivedate": "archive_date",
    "urlstatus": "url_status",
    "transtitle": "trans_title",
    "newspaper": "work",
    "lang": "language",
}
_WHITESPACE = " \t\r\n"


@lru_cache(maxsize=1)
def _entry_validator() -> Draft202012Validator:
    # Imported on first use: most files hold only plainly valid entries (~35 ms saved).
    from jsonschema import Draft202012Validator

    text = resources.files("citecheck").joinpath("schemas/references.schema.json").read_text()
    schema = json.loads(text)
    entry_schema = {"$defs": schema["$defs"], **schema["$defs"]["reference"]}
    return Draft202012Validator(entry_schema)


def _skip_ws(text: str, pos: int) -> int:
    while pos < len(text) and text[pos] in _WHITESPACE:
        pos += 1
    return pos


def _array_entries(
    text: str, start: int
) -> Generator[tuple[int, int, Any], None, int | None]:
    """(start, end, value) of each element of the JSON array opening at ``start``,
    decoded one at a time; returns the offset just past its "]", or None when the
    array does not close properly."""
    decoder = json.JSONDecoder()
    pos = _skip_ws(text, start + 1)
    if pos < len(text) and text[pos] == "]":
        return pos + 1
    while pos < len(text):
        value, end = decoder.raw_decode(text, pos)
        yield pos, end, value
        pos = _skip_ws(text, end)
        if pos < len(text) and text[pos] == ",":
            pos = _skip_ws(text, pos + 1)
            continue
        return pos + 1 if pos < len(text) and text[pos] == "]" else None
    return None


def _array_items(text: str, start: int) -> list[tuple[int, int]]:
    """Character spans of the elements of the JSON array opening at ``start``."""
    return [(begin, end) for begin, end, _ in _array_entries(text, start)]


def _references_array_start(text: str) -> int | None:
    """Offset of the top-level "references" array (or of a bare top-level array)."""
    decoder = json.JSONDecoder()
    pos = _skip_ws(text, 0)
    if pos < len(text) and text[pos] == "[":
        return pos
    if pos >= len(text) or text[pos] != "{":
        return None
    pos = _skip_ws(text, pos + 1)
    while pos < len(text) and text[pos] != "}":
        key, pos = decoder.raw_decode(text, pos)
        pos = _skip_ws(text, pos)
        pos = _skip_ws(text, pos + 1)  # the colon
        if key == "references" and text[pos] == "[":
            return pos
        _, pos = decoder.raw_decode(text, pos)
        pos = _skip_ws(text, pos)
        if pos < len(text) and text[pos] == ",":
            pos = _skip_ws(text, pos + 1)
    return None


class _LineCounter:
    """Line numbers of increasing offsets, counting each newline once (linear, not
    quadratic, over a large file's entries)."""

    def __init__(self, text: str):
        self._text = text
        self._offset = 0
        self._line = 1

    def line_of(self, offset: int) -> int:
        if offset < self._offset:  # not expected (spans are in order), but stay correct
            self._offset, self._line = 0, 1
        self._line += self._text.count("\n", self._offset, offset)
        self._offset = offset
        return self._line


_URL_FIELDS = ("url", "archive_url")
_URL_STATUSES = frozenset({"live", "dead", "usurped", "unfit", "deviated"})


def _plainly_valid(entry: dict[str, Any]) -> bool:
    """The common case, decided without jsonschema (~0.2 ms an entry): every known field
    a string or null, URLs http(s), a known url_status. Anything else goes to the
    validator, which also words the messages."""
    for name in FIELDS:
        value = entry.get(name)
        if value is not None and not isinstance(value, str):
            return False
    for name in _URL_FIELDS:
        value = entry.get(name)
        if value is not None and not value[:8].lower().startswith(("http://", "https://")):
            return False
    status = entry.get("url_status")
    if status is not None and status not in _URL_STATUSES:
        return False
    if "id" not in entry:
        return True
    raw_id = entry["id"]
    return isinstance(raw_id, str | int) and not isinstance(raw_id, bool)


def _field_problems(entry: dict[str, Any]) -> tuple[str, ...]:
    if _plainly_valid(entry):
        return ()
    problems = []
    for error in sorted(_entry_validator().iter_errors(entry), key=lambda e: list(e.path)):
        field = ".".join(str(p) for p in error.path) or "entry"
        value = error.instance
        shown = json.dumps(value, ensure_ascii=False)
        if len(shown) > 80:
            shown = shown[:77] + "..."
        if error.validator == "type":
            expected = error.validator_value
            expected = " or ".join(expected) if isinstance(expected, list) else expected
            message = f"field {field!r}: {shown} is not of type {expected}"
        elif error.validator == "pattern":
            message = f"field {field!r}: {shown} is not an http(s) URL"
        elif error.validator == "enum":
            allowed = ", ".join(str(v) for v in error.validator_value if v is not None)
            message = f"field {field!r}: {shown} is not one of {allowed}"
        else:
            message = f"field {field!r}: {error.message}"
        problems.append(message)
    return tuple(problems)


def _normalise_keys(entry: dict[str, Any]) -> dict[str, Any]:
    normalised: dict[str, Any] = {}
    for key, value in entry.items():
        name = str(key).strip().lower().replace("-", "_")
        name = ALIASES.get(name.replace("_", ""), name) if name not in FIELDS else name
        normalised.setdefault(name, value)
    return normalised


def _text(value: Any) -> str | None:
    if isinstance(value, str):
        stripped = value.strip()
        return stripped or None
    return None


def reference_from_entry(
    entry: Any, position: int, location: Location
) -> Reference:
    default_id = f"ref-{position}"
    if isinstance(entry, str):
        entry = {"url": entry}  # a plain list of URLs: ["https://…", …]
    if not isinstance(entry, dict):
        kind = type(entry).__name__ if entry is not None else "null"
        return Reference(
            id=default_id,
            location=location,
            problems=(f"entry is a JSON {kind}, not an object",),
        )
    entry = _normalise_keys(entry)
    problems = _field_problems(entry)
    raw_id = entry.get("id")
    ref_id = str(raw_id) if isinstance(raw_id, str | int) and str(raw_id).strip() else default_id
    values = {name: _text(entry.get(name)) for name in FIELDS}
    for name in SHARED_VALUES:
        value = values[name]
        if value is not None:
            values[name] = sys.intern(value)
    return Reference(id=ref_id, location=location, problems=problems, **values)


class _NotStreamable(Exception):
    """The document is not the plain shape the streaming reader takes: read it whole."""


def _stream_entries(text: str) -> Iterator[tuple[int, int, Any]]:
    """(start, end, value) of each entry of the references array, decoded one at a
    time, after checking that the whole document is valid JSON of the expected shape.

    Decoding entry by entry keeps one entry's objects alive at a time, not the whole
    document's (a 100,000-entry file peaked at 118 MB over the interpreter when read
    whole). Anything unusual (invalid JSON anywhere, a second "references" key)
    raises _NotStreamable, and the caller reads the document whole.
    """
    array_start = _references_array_start(text)
    if array_start is None:
        raise _NotStreamable
    after = yield from _array_entries(text, array_start)
    if after is None:
        raise _NotStreamable
    _check_rest(text, after)


def _check_rest(text: str, pos: int) -> None:
    """What follows the array: the rest of the enclosing object, then only whitespace."""
    decoder = json.JSONDecoder()
    if text[_skip_ws(text, 0)] == "{":
        pos = _skip_ws(text, pos)
        while pos < len(text) and text[pos] == ",":
            key, pos = decoder.raw_decode(text, _skip_ws(text, pos + 1))
            if key == "references":
                raise _NotStreamable  # json.loads keeps the last one: let it decide
            pos = _skip_ws(text, pos)
            if pos >= len(text) or text[pos] != ":":
                raise _NotStreamable
            _, pos = decoder.raw_decode(text, _skip_ws(text, pos + 1))
            pos = _skip_ws(text, pos)
        if pos >= len(text) or text[pos] != "}":
            raise _NotStreamable
        pos += 1
    if _skip_ws(text, pos) != len(text):
        raise _NotStreamable


class ReferencesJsonReader(Reader):
    name = "json"

    def read(self, text: str, *, file: str) -> ReadResult:
        text = text.removeprefix("\ufeff")
        lines = _LineCounter(text)
        references: list[Reference] = []
        try:
            for position, (start, end, entry) in enumerate(_stream_entries(text), start=1):
                location = Location(file=file, line=lines.line_of(start), start=start, end=end)
                references.append(reference_from_entry(entry, position, location))
        except (_NotStreamable, json.JSONDecodeError, IndexError, TypeError, RecursionError):
            return self._read_whole(text, file=file)
        return ReadResult(tuple(references))

    def _read_whole(self, text: str, *, file: str) -> ReadResult:
        """The general path: errors worded from json.loads, odd shapes handled."""
        try:
            document = json.loads(text)
        except json.JSONDecodeError as exc:
            raise InputError(f"not valid JSON: {exc.msg}", file=file, line=exc.lineno) from exc
        except RecursionError as exc:  # json's decoder recurses once per level of nesting
            raise InputError(
                "JSON nested too deeply to read (arrays or objects inside one another "
                f"beyond Python's recursion limit of {sys.getrecursionlimit()})",
                file=file,
            ) from exc
        if isinstance(document, dict):
            if "references" not in document:
                raise InputError('expected an object with a "references" array', file=file)
            entries = document["references"]
            if not isinstance(entries, list):
                raise InputError('"references" must be an array', file=file)
        elif isinstance(document, list):
            entries = document
        else:
            raise InputError("expected an object or an array of references", file=file)
        array_start = _references_array_start(text)
        spans = _array_items(text, array_start) if array_start is not None else []
        references = []
        lines = _LineCounter(text)
        for position, entry in enumerate(entries, start=1):
            if len(spans) == len(entries):
                start, end = spans[position - 1]
                location = Location(file=file, line=lines.line_of(start), start=start, end=end)
            else:  # duplicate "references" keys or the like: positions are unknown
                location = Location(file=file)
            references.append(reference_from_entry(entry, position, location))
        return ReadResult(tuple(references))
