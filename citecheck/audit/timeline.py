"""One URL's history (`citecheck history URL`): every check, and where it stands now."""

from __future__ import annotations

import io
import json
from dataclasses import dataclass

from rich.console import Console
from rich.table import Table

from citecheck.audit.history import observations
from citecheck.audit.rules import ConfirmationRules, Judgement, judge
from citecheck.store.clock import Clock
from citecheck.store.db import HistoryStore
from citecheck.store.rows import CheckRow


@dataclass(frozen=True)
class Timeline:
    url: str
    checks: tuple[CheckRow, ...]  # real checks only, oldest first
    judgement: Judgement


def url_timeline(store: HistoryStore, url: str, clock: Clock,
                 rules: ConfirmationRules | None = None) -> Timeline:
    checks = tuple(store.url_checks(url))
    return Timeline(url, checks, judge(observations(store, url, clock),
                                       rules or ConfirmationRules()))


def _status_line(t: Timeline) -> str:
    info = t.judgement.history
    if not t.checks:
        return f"{t.url}: never checked"
    line = f"{t.url}: {info.checks} distinct checks"
    if info.checks != len(t.checks):
        # Checks close together (concurrent audits, one URL cited twice) count once.
        line += f" ({len(t.checks)} recorded)"
    if info.failing_since:
        state = "confirmed" if info.confirmed else "not confirmed yet"
        line += f", failing since {info.failing_since} ({state})"
    else:
        line += ", not failing"
    return line


def render_timeline(t: Timeline, width: int = 100) -> str:
    out = io.StringIO()
    console = Console(file=out, width=width, no_color=True, highlight=False)
    console.print(_status_line(t))
    if t.checks:
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
        "checks": [c.to_dict() for c in t.checks],
    }
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"
