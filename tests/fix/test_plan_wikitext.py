from __future__ import annotations

from dataclasses import replace

import pytest

from citecheck.fix import FixError, FixOptions, apply_text, plan_fixes, render_diff
from citecheck.models import ArchiveStatus, LinkStatus, Reference, Result, TitleMatch, Verdict
from citecheck.sources.wikitext import WikitextReader
from tests.fix.fix_data import (
    DATA,
    UPDATE,
    broken_capture,
    capture,
    dead_with_capture,
    read_data,
    result,
)

READER = WikitextReader()


def refs_of(text: str, file: str = "a.wiki") -> dict[str, Reference]:
    return {r.id: r for r in READER.read(text, file=file).references}


def check_golden(name: str, actual: str) -> None:
    if UPDATE:
        (DATA / name).write_text(actual, encoding="utf-8")
    assert actual == read_data(name)


def seed_results(refs: dict[str, Reference]) -> list[Result]:
    return [
        dead_with_capture(refs["newarab"], "20180404101500"),
        result(refs["enab"], Verdict.BLOCKED, LinkStatus.BLOCKED, capture(refs["enab"].url or "")),
        dead_with_capture(refs["syriadirect"], "20180427093000"),
        result(
            refs["ref-9"], Verdict.UNREACHABLE, LinkStatus.TIMEOUT, capture(refs["ref-9"].url or "")
        ),
        result(
            refs["ref-11"],
            Verdict.DEAD,
            LinkStatus.PARKED,
            capture(refs["ref-11"].url or "", "20180421000000"),
        ),
        result(
            refs["ref-13"], archive=capture(refs["ref-13"].url or "", match=TitleMatch.MISMATCH)
        ),
    ]


def varied_results(refs: dict[str, Reference]) -> list[Result]:
    ok_archive = capture("x", status=ArchiveStatus.OK)
    return [
        dead_with_capture(refs["unesco"], "20210303120000"),
        result(refs["ref-2"], archive=ok_archive),  # deadurl=no -> yes
        result(refs["ref-3"], Verdict.OK, LinkStatus.LIVE, capture(refs["ref-3"].url or "")),
        dead_with_capture(refs["ref-6"], "20210211000000"),  # "| key = value |" style
        dead_with_capture(refs["ref-8"], "20210211000000"),  # script-title
        dead_with_capture(refs["reuters"], "20150324180000"),  # dead-url=yes kept
        result(refs["ref-11"], archive=ok_archive),  # {{webarchive}}: no url-status noise
        dead_with_capture(refs["ref-12"], "20180901000000"),  # followed by {{dead link}}
        dead_with_capture(refs["ref-13"], "20180816000000"),  # url-status=live -> dead
        result(refs["ref-15"], archive=ok_archive),  # usurped stays usurped
        dead_with_capture(refs["ref-16"]),  # bare URL: {{webarchive}} added
        dead_with_capture(refs["ref-19"], "20190202000000"),  # title with {{!}}
        dead_with_capture(refs["bbc2015"], "20150328000000"),  # list-defined reference
        dead_with_capture(refs["ref-21"], "20200101000000"),  # further reading, no dates
    ]


@pytest.mark.parametrize(
    ("name", "build"),
    [("wikitext_seed_article", seed_results), ("wikitext_varied_article", varied_results)],
)
def test_golden_diff(name: str, build) -> None:
    text = read_data(f"{name}.wiki")
    results = build(refs_of(text, f"{name}.wiki"))
    edits = plan_fixes(results, text, f"{name}.wiki", "wikitext")
    check_golden(f"{name}.fix.diff", render_diff(f"{name}.wiki", text, edits))


@pytest.mark.parametrize(
    ("name", "build"),
    [("wikitext_seed_article", seed_results), ("wikitext_varied_article", varied_results)],
)
@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_fix_is_idempotent_and_keeps_line_endings(name: str, build, newline: str) -> None:
    text = read_data(f"{name}.wiki").replace("\n", newline)
    file = f"{name}.wiki"
    results = build(refs_of(text, file))
    fixed = apply_text(text, plan_fixes(results, text, file, "wikitext"))
    assert fixed != text
    if newline == "\r\n":  # every line break written is CRLF too
        assert fixed.count("\n") == fixed.count("\r\n")
    else:
        assert "\r" not in fixed
    # Re-read the fixed text and judge it with the same evidence: nothing more to do.
    again = refs_of(fixed, file)
    rejudged = [replace(r, reference=again[r.id]) for r in results]
    assert plan_fixes(rejudged, fixed, file, "wikitext") == ()
    # Stale locations from the first read must not produce edits in the wrong place.
    for edit in plan_fixes(results, fixed, file, "wikitext"):
        pytest.fail(f"stale plan edited {edit}")


def test_fixed_citations_read_back_with_the_archive() -> None:
    text = read_data("wikitext_varied_article.wiki")
    refs = refs_of(text)
    results = varied_results(refs)
    fixed = refs_of(apply_text(text, plan_fixes(results, text, "a.wiki", "wikitext")))
    assert fixed["unesco"].archive_url == (
        "https://web.archive.org/web/20210303120000/https://whc.unesco.org/en/list/22/"
    )
    assert (fixed["unesco"].archive_date, fixed["unesco"].url_status) == ("2021-03-03", "dead")
    assert fixed["ref-2"].url_status == "dead"
    assert fixed["ref-15"].url_status == "usurped"
    # A bare link gets a {{webarchive}} (the article uses mdy dates).
    assert fixed["ref-16"].archive_url == (
        "https://web.archive.org/web/20180427093000/http://www.sana.sy/en/?p=172335"
    )
    assert fixed["ref-16"].archive_date == "2018-04-27"
    # ref-3: a live link, left alone by default; ref-11: archived by {{webarchive}}.
    unchanged = {"ref-3", "ref-4", "ref-7", "ref-9", "ref-11", "ref-14", "ref-17", "ref-23"}
    for key in unchanged:
        assert replace(fixed[key], location=refs[key].location) == refs[key], key


def test_archive_date_style_follows_access_date_then_article() -> None:
    text = (
        "{{use mdy dates}}\n"
        "<ref>{{cite web|url=http://a.example/|access-date=5 May 2019}}</ref>\n"
        "<ref>{{cite web|url=http://b.example/|access-date=2019-05-05}}</ref>\n"
        "<ref>{{cite web|url=http://c.example/|date=5 May 2019}}</ref>\n"
        "<ref>{{cite web|url=http://d.example/|access-date=5 Jan 2019}}</ref>\n"
    )
    refs = refs_of(text)
    results = [dead_with_capture(r, "20190601000000") for r in refs.values()]
    fixed = apply_text(text, plan_fixes(results, text, "a.wiki", "wikitext"))
    assert "|access-date=5 May 2019|archive-url=" in fixed
    dates = [line.split("archive-date=")[1].split("|")[0] for line in fixed.splitlines()[1:]]
    assert dates == ["1 June 2019", "2019-06-01", "June 1, 2019", "1 June 2019"]
    no_article_style = text.replace("{{use mdy dates}}", "")
    results = [dead_with_capture(r, "20190601000000") for r in refs_of(no_article_style).values()]
    fixed = apply_text(
        no_article_style, plan_fixes(results, no_article_style, "a.wiki", "wikitext")
    )
    assert "|date=5 May 2019|archive-url=https://web.archive.org/web/20190601000000/" in fixed
    assert "archive-date=1 June 2019" in fixed.splitlines()[3]


def test_empty_parameters_are_filled_in_place() -> None:
    text = (
        "<ref>{{cite web |url=http://a.example/ |archive-url= |archive-date= |url-status= }}</ref>"
    )
    refs = refs_of(text)
    fixed = apply_text(text, plan_fixes([dead_with_capture(refs["ref-1"])], text, "a.wiki",
                                        "wikitext"))  # fmt: skip
    assert fixed == (
        "<ref>{{cite web |url=http://a.example/ |archive-url=https://web.archive.org/web/"
        "20180427093000/http://a.example/ |archive-date=2018-04-27 |url-status=dead }}</ref>"
    )


def test_bare_links_get_a_webarchive_unless_they_have_one() -> None:
    text = (
        "<ref>http://a.example/x</ref>\n"
        "<ref>[http://b.example/y B] {{dead link|date=May 2020}}</ref>\n"
        "<ref>[http://c.example/z C] {{Webarchive|url=http://w.example/c}}</ref>\n"
    )
    refs = refs_of(text)
    stale = [dead_with_capture(replace(r, archive_url=None), "20200101000000")
             for r in refs.values()]  # fmt: skip
    fixed = apply_text(text, plan_fixes(stale, text, "a.wiki", "wikitext"))
    assert fixed == (
        "<ref>http://a.example/x {{webarchive |url=https://web.archive.org/web/20200101000000/"
        "http://a.example/x |date=2020-01-01}}</ref>\n"
        "<ref>[http://b.example/y B] {{webarchive |url=https://web.archive.org/web/20200101000000/"
        "http://b.example/y |date=2020-01-01}} {{dead link|date=May 2020}}</ref>\n"
        "<ref>[http://c.example/z C] {{Webarchive|url=http://w.example/c}}</ref>\n"
    )
    again = refs_of(fixed)
    assert [r.archive_date for r in again.values()] == ["2020-01-01", "2020-01-01", None]


def test_repeated_url_parameter_the_last_one_is_the_citation() -> None:
    text = "<ref>{{cite web|url=http://old.example/|url=http://a.example/|archiveurl=}}</ref>"
    ref = refs_of(text)["ref-1"]
    assert ref.url == "http://a.example/"
    fixed = apply_text(text, plan_fixes([dead_with_capture(ref)], text, "a.wiki", "wikitext"))
    assert fixed == (
        "<ref>{{cite web|url=http://old.example/|url=http://a.example/|archiveurl=https://web."
        "archive.org/web/20180427093000/http://a.example/|archive-date=2018-04-27"
        "|url-status=dead}}</ref>"
    )


def test_another_archive_cited_meanwhile_is_not_overwritten() -> None:
    original = "<ref>{{cite web|url=http://a.example/}}</ref>"
    res = dead_with_capture(refs_of(original)["ref-1"])
    edited = "<ref>{{cite web|url=http://a.example/|archive-url=http://other.example/}}</ref>"
    assert plan_fixes([res], edited, "a.wiki", "wikitext") == ()


def test_repair_replaces_only_the_broken_archive_url() -> None:
    text = (
        "<ref>{{cite web |url=http://a.example/ |archive-url=http://web.archive.org/web/1/x "
        "|archive-date=2001-01-01 |url-status=dead}}</ref>"
    )
    ref = refs_of(text)["ref-1"]
    res = result(ref, archive=broken_capture("http://a.example/", "20050505000000"))
    assert plan_fixes([res], text, "a.wiki", "wikitext") == ()
    edits = plan_fixes([res], text, "a.wiki", "wikitext", FixOptions(repair_broken=True))
    assert apply_text(text, edits) == (
        "<ref>{{cite web |url=http://a.example/ |archive-url=https://web.archive.org/web/"
        "20050505000000/http://a.example/ |archive-date=2005-05-05 |url-status=dead}}</ref>"
    )


@pytest.mark.parametrize(
    ("annotation", "repaired"),
    [
        ("{{webarchive|url=http://web.archive.org/web/1/x|date=1 January 2001}}",
         "{{webarchive|url=https://web.archive.org/web/20050505000000/http://a.example/"
         "|date=5 May 2005}}"),
        ("{{Webarchive | url = http://web.archive.org/web/1/x }}",
         "{{Webarchive | url = https://web.archive.org/web/20050505000000/http://a.example/ "
         "| date = 2005-05-05 }}"),
    ],
)  # fmt: skip
def test_repair_of_an_archive_held_by_webarchive(annotation: str, repaired: str) -> None:
    text = f"<ref>{{{{cite web|url=http://a.example/}}}} {annotation}</ref>"
    ref = refs_of(text)["ref-1"]
    assert ref.archive_url == "http://web.archive.org/web/1/x"
    broken = broken_capture("http://a.example/", "20050505000000")
    res = result(ref, archive=broken)
    assert plan_fixes([res], text, "a.wiki", "wikitext") == ()
    edits = plan_fixes([res], text, "a.wiki", "wikitext", FixOptions(repair_broken=True))
    fixed = apply_text(text, edits)
    assert fixed == text.replace(annotation, repaired)
    # No url-status: CS1 does not read it without the template's own archive-url.
    assert "url-status" not in fixed
    again = replace(res, reference=refs_of(fixed)["ref-1"])
    assert plan_fixes([again], fixed, "a.wiki", "wikitext", FixOptions(repair_broken=True)) == ()


def test_bare_link_webarchive_is_repaired_too() -> None:
    text = "<ref>[http://a.example/ A] {{webarchive|url=http://w.example/broken}}</ref>"
    ref = refs_of(text)["ref-1"]
    broken = broken_capture("http://a.example/", "20050505000000")
    edits = plan_fixes([result(ref, archive=broken)], text, "a.wiki", "wikitext",
                       FixOptions(repair_broken=True))  # fmt: skip
    assert apply_text(text, edits) == (
        "<ref>[http://a.example/ A] {{webarchive|url=https://web.archive.org/web/20050505000000/"
        "http://a.example/|date=2005-05-05}}</ref>"
    )


def test_results_of_other_files_and_formats_are_ignored() -> None:
    text = "<ref>{{cite web|url=http://a.example/}}</ref>"
    res = dead_with_capture(refs_of(text, "other.wiki")["ref-1"])
    assert plan_fixes([res], text, "a.wiki", "wikitext") == ()
    res = dead_with_capture(refs_of(text)["ref-1"])
    for fmt in ("bibtex", "markdown", "html", "csl-json"):
        assert plan_fixes([res], text, "a.wiki", fmt) == ()


def test_no_findings_means_no_edits_and_identical_text() -> None:
    text = read_data("wikitext_varied_article.wiki")
    ok = [result(r, Verdict.OK, LinkStatus.LIVE) for r in refs_of(text).values()]
    edits = plan_fixes(ok, text, "a.wiki", "wikitext")
    assert edits == ()
    assert apply_text(text, edits) == text
    assert render_diff("a.wiki", text, edits) == ""


def test_apply_text_refuses_edits_that_do_not_match() -> None:
    text = "<ref>{{cite web|url=http://a.example/|url-status=live}}</ref>"
    res = dead_with_capture(refs_of(text)["ref-1"])
    edits = plan_fixes([res], text, "a.wiki", "wikitext")
    with pytest.raises(FixError):
        apply_text(text.replace("live", "LIVE"), edits)


def test_links_inside_other_templates_and_other_languages_citations_are_left_alone() -> None:
    # Read and checked, but fix writes only where it knows the template: a link inside
    # {{PDFlink}} would get its {{webarchive}} inside the template's parameter, and
    # {{Internetquelle}} spells archive-url "archiv-url".
    text = (
        "<ref>{{PDFlink|[http://a.example/w.pdf W]|91&nbsp;KB}}</ref>\n"
        "<ref>{{Internetquelle |url=http://b.example/de |titel=T |abruf=2020-01-02}}</ref>\n"
        "<ref>{{cite web|url=http://c.example/}} See [http://d.example/ D].</ref>\n"
    )
    refs = refs_of(text)
    assert [r.url for r in refs.values()] == [
        "http://a.example/w.pdf", "http://b.example/de", "http://c.example/", "http://d.example/",
    ]  # fmt: skip
    stale = [dead_with_capture(r, "20200101000000") for r in refs.values()]
    fixed = apply_text(text, plan_fixes(stale, text, "a.wiki", "wikitext"))
    assert fixed == (
        "<ref>{{PDFlink|[http://a.example/w.pdf W]|91&nbsp;KB}}</ref>\n"
        "<ref>{{Internetquelle |url=http://b.example/de |titel=T |abruf=2020-01-02}}</ref>\n"
        "<ref>{{cite web|url=http://c.example/|archive-url=https://web.archive.org/web/"
        "20200101000000/http://c.example/|archive-date=2020-01-01|url-status=dead}} See "
        "[http://d.example/ D] {{webarchive |url=https://web.archive.org/web/20200101000000/"
        "http://d.example/ |date=2020-01-01}}.</ref>\n"
    )
