from __future__ import annotations

import json

import pytest

from citecheck.fix import apply_text, plan_fixes
from citecheck.models import ArchiveStatus, LinkStatus, Location, Reference, Verdict
from tests.fix.fix_data import broken_capture, capture, dead_with_capture, result

FILE = "references.json"


def ref(id_: str, url: str, start: int | None = None, **fields: str) -> Reference:
    return Reference(id=id_, url=url, location=Location(file=FILE, start=start), **fields)


def fixed(text: str, results) -> str:
    return apply_text(text, plan_fixes(results, text, FILE, "json"))


INDENTED = """{
  "source": "Eastern Qalamoun offensive (April 2018)",
  "references": [
    {
      "id": "newarab",
      "url": "https://newarab.com/english/news/2018/4/3/syrias-rebels-announce-refusal",
      "title": "Syria's rebels announce refusal to evacuate Eastern Qalamoun",
      "publisher": "The New Arab",
      "date": "2018-04-03"
    },
    {
      "url": "https://enabbaladi.net/222153/?amp=1",
      "title": "The assassination of the Chairman",
      "archive_url": null,
      "archive_date": null,
      "url_status": "live"
    }
  ]
}
"""


def test_members_are_appended_in_the_entry_layout() -> None:
    results = [
        dead_with_capture(
            ref(
                "newarab",
                "https://newarab.com/english/news/2018/4/3/syrias-rebels-announce-refusal",
            ),
            "20180404101500",
        ),
        dead_with_capture(ref("ref-2", "https://enabbaladi.net/222153/?amp=1")),
    ]
    out = fixed(INDENTED, results)
    assert out == INDENTED.replace(
        '"date": "2018-04-03"\n',
        '"date": "2018-04-03",\n      "archive_url": "https://web.archive.org/web/20180404101500/'
        'https://newarab.com/english/news/2018/4/3/syrias-rebels-announce-refusal",\n'
        '      "archive_date": "2018-04-04",\n      "url_status": "dead"\n',
    ).replace(
        '"archive_url": null,\n      "archive_date": null,\n      "url_status": "live"',
        '"archive_url": "https://web.archive.org/web/20180427093000/https://enabbaladi.net/'
        '222153/?amp=1",\n      "archive_date": "2018-04-27",\n      "url_status": "dead"',
    )
    assert json.loads(out)["references"][1]["url_status"] == "dead"
    # The same evidence planned again on the fixed file: nothing left to do.
    assert plan_fixes(results, out, FILE, "json") == ()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            '[{"url": "http://a.example/"}]',
            '[{"url": "http://a.example/", "archive_url": "https://web.archive.org/web/20180427093000/'
            'http://a.example/", "archive_date": "2018-04-27", "url_status": "dead"}]',
        ),
        (
            '[{"url":"http://a.example/","id":"x"}]',
            '[{"url":"http://a.example/","id":"x","archive_url":"https://web.archive.org/web/'
            '20180427093000/http://a.example/","archive_date":"2018-04-27","url_status":"dead"}]',
        ),
        (
            '[\r\n\t{\r\n\t\t"url" : "http://a.example/"\r\n\t}\r\n]\r\n',
            '[\r\n\t{\r\n\t\t"url" : "http://a.example/",\r\n\t\t"archive_url" : '
            '"https://web.archive.org/web/20180427093000/http://a.example/",\r\n\t\t'
            '"archive_date" : "2018-04-27",\r\n\t\t"url_status" : "dead"\r\n\t}\r\n]\r\n',
        ),
    ],
)
def test_layouts_are_kept(text: str, expected: str) -> None:
    refs_id = "x" if '"id"' in text else "ref-1"
    assert fixed(text, [dead_with_capture(ref(refs_id, "http://a.example/"))]) == expected


def test_entries_found_by_location_or_id_only_when_the_url_agrees() -> None:
    text = '[{"url": "http://a.example/"}, {"id": "b", "url": "http://b.example/"}]'
    by_start = dead_with_capture(ref("whatever", "http://b.example/", start=text.index('{"id"')))
    assert '"url": "http://b.example/", "archive_url"' in fixed(text, [by_start])
    wrong_url = dead_with_capture(ref("b", "http://c.example/"))
    assert fixed(text, [wrong_url]) == text


def test_non_ascii_file_keeps_characters_unescaped() -> None:
    text = '[{"url": "http://a.example/ü", "title": "Ünïcode"}]'
    out = fixed(text, [dead_with_capture(ref("ref-1", "http://a.example/ü"))])
    assert 'http://a.example/ü", "archive_date' in out
    ascii_text = '[{"url": "http://a.example/\\u00fc"}]'
    out = fixed(ascii_text, [dead_with_capture(ref("ref-1", "http://a.example/ü"))])
    assert out.isascii() and json.loads(out)[0]["archive_url"].endswith("/\u00fc")


def test_nothing_for_blocked_and_an_other_archive_is_kept() -> None:
    text = '[{"url": "http://a.example/", "archive_url": "http://other.example/"}]'
    blocked = result(ref("ref-1", "http://a.example/"), Verdict.BLOCKED, LinkStatus.BLOCKED,
                     capture("http://a.example/"))  # fmt: skip
    assert fixed(text, [blocked]) == text
    assert fixed(text, [dead_with_capture(ref("ref-1", "http://a.example/"))]) == text


def test_dead_link_with_working_archive_only_gets_its_status() -> None:
    text = (
        '[{"url": "http://a.example/", "archive_url": "http://w.example/", "url_status": "live"}]'
    )
    res = result(ref("ref-1", "http://a.example/", archive_url="http://w.example/",
                     url_status="live"), archive=capture("x", status=ArchiveStatus.OK))  # fmt: skip
    assert fixed(text, [res]) == text.replace('"live"', '"dead"')


def test_unparseable_json_plans_nothing() -> None:
    assert plan_fixes([dead_with_capture(ref("ref-1", "http://a.example/"))], "[{",
                      FILE, "json") == ()  # fmt: skip


def test_with_the_references_json_reader_end_to_end() -> None:
    from dataclasses import replace

    from citecheck.sources.json_refs import ReferencesJsonReader

    reader = ReferencesJsonReader()
    first = reader.read(INDENTED, file=FILE).references
    assert first[0].location.start is not None  # entries located by span, not only by id
    results = [dead_with_capture(r) for r in first]
    out = fixed(INDENTED, results)
    again = reader.read(out, file=FILE).references
    assert [r.archive_url for r in again] == [r.archive.url for r in results]
    assert [r.url_status for r in again] == ["dead", "dead"]
    assert [replace(r, archive_url=None, archive_date=None, url_status=None, location=Location())
            for r in again] == [
        replace(r, archive_url=None, archive_date=None, url_status=None, location=Location())
        for r in first
    ]  # fmt: skip
    rejudged = [replace(res, reference=ref) for res, ref in zip(results, again, strict=True)]
    assert plan_fixes(rejudged, out, FILE, "json") == ()


def test_repair_replaces_the_broken_archive_only_when_asked() -> None:
    from citecheck.fix import FixOptions

    text = '[{"url": "http://a.example/", "archive_url": "http://w.example/broken"}]'
    cited = ref("ref-1", "http://a.example/", archive_url="http://w.example/broken")
    res = result(cited, archive=broken_capture("http://a.example/"))
    assert fixed(text, [res]) == text
    edits = plan_fixes([res], text, FILE, "json", FixOptions(repair_broken=True))
    assert apply_text(text, edits) == (
        '[{"url": "http://a.example/", "archive_url": "https://web.archive.org/web/20180427093000/'
        'http://a.example/", "archive_date": "2018-04-27", "url_status": "dead"}]'
    )
