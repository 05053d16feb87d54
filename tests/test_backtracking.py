"""Hostile input cannot make a pattern backtrack for minutes.

Python's re holds the GIL while it matches, so one slow match stalls every thread of
a run. Each case below took minutes with the pattern it replaced (quadratic growth,
measured: see the comments at each pattern); with the current one it takes
milliseconds. The 60 s bound is for liveness only, never a timing claim.
"""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from citecheck.page.affix import split_pieces
from citecheck.page.redirects import _REFRESH_URL, meta_refresh_target
from citecheck.sources.detect import detect_format
from citecheck.sources.markdown import MarkdownReader, _code_spans, _parser
from tests.support.liveness import finishes


def test_a_refresh_value_full_of_blanks() -> None:
    content = "0; url=a" + " " * 300_000 + "b  "
    match = finishes(lambda: _REFRESH_URL.match(content.partition(";")[2].rstrip()))
    assert isinstance(match, re.Match)
    assert match.group("url") == "a" + " " * 300_000 + "b"
    finishes(lambda: meta_refresh_target(content, "http://site.test/page"))


def test_meta_refresh_reads_as_before() -> None:
    base = "http://site.test/page"
    assert meta_refresh_target("0; url=/moved  ", base) == "http://site.test/moved"
    assert meta_refresh_target("0;URL='/quoted'\t", base) == "http://site.test/quoted"
    assert meta_refresh_target('1; "/q2" ', base) == "http://site.test/q2"
    assert meta_refresh_target("10; url=/later", base) is None


def test_a_title_of_unspaced_dashes() -> None:
    pieces = finishes(lambda: split_pieces("a-" * 100_000))
    assert isinstance(pieces, list)
    # The dashes of the title's last 1,000 characters split it (a CJK-style unspaced
    # separator in the last word); the rest stays one piece.
    assert pieces[-1] == "a" and set("".join(pieces)) == {"a", "-"}


def test_a_file_of_blank_lines_before_an_entry() -> None:
    assert finishes(lambda: detect_format("refs.txt", "\n" * 1_000_000 + "x")) != "bibtex"
    assert detect_format("refs.txt", "\n" * 1000 + "  @article{key,\n}") == "bibtex"


def _markdown(text: str) -> list[tuple[str, str | None]]:
    refs = finishes(lambda: list(MarkdownReader().read(text, file="m.md").references))
    assert isinstance(refs, list)
    return [(r.url, r.title) for r in refs]


def test_markdown_with_unclosed_brackets_parens_and_backticks() -> None:
    assert _markdown("[a\n" * 100_000 + "[x]: http://ok.test/d\n") == [("http://ok.test/d", None)]
    assert _markdown("![a](" * 60_000) == []
    # Definitions whose parenthesised title never closes: what is left is a bare URL.
    assert set(_markdown("[x]: http://ok.test/p (\n" * 40_000)) == {("http://ok.test/p", None)}
    # Unclosed inline links: what is left of each is a bare URL.
    assert set(_markdown("[a](http://ok.test/i (" * 30_000)) == {("http://ok.test/i", None)}
    unpaired = "a".join("`" * k for k in range(1, 1500))
    assert _markdown(unpaired + " [t](http://ok.test/c)") == [("http://ok.test/c", "t")]


def _source_code_spans(text: str) -> list[str]:
    """The code spans the Markdown reader blanks, as the source text of each."""
    starts = [0, *(i + 1 for i, ch in enumerate(text) if ch == "\n")]
    spans = []
    for token in _parser().parse(text):
        if token.type == "inline" and token.map is not None:
            spans += _code_spans(token.content, token.map[0], text, starts)
    return [text[begin:end] for begin, end in spans]


def _rendered_code(source: str) -> str:
    """A code span's content by CommonMark's rule, from its source text."""
    ticks = len(source) - len(source.lstrip("`"))
    inner = source[ticks:-ticks].replace("\n", " ")
    if len(inner) > 2 and inner[0] == inner[-1] == " " and inner.strip():
        inner = inner[1:-1]
    return inner


@given(st.text(alphabet="``a \n", max_size=40))
def test_code_spans_are_markdown_its(text: str) -> None:
    expected = [
        child.content
        for token in MarkdownIt("commonmark").parse(text)
        for child in token.children or ()
        if child.type == "code_inline"
    ]
    found = _source_code_spans(text)
    assert all(s.startswith("`") and s.endswith("`") for s in found)
    assert [_rendered_code(s) for s in found] == expected
