"""Wikitext cases found in real articles (issue 19), each on a minimal snippet."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from citecheck.models import Reference
from citecheck.sources.base import ReadResult
from citecheck.sources.wikitext import WikitextReader
from tests.sources.source_data import read_data, references_json


def result(text: str, language: str | None = None) -> ReadResult:
    return WikitextReader(language).read(text, file="a.wiki")


def read(text: str, language: str | None = None) -> list[Reference]:
    return list(result(text, language).references)


def urls(text: str, language: str | None = None) -> list[str | None]:
    return [r.url for r in read(text, language)]


# 2. Refs wherever MediaWiki renders them


def test_a_ref_in_an_image_caption_is_read_and_its_reuse_is_no_problem() -> None:
    text = (
        '[[File:X.jpg|thumb|Caption.<ref name="c">{{cite web |url=https://a.example/c |title=C}}'
        '</ref>]]\nText.<ref name="c" />'
    )
    found = result(text)
    assert [(r.id, r.url, r.title) for r in found.references] == [("c", "https://a.example/c", "C")]
    assert found.errors == ()
    ref = found.references[0]
    assert text[ref.location.start : ref.location.end].startswith("{{cite web")


def test_a_ref_in_a_gallery_caption_is_read_without_a_false_problem() -> None:
    text = (
        "<gallery>\nFile:A.jpg|Cap<ref>{{cite web|url=https://a.example/g|title=G}}</ref>\n"
        "File:B.jpg|Plain caption\n</gallery>"
    )
    found = result(text)
    assert [r.url for r in found.references] == ["https://a.example/g"]
    assert found.errors == ()
    ref = found.references[0]
    assert text[ref.location.start : ref.location.end].startswith("{{cite web|url=https://a")


def test_a_ref_in_a_section_heading_is_read() -> None:
    text = "== Head<ref>{{cite web|url=https://a.example/h}}</ref> ==\nBody."
    refs = read(text)
    assert [r.url for r in refs] == ["https://a.example/h"]
    assert refs[0].location.line == 1


# 3. Archive templates


def test_wayback_builds_the_snapshot_url_from_its_timestamp() -> None:
    text = (
        "<ref>[http://a.example/old Old page] {{Wayback|url=http://a.example/old"
        "|date=20080614163824}}</ref>"
    )
    ref = read(text)[0]
    assert ref.url == "http://a.example/old"
    assert ref.archive_url == "https://web.archive.org/web/20080614163824/http://a.example/old"
    assert ref.archive_date == "2008-06-14"


def test_wayback_alone_in_a_ref_cites_the_original_archived() -> None:
    ref = read("<ref>{{Wayback|url=http://a.example/x|title=X page|date =20100522200011}}</ref>")[0]
    assert (ref.url, ref.title) == ("http://a.example/x", "X page")
    assert ref.archive_url == "https://web.archive.org/web/20100522200011/http://a.example/x"


def test_wayback_after_a_citation_template() -> None:
    text = (
        "{{cite web|url=http://a.example/|title=A}} {{wayback|url=http://a.example/|date=20080614}}"
    )
    ref = read(text)[0]
    assert ref.archive_url == "https://web.archive.org/web/20080614/http://a.example/"
    assert ref.archive_date == "2008-06-14"


def test_wayback_without_a_timestamp_names_no_snapshot() -> None:
    ref = read("<ref>[http://a.example/ A] {{Wayback|url=http://a.example/}}</ref>")[0]
    assert ref.archive_url is None


@pytest.mark.parametrize(
    ("annotation", "archive_url", "archive_date"),
    [
        (
            "{{webarchive |url=https://web.archive.org/web/20160101000000/http://a.example/ "
            "|date=1 January 2016 |url2=https://archive.ph/abc |date2=2 January 2016}}",
            "https://web.archive.org/web/20160101000000/http://a.example/",
            "2016-01-01",
        ),
        (  # no date given: the capture's timestamp says it
            "{{webarchive|url=https://web.archive.org/web/20160101000000/http://a.example/}}",
            "https://web.archive.org/web/20160101000000/http://a.example/",
            "2016-01-01",
        ),
        (
            "{{WebCite|url=https://www.webcitation.org/5xyz|date=2011-04-02}}",
            "https://www.webcitation.org/5xyz",
            "2011-04-02",
        ),
        (
            "{{Archive.today|url=https://archive.ph/AbCd|date=2019-05-06}}",
            "https://archive.ph/AbCd",
            "2019-05-06",
        ),
        (  # {{cbignore}} between the citation and its archive changes nothing
            "{{cbignore}} {{webarchive|url=https://archive.ph/Q|date=2019-05-06}}",
            "https://archive.ph/Q",
            "2019-05-06",
        ),
    ],
)
def test_archive_templates(annotation: str, archive_url: str, archive_date: str) -> None:
    ref = read(f"<ref>{{{{cite web|url=http://a.example/|title=A}}}} {annotation}</ref>")[0]
    assert (ref.archive_url, ref.archive_date) == (archive_url, archive_date)


# 4. Links in a ref


def test_a_link_wrapped_in_a_template_is_read() -> None:
    text = "<ref>{{PDFlink|[https://a.example/w.pdf W]|91&nbsp;KB}}</ref>"
    assert [(r.url, r.title) for r in read(text)] == [("https://a.example/w.pdf", "W")]


def test_a_bare_link_beside_a_citation_template_is_read_too() -> None:
    text = (
        "<ref>{{cite web|url=https://a.example/c|title=C}} {{webarchive|url="
        "https://web.archive.org/web/2016/https://a.example/c}}; see also "
        "[https://b.example/d D].</ref>"
    )
    refs = read(text)
    assert [(r.url, r.title) for r in refs] == [
        ("https://a.example/c", "C"),
        ("https://b.example/d", "D"),
    ]
    assert refs[1].archive_url is None  # the archive was the citation's


def test_a_protocol_relative_link_is_read_as_https() -> None:
    assert urls("<ref>[//a.example/rel Rel]</ref>") == ["https://a.example/rel"]


# 5. Template names and parameters


@pytest.mark.parametrize(
    "name", ["citenews", "Citeweb", "Cite_Web", "cite-web", "Template:Cite web"]
)
def test_redirect_names_of_citation_templates(name: str) -> None:
    assert urls(f"<ref>{{{{{name}|url=https://a.example/|title=T}}}}</ref>") == [
        "https://a.example/"
    ]


def test_a_google_books_url_template_gives_the_books_url() -> None:
    text = (
        "<ref>{{cite book |title=B |url={{google books |id=AbC-123 |page=45 |plainurl=yes}}}}"
        "</ref><ref>{{cite book |title=C |url={{Google books|XyZ|C|plainurl=yes}}}}</ref>"
    )
    assert urls(text) == [
        "https://books.google.com/books?id=AbC-123&pg=PA45",
        "https://books.google.com/books?id=XyZ",
    ]


@pytest.mark.parametrize("param", ["chapter-url", "contribution-url", "section-url", "chapterurl"])
def test_a_citation_linking_only_its_chapter(param: str) -> None:
    ref = read(f"{{{{cite book |title=Book |chapter=Ch |{param}=https://a.example/ch}}}}")[0]
    assert (ref.url, ref.title) == ("https://a.example/ch", "Ch")


def test_url_wins_over_chapter_url() -> None:
    text = "{{cite book |title=Book |url=https://a.example/b |chapter-url=https://a.example/ch}}"
    assert [(r.url, r.title) for r in read(text)] == [("https://a.example/b", "Book")]


# 6. Other language editions


GERMAN = (
    "<ref>{{Internetquelle |url=https://a.example/de |titel=Titel |werk=Werk |hrsg=Hrsg "
    "|datum=2019-03-14 |abruf=1. Februar 2020 |archiv-url=https://web.archive.org/web/2020/"
    "https://a.example/de |archiv-datum=2020-02-02 |sprache=de |offline=1}}</ref>"
    "<ref>{{Literatur |Autor=A |Titel=Buch |Verlag=V |Jahr=2001 "
    "|Online=[https://b.example/buch.pdf PDF] |Abruf=2020-02-03}}</ref>"
)


@pytest.mark.parametrize("language", ["de", None])
def test_german_internetquelle_and_literatur(language: str | None) -> None:
    web, book = read(GERMAN, language)
    assert (web.url, web.title, web.work, web.publisher) == (
        "https://a.example/de",
        "Titel",
        "Werk",
        "Hrsg",
    )
    assert (web.date, web.access_date, web.archive_date) == (
        "2019-03-14",
        "2020-02-01",
        "2020-02-02",
    )
    assert web.archive_url == "https://web.archive.org/web/2020/https://a.example/de"
    assert (web.language, web.url_status) == ("de", "dead")
    assert (book.url, book.title, book.publisher, book.date) == (
        "https://b.example/buch.pdf",
        "Buch",
        "V",
        "2001",
    )
    assert book.access_date == "2020-02-03"


def test_a_language_restricts_the_templates_read() -> None:
    # On a French wiki {{Internetquelle}} is no citation (its links are read as bare ones).
    assert "Titel" not in [r.title for r in read(GERMAN, "fr")]
    assert urls("{{cite web|url=https://a.example/}}", "de") == ["https://a.example/"]


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [
        (
            "fr",
            "{{Lien web |url=https://a.example/fr |titre=Titre |site=S |éditeur=E "
            "|date=3 mai 2011 |consulté le=1er février 2020}}",
            ("https://a.example/fr", "Titre", "2011-05-03", "2020-02-01"),
        ),
        (
            "fr",
            "{{Article |titre=Art |périodique=P |date=14 mars 2019 "
            "|lire en ligne=https://a.example/art |consulté le=2 avril 2020}}",
            ("https://a.example/art", "Art", "2019-03-14", "2020-04-02"),
        ),
        (
            "es",
            "{{Cita web |url=https://a.example/es |título=Título |fecha=15 de enero de 2020 "
            "|fechaacceso=16 de enero de 2020}}",
            ("https://a.example/es", "Título", "2020-01-15", "2020-01-16"),
        ),
        (
            "es",
            "{{Cita noticia |url=https://a.example/n |título=N |periódico=P "
            "|fecha=1 de marzo de 2018 |fecha-acceso=2 de marzo de 2018}}",
            ("https://a.example/n", "N", "2018-03-01", "2018-03-02"),
        ),
        (
            "it",
            "{{Cita web |url=https://a.example/it |titolo=Titolo |data=1º gennaio 2020 "
            "|accesso=3 febbraio 2020}}",
            ("https://a.example/it", "Titolo", "2020-01-01", "2020-02-03"),
        ),
        (
            "it",
            "{{Cita news |url=https://a.example/itn |titolo=Notizia |pubblicazione=P "
            "|data=5 marzo 2019 |accesso=6 marzo 2019}}",
            ("https://a.example/itn", "Notizia", "2019-03-05", "2019-03-06"),
        ),
        (
            "ar",
            "{{استشهاد ويب |مسار=https://a.example/ar |عنوان=عنوان |تاريخ=١٥ يناير ٢٠٢٠ "
            "|تاريخ الوصول=16 كانون الثاني 2020}}",
            ("https://a.example/ar", "عنوان", "2020-01-15", "2020-01-16"),
        ),
        (
            "ar",
            "{{استشهاد بخبر |url=https://a.example/arn |title=خبر |date=2 مارس 2019 "
            "|access-date=3 مارس 2019}}",
            ("https://a.example/arn", "خبر", "2019-03-02", "2019-03-03"),
        ),
    ],
)
def test_citation_templates_of_other_wikis(
    language: str, text: str, expected: tuple[str, str, str, str]
) -> None:
    for chosen in (language, None):  # by the wiki's language, and by detection
        ref = read(text, chosen)[0]
        assert (ref.url, ref.title, ref.date, ref.access_date) == expected


# A file of real article fragments (sources: tests/data/wikitext_real_fragments.SOURCES.md)

REAL = "wikitext_real_fragments.wiki"


def test_real_fragments_golden(golden: Callable[[str, str], None]) -> None:
    found = WikitextReader().read(read_data(REAL), file=REAL)
    assert found.errors == ()
    golden(REAL.replace(".wiki", ".expected.json"), references_json(found.references))


def test_real_fragments_give_the_urls_checked_by_hand() -> None:
    refs = read(read_data(REAL))
    wayback = "https://web.archive.org/web/"
    assert [(r.id, r.url, r.archive_url) for r in refs] == [
        # in image captions; reused by name in the next sentence
        ("bbc1", "http://news.bbc.co.uk/1/hi/business/7472432.stm", None),
        ("airport", "http://www.aci.aero/aci/aci/file/Press%20Releases/2008/"
         "TOP30_International%20Passengers_2007.pdf", None),
        ("ref-3", "http://www.telegraph.co.uk/culture/film/starsandstories/3664474/"
         "The-top-21-British-directors-of-all-time.html", None),
        ("ref-4", "https://www.cibc.com/ca/pwm-global/locations/caribbean/"
         "cayman-islands.html", None),
        ("ref-5", "http://traveltips.usatoday.com/cayman-islands-tourism-20845.html", None),
        # in a gallery caption, with {{Webarchive}}
        ("ref-6", "http://www.videogamegazette.com/gamate/gamate.html",
         f"{wayback}20110511073905/http://www.videogamegazette.com/gamate/gamate.html"),
        ("ref-7", "http://dwardmac.pitzer.edu/Anarchist_Archives/bright/most/"
         "actionprop.html", None),
        # {{Wayback}}: the snapshot for its timestamp, not the dead original
        ("ref-8", "http://www.zabalaza.net/theory/txt_anok_comm_ap.htm",
         f"{wayback}20090312022528/http://www.zabalaza.net/theory/txt_anok_comm_ap.htm"),
        ("ref-9", "https://developer.nokia.com/nokia-x/platform-overview",
         f"{wayback}20140625225721/https://developer.nokia.com/nokia-x/platform-overview"),
        # list-defined in <references>, used above it
        ("evening", "https://news.google.com/newspapers?nid=950&dat=19781104&id=M2JQAAAAIBAJ"
         "&sjid=4lgDAAAAIBAJ&pg=6291,1212537&hl=de", None),
        ("westpoint", "http://apps.westpointaog.org/Memorials/Article/7406/", None),
    ]  # fmt: skip
    assert [r.archive_date for r in refs if r.archive_url] == [
        "2011-05-11", "2009-03-12", "2014-06-25",
    ]  # fmt: skip
    assert refs[0].title == "Heathrow 'needs a third runway'"
    assert refs[7].title == '"Anarchist-Communism" by Alain Pengam'


def test_arabic_citations_as_written_on_arabic_wikipedia() -> None:
    # From ar.wikipedia.org "الأرض" (CC BY-SA 4.0), as quoted in the tests of
    # github.com/wikimedia/wikipedia-ios (WMFWikitextUtilsTests.swift).
    text = (
        "<ref name=ucs>{{استشهاد ويب |مسار=https://www.ucsusa.org/resources/satellite-database "
        "|عنوان=UCS Satellite Database |عمل=Nuclear Weapons & Global Security "
        "|ناشر=[[Union of Concerned Scientists]] |تاريخ=1 August 2020 "
        "|تاريخ الوصول=27 September 2018| مسار أرشيف = https://web.archive.org/web/"
        "20190824003501/https://www.ucsusa.org/nuclear-weapons/space-weapons/satellite-database"
        " | تاريخ أرشيف = 24 أغسطس 2019 }}</ref><ref>{{استشهاد بدورية محكمة\n"
        "| الأخير = May | الأول = Robert M.\n| عنوان=How many species are there on earth?\n"
        "| صحيفة=Science | سنة=1988 | المجلد=241\n"
        "| مسار=https://adsabs.harvard.edu/abs/1988Sci...241.1441M\n| تاريخ الوصول=2007-08-14\n"
        "| pmid=17790039| مسار أرشيف = https://web.archive.org/web/20190321122146/"
        "http://adsabs.harvard.edu/abs/1988Sci...241.1441M | تاريخ أرشيف = 21 مارس 2019 }}</ref>"
    )
    web, journal = read(text, "ar")
    assert (web.url, web.title, web.publisher) == (
        "https://www.ucsusa.org/resources/satellite-database",
        "UCS Satellite Database",
        "Union of Concerned Scientists",
    )
    assert (web.date, web.access_date, web.archive_date) == (
        "2020-08-01",
        "2018-09-27",
        "2019-08-24",
    )
    assert web.archive_url is not None and web.archive_url.startswith("https://web.archive.org/")
    assert (journal.work, journal.date, journal.archive_date) == ("Science", "1988", "2019-03-21")
