"""Reading a multistream dump on the cluster: each task parses a run of bz2 streams.

Parsing wikitext is the slow part of reading a dump (~1 MB/s per core, measured): with
the multistream index the streams are independent, so workers read them in parallel
and send back only the references. The driver keeps dump order, applies the page limit
and makes ids unique across the dump, so the answer equals ``load_dump``'s. The dump
must be at the same path on every worker (a shared file system). Without an index the
dump is read in the driver, as ``load_dump`` does.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from citecheck.distributed.errors import DistributedError
from citecheck.models import Reference
from citecheck.sources.base import InputProblem
from citecheck.sources.dump import (
    ARTICLES_ONLY,
    DumpInputs,
    PageReferences,
    load_dump,
    read_streams,
)
from citecheck.sources.dump_filter import DumpFilter
from citecheck.sources.dump_multistream import index_path_for, wanted_offsets
from citecheck.sources.textutil import unique_id

if TYPE_CHECKING:
    from distributed import Client, Future

# ~100 pages per stream: a task of 20 streams parses ~2,000 articles (seconds of work).
DEFAULT_STREAMS_PER_TASK = 20


def read_dump_distributed(
    path: str | Path,
    dump_filter: DumpFilter = ARTICLES_ONLY,
    *,
    client: Client,
    index: str | Path | None = None,
    streams_per_task: int = DEFAULT_STREAMS_PER_TASK,
    retries: int = 2,
) -> DumpInputs:
    """``load_dump(path, dump_filter)``, with the parsing spread over the cluster."""
    dump = Path(path)
    index_path = Path(index) if index is not None else index_path_for(dump)
    if index_path is None:
        return load_dump(dump, dump_filter)
    offsets = list(wanted_offsets(index_path, dump_filter.title_wanted))
    unlimited = replace(dump_filter, limit=None)
    batches = [offsets[i : i + streams_per_task] for i in range(0, len(offsets), streams_per_task)]
    futures: list[Future[tuple[PageReferences, ...]]] = [
        client.submit(read_streams, str(dump), batch, unlimited, retries=retries, pure=False)
        for batch in batches
    ]
    references: list[Reference] = []
    problems: list[InputProblem] = []
    taken: set[str] = set()
    pages = 0
    try:
        for number, future in enumerate(futures):  # in dump order
            try:
                found = future.result()
            except Exception as exc:
                raise DistributedError(
                    f"reading streams {batches[number][0]}… of {dump} failed: "
                    f"{type(exc).__name__}: {exc}"
                ) from exc
            for page in found:
                if dump_filter.limit is not None and pages >= dump_filter.limit:
                    return DumpInputs(tuple(references), tuple(problems), pages)
                pages += 1
                problems.extend(page.problems)
                for reference in page.references:
                    if reference.id in taken:  # a title twice in the dump: as load_dump does
                        reference = replace(reference, id=unique_id(reference.id, taken))
                    taken.add(reference.id)
                    references.append(reference)
    finally:
        client.cancel(futures)
    return DumpInputs(tuple(references), tuple(problems), pages)
