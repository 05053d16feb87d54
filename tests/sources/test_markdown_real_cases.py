"""Markdown cases found in real files (issue 19): code spans and link text as rendered."""

from __future__ import annotations

import pytest

from citecheck.sources.markdown import MarkdownReader


def links(text: str) -> list[tuple[str | None, str | None]]:
    return [(r.url, r.title) for r in MarkdownReader().read(text, file="m.md").references]


def test_an_unmatched_backtick_is_text_and_blanks_nothing_after_it() -> None:
    text = (
        "- see [`--unit-graph](https://a.example/1)\n"
        "\n"
        "- `cargo tree` prints [docs](https://b.example/2)\n"
    )
    assert links(text) == [
        ("https://a.example/1", "`--unit-graph"),
        ("https://b.example/2", "docs"),
    ]


def test_a_code_span_never_crosses_a_blank_line_or_a_block() -> None:
    text = "Stray ` here.\n\n# Heading `\n\n[later](https://b.example/) and `x`\n"
    assert links(text) == [("https://b.example/", "later")]


def test_code_spans_inside_containers_and_over_lines_are_still_skipped() -> None:
    text = (
        "> quote `https://c.example/code` and [kept](https://d.example/)\n"
        "> more `x\n"
        "> https://e.example/in-code` done\n"
        "\n"
        "1. item ``https://f.example/` ``\n"
    )
    assert links(text) == [("https://d.example/", "kept")]


def test_many_links_after_a_stray_backtick_are_all_read() -> None:
    entries = "".join(f"- [{n}](https://a.example/{n})\n" for n in range(500))
    assert len(links("## v1.0\n- `--flag added\n\n" + entries)) == 500


@pytest.mark.parametrize(
    ("text", "title"),
    [
        ("[factory_boy](https://a.example/)", "factory_boy"),
        ("[Useful `.htaccess` Snippets](https://a.example/)", "Useful .htaccess Snippets"),
        ("[**bold** and _it_ \\[x\\]](https://a.example/)", "bold and it [x]"),
        ("[snake_case_name][d]\n\n[d]: https://a.example/", "snake_case_name"),
        ('[d]: https://a.example/ "a_b \\*q\\*"', "a_b *q*"),
        ("[![alt_text](https://i.example/p.png) more](https://a.example/)", "alt_text more"),
        ("[A &amp; B](https://a.example/)", "A & B"),
    ],
)
def test_link_text_is_taken_as_rendered(text: str, title: str) -> None:
    assert links(text) == [("https://a.example/", title)]
