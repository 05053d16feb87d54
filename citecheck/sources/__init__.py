"""Input readers: one per format, chosen by extension or by name."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from citecheck.errors import InputError
from citecheck.models import Reference
from citecheck.sources.base import InputProblem, Reader, ReadResult
from citecheck.sources.json_refs import ReferencesJsonReader

READERS: dict[str, Reader] = {reader.name: reader for reader in (ReferencesJsonReader(),)}


def reader_for(path: str, input_format: str | None = None) -> Reader:
    if input_format:
        try:
            return READERS[input_format]
        except KeyError:
            known = ", ".join(sorted(READERS))
            raise InputError(f"unknown input format {input_format!r} (known: {known})") from None
    suffix = Path(path).suffix.lower()
    for reader in READERS.values():
        if suffix in reader.extensions:
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


def load_inputs(paths: Sequence[str], input_format: str | None = None) -> LoadedInputs:
    """Read every input; ids are made unique across files."""
    references: list[Reference] = []
    problems: list[InputProblem] = []
    seen_ids: set[str] = set()
    for path in paths:
        name = "<stdin>" if path == "-" else path
        result: ReadResult = reader_for(path, input_format).read(read_text(path), file=name)
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
