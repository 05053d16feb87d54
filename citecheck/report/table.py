"""`table`: the terminal report, grouped by verdict, failures first."""

from __future__ import annotations

import io

from rich.console import Console
from rich.table import Table
from rich.text import Text

from citecheck.models import ArchiveStatus, Report, Result, Verdict
from citecheck.report.base import Formatter
from citecheck.report.common import VERDICT_ORDER

VERDICT_STYLES = {
    Verdict.DEAD: "bold red",
    Verdict.MISMATCH: "bold magenta",
    Verdict.INVALID: "red",
    Verdict.UNREACHABLE: "yellow",
    Verdict.BLOCKED: "cyan",
    Verdict.SKIPPED: "dim",
    Verdict.OK: "green",
}


def _archive_cell(result: Result) -> str:
    archive = result.archive
    if archive.status is ArchiveStatus.UNCHECKED:
        return "-"
    if archive.url and archive.status in (ArchiveStatus.SUGGESTED, ArchiveStatus.OK):
        return f"{archive.status.value}: {archive.url}"
    return archive.status.value


def _details(result: Result) -> Text:
    lines: list[tuple[str, str]] = []
    if result.url:
        lines.append((result.url, "link " + result.url))
    lines.extend((reason, "") for reason in result.reasons)
    if result.title.found and result.title.found != result.title.cited:
        lines.append((f"found title: {result.title.found}", "dim"))
    text = Text()
    for number, (line, style) in enumerate(lines):
        text.append(("\n" if number else "") + line, style=style)
    return text


class TableFormatter(Formatter):
    name = "table"
    extension = ".txt"

    def __init__(self, *, color: bool = False, width: int = 120):
        self.color = color
        self.width = width

    def render(self, report: Report) -> str:
        buffer = io.StringIO()
        console = Console(
            file=buffer,
            width=self.width,
            force_terminal=self.color,
            no_color=not self.color,
            highlight=False,
            soft_wrap=False,
        )
        self.print_to(console, report)
        return buffer.getvalue()

    def print_to(self, console: Console, report: Report) -> None:
        table = Table(show_lines=True, expand=True, title="citecheck report")
        table.add_column("ref", no_wrap=True, min_width=6)
        table.add_column("verdict", no_wrap=True, min_width=11)
        table.add_column("link", no_wrap=True, min_width=12)
        table.add_column("URL and reasons", ratio=3, overflow="fold")
        table.add_column("archive", ratio=1, overflow="fold")
        by_verdict: dict[Verdict, list[Result]] = {}
        for result in report.results:
            by_verdict.setdefault(result.verdict, []).append(result)
        for verdict in VERDICT_ORDER:
            for result in by_verdict.get(verdict, []):
                # A gated failure is marked so it stands out without colour too.
                mark = " !" if report.is_failure(result) else ""
                table.add_row(
                    result.id,
                    Text(verdict.value + mark, style=VERDICT_STYLES[verdict]),
                    result.link.status.value,
                    _details(result),
                    _archive_cell(result),
                )
        console.print(table)
        counts = report.verdict_counts()
        summary = ", ".join(
            f"{counts[v.value]} {v.value}" for v in VERDICT_ORDER if v.value in counts
        )
        failed = len(report.failures)
        console.print(
            f"{len(report.results)} references: {summary or 'none'}; "
            f"{failed} failed the gate" + ("" if report.complete else " (run incomplete)")
        )
        for note in report.notes:
            console.print(f"note: {note}", style="yellow")
