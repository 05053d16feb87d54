"""Soft-404 and parked-domain detection on page templates (tests/data/page_signals)."""

from __future__ import annotations

from pathlib import Path

import pytest

from citecheck.page import PageAnalysis, analyse_page
from citecheck.page.soft404 import is_error_title
from tests.page.page_corpus import SIGNALS


def analyse_file(path: Path) -> PageAnalysis:
    return analyse_page(
        path.read_bytes(),
        content_type="text/html",
        declared_charset=None,
        url="https://www.example.org/news/2019/04/story.html",
    )


SOFT_404 = sorted((SIGNALS / "soft404").glob("*.html"))
PARKED = sorted((SIGNALS / "parked").glob("*.html"))
CLEAN = sorted((SIGNALS / "clean").glob("*.html"))


def test_enough_templates() -> None:
    assert len(SOFT_404) >= 12
    assert len(PARKED) >= 9
    assert len({p.name.split("_")[0] for p in SOFT_404}) >= 9  # languages


@pytest.mark.parametrize("path", SOFT_404, ids=lambda p: p.name)
def test_error_templates_are_soft_404(path: Path) -> None:
    result = analyse_file(path)
    assert result.error_signal is not None
    assert result.parked_signal is None


@pytest.mark.parametrize("path", PARKED, ids=lambda p: p.name)
def test_parking_templates_are_parked(path: Path) -> None:
    result = analyse_file(path)
    assert result.parked_signal is not None
    assert result.error_signal is None


@pytest.mark.parametrize("path", CLEAN, ids=lambda p: p.name)
def test_articles_about_errors_or_domain_sales_are_not_flagged(path: Path) -> None:
    result = analyse_file(path)
    assert (result.error_signal, result.parked_signal) == (None, None)
    assert result.title


@pytest.mark.parametrize(
    "title",
    [
        "404 Not Found",
        "Page not found | The Guardian",
        "Error 404 (Not Found)!!1",
        "Not Found",
        "Oops! That page can’t be found. – Blog",
        "Página no encontrada - El País",
        "Seite nicht gefunden",
        "Страница не найдена",
        "الصفحة غير موجودة",
        "页面不存在",
        "ページが見つかりません | 日経",
        "Pagina non trovata",
        "Página não encontrada",
        # Removal notices social and video sites serve with 200.
        "Sorry, this page isn't available. • Instagram",
        "Video unavailable",
        "This content isn't available right now",
        "This account doesn’t exist",
    ],
)
def test_error_titles(title: str) -> None:
    assert is_error_title(title)


@pytest.mark.parametrize(
    "title",
    [
        "How to fix a 404 page not found error in WordPress",
        "Not Found: the search for the missing Malaysia Airlines jet",
        "Error rates fall as hospitals adopt checklists",
        "Area 404 opens in Berlin",
        "Lost in translation: the page that was never found",
        "El error de Messi que costó el partido",
        "Seite an Seite: Merkel und Macron",
        "Apple Vision Pro is unavailable in China",
        "This video is available in HD",
        "Service Unavailable",  # an outage (server-error), not a removal
    ],
)
def test_titles_that_only_mention_errors(title: str) -> None:
    assert not is_error_title(title)


def test_long_page_mentioning_page_not_found_is_not_an_error_page() -> None:
    paragraphs = "".join(
        f"<p>Paragraph {i} of a long story about servers and users, with enough words to be "
        "an article rather than a short notice from a web server or a content system.</p>"
        for i in range(30)
    )
    body = (
        "<html><head><title>Why websites show strange messages</title></head><body>"
        f"{paragraphs}<p>Sometimes the page you requested could not be found.</p></body></html>"
    )
    result = analyse_page(body.encode(), content_type="text/html", declared_charset=None, url="")
    assert result.error_signal is None
