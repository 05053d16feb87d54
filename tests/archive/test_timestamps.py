from __future__ import annotations

import pytest

from citecheck.archive import timestamps


@pytest.mark.parametrize(
    ("text", "stamp"),
    [
        ("2018-04-27", "20180427000000"),
        ("2018-04", "20180401000000"),
        ("2018", "20180101000000"),
        ("27 April 2018", "20180427000000"),
        ("April 27, 2018", "20180427000000"),
        ("27 Apr 2018", "20180427000000"),
        ("2018-04-27T10:30:00Z", "20180427103000"),
        ("2018-04-27T12:30:00+02:00", "20180427103000"),
        ("yesterday", None),
        ("", None),
        (None, None),
    ],
)
def test_citation_dates(text, stamp):
    assert timestamps.citation_timestamp(text) == stamp


def test_pad_and_distance():
    assert timestamps.pad("2018") == "20180101000000"
    assert timestamps.pad("201805") == "20180501000000"
    assert timestamps.days_between("20180101000000", "20180103120000") == 2.5
    with pytest.raises(ValueError):
        timestamps.pad("20x8")


def test_memento_datetime_header():
    assert timestamps.from_http_date("Mon, 01 Jan 2018 00:00:00 GMT") == "20180101000000"
    assert timestamps.from_http_date("garbage") is None
