from __future__ import annotations

from dataclasses import replace

from lxml import etree

from citecheck.models import ArchiveStatus
from citecheck.report.junit import JunitFormatter, junit_timestamp


def _validate(text: str, schemas_dir) -> etree._Element:
    schema = etree.XMLSchema(etree.parse(str(schemas_dir / "junit-windyroad.xsd")))
    doc = etree.fromstring(text.encode("utf-8"))
    schema.assertValid(doc)
    return doc


def test_golden(sample_report, golden):
    golden("sample.xml", JunitFormatter().render(sample_report))


def test_valid_and_one_testcase_per_reference(sample_report, schemas_dir):
    doc = _validate(JunitFormatter().render(sample_report), schemas_dir)
    cases = doc.findall(".//testcase")
    assert len(cases) == len(sample_report.results)
    suites = {s.get("name"): s for s in doc.findall("testsuite")}
    assert list(suites) == ["refs/references.json", "wiki/Eastern Qalamoun offensive.wikitext",
                            "<input>"]
    refs = suites["refs/references.json"]
    assert refs.get("tests") == "11" and refs.get("failures") == "4" and refs.get("skipped") == "6"
    by_id = {c.get("name").split()[0]: c for c in cases}
    assert by_id["ref-3"].get("classname") == "refs/references.json"
    assert by_id["ref-3"].get("name") == "ref-3 https://example.org/a|b?q=*x*&y=_z_#[frag]"
    assert by_id["ref-3"].find("failure").get("type") == "dead"
    assert by_id["ref-14"].find("skipped") is not None
    # Blocked and unreachable do not fail by default, and are not passes either.
    assert by_id["ref-11"].find("failure") is None
    assert by_id["ref-11"].find("skipped").get("message").startswith("not judged (blocked)")
    assert by_id["ref-8"].find("skipped").get("message") == (
        "not judged (unreachable): HTTP 503 after 3 attempts")
    assert by_id["ref-13"].find("failure").get("type") == "invalid"


def test_archive_gate_and_control_characters(sample_report, schemas_dir):
    first = sample_report.results[0]
    bad = replace(first, reasons=("bell \x07 and NUL \x00 in an error",))
    report = replace(sample_report, results=(bad, *sample_report.results[1:]),
                     fail_on_archive=frozenset({ArchiveStatus.MISSING}))
    doc = _validate(JunitFormatter().render(report), schemas_dir)
    failure = doc.find(".//testcase[@name='ref-4 https://news.example.net/story/1']/failure")
    assert failure.get("type") == "dead"  # the verdict wins over the archive status
    failure = doc.find(".//testcase[@name='ref-10 https://gone.example/']/failure")
    assert failure.get("type") == "archive-missing"


def test_timestamp_normalised():
    assert junit_timestamp("2026-11-25T20:00:00+02:00") == "2026-11-25T18:00:00"
    assert junit_timestamp("2026-11-25T18:00:00Z") == "2026-11-25T18:00:00"
    assert junit_timestamp(None) == "1970-01-01T00:00:00"
    assert junit_timestamp("yesterday") == "1970-01-01T00:00:00"
