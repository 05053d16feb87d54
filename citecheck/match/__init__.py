"""Title matching (interim, minimal): normalised fuzzy comparison."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from rapidfuzz import fuzz

from citecheck.models import Reference, TitleMatch
from citecheck.page import PageAnalysis


@dataclass(frozen=True)
class TitleComparison:
    match: TitleMatch
    score: float | None
    found: str | None
    source: str | None
    reason: str | None


def _norm(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).casefold()
    return " ".join("".join(c if c.isalnum() else " " for c in text).split())


def compare_titles(reference: Reference, page: PageAnalysis) -> TitleComparison:
    if page.title is None:
        return TitleComparison(TitleMatch.UNKNOWN, None, None, None, "no title found on the page")
    cited = [t for t in (reference.title, reference.trans_title) if t]
    if not cited:
        return TitleComparison(TitleMatch.UNKNOWN, None, page.title, page.title_source, None)
    best = 0.0
    for candidate in page.candidates:
        for title in cited:
            best = max(best, fuzz.token_set_ratio(_norm(title), _norm(candidate.text)) / 100)
    match = TitleMatch.MATCH if best >= 0.8 else TitleMatch.MISMATCH
    return TitleComparison(match, best, page.title, page.title_source, None)
