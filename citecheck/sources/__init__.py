"""Input readers: one per format, chosen by name, extension or content."""

from __future__ import annotations

import importlib
import os
import sys
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path

from citecheck.errors import InputError
from citecheck.models import Reference
from citecheck.sources.base import InputProblem, Reader, ReadResult
from citecheck.sources.detect import REFERENCES_JSON, detect_format, format_by_extension
from citecheck.sources.mediawiki import FetchText, is_wiki_page, read_wiki_page

# Format name -> (module, class). A reader is imported when its format is first
# met: the wikitext and BibTeX readers' parsers took ~45 ms of every start-up,
# references.json or not.
_READERS: dict[str, tuple[str, str]] = {
    REFERENCES_JSON: ("citecheck.sources.json_refs", "ReferencesJsonReader"),
    "wikitext": ("citecheck.sources.wikitext", "WikitextReader"),
    "bibtex": ("citecheck.sources.bibtex", "BibtexReader"),
    "csl-json": ("citecheck.sources.csl_json", "CslJsonReader"),
    "markdown": ("citecheck.sources.markdown", "MarkdownReader"),
    "html": ("citecheck.sources.html", "HtmlReader"),
    "txt": ("citecheck.sources.txt", "TxtReader"),
}
FORMATS: tuple[str, ...] = tuple(_READERS)


@cache
def reader(input_format: str) -> Reader:
    """The reader of a format named in FORMATS (InputError for any other name)."""
    try:
        module, cls = _READERS[input_format]
    except KeyError:
        known = ", ".join(sorted(_READERS))
        raise InputError(f"unknown input format {input_format!r} (known: {known})") from None
    made: Reader = getattr(importlib.import_module(module), cls)()
    return made


def reader_for(path: str, input_format: str | None = None, text: str | None = None) -> Reader:
    if input_format:
        return reader(input_format)
    if text is not None:
        # Extension first, then content: tells references.json from CSL-JSON and finds
        # wikitext saved as .txt.
        return reader(detect_format(path, text))
    return reader(format_by_extension(path) or REFERENCES_JSON)


def read_text(path: str) -> str:
    """The decoded text of an input file (``-`` is standard input)."""
    try:
        data = sys.stdin.buffer.read() if path == "-" else Path(path).read_bytes()
    except FileNotFoundError:
        raise InputError("no such file", file=path) from None
    except IsADirectoryError:
        raise InputError("is a directory, not a file", file=path) from None
    except OSError as exc:
        raise InputError(f"cannot be read ({exc.strerror})", file=path) from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        refuse_wide_unicode(data, path)
        raise InputError(f"is not UTF-8 text (byte {exc.start})", file=path) from None


def refuse_wide_unicode(data: bytes, path: str) -> None:
    """InputError if ``data`` starts with a UTF-16 or UTF-32 byte-order mark (Windows
    PowerShell 5 writes UTF-16 by default, with `>` and Out-File)."""
    if data.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        wide = "UTF-32"
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        wide = "UTF-16"
    else:
        return
    raise InputError(
        f"is {wide} text (it starts with a byte-order mark); citecheck reads UTF-8: "
        "save it as UTF-8 (PowerShell: Out-File -Encoding utf8)",
        file=path,
    )


@dataclass(frozen=True)
class LoadedInputs:
    references: tuple[Reference, ...]
    problems: tuple[InputProblem, ...]


def _read_one(path: str, input_format: str | None, fetch_text: FetchText | None) -> ReadResult:
    if path != "-" and not os.path.exists(path) and is_wiki_page(path):
        if fetch_text is None:
            raise InputError("reading a live wiki page needs network access", file=path)
        return read_wiki_page(path, fetch_text)[1]
    name = "<stdin>" if path == "-" else path
    text = read_text(path)
    return reader_for(path, input_format, text).read(text, file=name)


def load_inputs(
    paths: Sequence[str], input_format: str | None = None, fetch_text: FetchText | None = None
) -> LoadedInputs:
    """Read every input (a file, ``-``, or a live wiki page); ids are unique across them.

    An input that cannot be read at all is one of the problems while others can be read
    (their references are still checked); InputError only when none can."""
    references: list[Reference] = []
    problems: list[InputProblem] = []
    seen_ids: set[str] = set()
    unreadable: list[InputError] = []
    for path in paths:
        name = "<stdin>" if path == "-" else path
        try:
            result = _read_one(path, input_format, fetch_text)
        except InputError as exc:
            unreadable.append(exc)
            problems.append(InputProblem.unreadable(exc, name))
            continue
        problems.extend(result.errors)
        for reference in result.references:
            unique = reference.id
            if unique in seen_ids:
                unique = f"{Path(name).stem}:{reference.id}"
                counter = 2
                while unique in seen_ids:
                    unique = f"{Path(name).stem}:{reference.id}-{counter}"
                    counter += 1
                reference = replace(reference, id=unique)
            seen_ids.add(unique)
            references.append(reference)
    if unreadable and len(unreadable) == len(paths):
        raise unreadable[0]
    return LoadedInputs(tuple(references), tuple(problems))
