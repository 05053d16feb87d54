"""MediaWiki XML dumps as input: every article's citations, streamed page by page.

Reads ``pages-articles*.xml.bz2``, plain ``.xml`` and the multistream form (using its
index when title patterns allow skipping streams). Each page that passes the filter is
handed to the wikitext reader; its references keep the reader's line and offsets
*within the article text*, with ``Location.file`` the dump and ``Location.context``
``"Title@revid"``, and get ids unique across the dump: ``Title#ref-N`` (or
``Title#name`` for a named ``<ref>``). Memory stays bounded by one page plus the
references found so far; ``iter_dump`` yields them page by page for callers that
do not keep them all.
"""

from __future__ import annotations

import bz2
import re
from collections.abc import Iterator, Sequence
from contextlib import ExitStack
from dataclasses import dataclass, replace
from pathlib import Path
from typing import BinaryIO

from citecheck.errors import InputError
from citecheck.models import Reference
from citecheck.sources.base import InputProblem, Reader
from citecheck.sources.dump_filter import DumpFilter
from citecheck.sources.dump_multistream import index_path_for, stream_pages, wanted_offsets
from citecheck.sources.dump_xml import DumpPage, iter_pages
from citecheck.sources.textutil import unique_id

_BZ2_MAGIC = b"BZh"
#: The default filter: every article (namespace 0), no redirects, no limit.
ARTICLES_ONLY = DumpFilter()
_DUMP_ENDINGS = (".xml", ".xml.bz2")
_WIKIPEDIA_DUMP = re.compile(r"(?P<lang>[a-z]{2,3}(?:_[a-z]+)*)wiki-")


@dataclass(frozen=True)
class PageReferences:
    """What one article of the dump gave."""

    page: DumpPage
    references: tuple[Reference, ...]
    problems: tuple[InputProblem, ...]


@dataclass(frozen=True)
class DumpInputs:
    references: tuple[Reference, ...]
    problems: tuple[InputProblem, ...]
    pages: int  # pages read (that passed the filter)


def is_dump(path: str) -> bool:
    """Whether ``path`` names a MediaWiki XML dump (by its name: ``.xml``, ``.xml.bz2``)."""
    return path.lower().endswith(_DUMP_ENDINGS)


def _default_reader(path: str | Path) -> Reader:
    from citecheck.sources.wikitext import WikitextReader

    return WikitextReader(language=dump_language(path))


def dump_language(path: str | Path) -> str | None:
    """The wiki's language from a Wikimedia dump's name (``dewiki-20240101-pages-…``
    is German Wikipedia), which chooses the citation templates read besides CS1;
    ``None`` for other names (every language's are read)."""
    m = _WIKIPEDIA_DUMP.match(Path(path).name)
    return m["lang"].replace("_", "-") if m else None


def _open(path: Path, stack: ExitStack, *, decompress: bool = True) -> BinaryIO:
    try:
        raw: BinaryIO = stack.enter_context(path.open("rb"))
    except FileNotFoundError:
        raise InputError("no such file", file=str(path)) from None
    except OSError as exc:
        raise InputError(f"cannot be read ({exc.strerror})", file=str(path)) from None
    magic = raw.read(3)
    raw.seek(0)
    if decompress and magic == _BZ2_MAGIC:  # by content, not name: a renamed file still reads
        return stack.enter_context(bz2.open(raw, "rb"))  # type: ignore[return-value]
    return raw


def iter_filtered_pages(
    path: str | Path, dump_filter: DumpFilter = ARTICLES_ONLY, *, index: str | Path | None = None
) -> Iterator[DumpPage]:
    """The pages ``dump_filter`` wants, in dump order, up to its limit.

    ``index``: the multistream index (default: found beside the dump). It is only used
    when title patterns or a shard are given, to decompress only the streams that hold
    wanted titles.
    """
    dump = Path(path)
    name = str(dump)
    index_path = Path(index) if index is not None else index_path_for(dump)
    seen = 0
    with ExitStack() as stack:
        if index_path is not None and dump_filter.selects_titles:
            raw = _open(dump, stack, decompress=False)  # seeks to single streams
            offsets = wanted_offsets(index_path, dump_filter.title_wanted)
            pages: Iterator[DumpPage] = (
                page for offset in offsets for page in stream_pages(raw, offset, name=name)
            )
        else:
            pages = iter_pages(_open(dump, stack), name=name)
        for page in pages:
            if not dump_filter.wants(page.title, page.namespace, page.redirect is not None):
                continue
            yield page
            seen += 1
            if dump_filter.limit is not None and seen >= dump_filter.limit:
                return


def read_page(page: DumpPage, *, file: str, reader: Reader, taken: set[str]) -> PageReferences:
    """The references of one article, with dump-wide ids and the article as context."""
    try:
        result = reader.read(page.text, file=file)
    except InputError as exc:
        problem = InputProblem(file, None, f"[[{page.title}]]: {_bare(exc, file)}; page skipped")
        return PageReferences(page, (), (problem,))
    references = []
    for reference in result.references:
        location = replace(reference.location, file=file, context=page.context)
        unique = unique_id(f"{page.title}#{reference.id}", taken)
        references.append(replace(reference, id=unique, location=location))
    # The reader's line numbers are the article's, not the dump file's: they go in the
    # message, with the article, and the problem names the dump without a line.
    problems = tuple(
        InputProblem(file, None, f"{_where(page, p.line)}: {p.message}") for p in result.errors
    )
    return PageReferences(page, tuple(references), problems)


def _where(page: DumpPage, line: int | None) -> str:
    return f"[[{page.title}]]" + (f" line {line}" if line is not None else "")


def _bare(exc: InputError, file: str) -> str:
    text = str(exc)
    prefix = f"{file}: "
    return text[len(prefix):] if text.startswith(prefix) else text


def iter_dump(
    path: str | Path,
    dump_filter: DumpFilter = ARTICLES_ONLY,
    *,
    reader: Reader | None = None,
    index: str | Path | None = None,
) -> Iterator[PageReferences]:
    """Each wanted article with its references, as the dump is read."""
    reader = reader or _default_reader(path)
    file = str(path)
    taken: set[str] = set()
    for page in iter_filtered_pages(path, dump_filter, index=index):
        yield read_page(page, file=file, reader=reader, taken=taken)


def read_streams(
    path: str | Path,
    offsets: Sequence[int],
    dump_filter: DumpFilter = ARTICLES_ONLY,
    *,
    reader: Reader | None = None,
) -> tuple[PageReferences, ...]:
    """The wanted articles of some streams of a multistream dump (a unit of parallel reading).

    The page limit is not applied (the caller counts pages in dump order), and the pages'
    text is dropped from the answer: only their references travel back. Ids are unique
    within these streams; the caller makes them unique across the dump.
    """
    reader = reader or _default_reader(path)
    file = str(path)
    taken: set[str] = set()
    found: list[PageReferences] = []
    with Path(path).open("rb") as raw:
        for offset in offsets:
            for page in stream_pages(raw, offset, name=file):
                if dump_filter.wants(page.title, page.namespace, page.redirect is not None):
                    read = read_page(page, file=file, reader=reader, taken=taken)
                    found.append(replace(read, page=replace(page, text="")))
    return tuple(found)


def load_dump(
    path: str | Path,
    dump_filter: DumpFilter = ARTICLES_ONLY,
    *,
    reader: Reader | None = None,
    index: str | Path | None = None,
) -> DumpInputs:
    """Every reference of the wanted articles (for ``check``/``audit``, which take a list)."""
    references: list[Reference] = []
    problems: list[InputProblem] = []
    pages = 0
    for found in iter_dump(path, dump_filter, reader=reader, index=index):
        pages += 1
        references.extend(found.references)
        problems.extend(found.problems)
    return DumpInputs(tuple(references), tuple(problems), pages)
