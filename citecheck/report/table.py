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
from citecheck.report.common import VERDICT_ORDER, archive_link, is_web_url
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
# Columns of fixed width (ref, verdict, link) and the table's borders and padding.
_FIXED_COLUMNS = 45


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


def _url_text(url: str, limit: int, style: str = "") -> Text:
    """A URL on a line of its own that never wraps; a hyperlink to the whole URL."""
    link = url if is_web_url(url) else None
    text = Text(shorten_url(url, limit), style=Style.parse(style or "none") + Style(link=link),
                no_wrap=True, overflow="ellipsis")
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
    return Group(*parts)


def _archive_cell(result: Result, url_limit: int) -> Group | str:
    archive = result.archive
    if archive.status is ArchiveStatus.UNCHECKED:
        return "-"
    status = Text(archive.status.value)
    url = archive_link(result)
    if url is None:
        return Group(status)
    return Group(status, _url_text(url, url_limit))


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
        room = max(40, console.width - _FIXED_COLUMNS)
        detail_limit, archive_limit = max(30, room * 3 // 5), max(24, room * 2 // 5 - 3)
        rows = [r for r in report.results
                if self.show_all or report.is_failure(r) or needs_a_look(report, r)]
        if rows:
            console.print(self._table(report, rows, detail_limit, archive_limit))
        for line in summary_lines(report, hidden=len(report.results) - len(rows)):
            console.print(line, highlight=False)
        for note in report.notes:
            console.print(f"note: {note}", style="yellow", highlight=False)

    def _table(self, report: Report, rows: list[Result], detail_limit: int,
               archive_limit: int) -> Table:
        table = Table(show_lines=True, expand=True, title="citecheck report")
        table.add_column("ref", no_wrap=True, min_width=6, max_width=24, overflow="ellipsis")
        table.add_column("verdict", no_wrap=True, min_width=11)
        table.add_column("link", no_wrap=True, min_width=12)
        table.add_column("URL and reasons", ratio=3)
        table.add_column("archive", ratio=2)
        by_verdict: dict[Verdict, list[Result]] = {}
        for result in rows:
            by_verdict.setdefault(result.verdict, []).append(result)
        for verdict in VERDICT_ORDER:
            for result in by_verdict.get(verdict, []):
                label = verdict.value + (" (archived)" if result.archived and
                                         verdict is Verdict.DEAD else "")
                # A gated failure is marked so it stands out without colour too.
                mark = " !" if report.is_failure(result) else ""
                table.add_row(
                    shorten(result.id, 24),
                    Text(label + mark, style=VERDICT_STYLES[verdict]),
                    result.link.status.value,
                    _details(result, detail_limit),
                    _archive_cell(result, archive_limit),
                )
        return table


def needs_a_look(report: Report, result: Result) -> bool:
    """Not a gate failure, but not settled either: unreachable, blocked, or a dead link
    without a working archived copy that the gate lets pass."""
    if result.verdict in QUIET_VERDICTS or report.is_failure(result):
        return False
    return not (result.verdict is Verdict.DEAD and result.archived)


def summary_lines(report: Report, *, hidden: int = 0) -> list[str]:
    """The counts under the table: by verdict, what failed, what needs a look, what is
    not listed."""
    counts = report.verdict_counts()
    by_verdict = ", ".join(f"{counts[v.value]} {v.value}" for v in VERDICT_ORDER
                           if v.value in counts)
    failed = len(report.failures)
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
