"""Memento (RFC 7089): link-format parsing and TimeMap lookups for any Memento archive.

The same syntax serves the ``Link`` header of a replayed capture (``rel="original"``)
and a TimeMap body (one link per capture, ``rel="memento"`` with a ``datetime``).
"""

from __future__ import annotations

from dataclasses import dataclass

from citecheck.archive import timestamps
from citecheck.archive.interface import ArchiveHttp, ArchiveUnavailable, Capture

TIMEMAP_MAX_BYTES = 2 * 1024 * 1024


@dataclass(frozen=True)
class Link:
    target: str
    rels: frozenset[str]
    params: tuple[tuple[str, str], ...]

    def param(self, name: str) -> str | None:
        for key, value in self.params:
            if key == name:
                return value
        return None


def parse_links(text: str) -> list[Link]:
    """Links of an RFC 8288 header value or an RFC 6690 document; malformed parts skipped.

    Written by hand because a target may contain commas and semicolons, and quoted
    parameter values may too: a plain ``split(",")`` misreads real TimeMaps.
    """
    links: list[Link] = []
    pos, size = 0, len(text)
    while True:
        start = text.find("<", pos)
        if start < 0:
            return links
        end = text.find(">", start + 1)
        if end < 0:
            return links
        target = text[start + 1:end].strip()
        params, pos = _parse_params(text, end + 1, size)
        rels = frozenset(
            rel.lower() for key, value in params if key == "rel" for rel in value.split()
        )
        links.append(Link(target, rels, tuple(params)))


def _parse_params(text: str, pos: int, size: int) -> tuple[list[tuple[str, str]], int]:
    params: list[tuple[str, str]] = []
    while pos < size:
        while pos < size and text[pos] in " \t\r\n":
            pos += 1
        if pos >= size or text[pos] == ",":
            return params, pos + 1
        if text[pos] != ";":
            # Garbage between links: resynchronise at the next link.
            return params, pos
        pos += 1
        eq = pos
        while eq < size and text[eq] not in "=;,":
            eq += 1
        name = text[pos:eq].strip().lower()
        if eq >= size or text[eq] != "=":
            params.append((name, ""))
            pos = eq
            continue
        pos = eq + 1
        while pos < size and text[pos] in " \t":
            pos += 1
        if pos < size and text[pos] == '"':
            close = text.find('"', pos + 1)
            close = size if close < 0 else close
            value = text[pos + 1:close]
            pos = close + 1
        else:
            stop = pos
            while stop < size and text[stop] not in ";,":
                stop += 1
            value = text[pos:stop].strip()
            pos = stop
        params.append((name, value))
    return params, pos


def original_from_link_header(value: str | None) -> str | None:
    if not value:
        return None
    for link in parse_links(value):
        if "original" in link.rels:
            return link.target
    return None


def captures_from_timemap(text: str) -> tuple[str | None, list[Capture]]:
    """The TimeMap's original URL and its captures, oldest first."""
    original: str | None = None
    captures: list[Capture] = []
    for link in parse_links(text):
        if "original" in link.rels and original is None:
            original = link.target
        if "memento" in link.rels:
            stamp = timestamps.from_http_date(link.param("datetime"))
            if stamp:
                captures.append(Capture(stamp, original or "", replay_url=link.target))
    if original:
        captures = [
            c if c.original else Capture(c.timestamp, original, replay_url=c.replay_url)
            for c in captures
        ]
    captures.sort(key=lambda c: c.timestamp)
    return original, captures


class TimeMapClient:
    """Captures of a URL listed by one Memento archive's TimeMap (``{prefix}{url}``)."""

    def __init__(self, http: ArchiveHttp, timemap_prefix: str):
        self._http = http
        self.prefix = timemap_prefix

    def captures(self, url: str) -> list[Capture]:
        result = self._http.fetch(self.prefix + url, max_bytes=TIMEMAP_MAX_BYTES)
        if result.status is None:
            raise ArchiveUnavailable(f"TimeMap unreachable: {result.error}")
        if result.status == 404:
            return []  # Memento's way of saying "no captures"
        if result.status != 200:
            raise ArchiveUnavailable(f"TimeMap answered HTTP {result.status}",
                                     status=result.status)
        text = result.body.decode("utf-8", errors="replace")
        if result.truncated:
            text = text.rsplit(",", 1)[0]
        return captures_from_timemap(text)[1]
