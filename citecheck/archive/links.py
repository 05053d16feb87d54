"""Recognise a cited archive URL and take it apart: which archive, when, of what.

Most web archives replay with the Wayback URL scheme ``PREFIX/TIMESTAMP[MOD_]/ORIGINAL``
(the Internet Archive, archive-it, Arquivo.pt, the UK Web Archive, the Library of
Congress, national libraries running pywb or OpenWayback). Those are recognised by
form on any host, as DESIGN.md asks, and can be replayed raw with the ``id_`` modifier.
archive.today, Perma.cc and WebCite use their own forms and are recognised by host.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from urllib.parse import parse_qs, unquote, urlsplit

from citecheck.archive import timestamps


class ArchiveKind(StrEnum):
    WAYBACK = "wayback"  # the Internet Archive, or the configured Wayback-compatible service
    ARCHIVE_IT = "archive-it"
    ARQUIVO_PT = "arquivo.pt"
    UK_WEB_ARCHIVE = "ukwa"
    LIBRARY_OF_CONGRESS = "loc"
    ARCHIVE_TODAY = "archive.today"
    PERMA_CC = "perma.cc"
    WEBCITE = "webcite"
    MEMENTO = "memento"  # any other archive replaying with the Wayback URL scheme


@dataclass(frozen=True)
class ArchiveLink:
    """A cited archive URL taken apart. Fields the URL does not carry are None."""

    url: str
    kind: ArchiveKind
    timestamp: str | None = None  # digits as written (4–14), not padded
    original: str | None = None
    # For Wayback-scheme archives: everything before the timestamp (".../web/").
    prefix: str | None = None
    modifier: str | None = None  # "id_", "if_", "im_", ... as written
    # archive.today / Perma.cc / WebCite short identifier.
    ident: str | None = None

    @property
    def is_wayback_scheme(self) -> bool:
        return self.prefix is not None and self.timestamp is not None and bool(self.original)

    def raw_url(self) -> str | None:
        """The capture's original bytes (``id_``), where the archive's URL scheme allows it."""
        if not self.is_wayback_scheme:
            return None
        return f"{self.prefix}{self.timestamp}id_/{self.original}"

    @property
    def padded_timestamp(self) -> str | None:
        return None if self.timestamp is None else timestamps.pad(self.timestamp)


# PREFIX / TIMESTAMP [MODIFIER_] / ORIGINAL ; the original may lack its scheme or have
# lost a slash ("http:/example.com") on its way through wiki software.
_TIMESTAMP_SEGMENT = re.compile(r"^(?P<ts>\d{4,14})(?P<mod>[a-z]{2}_)?$")
_ORIGINAL_SCHEME = re.compile(r"^(https?):/+", re.IGNORECASE)
_OTHER_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*://", re.IGNORECASE)
_ARCHIVE_TODAY_HOSTS = frozenset(
    {"archive.today", "archive.ph", "archive.is", "archive.li", "archive.vn", "archive.fo",
     "archive.md"}
)
# archive.today writes timestamps as "2019.05.01-120000" too.
_ARCHIVE_TODAY_DOTTED = re.compile(r"^(\d{4})\.(\d{2})\.(\d{2})-(\d{6})$")
_SHORT_ID = re.compile(r"^[A-Za-z0-9]{4,10}$")
_PERMA_ID = re.compile(r"^[A-Z0-9]{4}-[A-Z0-9]{4}$", re.IGNORECASE)
_WEBCITE_ID = re.compile(r"^[0-9A-Za-z]{9,10}$")
_BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"


def _host(netloc_host: str | None) -> str:
    host = (netloc_host or "").lower().rstrip(".")
    return host[4:] if host.startswith("www.") else host


def _fix_original(text: str) -> str | None:
    text = text.strip()
    if not text:
        return None
    match = _ORIGINAL_SCHEME.match(text)
    if match:
        return f"{match.group(1).lower()}://{text[match.end():]}"
    if _OTHER_SCHEME.match(text):  # ftp:// and the like: kept, the checker will refuse it
        return text
    # Schemeless originals ("web.archive.org/web/2018/example.com/") mean http.
    return "http://" + text if "." in text.split("/", 1)[0] else None


def is_internet_archive(host: str) -> bool:
    return host == "archive.org" or host.endswith(".archive.org")


def _wayback_kind(host: str, prefix: str, wayback_hosts: frozenset[str]) -> ArchiveKind:
    if host == "wayback.archive-it.org":
        return ArchiveKind.ARCHIVE_IT
    if host in wayback_hosts or is_internet_archive(host):
        return ArchiveKind.WAYBACK
    if host == "arquivo.pt":
        return ArchiveKind.ARQUIVO_PT
    if host == "webarchive.org.uk":
        return ArchiveKind.UK_WEB_ARCHIVE
    if host == "webarchive.loc.gov":
        return ArchiveKind.LIBRARY_OF_CONGRESS
    return ArchiveKind.WAYBACK if prefix.endswith("/web/") else ArchiveKind.MEMENTO


def _after_path(url: str) -> str:
    """Path, query and fragment of ``url`` as written (the original URL lives there)."""
    rest = url.split("://", 1)[1] if "://" in url else url
    slash = rest.find("/")
    return rest[slash:] if slash >= 0 else "/"


def parse_archive_url(
    url: str, *, wayback_hosts: frozenset[str] = frozenset()
) -> ArchiveLink | None:
    """The archive link ``url`` is, or None when it is not a recognised archive URL.

    ``wayback_hosts`` adds hosts (e.g. the ``--archive-url`` host) whose Wayback-scheme
    URLs count as :attr:`ArchiveKind.WAYBACK`.
    """
    text = url.strip()
    try:
        parts = urlsplit(text)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    host = _host(parts.hostname)
    if host in _ARCHIVE_TODAY_HOSTS:
        return _parse_archive_today(text, parts.path)
    if host == "perma.cc" or host.endswith(".perma.cc"):
        ident = parts.path.strip("/").split("/")[0]
        if _PERMA_ID.match(ident):
            return ArchiveLink(text, ArchiveKind.PERMA_CC, ident=ident.upper())
        return None
    if host == "webcitation.org":
        return _parse_webcite(text, parts.path, parts.query)
    # Keep the original URL's query: it is part of the path after the timestamp.
    # Only the Internet Archive is trusted with scheme-less originals: elsewhere
    # "/2018/story.html" is an ordinary article path, not a capture.
    found = _split_wayback_path(
        _after_path(text).split("#", 1)[0],
        schemeless=is_internet_archive(host) or host in wayback_hosts,
    )
    if found is None:
        return None
    prefix, stamp, modifier, original = found
    base = f"{parts.scheme.lower()}://{parts.netloc}"
    return ArchiveLink(
        url=text,
        kind=_wayback_kind(host, prefix, wayback_hosts),
        timestamp=stamp,
        original=original,
        prefix=base + prefix,
        modifier=modifier,
    )


def _split_wayback_path(
    path: str, *, schemeless: bool
) -> tuple[str, str, str | None, str] | None:
    """(prefix, timestamp, modifier, original) of a Wayback-scheme path, else None.

    The first segment that is a timestamp *and* is followed by something URL-like
    wins, so numeric collection ids (archive-it's ``/1234/``) are not taken for years.
    """
    segments = path.split("/")
    for index in range(1, len(segments) - 1):
        match = _TIMESTAMP_SEGMENT.match(segments[index])
        if not match:
            continue
        rest = "/".join(segments[index + 1:])
        if not schemeless and not _ORIGINAL_SCHEME.match(rest):
            continue
        original = _fix_original(rest)
        if original is None:
            continue
        prefix = "/".join(segments[:index]) + "/"
        return prefix, match.group("ts"), match.group("mod"), original
    return None


def _parse_archive_today(url: str, path: str) -> ArchiveLink | None:
    rest = _after_path(url).split("#", 1)[0].lstrip("/")
    head, _, tail = rest.partition("/")
    dotted = _ARCHIVE_TODAY_DOTTED.match(head)
    if dotted:
        head = "".join(dotted.groups())
    if tail and (timestamps.is_timestamp(head) or head in ("newest", "oldest")):
        stamp = head if timestamps.is_timestamp(head) else None
        return ArchiveLink(url, ArchiveKind.ARCHIVE_TODAY, timestamp=stamp,
                           original=_fix_original(tail))
    if not tail and _SHORT_ID.match(head):
        return ArchiveLink(url, ArchiveKind.ARCHIVE_TODAY, ident=head)
    if head == "o" and tail:  # /o/ID/ORIGINAL (an outlink of a capture)
        ident, _, original = tail.partition("/")
        return ArchiveLink(url, ArchiveKind.ARCHIVE_TODAY, ident=ident,
                           original=_fix_original(original))
    return None


def _parse_webcite(url: str, path: str, query: str) -> ArchiveLink | None:
    ident = path.strip("/")
    if ident == "query":
        params = parse_qs(query)
        original = params.get("url", [None])[0]
        stamp = timestamps.citation_timestamp(params.get("date", [None])[0])
        ident_param = params.get("id", [None])[0]
        return ArchiveLink(url, ArchiveKind.WEBCITE, timestamp=stamp,
                           original=_fix_original(unquote(original)) if original else None,
                           ident=ident_param)
    if not _WEBCITE_ID.match(ident):
        return None
    return ArchiveLink(url, ArchiveKind.WEBCITE, timestamp=webcite_timestamp(ident),
                       ident=ident)


def webcite_timestamp(ident: str) -> str | None:
    """WebCite ids are the capture time in microseconds since 1970, written in base 62."""
    value = 0
    for char in ident:
        value = value * 62 + _BASE62.index(char)
    try:
        moment = datetime.fromtimestamp(value / 1_000_000, tz=UTC)
    except (OverflowError, OSError, ValueError):
        return None
    # WebCite ran from 1997 to 2019; anything else is not one of its ids.
    return timestamps.from_datetime(moment) if 1997 <= moment.year <= 2020 else None
