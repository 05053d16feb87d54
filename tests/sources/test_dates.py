"""Dates as citers write them, in the languages whose citation templates are read."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from citecheck.sources.dates import to_iso


@pytest.mark.parametrize(
    ("written", "iso"),
    [
        ("27 April 2018", "2018-04-27"),
        ("Jan. 5, 2020", "2020-01-05"),
        ("1. Januar 2020", "2020-01-01"),
        ("14. März 2019", "2019-03-14"),
        ("15.01.2020", "2020-01-15"),
        ("1er février 2020", "2020-02-01"),
        ("3 mai 2011", "2011-05-03"),
        ("15 de enero de 2020", "2020-01-15"),
        ("1º gennaio 2020", "2020-01-01"),
        ("١٥ يناير ٢٠٢٠", "2020-01-15"),
        ("15 كانون الثاني 2020", "2020-01-15"),
        ("20080614163824", "2008-06-14"),
        ("20080614", "2008-06-14"),
        ("2019/04/18", "2019-04-18"),
    ],
)
def test_full_dates_in_every_style(written: str, iso: str) -> None:
    assert to_iso(written) == iso


@pytest.mark.parametrize(
    "written", ["n.d.", "Spring 2018", "31.02.2020", "2019/13/18", "32 mai 2011"]
)
def test_what_is_no_date_is_kept_as_written(written: str) -> None:
    assert to_iso(written) == written


@given(st.dates())
def test_every_day_reads_back_in_german_and_slashed_forms(day: date) -> None:
    assert to_iso(f"{day.day}.{day.month}.{day.year:04d}") == day.isoformat()
    assert to_iso(f"{day.year:04d}/{day.month:02d}/{day.day:02d}") == day.isoformat()
