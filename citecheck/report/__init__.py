"""Output formats: each renders a Report to a string (the CLI decides where it goes)."""

from __future__ import annotations

from citecheck.report.base import Formatter
from citecheck.report.csv_report import CsvFormatter
from citecheck.report.html import HtmlFormatter
from citecheck.report.json_report import JsonFormatter
from citecheck.report.junit import JunitFormatter
from citecheck.report.markdown import MarkdownFormatter
from citecheck.report.sarif import SarifFormatter
from citecheck.report.table import TableFormatter

FORMATTERS: dict[str, type[Formatter]] = {
    cls.name: cls
    for cls in (
        TableFormatter,
        JsonFormatter,
        CsvFormatter,
        MarkdownFormatter,
        JunitFormatter,
        SarifFormatter,
        HtmlFormatter,
    )
}


def get_formatter(name: str) -> Formatter:
    try:
        return FORMATTERS[name]()
    except KeyError:
        known = ", ".join(FORMATTERS)
        raise ValueError(f"unknown format {name!r} (known: {known})") from None
