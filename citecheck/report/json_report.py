"""`json`: the report contract, schema citecheck-report/1 (every key always present)."""

from __future__ import annotations

import io
from typing import Any, TextIO

import orjson

from citecheck.models import REPORT_SCHEMA, Report
from citecheck.report.base import Formatter
from citecheck.report.common import gate_outcome


def head_dict(report: Report) -> dict[str, Any]:
    """Everything of :func:`report_dict` but the results (the format streams those)."""
    return {
        "schema": REPORT_SCHEMA,
        "tool": {"name": "citecheck", "version": report.tool_version},
        "started_at": report.started_at,
        "finished_at": report.finished_at,
        "inputs": list(report.inputs),
        "complete": report.complete,
        "notes": list(report.notes),
        "summary": {
            "total": len(report.results),
            "verdicts": report.verdict_counts(),
            # The gate's count, as the exit code has it: known failures (baseline) and
            # those --max-failures lets through are not failed.
            "failed": len(gate_outcome(report).failed),
        },
    }


def report_dict(report: Report) -> dict[str, Any]:
    """The whole report as the JSON contract has it (schema citecheck-report/1)."""
    return {**head_dict(report), "results": [r.to_dict() for r in report.results]}


def indented_json(value: object) -> str:
    """``json.dumps(value, ensure_ascii=False, indent=2)``, by orjson: the standard
    library encodes indented JSON in pure Python (0.32 s for a 10,000-reference report,
    0.03 s here; at 100,000 references seconds of the run's end). Same text for the
    report's values: strings, ints, bools, None and floats rounded to 4 decimals
    (where the two differ, e.g. 1e-05, the report has no values)."""
    return orjson.dumps(value, option=orjson.OPT_INDENT_2).decode()


class JsonFormatter(Formatter):
    name = "json"
    extension = ".json"

    def render(self, report: Report) -> str:
        buffer = io.StringIO()
        self.write(report, buffer)
        return buffer.getvalue()

    def write(self, report: Report, stream: TextIO) -> None:
        """The same text as ``json.dumps(report_dict(report), indent=2)``, written result by
        result: a report of 100,000 references is never one dict or one string."""
        head = indented_json(head_dict(report))
        stream.write(head[: -len("\n}")])  # reopen the object to append "results"
        if not report.results:
            stream.write(',\n  "results": []\n}\n')
            return
        stream.write(',\n  "results": [')
        for index, result in enumerate(report.results):
            # JSON strings never hold a raw newline, so re-indenting by lines is safe.
            item = indented_json(result.to_dict()).replace("\n", "\n    ")
            stream.write(("," if index else "") + "\n    " + item)
        stream.write("\n  ]\n}\n")
