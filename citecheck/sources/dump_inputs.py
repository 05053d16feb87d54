"""Inputs that may include MediaWiki dumps: dumps are streamed, other files read as usual.

``load_inputs_with_dumps`` is ``citecheck.sources.load_inputs`` for a list of inputs in
which some are dumps (``*.xml``, ``*.xml.bz2``): those go through ``load_dump`` with the
given filter, everything else through ``load_inputs``; ids stay unique across all of
them, as ``load_inputs`` keeps them unique across files.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from citecheck.errors import InputError
from citecheck.models import Reference
from citecheck.sources import LoadedInputs, load_inputs
from citecheck.sources.base import InputProblem
from citecheck.sources.dump import ARTICLES_ONLY, is_dump, load_dump
from citecheck.sources.dump_filter import DumpFilter


def load_inputs_with_dumps(
    paths: Sequence[str],
    input_format: str | None = None,
    *args: Any,
    dump_filter: DumpFilter = ARTICLES_ONLY,
    dump_index: str | None = None,
    **kwargs: Any,
) -> LoadedInputs:
    """Every reference of ``paths`` in order; extra arguments go to ``load_inputs``."""
    references: list[Reference] = []
    problems: list[InputProblem] = []
    seen: set[str] = set()
    unreadable: list[InputError] = []
    for path in paths:
        try:
            if path != "-" and is_dump(path):
                dumped = load_dump(path, dump_filter, index=dump_index)
                found, trouble = dumped.references, dumped.problems
            else:
                loaded = load_inputs([path], input_format, *args, **kwargs)
                found, trouble = loaded.references, loaded.problems
        except InputError as exc:  # as load_inputs: a problem while other inputs can be read
            unreadable.append(exc)
            problems.append(InputProblem.unreadable(exc, "<stdin>" if path == "-" else path))
            continue
        problems.extend(trouble)
        for reference in found:
            if reference.id in seen:
                reference = replace(reference, id=_unique(f"{Path(path).stem}:{reference.id}",
                                                          seen))
            seen.add(reference.id)
            references.append(reference)
    if unreadable and len(unreadable) == len(paths):
        raise unreadable[0]
    return LoadedInputs(tuple(references), tuple(problems))


def _unique(wanted: str, taken: set[str]) -> str:
    candidate, counter = wanted, 2
    while candidate in taken:
        candidate = f"{wanted}-{counter}"
        counter += 1
    return candidate
