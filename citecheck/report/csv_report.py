"""CSV: one row per reference, a fixed column order, RFC 4180 quoting (CRLF line ends).

The CLI must write this text unchanged (``newline=""``) so the CRLFs stay as they are.

Spreadsheets execute cells that start with ``=``, ``+``, ``-``, ``@`` (CSV injection), and
titles and reasons come from untrusted pages, so free-text cells starting with one of
those get a leading apostrophe, the common defence spreadsheets display as nothing. URLs
and enum columns are left as they are: they start with a scheme or a known word.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable

from citecheck.models import Report, Result
from citecheck.report.base import Formatter
from citecheck.report.common import report_failure_kind

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _text(value: str | None) -> str:
    if value is None:
        return ""
    return "'" + value if value.startswith(_FORMULA_START) else value


def _plain(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _archive_match(_: Report, result: Result) -> str:
    match = result.archive.title_match
    return "" if match is None else match.value


Column = tuple[str, Callable[[Report, Result], str]]

# The column order is part of the format's contract: append new columns at the end only.
COLUMNS: tuple[Column, ...] = (
    ("id", lambda _, r: _text(r.id)),
    ("file", lambda _, r: _text(r.reference.location.file)),
    ("line", lambda _, r: _plain(r.reference.location.line)),
    ("url", lambda _, r: _text(r.url)),
    ("verdict", lambda _, r: r.verdict.value),
    ("failed", lambda rep, r: _plain(report_failure_kind(rep, r) is not None)),
    ("failure_kind", lambda rep, r: _plain(report_failure_kind(rep, r))),
    ("reasons", lambda _, r: _text("; ".join(r.reasons))),
    ("link_status", lambda _, r: r.link.status.value),
    ("http_status", lambda _, r: _plain(r.link.http_status)),
    ("final_url", lambda _, r: _text(r.link.final_url)),
    ("link_error", lambda _, r: _text(r.link.error)),
    ("attempts", lambda _, r: _plain(r.link.attempts)),
    ("elapsed_ms", lambda _, r: _plain(r.link.elapsed_ms)),
    ("cited_title", lambda _, r: _text(r.title.cited)),
    ("found_title", lambda _, r: _text(r.title.found)),
    ("title_source", lambda _, r: _plain(r.title.source)),
    ("title_match", lambda _, r: r.title.match.value),
    ("title_score", lambda _, r: "" if r.title.score is None else f"{r.title.score:.4f}"),
    ("archive_status", lambda _, r: r.archive.status.value),
    ("archive_url", lambda _, r: _text(r.archive.url)),
    ("archive_timestamp", lambda _, r: _plain(r.archive.timestamp)),
    ("archive_title", lambda _, r: _text(r.archive.title)),
    ("archive_title_match", _archive_match),
    ("archive_replacement_url",
     lambda _, r: _text(r.archive.replacement.url if r.archive.replacement else None)),
    ("history_checks", lambda _, r: _plain(r.history.checks)),
    ("history_failing_since", lambda _, r: _plain(r.history.failing_since)),
    ("history_confirmed", lambda _, r: _plain(r.history.confirmed)),
    ("moved_to", lambda _, r: _text(r.link.moved_to.url if r.link.moved_to else None)),
    ("drift_similarity",
     lambda _, r: "" if r.drift is None else f"{r.drift.similarity:.4f}"),
    ("drift_since", lambda _, r: _plain(r.drift.since if r.drift else None)),
    ("quote_status", lambda _, r: r.quote.status.value if r.quote else ""),
)

HEADER: tuple[str, ...] = tuple(name for name, _ in COLUMNS)


class CsvFormatter(Formatter):
    name = "csv"
    extension = "csv"

    def render(self, report: Report) -> str:
        out = io.StringIO(newline="")
        writer = csv.writer(out, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
        writer.writerow(HEADER)
        for result in report.results:
            writer.writerow([get(report, result) for _, get in COLUMNS])
        return out.getvalue()
