"""Memento link-format parsing and a TimeMap read from a real pywb."""

from __future__ import annotations

from citecheck.archive.memento import (
    TimeMapClient,
    captures_from_timemap,
    original_from_link_header,
    parse_links,
)

TIMEMAP = """<http://a.example/x?q=1,2>; rel="original",
<http://arc.example/timemap/link/http://a.example/x?q=1,2>; rel="self";
 type="application/link-format"; from="Tue, 01 Jan 2019 00:00:00 GMT",
<http://arc.example/20190101000000/http://a.example/x?q=1,2>; rel="first memento";
 datetime="Tue, 01 Jan 2019 00:00:00 GMT",
<http://arc.example/20170101000000/http://a.example/x?q=1,2>; rel="memento";
 datetime="Sun, 01 Jan 2017 00:00:00 GMT"; collection="a,b",
<http://arc.example/bad>; rel="memento"; datetime="not a date"
"""


def test_targets_and_quoted_values_may_contain_commas():
    links = parse_links(TIMEMAP)
    assert [link.target for link in links][:2] == [
        "http://a.example/x?q=1,2",
        "http://arc.example/timemap/link/http://a.example/x?q=1,2",
    ]
    assert links[3].param("collection") == "a,b"
    assert links[2].rels == frozenset({"first", "memento"})


def test_timemap_captures_oldest_first_skipping_bad_dates():
    original, captures = captures_from_timemap(TIMEMAP)
    assert original == "http://a.example/x?q=1,2"
    assert [c.timestamp for c in captures] == ["20170101000000", "20190101000000"]
    assert all(c.original == original for c in captures)
    assert captures[0].replay_url == "http://arc.example/20170101000000/http://a.example/x?q=1,2"


def test_original_from_a_link_header():
    header = ('<http://e.com/a>; rel="original", <http://w/web/http://e.com/a>; rel="timegate"')
    assert original_from_link_header(header) == "http://e.com/a"
    assert original_from_link_header('<http://w/x>; rel="timegate"') is None
    assert original_from_link_header(None) is None


def test_timemap_from_pywb(pywb, http):
    http.trust_host("127.0.0.5")  # the engine's guard refuses loopback otherwise
    client = TimeMapClient(http, f"{pywb.base_url}/web/timemap/link/")
    captures = client.captures("http://news.example.com/story")
    assert [c.timestamp for c in captures] == [
        "20150301000000", "20180101000000", "20180601000000", "20190101000000",
        "20200101000000",
    ]
    assert client.captures("http://never.example.com/") == []
