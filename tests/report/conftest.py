"""Fixtures for the output-format tests: the shared sample report and golden files.

Regenerate every golden after an intended change of a format with:

    CITECHECK_UPDATE_GOLDENS=1 pytest tests/report

then review the diff of ``tests/report/goldens/`` before committing it.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from citecheck.models import Report
from tests.report.report_sample import build_sample_report

GOLDENS = Path(__file__).parent / "goldens"
DATA = Path(__file__).parent.parent / "data"
UPDATE_ENV = "CITECHECK_UPDATE_GOLDENS"


@pytest.fixture
def sample_report() -> Report:
    return build_sample_report()


@pytest.fixture
def schemas_dir() -> Path:
    return DATA / "schemas"


@pytest.fixture
def golden() -> Callable[[str, str], None]:
    """Compare text with a golden file byte for byte (or rewrite it when asked to)."""

    def check(name: str, text: str) -> None:
        path = GOLDENS / name
        data = text.encode("utf-8")
        if os.environ.get(UPDATE_ENV) == "1":
            path.write_bytes(data)
            return
        assert path.exists(), f"golden {name} missing: run with {UPDATE_ENV}=1 to create it"
        expected = path.read_bytes()
        # Compare as text for a readable diff, then as bytes for line ends.
        assert data.decode("utf-8") == expected.decode("utf-8")
        assert data == expected

    return check
