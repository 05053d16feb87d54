"""`table`: the terminal report, grouped by verdict, failures first.

It has to stay readable for a thousand references and for hostile input: by default only
the references that failed or need a look get a row (the OK ones are counted in one
line), every cell is cut to a sensible length, and a URL is shortened in the middle
(keeping its host and its tail), never wrapped mid-token, and made a terminal hyperlink
to the full address where the terminal supports it.
"""

from __future__ import annotations

import io
from urllib.parse import urlsplit

from rich.console import Console, Group
from rich.style import Style
from rich.table import Table
from rich.text import Text

from citecheck.models import ArchiveStatus, Report, Result, Verdict
from citecheck.report.base import Formatter
from citecheck.report.common import (
    VERDICT_ORDER,
    archive_link,
    failed_count,
    is_web_url,
    report_failure_kind,
)
from citecheck.text import plural

VERDICT_STYLES = {
    Verdict.DEAD: "bold red",
    Verdict.MISMATCH: "bold magenta",
    Verdict.INVALID: "red",
    Verdict.UNREACHABLE: "yellow",
    Verdict.BLOCKED: "cyan",
    Verdict.SKIPPED: "dim",
    Verdict.OK: "green",
}
# Results of these verdicts need nothing from the reader.
QUIET_VERDICTS = frozenset({Verdict.OK, Verdict.SKIPPED})
# Longest title shown (found titles are at most 1,000 characters, cited ones unbounded).
MAX_TITLE = 120
# Longest reason line: reasons quote titles and URLs.
MAX_REASON = 200
ELLIPSIS = "…"
# Four columns: five borders and two spaces of padding each.
_TABLE_FRAME = 5 + 4 * 2


def shorten(text: str, limit: int) -> str:
    """``text`` cut to ``limit`` characters, ending in an ellipsis when cut."""
    return text if len(text) <= limit else text[: max(0, limit - 1)] + ELLIPSIS


def shorten_url(url: str, limit: int) -> str:
    """``url`` cut in the middle to ``limit`` characters, keeping the scheme and host
    (where it points) and the tail (which page)."""
    if len(url) <= limit:
        return url
    try:
        parts = urlsplit(url)
        head = f"{parts.scheme}://{parts.netloc}/" if parts.netloc else ""
    except ValueError:
        head = ""
    if len(head) > limit * 2 // 3:  # an absurd host: keep its start and the tail
        head = head[: limit // 2]
    tail = max(0, limit - len(head) - 1)
    return head + ELLIPSIS + (url[-tail:] if tail else "")


def _url_text(url: str, limit: int, prefix: str = "", style: str = "") -> Text:
    """A URL on a line of its own that never wraps; a hyperlink to the whole URL."""
    link = url if is_web_url(url) else None
    text = Text(prefix, style=style, no_wrap=True, overflow="ellipsis")
    text.append(shorten_url(url, max(12, limit - len(prefix))),
                style=Style.parse(style or "none") + Style(link=link))
    return text


def _details(result: Result, url_limit: int) -> Group:
    parts: list[Text] = []
    if result.url:
        parts.append(_url_text(result.url, url_limit))
    lines = [(shorten(reason, MAX_REASON), "") for reason in result.reasons]
    found = result.title.found
    if found and found != result.title.cited:
        lines.append((f"found title: {shorten(found, MAX_TITLE)}", "dim"))
    if lines:
        text = Text(overflow="fold")
        for number, (line, style) in enumerate(lines):
            text.append(("\n" if number else "") + line, style=style)
        parts.append(text)
    archive_url = archive_link(result)
    if archive_url is not None:
        parts.append(_url_text(archive_url, url_limit, prefix="archive: ", style="dim"))
    return Group(*parts)


def _verdict_cell(report: Report, result: Result) -> Text:
    verdict = result.verdict
    label = verdict.value + (" (archived)" if result.archived and verdict is Verdict.DEAD
                             else "")
    # A gated failure is marked so it stands out without colour too.
    mark = " !" if report_failure_kind(report, result) is not None else ""
    text = Text(label + mark, style=VERDICT_STYLES[verdict])
    text.append("\n" + result.link.status.value, style="dim")
    return text


def _archive_cell(result: Result) -> Text:
    """The archive finding and the date of its capture (the URL is in the details)."""
    archive = result.archive
    if archive.status is ArchiveStatus.UNCHECKED:
        return Text("-")
    text = Text(archive.status.value)
    stamp = archive.timestamp or (archive.replacement.timestamp if archive.replacement else None)
    if stamp and len(stamp) >= 8 and stamp[:8].isdigit():
        text.append(f"\n{stamp[:4]}-{stamp[4:6]}-{stamp[6:8]}", style="dim")
    return text


def _cell_width(cell: str | Text) -> int:
    return max(len(line) for line in str(cell).split("\n"))


class TableFormatter(Formatter):
    name = "table"
    extension = ".txt"

    def __init__(self, *, color: bool = False, width: int = 120, show_all: bool = False):
        self.color = color
        self.width = width
        self.show_all = show_all

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
        rows = [r for r in report.results
                if self.show_all or report_failure_kind(report, r) is not None
                or needs_a_look(report, r)]
        if rows:
            cells = [(shorten(r.id, 24), _verdict_cell(report, r), _archive_cell(r))
                     for r in rows]
            # The details column gets what the others leave; its URLs are cut to fit it.
            fixed = _TABLE_FRAME + sum(max(len(header), *(_cell_width(row[i]) for row in cells))
                                       for i, header in enumerate(("ref", "verdict", "archive")))
            detail_limit = max(30, console.width - fixed)
            console.print(self._table(rows, cells, detail_limit))
        for line in summary_lines(report, hidden=len(report.results) - len(rows)):
            console.print(line, highlight=False)
        for note in report.notes:
            console.print(f"note: {note}", style="yellow", highlight=False)

    def _table(self, rows: list[Result], cells: list[tuple[str, Text, Text]],
               detail_limit: int) -> Table:
        table = Table(show_lines=True, expand=True, title="citecheck report")
        table.add_column("ref", no_wrap=True, max_width=24, overflow="ellipsis")
        table.add_column("verdict", no_wrap=True)
        table.add_column("URL, reasons, archived copy", ratio=1)
        table.add_column("archive", no_wrap=True)
        order = {verdict: rank for rank, verdict in enumerate(VERDICT_ORDER)}
        # Grouped by verdict, failures first; input order within a verdict.
        for index in sorted(range(len(rows)), key=lambda i: order[rows[i].verdict]):
            ref, verdict, archive = cells[index]
            table.add_row(ref, verdict, _details(rows[index], detail_limit), archive)
        return table


def needs_a_look(report: Report, result: Result) -> bool:
    """Not a gate failure, but not settled either: unreachable, blocked, or a dead link
    without a working archived copy that the gate lets pass."""
    if result.verdict in QUIET_VERDICTS or report_failure_kind(report, result) is not None:
        return False
    return not (result.verdict is Verdict.DEAD and result.archived)


def summary_lines(report: Report, *, hidden: int = 0) -> list[str]:
    """The counts under the table: by verdict, what failed, what needs a look, what is
    not listed."""
    counts = report.verdict_counts()
    archived = sum(1 for r in report.results if r.verdict is Verdict.DEAD and r.archived)
    by_verdict = ", ".join(
        f"{counts[v.value]} {v.value}"
        + (f" ({archived} archived)" if v is Verdict.DEAD and archived else "")
        for v in VERDICT_ORDER if v.value in counts
    )
    failed = failed_count(report)
    look = sum(1 for r in report.results if needs_a_look(report, r))
    line = (f"{plural(len(report.results), 'reference')}: {by_verdict or 'none'}; "
            f"{failed} failed the gate")
    if look:
        line += f", {look} more {'needs' if look == 1 else 'need'} a look"
    if not report.complete:
        line += " (run incomplete)"
    lines = [line]
    if hidden:
        lines.append(f"{plural(hidden, 'reference')} that passed "
                     f"{'is' if hidden == 1 else 'are'} not listed (--show all lists "
                     f"{'it' if hidden == 1 else 'them'})")
    return lines
