"""Usurped domains: a lapsed domain bought to host gambling spam.

The commonest takeover of a cited site today is not a parking page but a page of
online-gambling promotion (Indonesian "slot gacor" pages above all, also Thai, Korean,
Vietnamese, Chinese, Japanese and English casino spam), served with 200 at the cited
URL, often at every path. The link "works"; the cited page is gone: wikis mark such
citations ``url-status=usurped``, and DESIGN.md counts usurped among the ``parked``
link statuses (dead).

Evidence is the page's own title (title, og:title or h1) written in the vocabulary of
that spam: terms promotion pages use and news headlines about gambling do not (they
say "online gambling" or "judi online", not "gacor slot, maxwin link alternatif").
A citation whose own title speaks of gambling is never judged usurped this way
(`mentions_gambling`): the cited page may be about it.
"""

from __future__ import annotations

import re
from functools import lru_cache

from citecheck.page.types import TitleCandidate

# Promotion vocabulary (matched case-insensitively, Latin terms as whole words).
_PROMOTION_LATIN = (
    r"maxwin|gacor\s(?:hari\sini|maxwin|terpercaya)"
    r"|slot\s?(?:88|777|online|gacor|dana|pulsa|demo|thailand|server)"
    r"|situs\s(?:slot|toto|judi|togel|gacor)|link\s(?:alternatif|slot|gacor)|daftar\s(?:slot|togel)"
    r"|scatter\shitam|mahjong\sways|toto\s?(?:macau|togel|slot)|rtp\s(?:slot|live)"
    r"|bocoran\s(?:slot|rtp)|akun\s(?:pro|demo)\sslot|agen\s(?:slot|togel|sbobet)"
    r"|bandar\s(?:slot|togel)\s(?:online|terpercaya)|deposit\s(?:pulsa|dana)|sbobet\d*"
    r"|no[\s-]deposit\sbonus|casino\sbonus(?:es)?|real[\s-]money\s(?:casino|slots)"
    r"|online\spokies|nh[àa]\sc[áa]i|n[ổo]\sh[ũu]"
)
_PROMOTION_OTHER = (
    "สล็อต",  # Thai: slots
    "เว็บตรง",  # Thai: "direct website" (slot sites' tag line)
    "บาคาร่า",  # Thai: baccarat
    "토토사이트",  # Korean: toto (betting) site
    "카지노사이트",  # Korean: casino site
    "먹튀",  # Korean: betting-scam verification spam
    "オンラインカジノ",  # Japanese: online casino
    "娱乐城",  # Chinese: "entertainment city" (online casino)
    "百家乐",  # Chinese: baccarat
    "博彩网",  # Chinese: gambling site
)
_PROMOTION = re.compile(
    rf"(?<![\w-])(?:{_PROMOTION_LATIN})(?![\w-])|{'|'.join(_PROMOTION_OTHER)}", re.IGNORECASE
)
# Any talk of gambling at all, in a citation's title: judged by hand, not by vocabulary.
_GAMBLING = re.compile(
    rf"{_PROMOTION.pattern}|gambl|casino|kasino|judi\b|togel|slot|poker|betting|lotter"
    r"|toto\b|カジノ|赌|賭|도박|การพนัน",
    re.IGNORECASE,
)
_SOURCES = ("title", "og:title", "h1")


def usurped_signal(candidates: tuple[TitleCandidate, ...]) -> str | None:
    """Why the page's own title says it is gambling promotion, or None."""
    for candidate in candidates:
        if candidate.source not in _SOURCES:
            continue
        promotion = _promotion_in(candidate.text)
        if promotion is not None:
            return f"{candidate.source} promotes online gambling ({promotion!r})"
    return None


# A page's <title> and og:title are often one text: searched once.
@lru_cache(maxsize=4096)
def _promotion_in(text: str) -> str | None:
    match = _PROMOTION.search(text)
    return match.group(0) if match else None


def mentions_gambling(title: str) -> bool:
    """Whether a cited title speaks of gambling (the cited page may well be about it)."""
    return _GAMBLING.search(title) is not None
