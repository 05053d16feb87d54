"""Input readers: one per format, chosen by name, extension or content."""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from citecheck.errors import InputError
from citecheck.models import Reference
from citecheck.sources.base import InputProblem, Reader, ReadResult
from citecheck.sources.detect import detect_format
from citecheck.sources.json_refs import ReferencesJsonReader
from citecheck.sources.mediawiki import FetchText, is_wiki_page, read_wiki_page
from citecheck.sources.registry_extra import EXTRA_READERS

READERS: dict[str, Reader] = {
    reader.name: reader
    for reader in (ReferencesJsonReader(), *(cls() for cls in EXTRA_READERS))
}


def reader_for(path: str, input_format: str | None = None, text: str | None = None) -> Reader:
    if input_format:
        try:
            return READERS[input_format]
        except KeyError:
            known = ", ".join(sorted(READERS))
            raise InputError(f"unknown input format {input_format!r} (known: {known})") from None
    if text is not None:
        # Extension first, then content: tells references.json from CSL-JSON and finds
        # wikitext saved as .txt.
        return READERS[detect_format(path, text)]
    name = path.lower()
    for reader in READERS.values():
        if name.endswith(reader.extensions):
            return reader
    return READERS["json"]


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
        raise InputError(f"is not UTF-8 text (byte {exc.start})", file=path) from None


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
    """Read every input (a file, ``-``, or a live wiki page); ids are unique across them."""
    references: list[Reference] = []
    problems: list[InputProblem] = []
    seen_ids: set[str] = set()
    for path in paths:
        name = "<stdin>" if path == "-" else path
        result = _read_one(path, input_format, fetch_text)
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
    return LoadedInputs(tuple(references), tuple(problems))
