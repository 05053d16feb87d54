"""analyse_page: from a response body to a PageAnalysis (title, language, signals)."""

from __future__ import annotations

import html
from dataclasses import replace

from citecheck.page.charset import decode_body
from citecheck.page.fingerprint import fingerprint_of
from citecheck.page.headline import choose_headline, rank_candidates
from citecheck.page.maintext import DeferredMainText, main_text
from citecheck.page.markup import (
    TAG,
    drop_hidden,
    head_facts,
    main_h1,
    split_head,
    visible_text,
    word_count,
)
from citecheck.page.media import is_markup, media_type
from citecheck.page.parked import parked_signal
from citecheck.page.pdf import looks_like_pdf, pdf_text, pdf_titles
from citecheck.page.redirects import meta_refresh_target, script_redirect_target
from citecheck.page.soft404 import error_signal
from citecheck.page.text import clean_text
from citecheck.page.types import (
    EMPTY_ANALYSIS,
    SOURCE_H1,
    SOURCE_JSONLD,
    SOURCE_PDF,
    PageAnalysis,
)
from citecheck.page.usurped import usurped_signal


def analyse_page(
    body: bytes,
    *,
    content_type: str | None,
    declared_charset: str | None,
    url: str,
    defer_main_text: bool = False,
) -> PageAnalysis:
    """What the body says about its page. Never raises on any bytes.

    ``defer_main_text``: extract the page's paragraphs (``main_text``) only when they
    are first read, keeping the markup until then. For an analysis that is short-lived
    and seldom needs them (a checked live page); not for one kept all run (a probe, a
    memoised capture), which would keep its whole markup."""
    ctype = media_type(content_type)
    if looks_like_pdf(body, ctype):
        return _analyse_pdf(body, url)
    if not body or not is_markup(ctype):
        return replace(EMPTY_ANALYSIS, url=url)
    text, charset = decode_body(body, declared_charset)
    head, body_markup = split_head(text)
    facts = head_facts(head)
    found = list(facts.titles)
    found.extend((SOURCE_JSONLD, t) for t in _cleaned(facts.jsonld.headlines))
    h1 = main_h1(body_markup, facts.site_names)
    if h1:
        found.append((SOURCE_H1, h1))
    candidates = rank_candidates(found)
    title, source = choose_headline(candidates, facts.site_names, url)
    words = visible_text(body_markup)
    site_name = facts.site_names[0] if facts.site_names else None
    return PageAnalysis(
        title=title,
        title_source=source,
        candidates=candidates,
        site_name=site_name,
        language=facts.language,
        error_signal=error_signal(candidates, h1, words),
        parked_signal=parked_signal(candidates, words, text, facts.resources),
        fingerprint=fingerprint_of(
            title or (candidates[0].text if candidates else None), words, facts.canonical
        ),
        url=url,
        charset=charset,
        canonical_url=facts.canonical,
        refresh_url=meta_refresh_target(facts.refresh, url) or _script_redirect(text, words, url),
        usurped_signal=usurped_signal(candidates),
        main_text_source=(
            DeferredMainText(body_markup) if defer_main_text else main_text(body_markup)
        ),
    )


def readable_text(
    body: bytes, *, content_type: str | None, declared_charset: str | None
) -> str | None:
    """All the text a reader sees of the body (markup without tags, hidden elements and
    entities; a PDF's page text), or None when the body is no text (an image, a damaged
    PDF). For looking up a cited quote: the whole body, not the start analyse_page reads."""
    ctype = media_type(content_type)
    if looks_like_pdf(body, ctype):
        return pdf_text(body)
    if not body or not is_markup(ctype):
        return None
    text, _ = decode_body(body, declared_charset)
    return html.unescape(TAG.sub(" ", drop_hidden(text)))


def _cleaned(texts: tuple[str, ...]) -> list[str]:
    return [t for t in (clean_text(x) for x in texts) if t]


# A page with no more words than this that runs a redirect script is a redirect stub
# ("Redirecting..."); on a page with text, such a script is some link's click handler.
_STUB_PAGE_WORDS = 40
_STUB_SCAN_CHARS = 16_384


def _script_redirect(text: str, words: str, url: str) -> str | None:
    if word_count(words) > _STUB_PAGE_WORDS:
        return None
    return script_redirect_target(text[:_STUB_SCAN_CHARS], url)


def _analyse_pdf(body: bytes, url: str) -> PageAnalysis:
    candidates = rank_candidates([(SOURCE_PDF, t) for t in pdf_titles(body)])
    title, source = choose_headline(candidates, [], None)
    return PageAnalysis(
        title=title,
        title_source=source,
        candidates=candidates,
        site_name=None,
        language=None,
        error_signal=None,
        parked_signal=None,
        fingerprint=fingerprint_of(title, "", None),
        url=url,
    )
