"""What the readers found, shown without checking anything: a table or JSON.

The JSON form is a references.json document (``{"source": ..., "references": [...]}``)
whose entries carry their location and the reader's problems beside them, so it can
be read, edited and given back to ``citecheck check``.
"""

from __future__ import annotations

import io
import json
from collections.abc import Sequence
from dataclasses import fields
from typing import Any

from citecheck.models import Location, Reference
from citecheck.sources.base import InputProblem

# The Reference fields a citer writes, in references.json's names and order.
_CITED_FIELDS = tuple(
    f.name for f in fields(Reference) if f.name not in ("location", "problems", "skip_reason")
)
# Shown in the table; JSON gives them all.
_TABLE_FIELDS = ("title", "access_date", "archive_url", "url_status")


def reference_record(reference: Reference) -> dict[str, Any]:
    """One reference as a references.json entry, with where it was read."""
    record: dict[str, Any] = {
        name: value for name in _CITED_FIELDS if (value := getattr(reference, name)) is not None
    }
    record["location"] = _location(reference.location)
    if reference.problems:
        record["problems"] = list(reference.problems)
    return record


def _location(location: Location) -> dict[str, Any]:
    found = {"file": location.file, "line": location.line, "column": location.column}
    if location.context:
        found["context"] = location.context
    return {key: value for key, value in found.items() if value is not None}


def listing_json(
    references: Sequence[Reference], problems: Sequence[InputProblem], *, source: str
) -> str:
    document = {
        "source": source,
        "references": [reference_record(r) for r in references],
        "problems": [{"file": p.file, "line": p.line, "message": p.message} for p in problems],
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def listing_table(
    references: Sequence[Reference], problems: Sequence[InputProblem], *, width: int = 120
) -> str:
    from rich.console import Console
    from rich.table import Table

    buffer = io.StringIO()
    console = Console(file=buffer, width=width, no_color=True, highlight=False, soft_wrap=False)
    table = Table(show_lines=True, expand=True, title="references read (nothing checked)")
    table.add_column("ref", no_wrap=True, min_width=6)
    table.add_column("where", overflow="fold", min_width=8)
    table.add_column("URL", ratio=3, overflow="fold")
    table.add_column("cited as", ratio=2, overflow="fold")
    for reference in references:
        details = [
            f"{name.replace('_', ' ')}: {value}"
            for name in _TABLE_FIELDS
            if (value := getattr(reference, name)) is not None
        ]
        table.add_row(
            reference.id,
            _where(reference.location),
            reference.url or "(no URL)",
            "\n".join(details + [f"problem: {p}" for p in reference.problems]) or "-",
        )
    console.print(table)
    with_url = sum(1 for r in references if r.url)
    console.print(
        f"{len(references)} references ({with_url} with a URL); {len(problems)} input problems"
    )
    for problem in problems:
        console.print(f"problem: {problem}")
    return buffer.getvalue()


def _where(location: Location) -> str:
    where = location.describe()
    return f"{where} ({location.context})" if location.context else where
