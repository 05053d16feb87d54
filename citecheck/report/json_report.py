"""`json`: the report contract, schema citecheck-report/1 (every key always present)."""

from __future__ import annotations

import io
import json
from typing import TextIO

from citecheck.models import Report
from citecheck.report.base import Formatter


def _dumps(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2)


class JsonFormatter(Formatter):
    name = "json"
    extension = ".json"

    def render(self, report: Report) -> str:
        buffer = io.StringIO()
        self.write(report, buffer)
        return buffer.getvalue()

    def write(self, report: Report, stream: TextIO) -> None:
        """The same text as ``json.dumps(report.to_dict(), indent=2)``, written result by
        result: a report of 100,000 references is never one dict or one string."""
        head = _dumps(report.head_dict())
        stream.write(head[: -len("\n}")])  # reopen the object to append "results"
        if not report.results:
            stream.write(',\n  "results": []\n}\n')
            return
        stream.write(',\n  "results": [')
        for index, result in enumerate(report.results):
            # JSON strings never hold a raw newline, so re-indenting by lines is safe.
            item = _dumps(result.to_dict()).replace("\n", "\n    ")
            stream.write(("," if index else "") + "\n    " + item)
        stream.write("\n  ]\n}\n")
