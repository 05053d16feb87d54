"""The multistream form of a dump: independent bz2 streams of ~100 pages, and an index.

``…-pages-articles-multistream.xml.bz2`` is a concatenation of bz2 streams; its index
(``…-multistream-index.txt.bz2``) has one line ``OFFSET:PAGE_ID:TITLE`` per page, where
OFFSET is the byte offset of the stream holding the page. With title patterns, only
the streams holding a wanted title are decompressed: reading a few articles out of
English Wikipedia takes seconds instead of hours. (Without patterns the whole file is
read in order, which ``bz2`` does natively across streams.)
"""

from __future__ import annotations

import bz2
import io
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import BinaryIO, TextIO

from citecheck.errors import InputError
from citecheck.sources.dump_xml import DumpPage, iter_pages

_READ = 1 << 20
_MARKER = "-multistream.xml"


def index_path_for(dump: Path) -> Path | None:
    """The index file beside a multistream dump, if there is one."""
    name = dump.name
    if _MARKER not in name:
        return None
    stem = name[: name.index(_MARKER)]
    for candidate in (f"{stem}-multistream-index.txt.bz2", f"{stem}-multistream-index.txt"):
        path = dump.with_name(candidate)
        if path.is_file():
            return path
    return None


def _open_index(path: Path) -> TextIO:
    if path.name.endswith(".bz2"):
        return io.TextIOWrapper(bz2.open(path, "rb"), encoding="utf-8")
    return path.open(encoding="utf-8")


def wanted_offsets(index: Path, wanted: Callable[[str], bool]) -> Iterator[int]:
    """Offsets of the streams holding a title ``wanted`` accepts, in file order, once each."""
    last: int | None = None
    with _open_index(index) as lines:
        for number, line in enumerate(lines, start=1):
            line = line.rstrip("\n")
            if not line:
                continue
            parts = line.split(":", 2)  # titles may contain colons themselves
            if len(parts) != 3 or not parts[0].isdigit():
                raise InputError("not a multistream index line", file=str(index), line=number)
            offset = int(parts[0])
            if offset != last and wanted(parts[2]):
                last = offset
                yield offset


def read_stream(dump: BinaryIO, offset: int, *, name: str) -> bytes:
    """The decompressed bytes of the one bz2 stream starting at ``offset``."""
    dump.seek(offset)
    decompressor = bz2.BZ2Decompressor()
    parts: list[bytes] = []
    try:
        while not decompressor.eof:
            data = dump.read(_READ)
            if not data:
                raise InputError(f"bz2 stream at byte {offset} is truncated", file=name)
            parts.append(decompressor.decompress(data))
    except OSError as exc:  # "Invalid data stream": the index does not fit this dump
        message = f"no bz2 stream at byte {offset} (wrong index?): {exc}"
        raise InputError(message, file=name) from exc
    return b"".join(parts)


def stream_pages(dump: BinaryIO, offset: int, *, name: str) -> Iterator[DumpPage]:
    """The pages of one stream: a run of ``<page>`` elements without a root, so one is added.

    The first stream holds the ``<mediawiki>`` header and the last its end tag; neither
    is in an index, but a stream that carries an end tag is still read correctly.
    """
    data = read_stream(dump, offset, name=name).replace(b"</mediawiki>", b"")
    wrapped = io.BytesIO(b"<mediawiki>" + data + b"</mediawiki>")
    yield from iter_pages(wrapped, name=f"{name}@{offset}")
