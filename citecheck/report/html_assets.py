"""The stylesheet and script inlined into every HTML report.

They live in Python strings, not package data files, so the page renders from any install
(wheel, zipapp, editable) without a resources lookup. The HTML format allows exactly these
texts by hash in its Content-Security-Policy, so editing them needs no other change.
"""

from __future__ import annotations

STYLE = """
:root { color-scheme: light dark; --fg: #1f2328; --bg: #fff; --muted: #59636e;
  --line: #d1d9e0; --head: #f6f8fa; --dead: #cf222e; --mismatch: #bc4c00;
  --invalid: #8250df; --unreachable: #9a6700; --blocked: #57606a; --skipped: #8c959f;
  --ok: #1a7f37; }
@media (prefers-color-scheme: dark) { :root { --fg: #e6edf3; --bg: #0d1117;
  --muted: #9198a1; --line: #3d444d; --head: #151b23; } }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 1600px; padding: 1rem 1.5rem; color: var(--fg);
  background: var(--bg); font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; }
h1 { margin: 0 0 .5rem; font-size: 1.5rem; }
.headline { font-size: 1.1rem; font-weight: 600; }
.headline.failed { color: var(--dead); } .headline.passed { color: var(--ok); }
dl { display: grid; grid-template-columns: max-content 1fr; gap: .1rem 1rem; margin: .5rem 0; }
dt { color: var(--muted); } dd { margin: 0; }
.warn { color: var(--dead); font-weight: 600; } .note { color: var(--muted); }
.chart { display: block; margin: 1rem 0; max-width: 100%; height: auto; }
.chart text { fill: var(--fg); font-size: 13px; }
.bar rect { fill: var(--muted); }
.v-dead rect { fill: var(--dead); } .v-mismatch rect { fill: var(--mismatch); }
.v-invalid rect { fill: var(--invalid); } .v-unreachable rect { fill: var(--unreachable); }
.v-blocked rect { fill: var(--blocked); } .v-skipped rect { fill: var(--skipped); }
.v-ok rect { fill: var(--ok); }
.controls { display: flex; flex-wrap: wrap; gap: 1rem; align-items: center; margin: 1rem 0; }
.controls input { width: 22rem; max-width: 100%; }
.controls input, .controls select { font: inherit; padding: .25rem .4rem; }
#shown { color: var(--muted); }
table { border-collapse: collapse; width: 100%; }
th, td { border: 1px solid var(--line); padding: .3rem .45rem; text-align: left;
  vertical-align: top; }
thead th { position: sticky; top: 0; background: var(--head); }
th button { all: unset; cursor: pointer; font-weight: 600; }
th[aria-sort=ascending] button::after { content: " ▲"; }
th[aria-sort=descending] button::after { content: " ▼"; }
td.id { white-space: nowrap; }
td.url { max-width: 28rem; overflow-wrap: anywhere; }
tr[hidden] { display: none; }
.verdict { font-weight: 600; } .gate { font-size: .8em; color: var(--dead); }
span.v-dead { color: var(--dead); } span.v-mismatch { color: var(--mismatch); }
span.v-invalid { color: var(--invalid); } span.v-unreachable { color: var(--unreachable); }
span.v-blocked { color: var(--blocked); } span.v-skipped { color: var(--skipped); }
span.v-ok { color: var(--ok); }
.bad-url { color: var(--muted); font-family: monospace; }
"""

SCRIPT = """
"use strict";
(() => {
  const table = document.getElementById("results");
  const body = table.tBodies[0];
  const rows = Array.from(body.rows);
  const query = document.getElementById("q");
  const verdict = document.getElementById("verdict");
  const shown = document.getElementById("shown");
  const empty = document.getElementById("empty");
  // Lower-cased row text, computed once: filtering then costs no DOM reads per keystroke.
  const texts = new Map(rows.map((row) => [row, row.textContent.toLowerCase()]));

  function applyFilter() {
    const needle = query.value.trim().toLowerCase();
    const want = verdict.value;
    let visible = 0;
    for (const row of rows) {
      const verdictOk = !want
        || (want === "failed" ? row.dataset.failed === "1" : row.dataset.verdict === want);
      const show = verdictOk && (!needle || texts.get(row).includes(needle));
      row.hidden = !show;
      if (show) visible += 1;
    }
    shown.textContent = `${visible} of ${rows.length} shown`;
    empty.hidden = visible !== 0;
  }

  const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: "base" });
  let sortColumn = -1;
  let ascending = true;
  function sortKey(row, column) {
    const cell = row.cells[column];
    return cell.dataset.sort ?? cell.textContent.trim();
  }
  table.tHead.addEventListener("click", (event) => {
    const button = event.target.closest("button[data-col]");
    if (!button) return;
    const column = Number(button.dataset.col);
    ascending = column === sortColumn ? !ascending : true;
    sortColumn = column;
    const sorted = Array.from(body.rows).sort((a, b) => {
      const order = collator.compare(sortKey(a, column), sortKey(b, column));
      // Ties keep the input order, whatever the previous sort was.
      return (ascending ? order : -order) || sortKey(a, 0) - sortKey(b, 0);
    });
    body.append(...sorted);
    for (const th of table.tHead.rows[0].cells) th.removeAttribute("aria-sort");
    button.parentElement.setAttribute("aria-sort", ascending ? "ascending" : "descending");
  });

  query.addEventListener("input", applyFilter);
  verdict.addEventListener("change", applyFilter);
  applyFilter();
})();
"""
