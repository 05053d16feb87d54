"""Has a page's text drifted from its capture? (Both already carry the cited title.)

The measure is the share of the informative words of the shorter of the two texts
that the other text also has. Both texts are prefixes (a page is read only as far as
its evidence needs, its capture a little further), so a bag-of-words cosine would also
count where each read stopped; containment of the shorter in the longer does not.
A replaced article shares only the site's and the topic's words with its capture.
"""

from __future__ import annotations

from citecheck.match.informative import languages_for, term_keys, term_weight
from citecheck.match.normalise import normalise, tokens
from citecheck.match.script import dominant_script

# Fewer distinct informative words than this on either side: too little text to say.
MIN_TERMS = 40
# At or below this share the text is another text. benchmarks/text_drift.py on the title
# corpus: pages of one language that are not the same article share a median 0.16 of
# their words (99th percentile 0.30, 10 of 10,113 pairs above 0.4); an article read to
# another depth or with a third of it rewritten keeps 0.54 or more (1st percentile 0.65).
DRIFTED_AT_OR_BELOW = 0.4


def _informative_terms(text: str) -> frozenset[str]:
    norm = normalise.__wrapped__(text)
    languages = languages_for(dominant_script(norm[:400]), None)
    return frozenset(t for t in term_keys(tokens(norm)) if term_weight(t, languages) > 0)


def text_similarity(then: str, now: str) -> float | None:
    """The share of the shorter text's informative words the other has, in [0, 1];
    None when either text is too short to tell."""
    a, b = _informative_terms(then), _informative_terms(now)
    if len(a) < MIN_TERMS or len(b) < MIN_TERMS:
        return None
    shorter, longer = (a, b) if len(a) <= len(b) else (b, a)
    return len(shorter & longer) / len(shorter)


def drifted(then: str, now: str) -> float | None:
    """The similarity when the text changed substantially, else None."""
    similarity = text_similarity(then, now)
    if similarity is not None and similarity <= DRIFTED_AT_OR_BELOW:
        return similarity
    return None
