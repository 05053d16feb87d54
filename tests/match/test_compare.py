"""compare_titles: matches a librarian would accept, mismatches only when clear."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from citecheck.match import MATCH_AT, MISMATCH_BELOW, compare_titles, normalise, title_score
from citecheck.match.score import pair_score
from citecheck.match.variants import title_variant
from citecheck.models import Reference, TitleMatch
from citecheck.page import PageAnalysis, TitleCandidate
from citecheck.page.types import EMPTY_ANALYSIS


def page_with(
    *titles: tuple[str, str],
    site: str | None = None,
    lang: str | None = None,
    url: str = "https://www.example.com/news/story",
) -> PageAnalysis:
    candidates = tuple(TitleCandidate(text, source) for source, text in titles)
    return PageAnalysis(
        title=candidates[0].text if candidates else None,
        title_source=candidates[0].source if candidates else None,
        candidates=candidates,
        site_name=site,
        language=lang,
        error_signal=None,
        parked_signal=None,
        fingerprint=EMPTY_ANALYSIS.fingerprint,
        url=url,
    )


def ref(title: str | None, **kw: str) -> Reference:
    return Reference(id="r", title=title, **kw)


def check(cited: str, *titles: tuple[str, str], **kw: object) -> TitleMatch:
    return compare_titles(ref(cited), page_with(*titles, **kw)).match  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("cited", "found"),
    [
        (
            "Fed lifts rates, sees faster pace of hikes in Trump's first year",
            "Fed lifts rates, sees faster pace of hikes in Trump’s first year | Reuters",
        ),
        (
            "Fed lifts rates, sees faster pace of hikes",
            "Reuters | Fed lifts rates, sees faster pace of hikes",
        ),
        ("Regime forces advance near Dumayr", "Regime forces advance near Dumayr | Enab Baladi"),
        (
            "Syria's rebels announce refusal to evacuate Eastern Qalamoun",
            "SYRIA’S REBELS ANNOUNCE REFUSAL TO EVACUATE EASTERN QALAMOUN",
        ),
        # Truncated citation, and a citation that is a prefix of the page title.
        (
            "The Eastern Qalamoun witnesses preparations for a new displaced people convoy…",
            "The Eastern Qalamoun witnesses preparations for a new displaced people convoy in "
            "conjunction with the arrival of the 3rd convoy in the north-eastern countryside",
        ),
        (
            "Rebels surrender in eastern Qalamoun",
            "Rebels surrender in eastern Qalamoun: what the deal means for Damascus",
        ),
        # Subtitle in the citation, none on the page.
        (
            "Rebels surrender in eastern Qalamoun: what the deal means",
            "Rebels surrender in eastern Qalamoun",
        ),
        ("Syria: government takes Dumayr", "Live updates: Syria: government takes Dumayr"),
        (
            "Página no encontrada en el archivo del diario",
            "Pagina no encontrada en el archivo del diario",
        ),
        (
            "バルセロナ、マンＵに先勝…ＣＬ準々決勝第１戦",
            "バルセロナ、マンUに先勝…CL準々決勝第1戦 : スポーツ : 読売新聞オンライン",
        ),
        (
            "مقاتلو المعارضة يرفضون الخروج من القلمون الشرقي",
            "مقاتلو المعارضة يرفضون الخروج من القلمون الشرقيّ - عنب بلدي",
        ),
    ],
)
def test_matches(cited: str, found: str) -> None:
    result = compare_titles(ref(cited), page_with(("title", found)))
    assert result.match is TitleMatch.MATCH, result
    assert result.score is not None and MATCH_AT <= result.score <= 1


def test_site_name_from_the_reference_is_stripped() -> None:
    page = page_with(
        ("title", "Convoy leaves Dumayr - Syria Call"), url="https://www.syriacall.com/x"
    )
    result = compare_titles(ref("Convoy leaves Dumayr", website="Syria Call"), page)
    assert result.match is TitleMatch.MATCH


def test_cited_titles_are_cleaned() -> None:
    page = page_with(("title", "Rebels & regime sign Qalamoun deal"))
    result = compare_titles(ref("Rebels &amp; regime sign\u200f Qalamoun\x00 deal"), page)
    assert (result.match, result.score) == (TitleMatch.MATCH, 1.0)


def test_any_candidate_may_match() -> None:
    result = compare_titles(
        ref("The Transformative Power Of Feminist Compliments"),
        page_with(
            ("og:title", "13 Ways To Compliment Women In The Most Empowering Way"),
            ("h1", "The Transformative Power Of Feminist Compliments"),
        ),
    )
    assert (result.match, result.source) == (TitleMatch.MATCH, "h1")


@pytest.mark.parametrize(
    ("cited", "found"),
    [
        (
            "Syria's rebels announce refusal to evacuate Eastern Qalamoun",
            "Ten recipes for a quick weeknight pasta dinner",
        ),
        (
            "Jaish Tahrir al-Sham denies affiliation to Qalamoun Unified Command",
            "Stock markets rally as inflation cools in the euro zone",
        ),
    ],
)
def test_clear_mismatches(cited: str, found: str) -> None:
    result = compare_titles(ref(cited), page_with(("og:title", found)))
    assert result.match is TitleMatch.MISMATCH, result
    assert result.found == found
    assert result.score is not None and 0 <= result.score < MATCH_AT


def test_partly_alike_titles_are_unknown_not_mismatch() -> None:
    # Same opening, other place: maybe drift, maybe a rewritten headline. Not a false alarm.
    result = compare_titles(
        ref("Rebels surrender in eastern Qalamoun"),
        page_with(("og:title", "Rebels surrender in Idlib after long siege")),
    )
    assert result.match is TitleMatch.UNKNOWN
    assert result.score is not None and MISMATCH_BELOW <= result.score < MATCH_AT


def test_no_title_found_is_unknown() -> None:
    result = compare_titles(ref("A cited title"), EMPTY_ANALYSIS)
    assert result.match is TitleMatch.UNKNOWN
    assert result.found is None and "no title found" in (result.reason or "")


def test_no_title_cited_is_unknown() -> None:
    result = compare_titles(ref(None), page_with(("title", "Something")))
    assert result.match is TitleMatch.UNKNOWN


@pytest.mark.parametrize(
    "found",
    [
        "Home",
        "Untitled",
        "12345",
        "Example News",
        "Example News - Home",
        "examplenews.com",
        "Home | Example News",
    ],
)
def test_placeholder_or_site_name_titles_are_unknown(found: str) -> None:
    result = compare_titles(
        ref("Rebels surrender in eastern Qalamoun"),
        page_with(("title", found), site="Example News", url="https://examplenews.com/a/b"),
    )
    assert result.match is TitleMatch.UNKNOWN


def test_other_script_without_translation_is_unknown() -> None:
    page = page_with(("title", "المعارضة ترفض الخروج من القلمون الشرقي"), lang="ar")
    assert (
        compare_titles(ref("Rebels refuse to leave Eastern Qalamoun"), page).match
        is TitleMatch.UNKNOWN
    )
    assert (
        compare_titles(ref("Rebels refuse to leave", language="en"), page).match
        is TitleMatch.UNKNOWN
    )


def test_translation_or_original_title_matches() -> None:
    page = page_with(("title", "المعارضة ترفض الخروج من القلمون الشرقي - عنب بلدي"), lang="ar")
    cited = ref(
        "المعارضة ترفض الخروج من القلمون الشرقي",
        trans_title="The opposition refuses to leave Eastern Qalamoun",
    )
    assert compare_titles(cited, page).match is TitleMatch.MATCH
    swapped = ref(
        "The opposition refuses to leave Eastern Qalamoun",
        trans_title="المعارضة ترفض الخروج من القلمون الشرقي",
    )
    assert compare_titles(swapped, page).match is TitleMatch.MATCH


def test_same_script_other_language_is_unknown() -> None:
    # An English rendering of a Spanish headline, with no trans_title: not comparable.
    page = page_with(("title", "Los rebeldes se niegan a salir del Qalamún oriental"), lang="es")
    result = compare_titles(ref("The rebels refuse to leave the eastern Qalamoun"), page)
    assert result.match is TitleMatch.UNKNOWN


def test_normalise() -> None:
    assert normalise("  “Café” — CRÈME’s  ﬁne! ") == "cafe cremes fine"
    assert normalise("Ｆｕｌｌ　ｗｉｄｔｈ") == "full width"
    assert normalise("한국어 뉴스") == "한국어 뉴스"  # Hangul is not stripped of anything
    assert normalise("で") == "で"  # dakuten is part of the kana


TITLES = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=80
).filter(lambda t: normalise(t) != "")


@settings(max_examples=200)
@given(title=TITLES)
def test_identical_titles_always_match(title: str) -> None:
    result = compare_titles(ref(title), page_with(("title", title)))
    assert result.match is TitleMatch.MATCH
    assert result.score == 1.0


@settings(max_examples=200)
@given(a=TITLES, b=TITLES)
def test_pair_score_is_symmetric_and_bounded(a: str, b: str) -> None:
    va, vb = title_variant(a), title_variant(b)
    assert va is not None and vb is not None
    assert pair_score(va, vb) == pair_score(vb, va)
    assert 0.0 <= pair_score(va, vb) <= 1.0


@settings(max_examples=100)
@given(a=TITLES, b=TITLES)
def test_compare_titles_never_raises(a: str, b: str) -> None:
    result = compare_titles(ref(a, trans_title=b), page_with(("title", b), ("h1", a)))
    assert result.match in TitleMatch


@pytest.mark.parametrize(
    ("cited", "found"),
    [
        ("Mozilla - Wikipedia", "Bob Dylan - Wikipedia"),
        (
            "This API is so Fetching! – Mozilla Hacks – the Web developer blog",
            "Firefox 57 delays requests to tracking domains – Mozilla Hacks – "
            "the Web developer blog",
        ),
        ("Audiense | LinkedIn", "How Can AI Change Financial Services? | LinkedIn"),
        (
            "Syria: government takes Dumayr after rebels leave",
            "Syria: ten recipes for a quick weeknight pasta dinner",
        ),
    ],
)
def test_shared_site_or_section_names_do_not_make_a_match(cited: str, found: str) -> None:
    result = compare_titles(ref(cited), page_with(("title", found)))
    assert result.match is not TitleMatch.MATCH, result


@settings(max_examples=150)
@given(a=TITLES, b=TITLES)
def test_title_score_is_symmetric(a: str, b: str) -> None:
    assert title_score(a, b, ("examplenews",)) == title_score(b, a, ("examplenews",))
