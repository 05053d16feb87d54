"""The archive-step benchmark: its scripted cases, and a short run against a real pywb
that pins how many archive requests each kind of reference costs."""

from __future__ import annotations

import argparse

import pytest

from tests.support.tools import tool_missing

try:
    import aiohttp  # noqa: F401  (the links' server; the `bench` extra, which .ci/run installs)
except ImportError as exc:
    tool_missing("aiohttp", f"pip install '.[bench]' ({exc})", module_level=True)

from benchmarks.archive_step import CASES, CITED_TS, EXPECTED, build_cases, measure
from benchmarks.scenario import generate
from tests.support.pywb_harness import PywbMissing


def test_cases_are_seeded_and_scripted_as_named() -> None:
    scenario = generate(200, seed=3)
    cases = build_cases(scenario, "http://127.0.0.5:1", 3)
    assert [c.case for c in cases] == [c.case for c in build_cases(scenario, "http://x", 3)]
    assert set(c.case for c in cases) == set(CASES) == set(EXPECTED)
    for case in cases:
        ref = case.reference
        statuses = sorted(c.status for c in case.captures)
        cited = ref.archive_url is not None
        assert cited == case.case.startswith("cited-")
        if cited:
            assert ref.archive_url == f"http://127.0.0.5:1/web/{CITED_TS}/{ref.url}"
        assert {c.url for c in case.captures} <= {ref.url}
        expected_statuses = {
            "cited-ok": ["200 OK", "200 OK"],
            "suggest": ["200 OK", "200 OK"],
            "cited-error": ["200 OK", "404 Not Found"],
            "error-only": ["404 Not Found"],
            "none": [],
        }[case.case]
        assert statuses == expected_statuses


@pytest.mark.slow
def test_archive_requests_per_reference() -> None:
    args = argparse.Namespace(size=40, seed=9, timeout=3.0, archive_concurrency=4,
                              archive_interval=0.0, out=None)
    try:
        result = measure(args)
    except PywbMissing as exc:
        tool_missing("pywb", str(exc))
    assert result["status_right"] == 1.0, result["statuses"]
    by_case, counts = result["requests_per_ref_by_case"], result["cases"]
    # The cited capture read once; the broken one read, then one index query and one
    # read of its replacement; a suggestion one query and one read; a reference with
    # nothing usable asks for its URL and its other trailing-slash spelling.
    expected = {"cited-ok": 1, "cited-error": 3, "suggest": 2, "error-only": 2, "none": 2}
    extra = sum(round(by_case[c] * counts[c]) - expected[c] * counts[c] for c in expected)
    # Plus the service's dialect probe, made once, on whichever reference came first.
    assert extra == 1, by_case
    assert result["archive_requests"] == round(result["tally_per_ref"] * 40)
    b, n = result["replacements_found"].split("/")
    assert b == n and int(n) > 0
