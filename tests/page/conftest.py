"""Fixtures of the page tests: the real-page title corpus, analysed once per session."""

from __future__ import annotations

import pytest

from citecheck.page import PageAnalysis, analyse_page
from tests.page.page_corpus import CorpusPage, load_corpus


@pytest.fixture(scope="session")
def corpus() -> list[CorpusPage]:
    return load_corpus()


@pytest.fixture(scope="session")
def analysed(corpus: list[CorpusPage]) -> list[tuple[CorpusPage, PageAnalysis]]:
    return [
        (
            page,
            analyse_page(
                page.body,
                content_type="text/html",
                declared_charset=page.declared_charset,
                url=page.url,
            ),
        )
        for page in corpus
    ]
