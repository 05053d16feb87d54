"""Output formats: each renders a Report to a string (the CLI decides where it goes)."""

from __future__ import annotations

from citecheck.report.base import Formatter
from citecheck.report.json_report import JsonFormatter
from citecheck.report.table import TableFormatter

FORMATTERS: dict[str, type[Formatter]] = {
    cls.name: cls for cls in (TableFormatter, JsonFormatter)
}


def get_formatter(name: str) -> Formatter:
    try:
        return FORMATTERS[name]()
    except KeyError:
        known = ", ".join(FORMATTERS)
        raise ValueError(f"unknown format {name!r} (known: {known})") from None
