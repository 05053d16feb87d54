"""The streamed JSON report is exactly the plain serialisation of the report contract."""

from __future__ import annotations

import json

from citecheck.models import Report
from citecheck.report.json_report import JsonFormatter, report_dict
from tests.report.report_sample import build_sample_report


def test_streamed_json_equals_plain_dump() -> None:
    report = build_sample_report()
    expected = json.dumps(report_dict(report), ensure_ascii=False, indent=2) + "\n"
    assert JsonFormatter().render(report) == expected


def test_empty_report() -> None:
    report = Report(results=())
    expected = json.dumps(report_dict(report), ensure_ascii=False, indent=2) + "\n"
    assert JsonFormatter().render(report) == expected
