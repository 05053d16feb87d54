"""GitHub-flavoured Markdown summary, fit for a PR comment or ``$GITHUB_STEP_SUMMARY``.

Titles and URLs come from the cited pages and the citers, so they are untrusted: every
one is escaped so it cannot break a table cell, inject markup or links, or ping people.
"""

from __future__ import annotations

import re
from urllib.parse import quote

from citecheck.models import Report, Result, Verdict
from citecheck.report.base import Formatter
from citecheck.report.common import (
    VERDICT_ORDER,
    archive_link,
    archive_text,
    failed_count,
    is_web_url,
    location_text,
    moved_text,
    reason_text,
    report_failure_kind,
)
from citecheck.text import plural

# ASCII punctuation that means something in CommonMark/GFM inline text or in a table row.
# Backslash escapes of ASCII punctuation are always literal in CommonMark.
_SPECIALS = re.compile(r"([\\`*_{}\[\]<>()#+!|~&$])")
_WHITESPACE = re.compile(r"\s+")
# Longest text put in a table cell: a runaway title must not make the comment unreadable.
MAX_CELL = 200
# GitHub refuses comments and step summaries larger than this; stay well below.
MAX_ROWS = 500


def escape(text: str | None, limit: int = MAX_CELL) -> str:
    """Make ``text`` literal inside a GFM table cell."""
    if not text:
        return ""
    text = _WHITESPACE.sub(" ", text).strip()
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    text = _SPECIALS.sub(r"\\\1", text)
    # A WORD JOINER after "@" stops GitHub turning "@name" in a title into a mention.
    return text.replace("@", "@\u2060")


def link(url: str | None, label: str | None = None) -> str:
    """A Markdown link for http(s) URLs; anything else is shown as escaped text only."""
    if not url:
        return ""
    if not is_web_url(url):
        return escape(label or url)
    # Percent-encode what could end the link target or the table cell; keep URL syntax.
    target = quote(url, safe="/:?#[]@!$&'*+,;=%-._~")
    target = target.replace("(", "%28").replace(")", "%29").replace("|", "%7C")
    return f"[{escape(label or url, 120)}]({target})"


def _headline(report: Report) -> str:
    failed = failed_count(report)
    total = len(report.results)
    if failed:
        return f"## ❌ citecheck: {failed} of {plural(total, 'citation')} failed"
    if total == 1:
        return "## ✅ citecheck: the citation passed"
    return f"## ✅ citecheck: all {total} citations passed"


def _counts(report: Report) -> list[str]:
    counts = report.verdict_counts()
    lines = ["| Verdict | Count | Fails the check |", "|---|---:|---|"]
    for verdict in VERDICT_ORDER:
        if verdict.value in counts:
            gated = "yes" if verdict in report.fail_on else "no"
            lines.append(f"| `{verdict.value}` | {counts[verdict.value]} | {gated} |")
    lines.append(f"| **total** | {len(report.results)} | |")
    return lines


def _row(result: Result, kind: str) -> str:
    cited = escape(result.title.cited)
    found = escape(result.title.found)
    archive = archive_text(result)
    suggestion = archive_link(result)
    archive_cell = escape(archive)
    if suggestion:
        archive_cell += " " + link(suggestion, "archived copy")
    where = escape(location_text(result))
    citation = f"{escape(result.id)}<br>{link(result.url)}"
    if where:
        citation += f"<br>{where}"
    moved = result.link.moved_to
    if moved is not None:
        citation += f"<br>moved to {link(moved.url)} ({escape(moved_text(moved))})"
    return (
        f"| {citation} | `{kind}` | {escape(reason_text(result))} | {cited} | {found} "
        f"| {archive_cell} |"
    )


def _table(title: str, rows: list[tuple[Result, str]]) -> list[str]:
    lines = ["", title] if title else []
    lines += [
        "",
        "| Citation | Verdict | Reason | Cited title | Found title | Archive |",
        "|---|---|---|---|---|---|",
    ]
    lines += [_row(result, kind) for result, kind in rows[:MAX_ROWS]]
    if len(rows) > MAX_ROWS:
        lines.append(f"\n… and {len(rows) - MAX_ROWS} more; see the full report.")
    return lines


class MarkdownFormatter(Formatter):
    name = "markdown"
    extension = "md"

    def render(self, report: Report) -> str:
        lines = [_headline(report), ""]
        if not report.complete:
            lines += ["> [!WARNING]", "> The run was interrupted: this report is partial.", ""]
        lines += [f"> {escape(note, 500)}" for note in report.notes]
        if report.notes:
            lines.append("")
        lines += _counts(report)
        failing = [(r, k) for r in report.results if (k := report_failure_kind(report, r))]
        if failing:
            lines += _table("### Failing citations", failing)
        # Problems that do not fail the check are still worth a look, folded away.
        other = [
            (r, r.verdict.value)
            for r in report.results
            if r.verdict not in (Verdict.OK, Verdict.SKIPPED)
            and report_failure_kind(report, r) is None
        ]
        if other:
            lines += ["", f"<details><summary>{len(other)} more need a look</summary>"]
            lines += _table("", other)
            lines += ["", "</details>"]
        lines += ["", f"<sub>citecheck {escape(report.tool_version)}</sub>", ""]
        return "\n".join(lines)
