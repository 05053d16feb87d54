"""Choosing an input's format: by its name's ending, else by a look at its content."""

from __future__ import annotations

import json
import os
import re

from citecheck.errors import InputError
from citecheck.sources.txt import looks_like_url_list

#: Format names, as readers declare them ("json" is the references.json reader).
REFERENCES_JSON = "json"
_BY_EXTENSION = (
    (".csl.json", "csl-json"),
    (".csljson", "csl-json"),
    (".wiki", "wikitext"),
    (".wikitext", "wikitext"),
    (".mediawiki", "wikitext"),
    (".mw", "wikitext"),
    (".bib", "bibtex"),
    (".bibtex", "bibtex"),
    (".md", "markdown"),
    (".markdown", "markdown"),
    (".mdown", "markdown"),
    (".mkd", "markdown"),
    (".html", "html"),
    (".htm", "html"),
    (".xhtml", "html"),
)
# Blanks before "@" on its own line only: a leading \s* would cross newlines, and a
# file of blank lines rescanned its rest at every one.
_BIBTEX_ENTRY = re.compile(r"^[^\S\n]*@\s*[a-zA-Z]+\s*[{(]", re.MULTILINE)
_WIKI_MARKERS = re.compile(r"\{\{\s*(?:cite[ _]|citation\b)|<ref[\s>/]|^==.+==\s*$", re.I | re.M)
_HTML_START = re.compile(r"^\s*(?:<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>])", re.I)
# CSL item keys that references.json (snake_case, CS1 names) never uses.
_CSL_KEYS = frozenset({"URL", "container-title", "issued", "accessed", "type", "author"})


def detect_format(path: str | os.PathLike[str], text: str) -> str:
    """The reader name for ``path``: its extension decides, then ``text``'s content.

    ``.json`` files are either references.json or CSL-JSON; their keys tell which.
    InputError when nothing fits (the caller may still pass an explicit format).
    """
    name = os.fspath(path).lower()
    by_extension = format_by_extension(name)
    if by_extension is not None and by_extension != REFERENCES_JSON:
        return by_extension
    if name.endswith(".json") or text.lstrip().startswith(("{", "[")):
        flavour = _json_flavour(text)
        if flavour is not None:
            return flavour
        if name.endswith(".json"):
            return REFERENCES_JSON  # broken JSON: its reader says what is wrong with it
    if _HTML_START.match(text):
        return "html"
    if _BIBTEX_ENTRY.search(text):
        return "bibtex"
    if _WIKI_MARKERS.search(text):
        return "wikitext"
    if looks_like_url_list(text):
        return "txt"
    if name.endswith((".txt", ".text")) or "](" in text or re.search(r"^#{1,6} ", text, re.M):
        return "markdown"
    raise InputError(
        "cannot tell the input format: name it with --input-format "
        "(json, wikitext, bibtex, csl-json, markdown, html, txt)",
        file="<stdin>" if os.fspath(path) == "-" else os.fspath(path),
    )


def format_by_extension(path: str | os.PathLike[str]) -> str | None:
    """The format ``path``'s name ending names, if any (``.json``: references.json)."""
    name = os.fspath(path).lower()
    for ending, fmt in _BY_EXTENSION:
        if name.endswith(ending):
            return fmt
    return REFERENCES_JSON if name.endswith(".json") else None


def _json_flavour(text: str) -> str | None:
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):
        return None
    if isinstance(data, dict) and "references" in data:
        return REFERENCES_JSON
    items = data.get("items") if isinstance(data, dict) else data
    if isinstance(data, dict) and items is None:
        items = [data]
    if not isinstance(items, list):
        return None
    keys = {key for item in items if isinstance(item, dict) for key in item}
    return "csl-json" if keys & _CSL_KEYS else REFERENCES_JSON
