"""match stage: does a cited title name the page that was found?"""

from citecheck.match.compare import (
    MATCH_AT,
    MISMATCH_BELOW,
    TitleComparison,
    compare_titles,
    title_score,
)
from citecheck.match.normalise import normalise

__all__ = [
    "MATCH_AT",
    "MISMATCH_BELOW",
    "TitleComparison",
    "compare_titles",
    "normalise",
    "title_score",
]
