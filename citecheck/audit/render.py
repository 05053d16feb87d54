"""The change report as text: a terminal table (rich), Markdown, or JSON."""

from __future__ import annotations

import io
import json

from rich.console import Console
from rich.table import Table

from citecheck.audit.changes import ChangeKind, ChangeReport
from citecheck.text import plural

_HEADINGS = {
    ChangeKind.NEWLY_DEAD: "Newly dead",
    ChangeKind.RECOVERED: "Recovered",
    ChangeKind.NEWLY_MISMATCHED: "Newly mismatched",
    ChangeKind.ARCHIVE_FOUND: "Archive newly found",
}


def _since(changes: ChangeReport) -> str:
    if changes.previous_run_id is None:
        return "first audit: no earlier complete audit to compare with"
    return f"since audit #{changes.previous_run_id} ({changes.previous_finished_at})"


def _summary(changes: ChangeReport) -> str:
    return (
        f"audit #{changes.run_id}, {_since(changes)}: {plural(changes.total, 'reference')}, "
        f"{changes.failing} failing, {plural(len(changes.new_problems), 'new problem')}"
    )


def render_table(changes: ChangeReport, width: int = 100) -> str:
    out = io.StringIO()
    console = Console(file=out, width=width, no_color=True, highlight=False)
    console.print(_summary(changes))
    if not changes.changes:
        console.print("No changes.")
    for kind, heading in _HEADINGS.items():
        found = changes.of_kind(kind)
        if not found:
            continue
        table = Table(title=f"{heading} ({len(found)})", title_justify="left")
        for column in ("id", "url", "before", "now", "detail"):
            table.add_column(column, overflow="fold")
        for c in found:
            table.add_row(c.ref_id, c.url or "", c.before or "(new)", c.after, c.detail or "")
        console.print(table)
    return out.getvalue()


def _cell(text: str | None) -> str:
    return (text or "").replace("|", "\\|").replace("\n", " ")


def render_markdown(changes: ChangeReport) -> str:
    lines = [f"# citecheck audit #{changes.run_id}", "", _summary(changes) + ".", ""]
    if not changes.changes:
        lines += ["No changes.", ""]
    for kind, heading in _HEADINGS.items():
        found = changes.of_kind(kind)
        if not found:
            continue
        lines += [f"## {heading} ({len(found)})", "",
                  "| id | url | before | now | detail |", "|---|---|---|---|---|"]
        lines += [
            f"| {_cell(c.ref_id)} | {_cell(c.url)} | {_cell(c.before) or '(new)'} "
            f"| {_cell(c.after)} | {_cell(c.detail)} |"
            for c in found
        ]
        lines.append("")
    return "\n".join(lines)


def render_json(changes: ChangeReport) -> str:
    return json.dumps(changes.to_dict(), indent=2, ensure_ascii=False) + "\n"


RENDERERS = {"table": render_table, "markdown": render_markdown, "json": render_json}
