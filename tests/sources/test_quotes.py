"""The cited quote, read from every input that carries one (issue 18)."""

from __future__ import annotations

import json

import pytest

from citecheck.sources.bibtex import BibtexReader
from citecheck.sources.csl_json import CslJsonReader
from citecheck.sources.json_refs import ReferencesJsonReader
from citecheck.sources.textutil import quoted_passage
from citecheck.sources.wikitext import WikitextReader

QUOTE = "We will not leave our homes in Eastern Qalamoun"


@pytest.mark.parametrize(
    ("template", "language"),
    [
        (f"{{{{cite news |url=https://a.example/1 |title=T |quote={QUOTE}}}}}", None),
        (f"{{{{cite web |url=https://a.example/1 |title=T |quotation={QUOTE}}}}}", None),
        (f"{{{{Internetquelle |url=https://a.example/1 |titel=T |zitat={QUOTE}}}}}", "de"),
        (f"{{{{Lien web |url=https://a.example/1 |titre=T |citation={QUOTE}}}}}", "fr"),
        ("{{استشهاد بخبر |مسار=https://a.example/1 |عنوان=T |اقتباس=لن نغادر بيوتنا}}", "ar"),
    ],
)
def test_wikitext_quote_parameters(template: str, language: str | None) -> None:
    text = f"Text.<ref>{template}</ref>\n"
    refs = WikitextReader(language=language).read(text, file="a.wiki").references
    assert len(refs) == 1
    assert refs[0].quote in (QUOTE, "لن نغادر بيوتنا")


def test_references_json_quote() -> None:
    doc = json.dumps({"references": [{"url": "https://a.example/1", "quote": QUOTE}]})
    assert ReferencesJsonReader().read(doc, file="r.json").references[0].quote == QUOTE


def test_csl_json_note_or_abstract_only_when_clearly_a_quote() -> None:
    items = [
        {"id": "q", "URL": "https://a.example/1", "title": "T", "note": f"“{QUOTE}”"},
        {"id": "a", "URL": "https://a.example/2", "title": "T", "abstract": f"Quote: {QUOTE}"},
        {"id": "n", "URL": "https://a.example/3", "title": "T", "note": "Accessed 2021-05-19"},
    ]
    refs = CslJsonReader().read(json.dumps(items), file="c.json").references
    assert [r.quote for r in refs] == [QUOTE, QUOTE, None]


def test_bibtex_note_only_when_quoted() -> None:
    text = (
        "@misc{q, title={T}, url={https://a.example/1}, note={``" + QUOTE + "''}}\n"
        "@misc{n, title={T}, url={https://a.example/2}, note={Accessed: 2021-05-19}}\n"
    )
    refs = BibtexReader().read(text, file="b.bib").references
    assert [r.quote for r in refs] == [QUOTE, None]
    assert refs[1].access_date == "2021-05-19"


@pytest.mark.parametrize(
    ("note", "quote"),
    [
        ("«Nous ne partirons pas de nos maisons»", "Nous ne partirons pas de nos maisons"),
        ("„Wir werden unsere Häuser nicht verlassen“", "Wir werden unsere Häuser nicht verlassen"),
        ("「私たちは家を離れない」", "私たちは家を離れない"),
        ('"yes" and "no"', None),  # two quoted words, not one quote
        ("“short”", None),
        ("A comment on the source.", None),
    ],
)
def test_quoted_passage(note: str, quote: str | None) -> None:
    assert quoted_passage(note) == quote
