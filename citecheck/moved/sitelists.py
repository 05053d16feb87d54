"""The pages a site lists itself: its sitemaps and its RSS/Atom feed.

Read once per site and run, within a budget (MAX_REQUESTS requests, MAX_BYTES bytes):
robots.txt for its ``Sitemap:`` lines (else ``/sitemap.xml``), the sitemaps they name
(a sitemap index's most recently changed children first; gzip-compressed ones too),
then the feed the front page announces with ``<link rel="alternate">``.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass
from enum import StrEnum
from urllib.parse import urljoin, urlsplit
from urllib.robotparser import RobotFileParser

from bs4 import BeautifulSoup
from lxml import etree

from citecheck.archive.memo import RequestTally, RunMemo
from citecheck.moved.interface import SiteFetch

MAX_REQUESTS = 6
MAX_BYTES = 4 * 1024 * 1024
# Requests kept for the feed (the front page, then the feed itself).
_FEED_REQUESTS = 2
_ROBOTS_BYTES = 64 * 1024
_HOME_BYTES = 256 * 1024
_FEED_TYPES = ("application/rss+xml", "application/atom+xml")
# Untrusted XML: no entities expanded, nothing fetched, broken documents read as far
# as they go.
_XML = etree.XMLParser(resolve_entities=False, no_network=True, recover=True, huge_tree=False)


class ListSource(StrEnum):
    SITEMAP = "sitemap"
    FEED = "feed"


@dataclass(frozen=True)
class ListedPage:
    url: str
    title: str | None
    source: ListSource


@dataclass(frozen=True)
class _Document:
    pages: tuple[ListedPage, ...]
    children: tuple[str, ...]  # sitemaps named by a sitemap index


class SiteLists:
    """Thread-safe; each site is read once per run (other references share it)."""

    def __init__(self, fetch: SiteFetch):
        self._fetch = fetch
        self._memo = RunMemo()

    def pages(self, url: str, tally: RequestTally) -> tuple[ListedPage, ...]:
        """What the site of ``url`` lists (requests are counted on ``tally`` when made)."""
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        return self._memo.get(origin, lambda: _SiteReader(self._fetch, origin, tally).read())


class _SiteReader:
    def __init__(self, fetch: SiteFetch, origin: str, tally: RequestTally):
        self._fetch = fetch
        self._origin = origin
        self._tally = tally
        self._requests = 0
        self._bytes = 0

    def read(self) -> tuple[ListedPage, ...]:
        pages: list[ListedPage] = []
        queue = self._sitemaps_named()
        seen: set[str] = set()
        while queue and self._requests < MAX_REQUESTS - _FEED_REQUESTS:
            sitemap = queue.pop(0)
            if sitemap in seen:
                continue
            seen.add(sitemap)
            document = self._document(sitemap, ListSource.SITEMAP)
            if document is not None:
                pages.extend(document.pages)
                queue.extend(document.children)
        feed = self._feed_url()
        if feed is not None:
            document = self._document(feed, ListSource.FEED)
            if document is not None:
                pages.extend(document.pages)
        return tuple(pages)

    def _get(self, url: str, cap: int) -> bytes | None:
        """The body of a 2xx answer within the budget, else None."""
        room = MAX_BYTES - self._bytes
        if self._requests >= MAX_REQUESTS or room <= 0:
            return None
        if urlsplit(url).scheme not in ("http", "https"):
            return None
        self._requests += 1
        self._tally.count()
        fetched = self._fetch(url, max_bytes=min(cap, room), retries=0)
        self._bytes += len(fetched.body)
        if fetched.status is None or not 200 <= fetched.status < 300:
            return None
        return fetched.body

    def _sitemaps_named(self) -> list[str]:
        robots = self._get(f"{self._origin}/robots.txt", _ROBOTS_BYTES)
        named: list[str] = []
        if robots is not None:
            parser = RobotFileParser()
            parser.parse(robots.decode("utf-8", errors="replace").splitlines())
            named = [urljoin(self._origin + "/", u.strip()) for u in parser.site_maps() or ()]
        return named or [f"{self._origin}/sitemap.xml"]

    def _document(self, url: str, source: ListSource) -> _Document | None:
        body = self._get(url, MAX_BYTES)
        if body is None:
            return None
        if body[:2] == b"\x1f\x8b":
            body = self._gunzip(body)
        return parse_list(body, source, base=url) if body else None

    def _gunzip(self, body: bytes) -> bytes:
        """A gzip-compressed sitemap, inflated at most up to the remaining budget (a
        decompression bomb stops there)."""
        room = max(0, MAX_BYTES - self._bytes)
        inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
        try:
            data = inflater.decompress(body, room)
        except zlib.error:
            return b""
        self._bytes += len(data)
        return data

    def _feed_url(self) -> str | None:
        home = self._get(f"{self._origin}/", _HOME_BYTES)
        if home is None:
            return None
        soup = BeautifulSoup(home, "lxml")
        for tag in soup.find_all("link", href=True):
            rel = tag.get("rel") or []
            kind = str(tag.get("type") or "").lower()
            if "alternate" in [str(r).lower() for r in rel] and kind in _FEED_TYPES:
                return urljoin(self._origin + "/", str(tag["href"]).strip())
        return None


def _local(element: etree._Element) -> str:
    tag = element.tag
    return etree.QName(tag).localname.lower() if isinstance(tag, str) else ""


def _text_of(element: etree._Element, name: str) -> str | None:
    """The text of the first descendant named ``name`` (any namespace)."""
    for child in element.iter():
        if _local(child) == name and child.text and child.text.strip():
            return " ".join(child.text.split())
    return None


def _atom_link(entry: etree._Element) -> str | None:
    for child in entry:
        if _local(child) == "link" and child.get("href") and child.get("rel", "alternate") == \
                "alternate":
            return str(child.get("href")).strip()
    return None


def parse_list(body: bytes, source: ListSource, *, base: str) -> _Document:
    """The pages (and child sitemaps) of a sitemap, sitemap index, RSS or Atom document."""
    try:
        root = etree.fromstring(body, parser=_XML)
    except etree.XMLSyntaxError:
        return _Document((), ())
    if root is None:
        return _Document((), ())
    kind = _local(root)
    pages: list[ListedPage] = []
    children: list[tuple[str, str]] = []
    for element in root.iter():
        name = _local(element)
        if kind == "sitemapindex" and name == "sitemap":
            loc = _text_of(element, "loc")
            if loc:
                children.append((_text_of(element, "lastmod") or "", urljoin(base, loc)))
        elif kind == "urlset" and name == "url":
            loc = _text_of(element, "loc")
            if loc:
                # news:title, video:title...: sitemaps of news sites name the story.
                pages.append(ListedPage(urljoin(base, loc), _text_of(element, "title"), source))
        elif name == "item":  # RSS
            link = _text_of(element, "link")
            if link:
                pages.append(ListedPage(urljoin(base, link), _text_of(element, "title"), source))
        elif name == "entry":  # Atom
            link = _atom_link(element)
            if link:
                pages.append(ListedPage(urljoin(base, link), _text_of(element, "title"), source))
    # The most recently changed children first: a moved page is in a newer sitemap.
    children.sort(key=lambda pair: pair[0], reverse=True)
    return _Document(tuple(pages), tuple(url for _, url in children))
