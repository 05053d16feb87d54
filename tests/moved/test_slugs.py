"""Picking listed pages whose slug or title carries the cited title's informative words."""

from __future__ import annotations

from citecheck.moved.sitelists import ListedPage, ListSource
from citecheck.moved.slugs import MAX_CANDIDATES, likely_pages

DEAD = "https://news.example/2019/03/old-story"


def _page(path: str, title: str | None = None) -> ListedPage:
    return ListedPage(f"https://news.example{path}", title, ListSource.SITEMAP)


def test_slug_or_title_carrying_the_rare_words_is_picked_first() -> None:
    pages = [
        _page("/about"),
        _page("/news/new-report-published-today"),  # only common words agree
        _page("/2021/qalamoun-rebels-leave.html"),
        _page("/p/123", "Rebels leave Qalamoun after deal"),
    ]
    picked = likely_pages(["Rebels leave Qalamoun"], "en", pages, dead_url=DEAD)
    assert [p.url for p in picked] == ["https://news.example/2021/qalamoun-rebels-leave.html",
                                       "https://news.example/p/123"]


def test_the_dead_url_itself_and_weak_matches_are_not_candidates() -> None:
    pages = [_page("/2019/03/old-story/", "Rebels leave Qalamoun"), _page("/rebels-news")]
    assert likely_pages(["Rebels leave Qalamoun"], None, pages, dead_url=DEAD) == []


def test_a_title_of_only_common_words_picks_nothing() -> None:
    assert likely_pages(["The new one"], "en", [_page("/the-new-one")], dead_url=DEAD) == []


def test_at_most_a_few_candidates() -> None:
    pages = [_page(f"/v{n}/qalamoun-rebels-leave") for n in range(10)]
    assert len(likely_pages(["Rebels leave Qalamoun"], "en", pages, dead_url=DEAD)) \
        == MAX_CANDIDATES
