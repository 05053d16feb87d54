"""A live wiki page: its current wikitext through the MediaWiki Action API.

``https://en.wikipedia.org/wiki/Title``, ``https://host/w/index.php?title=Title`` and
``en:Title`` (English Wikipedia) name a page. The API is asked at
``https://HOST/w/api.php`` and, for wikis installed at the root, ``/api.php``. The
fetching itself is the caller's: any ``fetch_text(url) -> str`` (the HTTP engine,
or a ``requests.Session`` through :func:`session_fetcher`), so this module stays
a pure translation between page names, API URLs and API answers.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any, Protocol
from urllib.parse import parse_qs, quote, unquote, urlencode, urlsplit

from citecheck.errors import InputError
from citecheck.models import Reference
from citecheck.net.types import FetchResult
from citecheck.options import DEFAULT_TIMEOUT, DEFAULT_USER_AGENT
from citecheck.sources.base import ReadResult

FetchText = Callable[[str], str]
_WIKIMEDIA_HOST = re.compile(
    r"(?P<lang>[a-z]{2,3}(?:-[a-z]{2,10})?)\.(?:m\.)?(?:wikipedia|wikinews|wikivoyage)\.org"
)
_INTERWIKI = re.compile(r"^(?P<lang>[a-z]{2,3}(?:-[a-z]{2,10})?):(?P<title>[^:/].*)$")


class WikiFetchError(OSError):
    """The API could not be reached or answered with an HTTP error (an OSError, like
    the ``requests`` exceptions, so callers can pass either kind of fetcher)."""

    def __init__(self, message: str, *, status: int | None = None):
        super().__init__(message)
        self.status = status


@dataclass(frozen=True)
class WikiPage:
    """Where a page lives: the API endpoints to try, in order, and its title."""

    title: str
    api_urls: tuple[str, ...]
    base: str  # scheme://host

    def page_url(self, title: str | None = None) -> str:
        return f"{self.base}/wiki/{quote((title or self.title).replace(' ', '_'), safe='/:(),')}"


@dataclass(frozen=True)
class Revision:
    title: str  # after normalisation and redirects
    revid: int | None
    wikitext: str
    page_url: str


def is_wiki_page(spec: str) -> bool:
    """Whether ``spec`` names a wiki page rather than a file."""
    try:
        parse_page_spec(spec)
    except InputError:
        return False
    return True


def parse_page_spec(spec: str) -> WikiPage:
    value = spec.strip()
    if m := _INTERWIKI.match(value):
        base = f"https://{m['lang']}.wikipedia.org"
        return WikiPage(m["title"].replace("_", " "), _apis(base), base)
    parts = urlsplit(value)
    if parts.scheme in ("http", "https") and parts.netloc:
        base = f"{parts.scheme}://{parts.netloc}"
        title = None
        if "/wiki/" in parts.path:
            title = unquote(parts.path.split("/wiki/", 1)[1])
        elif parts.path.endswith("index.php"):
            titles = parse_qs(parts.query).get("title")
            title = titles[0] if titles else None
        if title:
            return WikiPage(title.replace("_", " "), _apis(base), base)
    raise InputError("not a wiki page (expected https://HOST/wiki/Title or lang:Title)", file=spec)


def _apis(base: str) -> tuple[str, ...]:
    return (f"{base}/w/api.php", f"{base}/api.php")


def query_url(api_url: str, title: str) -> str:
    params = {
        "action": "query",
        "prop": "revisions",
        "rvprop": "content|ids",
        "rvslots": "main",
        "redirects": "1",
        "format": "json",
        "formatversion": "2",
        "titles": title,
    }
    return f"{api_url}?{urlencode(params)}"


def fetch_revision(spec: str, fetch_text: FetchText) -> Revision:
    """The current wikitext of the page ``spec`` names; InputError if there is none."""
    page = parse_page_spec(spec)
    failures: list[str] = []
    for api_url in page.api_urls:
        try:
            body = fetch_text(query_url(api_url, page.title))
        except OSError as exc:  # requests' exceptions and WikiFetchError are OSErrors
            failures.append(f"{api_url}: {exc}")
            continue
        try:
            answer = json.loads(body)
        except ValueError:
            failures.append(f"{api_url}: not a MediaWiki API answer")
            continue  # e.g. an HTML page: the wiki is installed elsewhere
        return _revision(answer, page, spec)
    raise InputError("cannot fetch the page: " + "; ".join(failures), file=spec)


def _revision(answer: Any, page: WikiPage, spec: str) -> Revision:
    if not isinstance(answer, dict):
        raise InputError("unexpected MediaWiki API answer", file=spec)
    if isinstance(answer.get("error"), dict):
        error = answer["error"]
        raise InputError(f"MediaWiki API error {error.get('code')}: {error.get('info')}", file=spec)
    pages = (answer.get("query") or {}).get("pages")
    if not isinstance(pages, list) or not pages or not isinstance(pages[0], dict):
        raise InputError("MediaWiki API answer has no page", file=spec)
    found = pages[0]
    title = str(found.get("title") or page.title)
    if found.get("missing") or found.get("invalid"):
        reason = found.get("invalidreason") or "no such page"
        raise InputError(f"{title}: {reason}", file=spec)
    revisions = found.get("revisions")
    if not isinstance(revisions, list) or not revisions:
        raise InputError(f"{title}: no revision content", file=spec)
    revision = revisions[0]
    content = ((revision.get("slots") or {}).get("main") or {}).get("content")
    if content is None:  # formatversion 1 or no slots: content sits on the revision
        content = revision.get("content", revision.get("*"))
    if not isinstance(content, str):
        raise InputError(f"{title}: revision content is hidden or missing", file=spec)
    revid = revision.get("revid")
    return Revision(title, revid if isinstance(revid, int) else None, content,
                    page.page_url(title))  # fmt: skip


def read_wiki_page(spec: str, fetch_text: FetchText) -> tuple[Revision, ReadResult]:
    """Fetch and read the page: references located in its current wikitext.

    Locations name the page URL as the file, with ``context`` holding the revision,
    so a report says exactly which text was checked.
    """
    revision = fetch_revision(spec, fetch_text)
    from citecheck.sources.wikitext import WikitextReader  # mwparserfromhell: when needed

    reader = WikitextReader(language=wiki_language(revision.page_url))
    result = reader.read(revision.wikitext, file=revision.page_url)
    if revision.revid is not None:
        context = f"revision {revision.revid}"
        refs = tuple(_with_context(r, context) for r in result.references)
        result = ReadResult(refs, result.errors)
    return revision, result


def wiki_language(page_url: str) -> str | None:
    """The language of a Wikimedia wiki (``de`` for de.wikipedia.org), which chooses
    the citation templates read besides CS1; ``None`` elsewhere (all are read)."""
    host = urlsplit(page_url).hostname or ""
    m = _WIKIMEDIA_HOST.fullmatch(host)
    return m["lang"] if m else None


def _with_context(ref: Reference, context: str) -> Reference:
    return replace(ref, location=replace(ref.location, context=context))


class _Session(Protocol):
    def get(self, url: str, **kwargs: Any) -> Any: ...


def session_fetcher(
    session: _Session, *, user_agent: str = DEFAULT_USER_AGENT, timeout: float = DEFAULT_TIMEOUT
) -> FetchText:
    """A ``fetch_text`` over a ``requests.Session``-like object, identifying citecheck."""

    def fetch_text(url: str) -> str:
        response = session.get(url, headers={"User-Agent": user_agent}, timeout=timeout)
        if response.status_code >= 400:
            raise WikiFetchError(f"HTTP {response.status_code}", status=response.status_code)
        return str(response.text)

    return fetch_text


# Wikitext of long articles exceeds the engine's default cap for web pages.
WIKITEXT_MAX_BYTES = 32 * 1_048_576


def engine_fetcher(
    fetch: Callable[..., FetchResult], *, max_bytes: int = WIKITEXT_MAX_BYTES
) -> FetchText:
    """A ``fetch_text`` over the HTTP engine's ``HttpClient.fetch``.

    The engine reports failures as values; here they become WikiFetchError so the
    next API endpoint is tried. A cut-short answer is a failure too: half a JSON
    document is not the page.
    """

    def fetch_text(url: str) -> str:
        result = fetch(url, max_bytes=max_bytes)
        if result.status is None:
            raise WikiFetchError(result.error or "no response")
        if result.status >= 400:
            raise WikiFetchError(f"HTTP {result.status}", status=result.status)
        if result.truncated:
            raise WikiFetchError(f"answer larger than {max_bytes} bytes")
        return result.body.decode(result.declared_charset or "utf-8", errors="replace")

    return fetch_text
