from __future__ import annotations

import re

from markdown_it import MarkdownIt

from citecheck.models import Verdict
from citecheck.report.markdown import MarkdownFormatter, escape, link


def _html(text: str) -> str:
    return MarkdownIt("commonmark").enable("table").render(text)


def test_golden(sample_report, golden):
    golden("sample.md", MarkdownFormatter().render(sample_report))


def test_counts_and_failing_rows(sample_report):
    text = MarkdownFormatter().render(sample_report)
    assert text.startswith("## ❌ citecheck: 6 of 14 citations failed")
    assert "| `dead` | 4 | yes |" in text
    assert "| `blocked` | 1 | no |" in text
    html = _html(text)
    failing = html.split("<h3>Failing citations</h3>")[1].split("<details>")[0]
    # One header row plus one row per failure (4 dead, 1 mismatch, 1 invalid).
    assert failing.count("<tr>") == 1 + 6


def test_untrusted_titles_cannot_inject_markup(sample_report):
    html = _html(MarkdownFormatter().render(sample_report))
    assert "<script" not in html
    assert "<b>bold</b>" not in html
    assert "javascript:" not in re.findall(r'href="([^"]*)"', html).__repr__()
    # Every body row still has exactly six cells: the "|" in a title did not split a cell.
    tables = re.findall(r"<table>(.*?)</table>", html, re.S)
    assert len(tables) == 3  # counts, failing, the folded "need a look" table
    for table in tables[1:]:
        for row in re.findall(r"<tr>(.*?)</tr>", table, re.S)[1:]:
            assert row.count("<td") == 6, row
    # The literal text survives escaping.
    assert "Pipes | *stars* _under_" in html


def test_escape_and_links():
    assert escape("a|b*c_d") == r"a\|b\*c\_d"
    assert escape("hi @octocat") == "hi @\u2060octocat"
    assert escape("x" * 300).endswith("…") and len(escape("x" * 300)) == 200
    assert link("javascript:alert(1)") == "javascript:alert\\(1\\)"
    assert link("https://e.com/a(b)|c") == "[https://e.com/a\\(b\\)\\|c](https://e.com/a%28b%29%7Cc)"


def test_all_passed_headline(sample_report):
    from dataclasses import replace

    ok = tuple(r for r in sample_report.results if r.verdict is Verdict.OK)
    text = MarkdownFormatter().render(replace(sample_report, results=ok))
    assert text.startswith("## ✅ citecheck: all 2 citations passed")
    assert "Failing citations" not in text
