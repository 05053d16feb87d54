"""Usurped domains: gambling promotion in a page's own title."""

from __future__ import annotations

import pytest

from citecheck.page.types import TitleCandidate
from citecheck.page.usurped import mentions_gambling, usurped_signal


def signal(title: str, source: str = "title") -> str | None:
    return usurped_signal((TitleCandidate(title, source),))


@pytest.mark.parametrize(
    "title",
    [
        "SLOT GACOR HARI INI: Link Situs Slot Online Gacor Maxwin Terpercaya 2024",
        "Slot88 | Daftar Slot Dana Resmi",
        "TOGEL ONLINE - Situs Toto Macau 4D Terbesar",
        "Best Online Casinos 2024 - Free Spins & No Deposit Bonus",
        "สล็อตเว็บตรง แตกง่าย ไม่ผ่านเอเย่นต์",
        "토토사이트 추천 먹튀검증 커뮤니티",
        "Nhà cái uy tín số 1 - Nổ hũ đổi thưởng",
        "オンラインカジノ おすすめランキング",
        "澳门娱乐城 百家乐",
    ],
)
def test_gambling_promotion_titles(title: str) -> None:
    assert signal(title) is not None
    assert signal(title, "og:title") is not None
    assert mentions_gambling(title)


@pytest.mark.parametrize(
    "title",
    [
        "Eastern Qalamoun offensive: rebels leave Dumayr",
        # News about gambling is written in other words than its promotion.
        "Polisi Tangkap Bandar Togel dan Judi Online di Medan",
        "Online gambling regulation passes Senate",
        "Casino revenue in Macau falls 20%",
        "Slot machine maker IGT to merge with Everi",
        "Free spins of neutron stars observed by NICER",
        "Toto Wolff says Mercedes will fight back",
        "Burung kicau gacor: lomba di Solo",
    ],
)
def test_other_titles_are_not_promotion(title: str) -> None:
    assert signal(title) is None


def test_only_the_pages_own_titles_count() -> None:
    # A site name or JSON-LD headline does not make the page the spam it may mention.
    assert usurped_signal((TitleCandidate("Slot gacor maxwin", "og:site_name"),)) is None


def test_citations_about_gambling_are_recognised() -> None:
    assert mentions_gambling("Polisi Tangkap Bandar Togel dan Judi Online di Medan")
    assert mentions_gambling("The casino that ate Macau")
    assert mentions_gambling("Online gambling regulation passes Senate")
    assert not mentions_gambling("Eastern Qalamoun offensive: rebels leave Dumayr")
