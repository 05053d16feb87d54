"""Fixtures of the reader tests."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from tests.sources.source_data import DATA, UPDATE, read_data


@pytest.fixture
def golden() -> Callable[[str, str], None]:
    """Compare ``actual`` with tests/data/NAME (rewritten under CITECHECK_UPDATE_GOLDEN=1)."""

    def check(name: str, actual: str) -> None:
        path = DATA / name
        if UPDATE:
            path.write_text(actual, encoding="utf-8", newline="")
        assert path.exists(), f"missing golden {name}; run with CITECHECK_UPDATE_GOLDEN=1"
        assert actual == read_data(name)

    return check
