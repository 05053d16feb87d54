from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from citecheck.report.html import HtmlFormatter
from tests.report.report_cdp import Browser, find_chromium
from tests.support.tools import tool_missing

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def test_golden(sample_report, golden):
    golden("sample.html", HtmlFormatter().render(sample_report))


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def test_self_contained_and_escaped(sample_report):
    text = HtmlFormatter().render(sample_report)
    parser = _Collector()
    parser.feed(text)
    tags = parser.tags
    # Exactly the page's own script and style; nothing loaded from anywhere.
    assert [t for t, _ in tags].count("script") == 1
    assert not [a for t, a in tags if t == "script" and "src" in a]
    assert not [t for t, _ in tags if t in ("link", "img", "iframe", "object", "embed")]
    hrefs = [a["href"] for t, a in tags if t == "a"]
    assert hrefs and all(h.startswith(("https://", "http://")) for h in hrefs)
    # The hostile found title is text, not markup.
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in text
    assert "<b>bold</b>" not in text
    assert len([t for t, a in tags if t == "tr" and "data-verdict" in a]) == 14
    assert re.search(r"script-src 'sha256-[A-Za-z0-9+/=]+'", text)


def _visible_ids(browser: Browser) -> list[str]:
    return browser.evaluate(
        "Array.from(document.querySelectorAll('#results tbody tr'))"
        ".filter((r) => r.getClientRects().length > 0).map((r) => r.cells[1].textContent)"
    )


@pytest.fixture(scope="module")
def browser():
    binary = find_chromium()
    if binary is None:
        tool_missing("chromium", "apt-get install -y chromium")
    browser = Browser(binary)
    yield browser
    browser.close()


def test_in_real_chromium(browser, sample_report, tmp_path):
    page = tmp_path / "report.html"
    page.write_text(HtmlFormatter().render(sample_report), encoding="utf-8")
    for domain in ("Page", "Runtime", "Log"):
        browser.send(f"{domain}.enable")
    browser.send("Page.navigate", url=page.as_uri())
    browser.wait_event("Page.loadEventFired")

    all_ids = [r.id for r in sample_report.results]
    assert _visible_ids(browser) == all_ids
    assert browser.evaluate("document.getElementById('shown').textContent") == "14 of 14 shown"

    # Typing in the search box (real key input) hides the rows that do not match.
    browser.click("#q")
    browser.send("Input.insertText", text="القلمون")
    assert _visible_ids(browser) == ["ref-2"]
    browser.evaluate("(() => { const q = document.getElementById('q'); q.value = '';"
                     " q.dispatchEvent(new Event('input')); })()")
    browser.click("#q")
    browser.send("Input.insertText", text="ARCHIVED")  # case-insensitive
    assert set(_visible_ids(browser)) == {"ref-1", "ref-2", "ref-3", "ref-5", "ref-6", "ref-7"}
    browser.evaluate("(() => { const q = document.getElementById('q'); q.value = '';"
                     " q.dispatchEvent(new Event('input')); })()")
    # A dead page's new address is shown, with how it was found, and can be searched.
    browser.click("#q")
    browser.send("Input.insertText", text="wayback redirect of")
    assert _visible_ids(browser) == ["ref-4"]
    assert browser.evaluate("document.querySelector('span.moved a').href") \
        == "https://news.example.net/2018/ceasefire-agreed"
    browser.evaluate("(() => { const q = document.getElementById('q'); q.value = '';"
                     " q.dispatchEvent(new Event('input')); })()")

    # Choosing a verdict shows only that verdict; "failing only" shows the gated ones.
    def choose(value: str) -> None:
        browser.evaluate(f"(() => {{ const s = document.getElementById('verdict');"
                         f" s.value = '{value}'; s.dispatchEvent(new Event('change')); }})()")

    choose("dead")
    assert _visible_ids(browser) == ["ref-3", "ref-4", "ref-5", "ref-6"]
    choose("failed")
    assert _visible_ids(browser) == ["ref-3", "ref-4", "ref-5", "ref-6", "ref-7", "ref-13"]
    choose("")

    # Clicking a header sorts (ids compare numerically); a second click reverses.
    browser.click("th button[data-col='1']")
    numeric = sorted(all_ids, key=lambda i: int(i.split("-")[1]))
    assert _visible_ids(browser) == numeric
    browser.click("th button[data-col='1']")
    assert _visible_ids(browser) == numeric[::-1]
    browser.click("th button[data-col='2']")  # verdict column: failures first
    assert _visible_ids(browser)[:4] == ["ref-3", "ref-4", "ref-5", "ref-6"]
    assert browser.evaluate(
        "document.querySelector(\"th button[data-col='2']\").parentElement"
        ".getAttribute('aria-sort')") == "ascending"

    browser.screenshot(ARTIFACTS / "html-report.png")
    # No script error, no console error, no Content-Security-Policy violation.
    problems = [
        e for e in browser.events
        if e["method"] == "Runtime.exceptionThrown"
        or (e["method"] == "Log.entryAdded" and e["params"]["entry"]["level"] == "error")
        or (e["method"] == "Runtime.consoleAPICalled" and e["params"]["type"] == "error")
    ]
    assert problems == []
    assert browser.evaluate("document.querySelectorAll('svg.chart rect').length") == 7
