"""`json`: the report contract, schema citecheck-report/1 (every key always present)."""

from __future__ import annotations

import json

from citecheck.models import Report
from citecheck.report.base import Formatter


class JsonFormatter(Formatter):
    name = "json"
    extension = ".json"

    def render(self, report: Report) -> str:
        return json.dumps(report.to_dict(), ensure_ascii=False, indent=2) + "\n"
