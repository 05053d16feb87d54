"""main_text: the page's paragraphs, without the site's navigation, footers and lists."""

from __future__ import annotations

import pickle

from citecheck.page import PageAnalysis, analyse_page
from citecheck.page.maintext import MAIN_TEXT_WORDS, DeferredMainText, main_text

STORY = "Rebels in the eastern Qalamoun announced on Tuesday that they would not evacuate."


def test_paragraphs_are_kept_and_site_furniture_is_not() -> None:
    body = (
        "<header><p>Subscribe to our newsletter for the latest news every day</p></header>"
        "<nav><p>World Politics Business Sport Culture Opinion Video Podcasts</p></nav>"
        f"<article><h1>Headline</h1><p>{STORY}</p>"
        "<p>Share</p>"  # a button, not text
        "<ul><li><a href='/x'>Another story of the same site with a long headline</a></li></ul>"
        "<p>The talks <b>continued</b> into the night &amp; beyond, officials said.</p></article>"
        "<aside><p>Related: more stories you may like from around the world today</p></aside>"
        "<footer><p>Copyright 2018 Example News, all rights reserved worldwide</p></footer>"
        "<script>var p = '<p>not text at all, only a script string</p>';</script>"
    )
    text = main_text(body)
    assert text == (
        f"{STORY} The talks continued into the night & beyond, officials said."
    )


def test_an_unclosed_paragraph_ends_at_the_next_block() -> None:
    body = f"<p>{STORY}<div>Menu Home About Contact Login Register Search</div><p>{STORY}"
    assert main_text(body) == f"{STORY} {STORY}"


def test_a_paragraph_without_spaces_counts_by_characters() -> None:
    japanese = "「UP Core」は、さまざまなOSが動作するシングルボードコンピュータだ。その性能は高い。"
    assert main_text(f"<p>{japanese}</p><p>トップ ニュース</p>") == japanese


def test_the_text_is_bounded() -> None:
    body = f"<p>{STORY}</p>" * 1000
    assert len(main_text(body).split()) == MAIN_TEXT_WORDS


PAGE = (
    "<html><head><title>Rebels refuse to evacuate</title></head><body>"
    f"<nav><p>World Politics Business Sport Culture Opinion</p></nav><p>{STORY}</p>"
    f"<p>{STORY}</p></body></html>"
).encode()


def analysed(defer: bool) -> PageAnalysis:
    return analyse_page(PAGE, content_type="text/html", declared_charset="utf-8",
                        url="https://news.example/story", defer_main_text=defer)


def test_a_deferred_main_text_is_the_same_text_read_later() -> None:
    eager, deferred = analysed(False), analysed(True)
    assert isinstance(deferred.main_text_source, DeferredMainText)
    assert deferred == eager  # compared by its text, extracted for the comparison
    assert deferred.main_text == eager.main_text == f"{STORY} {STORY}"
    assert hash(deferred) == hash(eager)


def test_a_deferred_main_text_is_extracted_once_and_lets_the_markup_go() -> None:
    source = DeferredMainText(f"<p>{STORY}</p>")
    assert "unread" in repr(source)
    assert source.text() is source.text()
    assert source._markup is None


def test_a_deferred_main_text_travels_to_another_process_as_its_text() -> None:
    copy = pickle.loads(pickle.dumps(analysed(True)))
    assert copy.main_text_source == f"{STORY} {STORY}"
    assert isinstance(copy.main_text_source, str)
    assert copy == analysed(False)
