"""One self-contained HTML page: summary, an inline SVG chart and a sortable, filterable table.

Nothing is loaded from elsewhere (no CDN, fonts or images), so the file can be archived,
mailed or opened from a CI artifact. Titles and URLs are untrusted page content: every
value is HTML-escaped, only http(s) URLs become links, and a Content-Security-Policy that
allows only this page's own script and style (by hash) stops anything injected anyway.
"""

from __future__ import annotations

import base64
import hashlib
from html import escape

from citecheck.models import Report, Result, Verdict
from citecheck.report.base import Formatter
from citecheck.report.common import (
    VERDICT_ORDER,
    archive_text,
    failed_count,
    is_web_url,
    location_text,
    moved_text,
    reason_text,
    report_failure_kind,
)
from citecheck.report.html_assets import SCRIPT, STYLE


def _csp_hash(text: str) -> str:
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def _e(text: object) -> str:
    return escape("" if text is None else str(text), quote=True)


def _link(url: str | None, label: str | None = None) -> str:
    if not url:
        return ""
    if not is_web_url(url):
        return f"<span class=bad-url>{_e(label or url)}</span>"
    return (f'<a href="{_e(url)}" rel="noopener noreferrer nofollow" target="_blank">'
            f"{_e(label or url)}</a>")


def _chart(report: Report) -> str:
    """Horizontal bars, one per verdict present; sized with attributes (no inline styles)."""
    counts = report.verdict_counts()
    shown = [v for v in VERDICT_ORDER if v.value in counts]
    if not shown:
        return ""
    top = max(counts.values())
    bar_h, gap, label_w, bar_w = 22, 6, 110, 360
    height = len(shown) * (bar_h + gap)
    parts = [
        f'<svg class=chart role=img aria-label="Citations per verdict" '
        f'width="{label_w + bar_w + 60}" height="{height}" '
        f'viewBox="0 0 {label_w + bar_w + 60} {height}">'
    ]
    for i, verdict in enumerate(shown):
        y = i * (bar_h + gap)
        width = max(2, round(bar_w * counts[verdict.value] / top))
        parts.append(
            f'<g class="bar v-{verdict.value}"><title>{verdict.value}: {counts[verdict.value]}'
            f'</title><text x="{label_w - 8}" y="{y + bar_h - 6}" text-anchor=end>'
            f'{verdict.value}</text><rect x="{label_w}" y="{y}" width="{width}" '
            f'height="{bar_h}" rx=3></rect><text class=count x="{label_w + width + 6}" '
            f'y="{y + bar_h - 6}">{counts[verdict.value]}</text></g>'
        )
    parts.append("</svg>")
    return "".join(parts)


def _row(index: int, report: Report, result: Result) -> str:
    kind = report_failure_kind(report, result)
    link = result.link
    status = link.status.value + (f" ({link.http_status})" if link.http_status else "")
    status = _e(status)
    if link.moved_to is not None:
        status += (f"<br><span class=moved>moved to {_link(link.moved_to.url)} "
                   f"({_e(moved_text(link.moved_to))})</span>")
    archive = _e(archive_text(result))
    if result.archive.url:
        archive += "<br>" + _link(result.archive.url, "archived copy")
    replacement = result.archive.replacement
    if replacement is not None and replacement.url:
        archive += "<br>" + _link(replacement.url, "replacement capture")
    cells = [
        f'<td data-sort="{index}">{index}</td>',
        f"<td class=id>{_e(result.id)}</td>",
        f'<td data-sort="{VERDICT_ORDER.index(result.verdict)}">'
        f'<span class="verdict v-{result.verdict.value}">{result.verdict.value}</span>'
        + (f' <span class=gate title="fails the check">'
           f'{"✗ fails" if kind == result.verdict.value else "✗ " + _e(kind)}</span>'
           if kind else "")
        + "</td>",
        f"<td class=url>{_link(result.url)}</td>",
        f"<td>{_e(location_text(result))}</td>",
        f"<td>{_e(reason_text(result))}</td>",
        f'<td dir=auto>{_e(result.title.cited)}</td>',
        f'<td dir=auto>{_e(result.title.found)}</td>',
        f"<td>{status}</td>",
        f"<td>{archive}</td>",
    ]
    return (f'<tr data-verdict="{result.verdict.value}" data-failed="{"1" if kind else "0"}">'
            + "".join(cells) + "</tr>")


_COLUMNS = ("#", "ID", "Verdict", "URL", "Location", "Reason", "Cited title", "Found title",
            "Link", "Archive")


def _controls(report: Report) -> str:
    counts = report.verdict_counts()
    options = ['<option value="">all verdicts</option>',
               '<option value="failed">failing only</option>']
    options += [f'<option value="{v.value}">{v.value} ({counts[v.value]})</option>'
                for v in VERDICT_ORDER if v.value in counts]
    return (
        '<div class=controls><label>Search <input id=q type=search '
        'placeholder="id, URL, title, reason…" autocomplete=off></label> '
        f'<label>Verdict <select id=verdict>{"".join(options)}</select></label> '
        f'<span id=shown aria-live=polite>{len(report.results)} of {len(report.results)} '
        'shown</span></div>'
    )


def _summary(report: Report) -> str:
    failed = failed_count(report)
    total = len(report.results)
    verdict = "failed" if failed else "passed"
    lines = [f'<p class="headline {verdict}">{failed} of {total} citations fail the check '
             f'(fail on: {_e(", ".join(v.value for v in VERDICT_ORDER if v in report.fail_on))}'
             + (f'; archive: {_e(", ".join(sorted(s.value for s in report.fail_on_archive)))}'
                if report.fail_on_archive else "")
             + ")</p>", "<dl>"]
    for term, value in (("Inputs", ", ".join(report.inputs)), ("Started", report.started_at),
                        ("Finished", report.finished_at)):
        if value:
            lines.append(f"<dt>{term}</dt><dd>{_e(value)}</dd>")
    lines.append("</dl>")
    if not report.complete:
        lines.append("<p class=warn>The run was interrupted: this report is partial.</p>")
    lines += [f"<p class=note>{_e(note)}</p>" for note in report.notes]
    return "\n".join(lines)


class HtmlFormatter(Formatter):
    name = "html"
    extension = "html"

    def render(self, report: Report) -> str:
        style, script = STYLE, SCRIPT
        csp = (f"default-src 'none'; style-src {_csp_hash(style)}; "
               f"script-src {_csp_hash(script)}; img-src data:; base-uri 'none'; "
               "form-action 'none'")
        head = "".join(f'<th scope=col><button type=button data-col="{i}">{_e(name)}</button>'
                       "</th>" for i, name in enumerate(_COLUMNS))
        rows = "\n".join(_row(i, report, r) for i, r in enumerate(report.results, start=1))
        ok = sum(1 for r in report.results if r.verdict is Verdict.OK)
        return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="{csp}">
<meta name="generator" content="citecheck {_e(report.tool_version)}">
<title>citecheck report: {failed_count(report)} failing, {ok} ok</title>
<style>{style}</style>
</head>
<body>
<header><h1>citecheck report</h1>
{_summary(report)}
{_chart(report)}
</header>
<main>
{_controls(report)}
<table id=results>
<thead><tr>{head}</tr></thead>
<tbody>
{rows}
</tbody>
</table>
<p id=empty hidden>No citation matches the filter.</p>
</main>
<script>{script}</script>
</body>
</html>
"""
