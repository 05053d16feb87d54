"""Where each value of a JSON document stands, for locations and byte-exact edits.

``json.loads`` gives values but no positions. This scanner walks the same grammar
and records the span of every value and object member; the values themselves are
still decoded by ``json``.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

_WS = re.compile(r"[ \t\n\r]*")
_NUMBER = re.compile(r"-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][-+]?\d+)?")
_LITERALS = ("true", "false", "null")
_STRING_STOP = re.compile(r'["\\\x00-\x1f]')


class JsonSpanError(ValueError):
    def __init__(self, message: str, offset: int):
        super().__init__(f"{message} at offset {offset}")
        self.offset = offset


@dataclass(frozen=True)
class Member:
    key: str
    key_start: int
    key_end: int
    value: JsonSpan


@dataclass(frozen=True)
class JsonSpan:
    kind: str  # "object", "array", "string", "number", "literal"
    start: int
    end: int
    members: tuple[Member, ...] = ()  # objects
    items: tuple[JsonSpan, ...] = field(default=())  # arrays

    def member(self, key: str) -> Member | None:
        for member in self.members:
            if member.key == key:
                return member
        return None

    def decode(self, text: str) -> object:
        return json.loads(text[self.start : self.end])


def scan_json(text: str) -> JsonSpan:
    """The span tree of the single JSON value in ``text``; JsonSpanError if it is not JSON."""
    pos = _WS.match(text, 0).end()  # type: ignore[union-attr]
    span = _value(text, pos, depth=0)
    if _WS.match(text, span.end).end() != len(text):  # type: ignore[union-attr]
        raise JsonSpanError("extra data after the JSON value", span.end)
    return span


def _value(text: str, pos: int, depth: int) -> JsonSpan:
    if depth > 200:  # refuse absurd nesting rather than exhaust the recursion limit
        raise JsonSpanError("nesting too deep", pos)
    if pos >= len(text):
        raise JsonSpanError("unexpected end of input", pos)
    ch = text[pos]
    if ch == "{":
        return _object(text, pos, depth)
    if ch == "[":
        return _array(text, pos, depth)
    if ch == '"':
        return JsonSpan("string", pos, _string(text, pos)[1])
    if m := _NUMBER.match(text, pos):
        return JsonSpan("number", pos, m.end())
    for word in _LITERALS:
        if text.startswith(word, pos):
            return JsonSpan("literal", pos, pos + len(word))
    raise JsonSpanError("unexpected character", pos)


def _string(text: str, pos: int) -> tuple[str, int]:
    """The string literal opening at ``pos``: its value and the offset after it."""
    end = pos + 1
    while True:
        match = _STRING_STOP.search(text, end)
        if match is None:
            raise JsonSpanError("unterminated string", pos)
        if match.group() == "\\":
            end = match.end() + 1  # whatever is escaped, json.loads judges it below
            continue
        if match.group() != '"':
            raise JsonSpanError("control character in string", match.start())
        end = match.end()
        break
    try:
        value = json.loads(text[pos:end])
    except ValueError as exc:
        raise JsonSpanError("bad string", pos) from exc
    return str(value), end


def _skip(text: str, pos: int) -> int:
    return _WS.match(text, pos).end()  # type: ignore[union-attr]


def _object(text: str, start: int, depth: int) -> JsonSpan:
    members: list[Member] = []
    pos = _skip(text, start + 1)
    if text.startswith("}", pos):
        return JsonSpan("object", start, pos + 1)
    while True:
        if not text.startswith('"', pos):
            raise JsonSpanError("expected a key", pos)
        key, key_end = _string(text, pos)
        colon = _skip(text, key_end)
        if not text.startswith(":", colon):
            raise JsonSpanError("expected ':'", colon)
        value = _value(text, _skip(text, colon + 1), depth + 1)
        members.append(Member(key, pos, key_end, value))
        pos = _skip(text, value.end)
        if text.startswith("}", pos):
            return JsonSpan("object", start, pos + 1, members=tuple(members))
        if not text.startswith(",", pos):
            raise JsonSpanError("expected ',' or '}'", pos)
        pos = _skip(text, pos + 1)


def _array(text: str, start: int, depth: int) -> JsonSpan:
    items: list[JsonSpan] = []
    pos = _skip(text, start + 1)
    if text.startswith("]", pos):
        return JsonSpan("array", start, pos + 1)
    while True:
        item = _value(text, pos, depth + 1)
        items.append(item)
        pos = _skip(text, item.end)
        if text.startswith("]", pos):
            return JsonSpan("array", start, pos + 1, items=tuple(items))
        if not text.startswith(",", pos):
            raise JsonSpanError("expected ',' or ']'", pos)
        pos = _skip(text, pos + 1)
