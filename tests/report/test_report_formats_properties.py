"""Properties every format keeps for any input: untrusted text survives as text, never markup."""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import replace
from html.parser import HTMLParser

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree
from markdown_it import MarkdownIt

from citecheck.models import ArchiveStatus, Report, Verdict
from citecheck.report.csv_report import CsvFormatter
from citecheck.report.html import HtmlFormatter
from citecheck.report.junit import JunitFormatter, clean
from citecheck.report.markdown import MarkdownFormatter
from citecheck.report.sarif import SarifFormatter
from tests.report.report_sample import build_sample_report

FORMATTERS = [MarkdownFormatter(), CsvFormatter(), JunitFormatter(), SarifFormatter(),
              HtmlFormatter()]

# Any text at all, weighted towards characters that are special somewhere.
hostile = st.text(
    alphabet=st.one_of(st.sampled_from(list("|*_`[]()<>&\"'#!\\~@=+-\n\r\t ;,")),
                       st.characters(codec="utf-8")),
    max_size=60,
)


def _with_title(text: str) -> Report:
    """The sample report with ``text`` as cited title, found title and reason of ref-3,
    which fails the gate, so every format shows all three."""
    report = build_sample_report()
    results = list(report.results)
    dead = results[2]
    results[2] = replace(dead, title=replace(dead.title, cited=text, found=text),
                         reasons=(text,))
    return replace(report, results=tuple(results))


@pytest.fixture(scope="module")
def junit_schema():
    from tests.report.conftest import DATA

    return etree.XMLSchema(etree.parse(str(DATA / "schemas" / "junit-windyroad.xsd")))


@pytest.mark.parametrize("formatter", FORMATTERS, ids=lambda f: f.name)
def test_empty_report(formatter, junit_schema):
    text = formatter.render(Report(results=()))
    assert text
    if formatter.name == "junit":
        junit_schema.assertValid(etree.fromstring(text.encode()))
    if formatter.name == "sarif":
        assert json.loads(text)["runs"][0]["results"] == []


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(hostile)
def test_csv_round_trips_any_text(text):
    rows = list(csv.DictReader(io.StringIO(CsvFormatter().render(_with_title(text)), newline="")))
    cell = rows[2]["cited_title"]
    assert cell == text or (cell == "'" + text and text[:1] in "=+-@\t\r")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(hostile)
def test_junit_is_valid_xml_for_any_text(junit_schema, text):
    xml = JunitFormatter().render(_with_title(text))
    doc = etree.fromstring(xml.encode("utf-8"))
    junit_schema.assertValid(doc)
    failure = doc.find(".//testcase/failure")
    assert failure.get("message") == clean(text)
    if text:
        flat = re.sub(r"[\r\n]+", " ", text)
        assert f"\ncited title: {clean(flat)}\n" in failure.text


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(hostile)
def test_sarif_keeps_any_text(text):
    log = json.loads(SarifFormatter().render(_with_title(text)))
    assert log["runs"][0]["results"][0]["message"]["text"].startswith(f"dead: {text}\n")


@pytest.mark.parametrize("formatter", FORMATTERS, ids=lambda f: f.name)
def test_gating_on_every_verdict_and_archive_status(formatter, schemas_dir, junit_schema):
    """Even a gate on ``ok`` or ``unchecked`` (odd, but allowed) renders valid output."""
    report = replace(build_sample_report(), fail_on=frozenset(Verdict),
                     fail_on_archive=frozenset(ArchiveStatus))
    text = formatter.render(report)
    if formatter.name == "junit":
        doc = etree.fromstring(text.encode())
        junit_schema.assertValid(doc)
        assert len(doc.findall(".//failure")) == len(report.results)
    if formatter.name == "sarif":
        log = json.loads(text)
        schema = json.loads((schemas_dir / "sarif-schema-2.1.0.json").read_text("utf-8"))
        jsonschema.Draft4Validator(schema).validate(log)
        assert {r["level"] for r in log["runs"][0]["results"]} == {"error"}


class _Cells(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(hostile)
def test_html_never_gains_markup_from_text(text):
    baseline = _Cells()
    baseline.feed(HtmlFormatter().render(_with_title("plain")))
    parsed = _Cells()
    parsed.feed(HtmlFormatter().render(_with_title(text)))
    assert parsed.tags == baseline.tags


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(hostile)
def test_markdown_never_gains_markup_from_text(text):
    md = MarkdownIt("commonmark").enable("table")

    def tags(title: str) -> list[str]:
        report = _with_title(title)
        html = md.render(MarkdownFormatter().render(report))
        parser = _Cells()
        parser.feed(html)
        return parser.tags

    assert tags(text) == tags("plain")


def test_schema_file_is_the_real_sarif_schema(schemas_dir):
    schema = json.loads((schemas_dir / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
    jsonschema.Draft4Validator.check_schema(schema)
    assert schema["properties"]["version"]["enum"] == ["2.1.0"]
