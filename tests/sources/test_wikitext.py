from __future__ import annotations

import contextlib

import pytest

from citecheck.errors import InputError
from citecheck.models import Reference
from citecheck.sources.wikitext import WikitextReader
from tests.sources.source_data import read_data, references_json

READER = WikitextReader()


def read(text: str) -> list[Reference]:
    return list(READER.read(text, file="a.wiki").references)


def one(text: str) -> Reference:
    refs = read(text)
    assert len(refs) == 1, refs
    return refs[0]


@pytest.mark.parametrize("name", ["wikitext_seed_article.wiki", "wikitext_varied_article.wiki"])
def test_golden_articles(name: str, golden) -> None:
    text = read_data(name)
    result = READER.read(text, file=name)
    assert result.errors == ()
    golden(name.replace(".wiki", ".expected.json"), references_json(result.references))


@pytest.mark.parametrize(
    "name",
    ["wikitext_seed_article.wiki", "wikitext_varied_article.wiki", "wikitext_real_fragments.wiki"],
)
def test_locations_point_at_the_citation(name: str) -> None:
    text = read_data(name)
    for ref in READER.read(text, file=name).references:
        loc = ref.location
        assert loc.start is not None and loc.end is not None
        span = text[loc.start : loc.end]
        assert span.startswith(("{{", "[", "http")), span
        assert ref.url is not None and ref.url in span
        assert loc.line == text.count("\n", 0, loc.start) + 1
        assert loc.column == loc.start - (text.rfind("\n", 0, loc.start) + 1) + 1


def test_seed_article_reads_the_recovered_urls() -> None:
    refs = read(read_data("wikitext_seed_article.wiki"))
    assert [r.id for r in refs] == ["newarab", "enab", "syriadirect", "ref-9", "ref-11", "ref-13"]
    direct = refs[2]
    assert direct.title == (
        "Evacuations around Damascus continue as thousands depart encircled city of Dumayr"
    )
    assert (direct.website, direct.date, direct.access_date) == (
        "Syria Direct",
        "2018-04-19",
        "2018-04-27",
    )


def test_crlf_text_gives_the_same_references_at_crlf_offsets() -> None:
    lf = read_data("wikitext_varied_article.wiki")
    crlf = lf.replace("\n", "\r\n")
    a, b = read(lf), READER.read(crlf, file="a.wiki").references
    assert [r.url for r in a] == [r.url for r in b]
    assert [r.title for r in a] == [r.title for r in b]
    assert [r.location.line for r in a] == [r.location.line for r in b]
    for ref in b:
        assert ref.url in crlf[ref.location.start : ref.location.end]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ("url=http://a.example/|title=T", {"url": "http://a.example/", "title": "T"}),
        ("URL=http://a.example/", {"url": "http://a.example/"}),
        ("url=http://a.example/|trans-title=X", {"trans_title": "X"}),
        ("url=http://a.example/|trans_title=X", {"trans_title": "X"}),
        ("url=http://a.example/|script-title=ru:Заголовок", {"title": "Заголовок"}),
        ("url=http://a.example/|title=A|script-title=ru:Б", {"title": "A"}),
        ("url=http://a.example/|website=W", {"website": "W"}),
        ("url=http://a.example/|work=W", {"work": "W"}),
        ("url=http://a.example/|newspaper=W", {"work": "W"}),
        ("url=http://a.example/|journal=W", {"work": "W"}),
        ("url=http://a.example/|magazine=W", {"work": "W"}),
        ("url=http://a.example/|publisher=P", {"publisher": "P"}),
        ("url=http://a.example/|date=3 April 2018", {"date": "2018-04-03"}),
        ("url=http://a.example/|date=April 3, 2018", {"date": "2018-04-03"}),
        ("url=http://a.example/|date=April 2018", {"date": "2018-04"}),
        ("url=http://a.example/|date=n.d.", {"date": "n.d."}),
        ("url=http://a.example/|access-date=2018-04-27", {"access_date": "2018-04-27"}),
        ("url=http://a.example/|accessdate=27 Apr 2018", {"access_date": "2018-04-27"}),
        (
            "url=http://a.example/|archive-url=http://w.example/1",
            {"archive_url": "http://w.example/1"},
        ),
        (
            "url=http://a.example/|archiveurl=http://w.example/1",
            {"archive_url": "http://w.example/1"},
        ),
        ("url=http://a.example/|archive-date=2019-01-02", {"archive_date": "2019-01-02"}),
        ("url=http://a.example/|archivedate=2 January 2019", {"archive_date": "2019-01-02"}),
        ("url=http://a.example/|url-status=live", {"url_status": "live"}),
        ("url=http://a.example/|url-status=Usurped", {"url_status": "usurped"}),
        ("url=http://a.example/|deadurl=yes", {"url_status": "dead"}),
        ("url=http://a.example/|dead-url=no", {"url_status": "live"}),
        ("url=http://a.example/|language=ar", {"language": "ar"}),
        ("url=http://a.example/|lang=fr", {"language": "fr"}),
        ("url=http://a.example/|title=|website= ", {"title": None, "website": None}),
        ("url=http://a.example/<!-- old: http://b.example -->", {"url": "http://a.example/"}),
        ("url=http://a.example/|title=[[Foo|Bar]] ''baz''", {"title": "Bar baz"}),
        ("url=http://a.example/|title=A {{!}} B", {"title": "A | B"}),
        ("url=http://a.example/|title={{lang|ar|عنوان}}", {"title": "عنوان"}),
        ("url=http://a.example/|title=A &amp; B", {"title": "A & B"}),
    ],
)
def test_parameter_aliases(params: str, expected: dict[str, str | None]) -> None:
    ref = one(f"<ref>{{{{cite web|{params}}}}}</ref>")
    for field, value in expected.items():
        assert getattr(ref, field) == value, field


@pytest.mark.parametrize(
    ("params", "field", "expected"),
    [
        ("url=http://old.example/|url=http://new.example/", "url", "http://new.example/"),
        ("url=http://a.example/|archiveurl=http://x/|archive-url=http://y/", "archive_url",
         "http://y/"),
        ("url=http://a.example/|archive-url=|archiveurl=http://x/", "archive_url", "http://x/"),
        ("url=http://a.example/|title=A|title=", "title", None),
    ],
)  # fmt: skip
def test_repeated_parameters_follow_mediawiki_and_cs1(params: str, field: str, expected) -> None:
    assert getattr(one(f"<ref>{{{{cite web|{params}}}}}</ref>"), field) == expected


@pytest.mark.parametrize(
    "name",
    [
        "cite web",
        "Cite web",
        "CITE WEB",
        "cite_web",
        "Cite_Web",
        " cite  web ",
        "Template:Cite web",
        "cite news",
        "cite journal",
        "cite book",
        "cite magazine",
        "cite report",
        "Citation",
        "cite press release",
        "cite AV media",
        "cite encyclopedia",
        "cite conference",
    ],
)
def test_citation_template_names(name: str) -> None:
    assert one(f"<ref>{{{{{name} |url=http://a.example/}}}}</ref>").url == "http://a.example/"


def test_other_templates_are_not_citations() -> None:
    assert read("{{Infobox person|website=http://a.example/}} {{url|http://b.example/}}") == []


def test_named_reference_is_counted_once() -> None:
    text = (
        'A<ref name="x">{{cite web|url=http://a.example/}}</ref> B<ref name=x /> '
        "C<ref name=\"x\">{{cite web|url=http://a.example/}}</ref> D<ref name='x'/>"
    )
    refs = read(text)
    assert [r.id for r in refs] == ["x"]


def test_reference_defined_after_its_first_use_is_read_once() -> None:
    text = 'A<ref name="late"/>.\n{{reflist|refs=\n<ref name="late">{{cite web|url=http://a.example/}}</ref>\n}}'
    refs = read(text)
    assert [(r.id, r.location.line) for r in refs] == [("late", 3)]


def test_bare_urls_and_bracketed_links_inside_refs() -> None:
    text = (
        "<ref>http://a.example/x</ref>"
        "<ref>[http://b.example/y The ''title''], Some Site, 2019.</ref>"
        "<ref>See [https://c.example/z]</ref>"
        "<ref>[//proto.example/relative no scheme]</ref>"
        "<ref>[ftp://f.example/file not the web]</ref>"
        "Outside refs: http://d.example/ and [http://e.example/ E]."
    )
    refs = read(text)
    assert [(r.url, r.title) for r in refs] == [
        ("http://a.example/x", None),
        ("http://b.example/y", "The title"),
        ("https://c.example/z", None),
        # Protocol-relative: the browser keeps the page's scheme, Wikipedia's is https.
        ("https://proto.example/relative", "no scheme"),
    ]


def test_webarchive_and_dead_link_belong_to_the_citation_before_them() -> None:
    text = (
        "<ref>{{cite web|url=http://a.example/|title=A}} {{webarchive |url=https://web.archive.org"
        "/web/2019/http://a.example/ |date=5 May 2019}}</ref>"
        "<ref>{{cite web|url=http://b.example/}}{{dead link|date=May 2020}}</ref>"
        "<ref>{{cite web|url=http://c.example/|url-status=live}}{{dead link}}</ref>"
        "<ref>http://d.example/ {{Webarchive|url=https://archive.ph/abc|date=2020-01-01}}</ref>"
        "<ref>{{cite web|url=http://e.example/}} and more text {{webarchive|url=http://x.example/}}</ref>"
    )
    a, b, c, d, e = read(text)
    assert a.archive_url == "https://web.archive.org/web/2019/http://a.example/"
    assert a.archive_date == "2019-05-05"
    assert text[a.location.start : a.location.end].endswith("May 2019}}")
    assert b.url_status == "dead"
    assert c.url_status == "live"  # what the citer wrote wins over a maintenance tag
    assert (d.archive_url, d.archive_date) == ("https://archive.ph/abc", "2020-01-01")
    assert e.archive_url is None  # not adjacent: belongs to nothing we can be sure of


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_webarchive_on_the_next_line_but_not_after_a_blank_line(newline: str) -> None:
    text = (
        "<ref>{{cite web|url=http://a.example/}}" + newline
        + "{{webarchive|url=http://w.example/a|date=2020-01-01}}</ref>" + newline
        + "* {{cite web|url=http://b.example/}}" + newline + newline
        + "{{webarchive|url=http://w.example/b}}" + newline
    )  # fmt: skip
    a, b = read(text)
    assert a.archive_url == "http://w.example/a"
    assert b.archive_url is None


def test_comments_and_nowiki_are_ignored() -> None:
    text = (
        "<!-- <ref>{{cite web|url=http://a.example/}}</ref> -->"
        "<nowiki><ref>{{cite web|url=http://b.example/}}</ref></nowiki>"
        "<pre>{{cite web|url=http://c.example/}}</pre>"
        "<ref>{{cite web|url=http://d.example/}}<!-- {{webarchive|url=http://w.example/}} --></ref>"
    )
    refs = read(text)
    assert [(r.url, r.archive_url) for r in refs] == [("http://d.example/", None)]


def test_citations_without_a_url_are_not_web_citations() -> None:
    assert read("<ref>{{cite book|title=A Book|isbn=978-0-89236-715-3}}</ref>") == []


def test_citations_in_notes_and_list_defined_references() -> None:
    text = (
        "{{efn|A note.<ref>{{cite web|url=http://a.example/}}</ref>}}\n"
        "{{refn|group=n|{{cite news|url=http://b.example/}}}}\n"
        "{{reflist|refs=\n<ref name=c>{{cite web|url=http://c.example/}}</ref>\n}}"
    )
    refs = read(text)
    assert [r.url for r in refs] == ["http://a.example/", "http://b.example/", "http://c.example/"]
    for ref in refs:
        assert text[ref.location.start : ref.location.end].startswith("{{cite")


def test_broken_wikitext_reads_what_is_readable() -> None:
    text = (
        "Intro.<ref>{{cite web|url=http://a.example/|title=A}}</ref>\n"
        "Broken.<ref>{{cite web |url=http://b.example/ |title=never closed</ref>\n"
        "After.<ref>{{cite news|url=http://c.example/}}</ref>\n"
        "<ref>unclosed ref {{cite web|url=http://d.example/}}\n"
    )
    result = READER.read(text, file="a.wiki")
    urls = [r.url for r in result.references]
    assert "http://a.example/" in urls and "http://c.example/" in urls
    assert "http://d.example/" in urls
    assert any(p.line == 2 and "not closed" in p.message for p in result.errors)


def test_ids_stay_unique() -> None:
    text = (
        '<ref name="ref-2">{{cite web|url=http://a.example/}}</ref>'
        "<ref>{{cite web|url=http://b.example/}}</ref>"
        '<ref name="n">{{cite web|url=http://c.example/}} {{cite web|url=http://d.example/}}</ref>'
    )
    assert [r.id for r in read(text)] == ["ref-2", "ref-2-2", "n", "n-2"]


def test_empty_text_has_no_references() -> None:
    assert READER.read("", file="a.wiki").references == ()


def test_input_error_is_the_only_exception_type() -> None:
    # Deep nesting is where parsers give up; it must surface as InputError or a result.
    text = "{{" * 5000 + "cite web|url=http://a.example/" + "}}" * 5000
    with contextlib.suppress(InputError):
        READER.read(text, file="a.wiki")


def test_offsets_inside_tables_lists_and_html() -> None:
    text = (
        '{| class="wikitable"\n|-\n! Header !! Other<ref>{{cite web|url=http://h.example/}}</ref>\n'
        '|-\n| style="color:red" | Cell<ref>{{cite web|url=http://a.example/}}</ref> || '
        "Cell2<ref>[http://b.example/ B]</ref>\n|-\n| {{cite news|url=http://c.example/}}\n|}\n"
        "; Term<ref>{{cite web|url=http://d.example/}}</ref>\n"
        ": Def <ref>{{cite web|url=http://e.example/}}</ref>\n"
        '* item <span lang="ar">x<ref>{{cite web|url=http://f.example/}}</ref></span>\n'
    )
    refs = read(text)
    assert [r.url for r in refs] == [f"http://{c}.example/" for c in "habcdef"]
    for ref in refs:
        assert text[ref.location.start : ref.location.end] in (
            f"{{{{cite web|url={ref.url}}}}}",
            f"{{{{cite news|url={ref.url}}}}}",
            f"[{ref.url} B]",
        )


def test_reference_name_problems_are_reported() -> None:
    text = (
        '<ref name="a">{{cite web|url=http://a.example/}}</ref>\n'
        '<ref name="a">{{cite web|url=http://other.example/}}</ref>\n'
        '<ref name="a">{{cite web|url=http://a.example/}}</ref>\n'
        '<ref name="ghost" />\n'
    )
    result = READER.read(text, file="a.wiki")
    assert [r.url for r in result.references] == ["http://a.example/"]
    assert [(p.line, p.message) for p in result.errors] == [
        (2, '<ref name="a"> is defined again with other content; first kept'),
        (4, '<ref name="ghost" /> is used but never defined'),
    ]
