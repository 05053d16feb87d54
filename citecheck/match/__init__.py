"""match stage: does a cited title name the page that was found?"""

from citecheck.match.compare import (
    MATCH_AT,
    MISMATCH_BELOW,
    TitleComparison,
    compare_titles,
)
from citecheck.match.normalise import normalise
from citecheck.match.score import title_score

__all__ = [
    "MATCH_AT",
    "MISMATCH_BELOW",
    "TitleComparison",
    "compare_titles",
    "normalise",
    "title_score",
]
