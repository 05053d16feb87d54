"""One URL's history (`citecheck history URL`): every check, and where it stands now."""

from __future__ import annotations

import io
import json
from dataclasses import dataclass
from datetime import datetime, timedelta

from rich.console import Console
from rich.table import Table

from citecheck.audit.history import observations
from citecheck.audit.rules import ConfirmationRules, Judgement, judge, next_counting_check
from citecheck.store.clock import Clock, to_stored
from citecheck.store.db import HistoryStore
from citecheck.store.rows import CheckRow
from citecheck.text import plural


@dataclass(frozen=True)
class Timeline:
    url: str
    checks: tuple[CheckRow, ...]  # real checks only, oldest first
    judgement: Judgement
    rules: ConfirmationRules
    # When the next check will count as a distinct one (None: any check counts).
    next_counting: datetime | None = None


def url_timeline(store: HistoryStore, url: str, clock: Clock,
                 rules: ConfirmationRules | None = None) -> Timeline:
    rules = rules or ConfirmationRules()
    checks = tuple(store.url_checks(url))
    seen = observations(store, url, clock)
    return Timeline(url, checks, judge(seen, rules), rules, next_counting_check(seen, rules))


def _status_line(t: Timeline) -> str:
    info = t.judgement.history
    if not t.checks:
        return f"{t.url}: never checked"
    line = f"{t.url}: {plural(info.checks or 0, 'distinct check')}"
    if info.checks != len(t.checks):
        # Checks close together (concurrent audits, one URL cited twice) count once.
        line += f" ({len(t.checks)} recorded)"
    if info.failing_since:
        state = "confirmed" if info.confirmed else "not confirmed yet"
        line += f", failing since {info.failing_since} ({state})"
    else:
        line += ", not failing"
    return line


def _spacing_line(t: Timeline) -> str:
    """How confirmation counts checks: without it, a rerun an hour later that does
    not move the count looks like a bug."""
    gap = _hours(t.rules.min_gap)
    line = (f"Checks less than {gap} apart count as one (a transient failure is confirmed "
            f"dead after {t.rules.failures} distinct failing checks over at least "
            f"{_hours(t.rules.span)}).")
    if t.next_counting is not None:
        line += f" The next check counts from {to_stored(t.next_counting)}."
    return line


def _hours(span: timedelta) -> str:
    hours = span.total_seconds() / 3600
    if hours >= 24 and hours % 24 == 0:
        return f"{hours / 24:g} day" + ("" if hours == 24 else "s")
    return f"{hours:g} hour" + ("" if hours == 1 else "s")


def render_timeline(t: Timeline, width: int = 100) -> str:
    out = io.StringIO()
    console = Console(file=out, width=width, no_color=True, highlight=False)
    console.print(_status_line(t))
    if t.checks:
        console.print(_spacing_line(t))
        table = Table()
        for column in ("checked at", "run", "link", "http", "verdict", "title", "archive",
                       "error"):
            table.add_column(column, overflow="fold")
        for c in t.checks:
            table.add_row(
                c.checked_at, str(c.run_id), c.link_status.value,
                "" if c.http_status is None else str(c.http_status), c.final_verdict.value,
                c.title_match.value, c.archive_status.value,
                "" if c.error_kind is None else c.error_kind.value,
            )
        console.print(table)
    return out.getvalue()


def timeline_json(t: Timeline) -> str:
    doc = {
        "url": t.url,
        "history": t.judgement.history.to_dict(),
        "next_counting_check": None if t.next_counting is None else to_stored(t.next_counting),
        "checks": [c.to_dict() for c in t.checks],
    }
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"
