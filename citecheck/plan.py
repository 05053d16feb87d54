"""Plan a run: which references can be checked, and which URL each one fetches.

References citing the same URL share one fetch (a wiki article often cites
one page several times); the fragment never reaches the server, so it is
not part of the key.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from citecheck.models import Reference
from citecheck.net.guard import GUARD_HINT, AddressGuard, parse_ip


@dataclass(frozen=True)
class PlannedFetch:
    url: str
    host: str
    indexes: tuple[int, ...]  # positions of the references that cite it


# Longer URLs are broken references, never sent: servers refuse far shorter ones (8 KiB
# is the common request-line limit), and a pasted blob is not a citation.
MAX_URL_LENGTH = 8192

# Whitespace (every Unicode space, as str.isspace) and C0 controls.
_SPACE_OR_CONTROL = re.compile(r"[\s\x00-\x1f]")


def url_problem(url: str | None) -> str | None:
    """Why ``url`` cannot be checked at all, or None."""
    if url is None or not url.strip():
        return "no URL cited"
    text = url.strip()
    if len(text) > MAX_URL_LENGTH:
        return f"URL is {len(text):,} characters long (at most {MAX_URL_LENGTH:,} are checked)"
    if _SPACE_OR_CONTROL.search(text):
        return "URL contains whitespace or control characters"
    try:
        parts = urlsplit(text)
        port = parts.port
    except ValueError as exc:
        return f"malformed URL ({exc})"
    if parts.scheme.lower() not in ("http", "https"):
        scheme = parts.scheme or "no"
        return f"not an http(s) URL ({scheme} scheme)"
    if not parts.hostname:
        return "URL has no host"
    if port == 0:
        return "URL has port 0"
    return None


def guard_problem(url: str, guard: AddressGuard, pinned: frozenset[str]) -> str | None:
    """A URL whose host is a literal forbidden address is a broken reference, not a dead link."""
    host = (urlsplit(url).hostname or "").lower()
    if host in pinned or guard.trusts(host):
        return None
    literal = parse_ip(host)
    if literal is None:
        return None
    reason = guard.refusal(host, literal)
    return f"URL targets a forbidden address: {reason} ({GUARD_HINT})" if reason else None


def fetch_key(url: str) -> str:
    return url.strip().split("#", 1)[0]


def group_fetches(references: list[tuple[int, Reference]]) -> list[PlannedFetch]:
    by_url: dict[str, list[int]] = {}
    for index, reference in references:
        assert reference.url is not None
        by_url.setdefault(fetch_key(reference.url), []).append(index)
    return [
        PlannedFetch(url, (urlsplit(url).hostname or "").lower().rstrip("."), tuple(indexes))
        for url, indexes in by_url.items()
    ]
