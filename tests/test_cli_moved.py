"""Where a dead page moved (citecheck.moved), end to end: the simulated web plus a real
pywb holding redirect captures.

Scenarios: a move found through an archived redirect; a site-wide redirect (every page
of a directory sent to one landing page) and a redirect to the front page, neither a
move; a move found through a gzip sitemap behind a sitemap index; one found through the
feed the front page announces; a candidate rejected because its live title differs.
"""

from __future__ import annotations

import gzip
import json
import threading
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import jsonschema
import pytest

from citecheck import check
from citecheck.cli import main
from citecheck.models import Reference
from citecheck.net.client import HttpClient
from citecheck.net.types import FetchResult
from citecheck.options import CheckOptions, ResolvePin
from tests.conftest import fast_args, write_refs
from tests.support.pywb_harness import PywbMissing, PywbServer, WarcCapture, html_page, run_pywb
from tests.support.simweb import SimWeb, page, raw_page, status
from tests.support.tools import tool_missing

HOSTS = ("news.test", "blog.test", "shop.test", "feeds.test", "canary.test")
SCHEMA = json.loads(
    (Path(__file__).parents[1] / "citecheck" / "schemas" / "report.schema.json").read_text()
)

TRAM = "Council approves riverside tram extension"
BUDGET = "Regional budget vote postponed until autumn"
GARDEN = "My garden diary for spring planting"
BEES = "Beekeeping notes from the old apiary"
WIDGET = "Blue Widget Deluxe hands-on review"
GRAPES = "Record grape harvest in the Douro valley"


def _redirect_capture(url: str, stamp: str, target: str) -> WarcCapture:
    return WarcCapture(url, stamp, b"", status="301 Moved Permanently",
                       extra_headers=(("Location", target),))


def _sitemap(urls: list[str]) -> bytes:
    entries = "".join(f"<url><loc>{u}</loc></url>" for u in urls)
    return ('<?xml version="1.0" encoding="UTF-8"?>'
            f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{entries}</urlset>'
            ).encode()


def _script_web(web: SimWeb) -> None:
    # news.test: a move kept by an archived redirect, and one whose target is another story.
    web.route("news.test", "/2019/03/old-story", status(404))
    web.route("news.test", "/stories/riverside-tram-extension-approved",
              page(f"{TRAM} | News Test"))
    web.route("news.test", "/2019/03/budget-vote", status(404))
    web.route("news.test", "/stories/budget-vote-postponed",
              page("Parliament approves new stadium funding"))
    # blog.test: every old post was sent to one landing page; another to the front page.
    web.route("blog.test", "/posts/garden-diary", status(404))
    web.route("blog.test", "/posts/old-home", status(404))
    web.route("blog.test", "/landing", page(GARDEN))  # titled as cited: only siblings tell
    web.route("blog.test", "/", page(BEES))
    # shop.test: robots.txt -> sitemap index -> gzip sitemap.
    web.route("shop.test", "/products/blue-widget-deluxe", status(404))
    shop = web.url("shop.test", "")
    web.route("shop.test", "/robots.txt", raw_page(
        f"User-agent: *\nDisallow:\nSitemap: {shop}/sitemap_index.xml\n".encode(), "text/plain"))
    web.route("shop.test", "/sitemap_index.xml", raw_page(
        ('<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
         f"<sitemap><loc>{shop}/sitemap-pages.xml</loc><lastmod>2020-01-01</lastmod></sitemap>"
         f"<sitemap><loc>{shop}/sitemap-products.xml.gz</loc><lastmod>2024-05-01</lastmod>"
         "</sitemap></sitemapindex>").encode(), "application/xml"))
    web.route("shop.test", "/sitemap-products.xml.gz", raw_page(gzip.compress(_sitemap([
        f"{shop}/catalog/red-gadget-mini", f"{shop}/catalog/blue-widget-deluxe-hands-on-review",
        f"{shop}/catalog/widget-care-guide"])), "application/x-gzip"))
    web.route("shop.test", "/sitemap-pages.xml",
              raw_page(_sitemap([f"{shop}/about"]), "application/xml"))
    web.route("shop.test", "/catalog/blue-widget-deluxe-hands-on-review", page(WIDGET))
    # feeds.test: no sitemap; the front page announces an RSS feed.
    feeds = web.url("feeds.test", "")
    web.route("feeds.test", "/2018/grape-harvest", status(404))
    web.route("feeds.test", "/", page(
        "Feeds Test", head_extra='<link rel="alternate" type="application/rss+xml" '
        'title="News" href="/feed.xml">'))
    web.route("feeds.test", "/feed.xml", raw_page(
        ('<?xml version="1.0"?><rss version="2.0"><channel><title>Feeds Test</title>'
         f"<item><title>Vintage festival dates</title><link>{feeds}/news/festival</link></item>"
         f"<item><title>{GRAPES}</title><link>{feeds}/news/harvest-2018</link></item>"
         "</channel></rss>").encode(), "application/rss+xml"))
    web.route("feeds.test", "/news/harvest-2018", page(GRAPES))


def _captures(web: SimWeb) -> list[WarcCapture]:
    news, blog = web.url("news.test", ""), web.url("blog.test", "")
    return [
        WarcCapture(f"{news}/2019/03/old-story", "20180410120000", html_page(TRAM)),
        _redirect_capture(f"{news}/2019/03/old-story", "20190302120000",
                          f"{news}/stories/riverside-tram-extension-approved"),
        _redirect_capture(f"{news}/2019/03/other-story", "20190315120000",
                          f"{news}/stories/other-story-renamed"),
        _redirect_capture(f"{news}/2019/03/budget-vote", "20190320120000",
                          f"{news}/stories/budget-vote-postponed"),
        _redirect_capture(f"{blog}/posts/garden-diary", "20200105120000", f"{blog}/landing"),
        _redirect_capture(f"{blog}/posts/recipes", "20200110120000", f"{blog}/landing"),
        _redirect_capture(f"{blog}/posts/travel", "20200201120000", f"{blog}/landing"),
        _redirect_capture(f"{blog}/posts/old-home", "20200301120000", f"{blog}/"),
    ]


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[SimWeb, PywbServer]]:
    web = SimWeb(hosts=HOSTS).start()
    _script_web(web)
    try:
        with run_pywb(tmp_path_factory.mktemp("pywb"), {"web": _captures(web)}) as pywb:
            yield web, pywb
    except PywbMissing as exc:
        tool_missing("pywb", str(exc))
    finally:
        web.stop()


def _refs(web: SimWeb) -> list[dict[str, str]]:
    return [
        {"id": "tram", "url": web.url("news.test", "/2019/03/old-story"), "title": TRAM,
         "access_date": "2018-04-12"},
        {"id": "budget", "url": web.url("news.test", "/2019/03/budget-vote"), "title": BUDGET},
        {"id": "garden", "url": web.url("blog.test", "/posts/garden-diary"), "title": GARDEN},
        {"id": "bees", "url": web.url("blog.test", "/posts/old-home"), "title": BEES},
        {"id": "widget", "url": web.url("shop.test", "/products/blue-widget-deluxe"),
         "title": WIDGET},
        {"id": "grapes", "url": web.url("feeds.test", "/2018/grape-harvest"), "title": GRAPES},
    ]


def _args(web: SimWeb, pywb: PywbServer) -> list[str]:
    # The archive is asked one request per 0.5 s: give its queue time.
    args = [a for a in fast_args(web, total_timeout=30) if a != "--no-archive"]
    return [*args, "--archive-url", pywb.base_url]


@pytest.mark.slow
def test_moves_are_found_and_false_moves_are_not(
    world: tuple[SimWeb, PywbServer], tmp_path: Path
) -> None:
    web, pywb = world
    refs = write_refs(tmp_path / "refs.json", _refs(web))
    out, md, html = tmp_path / "r.json", tmp_path / "r.md", tmp_path / "r.html"
    code = main(["check", str(refs), *_args(web, pywb), "--format", "json,markdown,html",
                 "--output", str(out), "--output", str(md), "--output", str(html)])
    assert code == 1
    report = json.loads(out.read_text())
    jsonschema.validate(report, SCHEMA)
    results = {r["id"]: r for r in report["results"]}
    assert all(r["verdict"] == "dead" for r in results.values())
    moved = {key: r["link"]["moved_to"] for key, r in results.items()}

    tram = moved["tram"]
    assert tram is not None
    assert tram["url"] == web.url("news.test", "/stories/riverside-tram-extension-approved")
    assert tram["evidence"] == "wayback redirect of 2019-03-02"
    assert tram["score"] >= 0.8
    assert any("moved to" in reason for reason in results["tram"]["reasons"])

    # The archived redirect pointed to a live page about something else: verified, rejected.
    assert moved["budget"] is None
    assert web.requests_to("news.test", "/stories/budget-vote-postponed")

    # Its siblings were sent to the same landing page: a site-wide redirect, not a move,
    # so the landing page (titled as cited, as such pages can be) is never even verified.
    assert moved["garden"] is None
    assert not web.requests_to("blog.test", "/landing")
    # A redirect to the front page is not a move either.
    assert moved["bees"] is None

    assert moved["widget"] == {
        "url": web.url("shop.test", "/catalog/blue-widget-deluxe-hands-on-review"),
        "evidence": "sitemap", "score": 1.0}
    # The index's most recently changed sitemap was read; the slug-unlike pages were not
    # fetched.
    assert not web.requests_to("shop.test", "/catalog/red-gadget-mini")
    assert moved["grapes"] == {"url": web.url("feeds.test", "/news/harvest-2018"),
                               "evidence": "feed", "score": 1.0}

    markdown = md.read_text()
    assert "moved to [http://news.test" in markdown
    assert "wayback redirect of 2019\\-03\\-02" in markdown or "2019-03-02" in markdown
    page_html = html.read_text()
    assert "<span class=moved>moved to <a href=" in page_html
    assert "(sitemap, title score 1.00)" in page_html


def test_no_find_moved_turns_the_stage_off(
    world: tuple[SimWeb, PywbServer], tmp_path: Path
) -> None:
    web, pywb = world
    refs = write_refs(tmp_path / "refs.json", _refs(web)[4:5])
    before = len(web.requests_to("shop.test", "/robots.txt"))
    out = tmp_path / "r.json"
    assert main(["check", str(refs), *_args(web, pywb), "--no-find-moved",
                 "--format", "json", "--output", str(out)]) == 1
    result = json.loads(out.read_text())["results"][0]
    assert result["link"]["moved_to"] is None
    assert len(web.requests_to("shop.test", "/robots.txt")) == before


WIKITEXT = (
    "Trams.<ref>{{cite web |url=TRAM |title=" + TRAM + " |access-date=12 April 2018}}</ref>\n"
    "Bees.<ref>{{cite web |url=BEES |title=" + BEES + "}}</ref>\n"
)


@pytest.mark.slow
def test_fix_update_moved_rewrites_the_url_and_keeps_the_old_archive(
    world: tuple[SimWeb, PywbServer], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    web, pywb = world
    old, new = web.url("news.test", "/2019/03/old-story"), web.url(
        "news.test", "/stories/riverside-tram-extension-approved")
    article = tmp_path / "Trams.wiki"
    article.write_text(WIKITEXT.replace("TRAM", old).replace(
        "BEES", web.url("blog.test", "/posts/old-home")), encoding="utf-8")
    refs = tmp_path / "refs.json"
    refs.write_text(json.dumps({"references": [
        {"id": "widget", "url": web.url("shop.test", "/products/blue-widget-deluxe"),
         "title": WIDGET}]}, indent=2), encoding="utf-8")
    base = ["fix", str(article), str(refs), *_args(web, pywb)]

    # Off by default: only the archive link is written, the URL stays.
    assert main([*base, "--dry-run"]) == 1
    diff = capsys.readouterr().out
    assert new not in diff and "archive-url=" in diff

    # Exit 1 either way: the bees citation has neither a move nor an archive to fix it.
    assert main([*base, "--update-moved", "--dry-run"]) == 1
    diff = capsys.readouterr().out
    assert f"+Trams.<ref>{{{{cite web |url={new} " in diff
    assert "/catalog/blue-widget-deluxe-hands-on-review" in diff
    assert old in article.read_text()  # a dry run writes nothing

    assert main([*base, "--update-moved"]) == 1
    fixed = article.read_text().splitlines()
    assert fixed[0].startswith(f"Trams.<ref>{{{{cite web |url={new} |title={TRAM}")
    # The archive of the old URL is kept, and the link is live again.
    assert f"/web/20180410120000/{old}" in fixed[0]
    assert "|url-status=live" in fixed[0]
    assert fixed[1] == WIKITEXT.splitlines()[1].replace(
        "BEES", web.url("blog.test", "/posts/old-home"))  # no move found: URL untouched
    entry = json.loads(refs.read_text())["references"][0]
    assert entry["url"] == web.url("shop.test", "/catalog/blue-widget-deluxe-hands-on-review")
    assert entry["url_status"] == "live"


class _CountingClient(HttpClient):
    """The engine, counting the requests it is asked to make, by kind."""

    def __init__(self, options: CheckOptions, archive_host: str):
        super().__init__(options)
        self.kinds: Counter[str] = Counter()
        self._archive_host = archive_host
        self._count_lock = threading.Lock()

    def fetch(self, url: str, **kwargs: Any) -> FetchResult:
        parts = urlsplit(url)
        assert parts.hostname in HOSTS or parts.hostname == self._archive_host
        if parts.hostname == self._archive_host:
            kind = "archive index" if "/cdx" in parts.path else "archive replay"
        elif parts.path in ("/", "/robots.txt") or "sitemap" in parts.path \
                or parts.path.endswith("feed.xml"):
            kind = "site lists"
        else:
            kind = "pages"  # the cited URLs, soft-404 probes and candidates
        with self._count_lock:
            self.kinds[kind] += 1
        return super().fetch(url, **kwargs)


def test_the_extra_requests_per_dead_link(world: tuple[SimWeb, PywbServer]) -> None:
    """What the stage costs: the run's requests with it minus those without it."""
    web, pywb = world
    references = [Reference(**r) for r in _refs(web)]  # type: ignore[arg-type]
    kinds: dict[bool, Counter[str]] = {}
    for find_moved in (False, True):
        options = CheckOptions(
            resolve=tuple(ResolvePin(h, None, web.address) for h in HOSTS),
            archive_url=pywb.base_url, retries=0, timeout=2, host_interval=0,
            archive_interval=0.05, canaries=(web.url("canary.test"),), find_moved=find_moved)
        client = _CountingClient(options, urlsplit(pywb.base_url).hostname or "")
        report = check(references, options, client=client)
        client.close()
        kinds[find_moved] = client.kinds
        found = sum(1 for r in report.results if r.link.moved_to is not None)
        assert found == (3 if find_moved else 0)
    extra = kinds[True] - kinds[False]
    total = sum(extra.values())
    print(f"\nmoved-page stage: {total} extra requests for {len(references)} dead links "
          f"({total / len(references):.1f} per dead link): {dict(sorted(extra.items()))}")
    # Per dead link at most: 1 index query for its redirects, 3 replays, 1 sibling query
    # and 3 sibling replays; per site 6 list requests (shared by its dead links); each
    # candidate's own check (2 from redirects, 3 from lists, and a soft-404 probe).
    assert extra["archive index"] <= 2 * len(references)
    assert extra["site lists"] <= 6 * len({urlsplit(r.url or "").hostname for r in references})
    assert total / len(references) <= 14
