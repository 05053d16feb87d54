from __future__ import annotations

import pytest

from citecheck.errors import InputError
from citecheck.sources.detect import detect_format


@pytest.mark.parametrize(
    ("path", "text", "expected"),
    [
        ("article.wiki", "", "wikitext"),
        ("Article.MEDIAWIKI", "", "wikitext"),
        ("refs.bib", "", "bibtex"),
        ("library.csl.json", "[]", "csl-json"),
        ("notes.md", "", "markdown"),
        ("page.HTM", "", "html"),
        ("references.json", '{"source": "x", "references": []}', "json"),
        ("references.json", '[{"url": "http://a.example/", "title": "A"}]', "json"),
        ("export.json", '[{"URL": "http://a.example/", "type": "webpage"}]', "csl-json"),
        ("export.json", '{"items": [{"container-title": "X"}]}', "csl-json"),
        ("page.txt", "Text<ref>{{cite web|url=http://a.example/}}</ref>", "wikitext"),
        ("dump", "== Heading ==\nText", "wikitext"),
        ("refs", "% c\n@article{key,\n title={T}}", "bibtex"),
        ("saved", "<!DOCTYPE html><html><body></body></html>", "html"),
        ("readme", "# Title\n\n[a](http://a.example/)", "markdown"),
        ("notes.txt", "plain words", "markdown"),
        ("broken.json", '{"references": [', "json"),
    ],
)
def test_detect_format(path: str, text: str, expected: str) -> None:
    assert detect_format(path, text) == expected


def test_unknown_content_is_an_input_error() -> None:
    with pytest.raises(InputError):
        detect_format("blob.bin", "\x00\x01 binary")
