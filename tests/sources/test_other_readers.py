from __future__ import annotations

import pytest

from citecheck.errors import InputError
from citecheck.sources.base import Reader
from citecheck.sources.bibtex import BibtexReader
from citecheck.sources.csl_json import CslJsonReader
from citecheck.sources.html import HtmlReader
from citecheck.sources.markdown import MarkdownReader
from tests.sources.source_data import read_data, references_json

SAMPLES = [
    (BibtexReader, "bibtex_sample.bib"),
    (CslJsonReader, "csl_sample.json"),
    (MarkdownReader, "markdown_sample.md"),
    (HtmlReader, "html_input_sample.html"),
]


@pytest.mark.parametrize(("reader", "name"), SAMPLES)
def test_golden_samples(reader: type[Reader], name: str, golden) -> None:
    result = reader().read(read_data(name), file=name)
    stem = name.rsplit(".", 1)[0]
    golden(f"{stem}.expected.json", references_json(result.references))


@pytest.mark.parametrize(("reader", "name"), SAMPLES)
def test_spans_hold_the_url_and_crlf_keeps_them(reader: type[Reader], name: str) -> None:
    for text in (read_data(name), read_data(name).replace("\n", "\r\n")):
        refs = reader().read(text, file=name).references
        assert refs
        for ref in refs:
            span = text[ref.location.start : ref.location.end]
            assert ref.url is not None
            assert ref.url in span.replace("\\&", "&"), (ref.id, span)
            assert ref.location.line == text.count("\n", 0, ref.location.start) + 1


def test_bibtex_fields() -> None:
    result = BibtexReader().read(read_data("bibtex_sample.bib"), file="s.bib")
    refs = {r.id: r for r in result.references}
    assert "butcher2003" not in refs  # no URL: nothing to check
    assert refs["newarab2018"].access_date == "2018-04-27"
    assert refs["newarab2018"].language == "en"
    assert refs["zamanalwasl34093"].url == "https://en.zamanalwsl.net/news/article/34093"
    assert refs["zamanalwasl34093"].publisher == "Zaman al-Wasl"  # @string macro resolved
    assert refs["zamanalwasl34093"].date == "2018-04"
    assert refs["yovitchitch2009"].title == "La citadelle ayyoubide de Boşra : étude d'architecture"
    assert refs["yovitchitch2009"].url == "https://journals.openedition.org/syria/578"
    assert refs["dgam2019"].url == "http://www.dgam.gov.sy/index.php?d=177&id=1087"
    assert [p.line for p in result.errors] == [47]


def test_bibtex_with_nothing_readable_is_an_input_error() -> None:
    with pytest.raises(InputError):
        BibtexReader().read("@misc{broken, title = {never closed", file="s.bib")
    assert BibtexReader().read("% only a comment\n", file="s.bib").references == ()


def test_csl_fields_and_schema_problems() -> None:
    result = CslJsonReader().read(read_data("csl_sample.json"), file="c.json")
    refs = {r.id: r for r in result.references}
    assert set(refs) == {"syriadirect2018", "enab2018", "sohr90267"}
    assert (refs["syriadirect2018"].date, refs["syriadirect2018"].access_date) == (
        "2018-04-19",
        "2018-04-27",
    )
    assert refs["enab2018"].work == "Enab Baladi" and refs["enab2018"].date == "2018-04-18"
    assert refs["sohr90267"].problems == ("title: expected a string, got int",)
    assert refs["sohr90267"].date == "2018-04-25"
    assert [p.message for p in result.errors] == ["item 5 is not an object"]


@pytest.mark.parametrize("text", ["", "{", '{"a": 1}', "42", "[1, 2"])
def test_csl_unreadable_documents(text: str) -> None:
    with pytest.raises(InputError):
        CslJsonReader().read(text, file="c.json")


def test_csl_single_item_and_items_wrapper() -> None:
    one = '{"id": "x", "URL": "http://a.example/", "title": "A"}'
    assert [r.id for r in CslJsonReader().read(one, file="c.json").references] == ["x"]
    wrapped = '{"items": [{"URL": "http://a.example/"}]}'
    assert [r.id for r in CslJsonReader().read(wrapped, file="c.json").references] == ["ref-1"]


def test_markdown_titles_and_skipped_code() -> None:
    refs = MarkdownReader().read(read_data("markdown_sample.md"), file="m.md").references
    urls = [r.url for r in refs]
    assert not any("example.com" in u for u in urls if u)  # fences, indented and inline code
    assert "https://upload.wikimedia.org/map.svg" not in urls  # images are not citations
    by_url = {r.url: r.title for r in refs}
    assert by_url["https://enabbaladi.net/222153/?amp=1"] == "Further sources"  # heading
    assert by_url["https://en.zamanalwsl.net/news/article/34501/like"] == (
        "Rebels give up all eastern Qalamoun region: spokesman"  # definition title
    )
    assert (
        by_url[
            "https://syriadirect.org/news/evacuations-around-damascus-continue-as-thousands-depart-"
            "encircled-city-of-dumayr/"
        ]
        == "Syria Direct"
    )  # text of the link that uses the definition


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("[a *b*](http://x.example/p)", [("http://x.example/p", "a b")]),
        ("see http://x.example/p).", [("http://x.example/p", None)]),
        ("(https://en.wikipedia.org/wiki/A_(b))", [("https://en.wikipedia.org/wiki/A_(b)", None)]),
        ("<http://x.example/>", [("http://x.example/", None)]),
        ("[rel](/relative) [mail](mailto:a@b.example)", []),
        ("\\[not a link](http://x.example/) ", [("http://x.example/", None)]),
    ],
)
def test_markdown_link_forms(text: str, expected: list[tuple[str, str | None]]) -> None:
    refs = MarkdownReader().read(text, file="m.md").references
    assert [(r.url, r.title) for r in refs] == expected


def test_html_skips_navigation_scripts_and_relative_links() -> None:
    refs = HtmlReader().read(read_data("html_input_sample.html"), file="h.html").references
    assert [r.url for r in refs] == [
        "https://newarab.com/english/news/2018/4/3/syrias-rebels-announce-refusal-to-evacuate-"
        "eastern-qalamoun",
        "https://www.syriahr.com/en/90267/",
        "https://enabbaladi.net/222153/?amp=1",
    ]
    assert refs[0].title == "Syria's rebels announce refusal to evacuate Eastern Qalamoun"
    assert refs[0].language == "en"
    assert refs[2].title == "Enab Baladi report"  # an image link: its alt text


@pytest.mark.parametrize(
    ("note", "access_date"),
    [
        ("Accessed: 2021-05-19", "2021-05-19"),
        ("Last accessed May 19, 2021.", "2021-05-19"),
        ("Online; accessed 19 May 2021", "2021-05-19"),
        ("\\url{https://b.example/} (Zugriff am 19.05.2021)", "2021-05-19"),
        ("Abgerufen am 19. Mai 2021", "2021-05-19"),
        ("consulté le 19 mai 2021", "2021-05-19"),
        ("Accessed: 2019/04/18", "2019-04-18"),
        ("Accessed sometime in spring", None),
    ],
)
def test_bibtex_access_date_from_a_note(note: str, access_date: str | None) -> None:
    text = f"@misc{{k, title={{K}}, url={{https://a.example/k}}, note={{{note}}}}}\n"
    ref = BibtexReader().read(text, file="s.bib").references[0]
    assert ref.access_date == access_date


def test_bibtex_urldate_wins_over_a_note() -> None:
    text = "@misc{k, url={https://a.example/}, urldate={2020-01-02}, note={Accessed: 2021-05-19}}"
    assert BibtexReader().read(text, file="s.bib").references[0].access_date == "2020-01-02"


def test_bibtex_entries_commented_out_are_skipped_silently() -> None:
    text = (
        "% @article{gone,\n"
        "%   title = {Gone},\n"
        "%   url = {https://a.example/gone},\n"
        "% }\n"
        "%@misc{also, url={https://a.example/also}}\n"
        "@misc{kept, url={https://a.example/kept}}\n"
    )
    result = BibtexReader().read(text, file="s.bib")
    assert [r.id for r in result.references] == ["kept"]
    assert result.errors == ()


def test_bibtex_an_unreadable_entry_says_why() -> None:
    text = "@misc{bad,\n  title = {T},\n  oops\n}\n@misc{ok, url={https://a.example/}}"
    result = BibtexReader().read(text, file="s.bib")
    assert [r.id for r in result.references] == ["ok"]
    assert len(result.errors) == 1
    message = result.errors[0].message
    assert message.startswith("unreadable entry skipped: ") and len(message) > 30, message
