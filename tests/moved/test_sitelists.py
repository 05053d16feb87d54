"""The site's own lists (sitemaps, feeds): parsing, budget, and picking candidates."""

from __future__ import annotations

import gzip
from pathlib import Path

from citecheck.archive.memo import RequestTally
from citecheck.moved.sitelists import (
    MAX_BYTES,
    MAX_REQUESTS,
    ListedPage,
    ListSource,
    SiteLists,
    parse_list,
)
from citecheck.net.client import HttpClient
from citecheck.net.types import FetchResult
from citecheck.options import CheckOptions, ResolvePin
from tests.support.simweb import SimWeb, raw_page

BASE = "https://news.example/sitemap.xml"


def test_sitemap_pages_with_news_titles() -> None:
    body = (b'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
            b'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">'
            b"<url><loc>https://news.example/a/story-one</loc><news:news><news:title>Story one"
            b"</news:title></news:news></url><url><loc>/b/story-two</loc></url></urlset>")
    document = parse_list(body, ListSource.SITEMAP, base=BASE)
    assert document.pages == (
        ListedPage("https://news.example/a/story-one", "Story one", ListSource.SITEMAP),
        ListedPage("https://news.example/b/story-two", None, ListSource.SITEMAP),
    )
    assert document.children == ()


def test_sitemap_index_lists_the_newest_children_first() -> None:
    body = (b"<sitemapindex><sitemap><loc>/old.xml</loc><lastmod>2015-01-01</lastmod></sitemap>"
            b"<sitemap><loc>/new.xml.gz</loc><lastmod>2024-02-01T10:00:00Z</lastmod></sitemap>"
            b"<sitemap><loc>/undated.xml</loc></sitemap></sitemapindex>")
    document = parse_list(body, ListSource.SITEMAP, base=BASE)
    assert document.children == ("https://news.example/new.xml.gz",
                                 "https://news.example/old.xml", "https://news.example/undated.xml")


def test_rss_and_atom_items() -> None:
    rss = (b"<rss><channel><title>Site</title><item><title>First &amp; best</title>"
           b"<link>https://news.example/first</link></item></channel></rss>")
    atom = (b'<feed xmlns="http://www.w3.org/2005/Atom"><title>Site</title><entry>'
            b'<title>Second</title><link rel="alternate" href="https://news.example/second"/>'
            b'<link rel="edit" href="https://news.example/edit/2"/></entry></feed>')
    assert parse_list(rss, ListSource.FEED, base=BASE).pages == (
        ListedPage("https://news.example/first", "First & best", ListSource.FEED),)
    assert parse_list(atom, ListSource.FEED, base=BASE).pages == (
        ListedPage("https://news.example/second", "Second", ListSource.FEED),)


def test_hostile_or_broken_xml_is_read_safely(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP SECRET")
    xxe = (f'<?xml version="1.0"?><!DOCTYPE u [<!ENTITY x SYSTEM "file://{secret}">]>'
           "<urlset><url><loc>https://news.example/&x;</loc></url></urlset>").encode()
    pages = parse_list(xxe, ListSource.SITEMAP, base=BASE).pages
    assert all("SECRET" not in page.url for page in pages)
    assert parse_list(b"<urlset><url><loc>https://news.example/a</loc></url><url><lo",
                      ListSource.SITEMAP, base=BASE).pages[0].url == "https://news.example/a"
    assert parse_list(b"not xml at all", ListSource.SITEMAP, base=BASE).pages == ()
    assert parse_list(b"", ListSource.SITEMAP, base=BASE).pages == ()


def _client(web: SimWeb) -> HttpClient:
    return HttpClient(CheckOptions(
        resolve=tuple(ResolvePin(h, None, web.address) for h in web.hosts),
        retries=0, timeout=2, host_interval=0))


def test_a_site_is_read_within_its_budget_and_once(simweb: SimWeb) -> None:
    """A decompression bomb and an endless sitemap index cost at most the budget."""
    shop = simweb.url("shop.test", "")
    simweb.route("shop.test", "/robots.txt", raw_page(
        f"Sitemap: {shop}/index.xml\nSitemap: {shop}/bomb.xml.gz\n".encode(), "text/plain"))
    children = "".join(f"<sitemap><loc>{shop}/part-{n}.xml</loc></sitemap>" for n in range(50))
    simweb.route("shop.test", "/index.xml",
                 raw_page(f"<sitemapindex>{children}</sitemapindex>".encode(), "application/xml"))
    bomb = gzip.compress(b"<urlset>" + b" " * (64 * MAX_BYTES) + b"</urlset>")
    simweb.route("shop.test", "/bomb.xml.gz", raw_page(bomb, "application/gzip"))
    client = _client(simweb)

    def fetch(url: str, *, max_bytes: int | None = None, retries: int | None = None
              ) -> FetchResult:
        return client.fetch(url, max_bytes=max_bytes, retries=retries)

    lists = SiteLists(fetch)
    tally = RequestTally()
    try:
        assert lists.pages(f"{shop}/products/x", tally) == ()
        assert lists.pages(f"{shop}/other/y", RequestTally()) == ()  # read once per run
    finally:
        client.close()
    assert tally.requests == len(simweb.requests_to("shop.test")) <= MAX_REQUESTS
