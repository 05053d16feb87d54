"""Output formats: each renders a Report to a string (the CLI decides where it goes)."""

from __future__ import annotations

import importlib

from citecheck.report.base import Formatter

# Each format's class by name (module, class), imported when the format is asked for:
# the table needs rich (~6 MB), which a run that writes JSON never loads.
FORMATTERS: dict[str, tuple[str, str]] = {
    "table": ("citecheck.report.table", "TableFormatter"),
    "json": ("citecheck.report.json_report", "JsonFormatter"),
    "csv": ("citecheck.report.csv_report", "CsvFormatter"),
    "markdown": ("citecheck.report.markdown", "MarkdownFormatter"),
    "junit": ("citecheck.report.junit", "JunitFormatter"),
    "sarif": ("citecheck.report.sarif", "SarifFormatter"),
    "html": ("citecheck.report.html", "HtmlFormatter"),
}


def get_formatter(name: str) -> Formatter:
    try:
        module, cls = FORMATTERS[name]
    except KeyError:
        known = ", ".join(FORMATTERS)
        raise ValueError(f"unknown format {name!r} (known: {known})") from None
    formatter: type[Formatter] = getattr(importlib.import_module(module), cls)
    return formatter()
