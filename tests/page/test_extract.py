"""Title candidates, the chosen headline, site name and language from markup and PDFs."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfWriter
from pypdf.generic import DecodedStreamObject, NameObject

from citecheck.page import PageAnalysis, analyse_page
from citecheck.page.text import MAX_TITLE_CHARS, clean_text


def analyse(markup: str, url: str = "https://www.example.com/news/2024/story") -> PageAnalysis:
    return analyse_page(
        markup.encode("utf-8"), content_type="text/html", declared_charset="utf-8", url=url
    )


def sources(markup: str) -> dict[str, str]:
    result = analyse(markup)
    return {c.source: c.text for c in result.candidates}


FULL_HEAD = """<html lang="en-GB"><head>
<title>Rebels refuse to leave Qalamoun | The Daily Example</title>
<meta name="citation_title" content="Rebels refuse to leave Eastern Qalamoun">
<meta name="DC.title" content="Rebels refuse to leave (DC)">
<meta property="og:title" content="Rebels refuse to leave Qalamoun">
<meta name="twitter:title" content="Rebels refuse to leave Qalamoun (tw)">
<meta property="og:site_name" content="The Daily Example">
<script type="application/ld+json">{"@context": "https://schema.org", "@graph": [
  {"@type": "WebSite", "name": "The Daily Example"},
  {"@type": "NewsArticle", "headline": "Rebels refuse to leave Qalamoun (ld)",
   "publisher": {"@type": "Organization", "name": "Example Media"}}]}</script>
</head><body><h1 class="site-logo">The Daily Example</h1>
<article><h1>Rebels refuse to leave <em>Eastern</em> Qalamoun</h1><p>Text.</p></article>
</body></html>"""


def test_every_source_is_found_and_ranked() -> None:
    result = analyse(FULL_HEAD)
    assert [c.source for c in result.candidates] == [
        "citation_title",
        "og:title",
        "json-ld",
        "twitter:title",
        "dc.title",
        "title",
        "h1",
    ]
    found = {c.source: c.text for c in result.candidates}
    assert found["json-ld"] == "Rebels refuse to leave Qalamoun (ld)"
    # The logo <h1> is skipped; inline markup inside the headline joins its words.
    assert found["h1"] == "Rebels refuse to leave Eastern Qalamoun"
    assert result.title == "Rebels refuse to leave Eastern Qalamoun"
    assert result.site_name == "The Daily Example"
    assert result.language == "en-GB"


def test_og_title_written_as_meta_name_counts() -> None:
    # postlight's re-serialised pages write og tags as <meta name="og:title">.
    found = sources('<head><meta name="og:title" content="Named og"><title>T</title></head>')
    assert found["og:title"] == "Named og"


def test_site_suffix_is_removed_from_the_headline() -> None:
    result = analyse(
        "<head><title>Fed lifts rates, sees faster pace of hikes | Reuters</title></head>",
        url="https://www.reuters.com/article/us-usa-fed-idUSKBN1462NX",
    )
    assert result.title == "Fed lifts rates, sees faster pace of hikes"
    assert result.title_source == "title"
    assert result.candidates[0].text.endswith("| Reuters")


def test_site_prefix_learned_from_og_site_name() -> None:
    result = analyse(
        '<head><meta property="og:site_name" content="Enab Baladi">'
        "<title>Enab Baladi | Regime forces advance near Dumayr</title></head>",
        url="https://english.enabbaladi.net/archives/2018/04/x/",
    )
    assert result.title == "Regime forces advance near Dumayr"


def test_a_subtitle_is_not_taken_for_a_site_name() -> None:
    result = analyse("<head><title>Title of the story: what the subtitle says</title></head>")
    assert result.title == "Title of the story: what the subtitle says"


@pytest.mark.parametrize(
    "block",
    [
        '{"@type": "Article", "headline": "From JSON-LD"}',
        '[{"@type": "BreadcrumbList", "name": "Home"}, {"@type": ["NewsArticle"], '
        '"headline": ["From JSON-LD"]}]',
        '<!-- {"@type": "BlogPosting", "headline": "From JSON-LD",} -->',
        '{"@type": "WebPage", "mainEntity": {"@type": "Article", "name": "From JSON-LD"}}',
    ],
)
def test_json_ld_shapes(block: str) -> None:
    found = sources(f'<head><script type="application/ld+json">{block}</script></head>')
    assert found["json-ld"] == "From JSON-LD"


@pytest.mark.parametrize(
    "block", ["{", '{"@type": "Article", "headline": ', "null", "[1, 2]", '"text"', "{]}" * 50]
)
def test_broken_json_ld_is_ignored(block: str) -> None:
    result = analyse(
        f'<head><script type="application/ld+json">{block}</script><title>Kept</title></head>'
    )
    assert result.title == "Kept"


def test_titles_are_cleaned() -> None:
    raw = (
        "<head><title>\n  Caf&eacute; &amp;amp; \u200fbar\u200e\x07\tnews\u00a0 &#8211; "
        "today  </title></head>"
    )
    result = analyse(raw)
    assert result.candidates[0].text == "Café & bar news – today"
    long = analyse("<head><title>" + "word " * 400 + "</title></head>")
    assert len(long.candidates[0].text) <= MAX_TITLE_CHARS
    assert clean_text(" \u200b\x00 ") is None


def test_placeholder_titles_are_not_headlines() -> None:
    result = analyse("<head><title>Untitled Document</title></head><body><p>x</p></body>")
    assert result.title is None
    numeric = analyse("<head><title>12345</title><meta property='og:title' content='Real'>")
    assert numeric.title == "Real"


def test_title_outside_head_and_headless_documents() -> None:
    assert analyse("<title>Bare title</title><p>text</p>").title == "Bare title"
    assert (
        analyse(
            "<?xml version='1.0' encoding='utf-8'?><html><head><title>X decl</title></head></html>"
        ).title
        == "X decl"
    )


def test_h1_alone_is_used_when_nothing_else_is_there() -> None:
    result = analyse("<html><head></head><body><h1>Only a heading</h1></body></html>")
    assert (result.title, result.title_source) == ("Only a heading", "h1")


def test_furigana_is_not_part_of_a_japanese_heading() -> None:
    result = analyse(
        "<head><title>NEWS WEB EASY|子どもへの体罰を禁止する法律ができる</title></head><body>"
        "<h1><ruby>子<rt>こ</rt></ruby>どもへの<ruby>体罰<rt>たいばつ</rt></ruby>を禁止する法律ができる"
        "</h1></body>"
    )
    assert "子どもへの体罰を禁止する法律ができる" in {c.text for c in result.candidates}


def make_pdf(title: str) -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    writer.add_metadata({"/Title": title})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_pdf_title_from_document_info() -> None:
    body = make_pdf("Annual report on the\x00 Qalamoun displacement")
    for content_type in ("application/pdf", "application/octet-stream", None):
        result = analyse_page(body, content_type=content_type, declared_charset=None, url="")
        assert result.title == "Annual report on the Qalamoun displacement"
        assert result.title_source == "pdf"


def test_pdf_xmp_title() -> None:
    xmp = (
        b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF '
        b'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
        b'<rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title><rdf:Alt>'
        b'<rdf:li xml:lang="x-default">Title from XMP</rdf:li></rdf:Alt></dc:title>'
        b"</rdf:Description></rdf:RDF></x:xmpmeta>"
    )
    writer = PdfWriter()
    writer.add_blank_page(width=100, height=100)
    stream = DecodedStreamObject()
    stream.set_data(xmp)
    stream.update(
        {NameObject("/Type"): NameObject("/Metadata"), NameObject("/Subtype"): NameObject("/XML")}
    )
    writer._root_object[NameObject("/Metadata")] = writer._add_object(stream)
    out = io.BytesIO()
    writer.write(out)
    result = analyse_page(
        out.getvalue(), content_type="application/pdf", declared_charset=None, url=""
    )
    assert result.title == "Title from XMP"


@pytest.mark.parametrize(
    "body",
    [b"%PDF-1.7\n", b"%PDF-1.4\n1 0 obj << /Title (x) >>\n%%EOF", b"%PDF-" + bytes(range(256))],
)
def test_broken_pdfs_have_no_title(body: bytes) -> None:
    result = analyse_page(body, content_type="application/pdf", declared_charset=None, url="")
    assert result.title is None


def test_non_html_bodies_have_no_title() -> None:
    for ctype in ("image/png", "application/json", "text/plain"):
        result = analyse_page(
            b"<title>not html</title>", content_type=ctype, declared_charset=None, url="u"
        )
        assert result.title is None
        assert result.url == "u"
