"""compare_titles: does the cited title name the page that was found?

Precision for `mismatch` matters most (a false alarm costs an editor time), so a
mismatch needs a comparable page title: same script, no sign of a different
language, a real headline (not a placeholder or the site's name), and no variant
of it close to any variant of the cited title. Anything doubtful is `unknown`.
"""

from __future__ import annotations

from dataclasses import dataclass

from citecheck.match.conflict import Conflict, detail_conflict
from citecheck.match.normalise import normalise, tokens
from citecheck.match.score import best_score
from citecheck.match.script import dominant_script, guess_language, primary_language
from citecheck.match.textcoverage import mentions, text_coverage
from citecheck.models import Reference, TitleMatch
from citecheck.page.affix import key, site_keys_of, split_pieces, strip_site_affixes
from citecheck.page.headline import is_placeholder
from citecheck.page.text import clean_text
from citecheck.page.types import PageAnalysis

# Score (weighted term overlap, citecheck.match.score) at or above which the titles
# match; below MISMATCH_BELOW they differ; between, the page's text decides (TEXT_*), else
# `unknown`. Chosen on hard cases of the title corpus (benchmarks/title_roc.py: each page
# against the most alike headline of another page of its host or language): 95 % of those
# score below 0.39, the worst 0.56; the same story reworded by its own site (an SEO
# <title> beside the print headline) scores 0.44-0.8, so below 0.4 is clear.
MATCH_AT = 0.8
MISMATCH_BELOW = 0.4
# How a mismatch reads when the titles alone settled it (the verdict's "title differs"
# says as much, so the report does not repeat it).
PLAIN_MISMATCH = "cited title differs from the page's"
# Evidence from the page's own text (PageAnalysis.main_text) for a title that is neither
# clearly the cited one nor clearly another: the share of the cited title's information
# (term weight) found among the words of the page's paragraphs. At TEXT_CONFIRMS or more
# a reworded title (>= TEXT_MATCH_FLOOR) matches, and any other is not called a mismatch
# (it stays `unknown`, explained: two outlets' stories of one event read alike too);
# below TEXT_DENIES a partly alike title is a mismatch. A page with too little text says
# nothing (citecheck.match.textcoverage).
TEXT_CONFIRMS = 0.8
TEXT_DENIES = 0.5
# A title clearly unlike the cited one is still no mismatch when the page's text has this
# share of the cited title's information: the page's headline may be an SEO rewording.
TEXT_DOUBTS = 0.65
TEXT_MATCH_FLOOR = 0.6


@dataclass(frozen=True)
class TitleComparison:
    match: TitleMatch
    score: float | None
    found: str | None
    source: str | None
    reason: str | None
    # False when the titles could not be compared at all (none cited, none found, no real
    # headline, other script or language): `unknown` then says nothing about the page.
    # True for an `unknown` that is a doubt: same script, partly alike.
    comparable: bool = True


def _languages_differ(
    reference: Reference, page: PageAnalysis, cited: str, found: str
) -> str | None:
    """Why the two titles are in different writing systems or languages, or None."""
    cited_script, found_script = dominant_script(cited), dominant_script(found)
    if cited_script and found_script and cited_script != found_script:
        return f"the page title is in {found_script} script, the cited title in {cited_script}"
    ref_lang, page_lang = primary_language(reference.language), primary_language(page.language)
    if ref_lang and page_lang and ref_lang != page_lang:
        return f"the page is in '{page_lang}', the citation says '{ref_lang}'"
    cited_lang = guess_language(normalise(cited).split())
    found_lang = guess_language(normalise(found).split()) or page_lang
    if cited_lang and found_lang and cited_lang != found_lang:
        return f"the cited title reads as '{cited_lang}', the page as '{found_lang}'"
    return None


def compare_titles(reference: Reference, page: PageAnalysis) -> TitleComparison:
    """Compare the cited title (and trans_title) with every title the page offers."""
    # Cited titles come from wikitext, BibTeX or HTML: clean them like page titles
    # ("&amp;", stray controls and bidi marks).
    cited = [c for c in (clean_text(t) for t in (reference.title, reference.trans_title)) if c]
    if not cited:
        return TitleComparison(
            TitleMatch.UNKNOWN, None, page.title, page.title_source, "no title cited",
            comparable=False,
        )
    if not page.title and not page.candidates:
        return TitleComparison(TitleMatch.UNKNOWN, None, None, None, "no title found on the page",
                               comparable=False)
    site_keys = site_keys_of(
        list(reference.site_names) + ([page.site_name] if page.site_name else []),
        page.url or reference.url,
    )
    found_titles: list[tuple[str, str]] = []
    if page.title:
        found_titles.append((page.title, page.title_source or "title"))
    # A one-word candidate beside the headline ("Custom", "Menu": a stray <h1>) is no
    # evidence unless the citation is one word too.
    one_word = all(len(tokens(normalise(c))) <= 1 for c in cited)
    for c in page.candidates:
        if (c.text, c.source) not in found_titles and (
            one_word or not found_titles or len(tokens(normalise(c.text))) > 1
        ):
            found_titles.append((c.text, c.source))
    score, found, source, best_cited = best_score(cited, found_titles, site_keys)
    lead = _cited_as_lead(cited, found_titles, site_keys) if score < MATCH_AT else None
    if lead is not None:
        score, found, source = MATCH_AT, lead[0], lead[1]
    if score >= TEXT_MATCH_FLOOR:
        # Alike enough to match: unless it is a sibling page (citecheck.match.conflict).
        conflict = detail_conflict(strip_site_affixes(best_cited, site_keys),
                                   strip_site_affixes(found, site_keys))
        if conflict is not None:
            judged = _judge_conflict(conflict, score, found, source, page.main_text)
            if judged is not None:
                return judged
    if score >= MATCH_AT:
        return TitleComparison(
            TitleMatch.MATCH, score, found, source, f"cited title matches the page's {source}"
        )
    headline, headline_source = page.title, page.title_source
    core = strip_site_affixes(headline, site_keys) if headline else ""
    if not headline or is_placeholder(core) or key(core) in site_keys:
        # "Home", "Syria Call - Home", "example.com": the page names no document.
        return TitleComparison(
            TitleMatch.UNKNOWN,
            score,
            found,
            source,
            "the page has no real headline to compare with",
            comparable=False,
        )
    differ = _languages_differ(reference, page, cited[0], headline)
    if differ and (
        reference.trans_title is None
        or dominant_script(reference.trans_title) != dominant_script(headline)
    ):
        return TitleComparison(
            TitleMatch.UNKNOWN,
            score,
            headline,
            headline_source,
            f"not comparable: {differ}, and no translation matches",
            comparable=False,
        )
    in_text = text_coverage(strip_site_affixes(cited[0], site_keys), page.main_text)
    if score < MISMATCH_BELOW:
        if in_text is not None and in_text >= TEXT_DOUBTS:
            return TitleComparison(
                TitleMatch.UNKNOWN, score, headline, headline_source,
                f"the page's {headline_source} differs from the cited title, but the page's "
                f"text has the cited title's words ({in_text:.0%})",
            )
        return TitleComparison(
            TitleMatch.MISMATCH,
            score,
            headline,
            headline_source,
            f"{PLAIN_MISMATCH} {headline_source}",
        )
    if in_text is not None and in_text >= TEXT_CONFIRMS:
        words = f"the page's text has the cited title's words ({in_text:.0%})"
        if score >= TEXT_MATCH_FLOOR:
            return TitleComparison(
                TitleMatch.MATCH, score, found, source,
                f"the page's {source} words the cited title otherwise, and {words}",
            )
        return TitleComparison(
            TitleMatch.UNKNOWN, score, found, source,
            f"the page's {source} is worded differently from the cited title; {words}, "
            "so it may be another story on the same subject",
        )
    if in_text is not None and in_text < TEXT_DENIES:
        return TitleComparison(
            TitleMatch.MISMATCH, score, headline, headline_source,
            f"cited title only partly like the page's {headline_source}, and the page's text "
            f"lacks most of its words ({in_text:.0%} found)",
        )
    why = ("the page's text read is too short to tell" if in_text is None
           else f"the page's text has some of its words ({in_text:.0%})")
    return TitleComparison(
        TitleMatch.UNKNOWN, score, found, source,
        f"cited and page titles are only partly alike, and {why}",
    )


# A cited title of this many words or more that is the whole first piece of a page title
# ("Learn Node" of "Learn Node — The best way to learn Node.js") is its headline.
_MIN_LEAD_TOKENS = 2


def _judge_conflict(
    conflict: Conflict, score: float, found: str, source: str, text: str
) -> TitleComparison | None:
    """What a detail conflict makes of a comparison that would otherwise match: the
    page's text tells a sibling page (which never mentions the cited detail) from the
    cited story told again with other details. None: the conflict changes nothing."""
    speaks, mentioned = mentions(text, conflict.cited)
    what = conflict.describe()
    if conflict.in_kicker and len(mentioned) == len(conflict.cited):
        return None  # another label on the same headline, whose story the text tells
    if speaks and not mentioned:
        if conflict.strong:
            return TitleComparison(
                TitleMatch.MISMATCH, score, found, source,
                f"{what}, and the page's text never mentions "
                f"{', '.join(repr(t) for t in conflict.cited)}: another page of the site",
            )
        why = f"{what}, and its text lacks the cited words"
    elif mentioned and not conflict.strong and not conflict.cited[0].isdigit():
        return None  # the same story, reworded: its text has the cited words
    elif mentioned and not conflict.strong:
        # A count in the text proves little (numbers are everywhere): a toll updated,
        # or another story.
        why = f"{what}; the page's text mentions {', '.join(repr(t) for t in mentioned)}"
    elif mentioned:
        why = (f"{what}; the page's text mentions {', '.join(repr(t) for t in mentioned)}, "
               "so it may be the same story updated, or another one")
    else:
        why = f"{what}, and the page's text read is too short to tell"
    return TitleComparison(TitleMatch.UNKNOWN, score, found, source, why)


def _cited_as_lead(
    cited: list[str], found: list[tuple[str, str]], site_keys: tuple[str, ...]
) -> tuple[str, str] | None:
    """The (title, source) whose leading piece is a cited title, if any. Only the lead:
    a trailing piece is where site and section names stand."""
    wanted = {key(c) for c in cited if len(tokens(normalise(c))) >= _MIN_LEAD_TOKENS}
    wanted -= set(site_keys)
    if not wanted:
        return None
    for text, source in found:
        pieces = split_pieces(text)
        if len(pieces) > 1 and key(pieces[0]) in wanted:
            return text, source
    return None
