"""Test tools that come from outside PyPI (pywb's own venv, Chromium, PostgreSQL)."""

from __future__ import annotations

import os
from typing import NoReturn

import pytest


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in ("1", "true", "yes")


def tool_missing(tool: str, detail: str, *, module_level: bool = False) -> NoReturn:
    """``tool`` is not installed (``detail``: why, or how to install it): a developer's
    machine skips the test (the whole module with ``module_level``); CI, which installs
    every tool (.ci/run), fails instead, so a broken setup never passes for a green run
    with fewer tests."""
    if in_ci():
        pytest.fail(f"{tool} is required in CI: {detail}", pytrace=False)
    pytest.skip(f"{tool} is not installed: {detail}", allow_module_level=module_level)
