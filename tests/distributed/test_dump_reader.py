"""Reading a multistream dump on the cluster gives what reading it in one process gives."""

from __future__ import annotations

from pathlib import Path

import pytest

from citecheck.distributed.dump_reader import read_dump_distributed
from citecheck.sources.dump import load_dump
from citecheck.sources.dump_filter import DumpFilter
from tests.dump.dumpgen import GenPage, cite, generated_pages, write_bz2, write_multistream


def citations(i: int, rng: object) -> list[str]:
    return [cite("web", f"https://s{i % 5}.example/{i}/{n}", f"Page {i} {n}")
            for n in range(1 + i % 4)]


EXTRA = (GenPage("Talk:Article 2", "<ref>" + cite("web", "https://t.example/", "T") + "</ref>", 1),
         GenPage("Article 7", cite("web", "https://dup.example/", "Same title again")))


@pytest.mark.parametrize("made", [
    DumpFilter(),
    DumpFilter.build(titles=("Article 1*",)),
    DumpFilter.build(namespaces="all", limit=25),
    DumpFilter.build(shard="1/3"),
])
def test_same_references_as_one_process(cluster_client, tmp_path: Path, made: DumpFilter) -> None:
    pages = generated_pages(120, citations, extra=EXTRA)
    dump, _ = write_multistream(tmp_path, pages, per_stream=7)
    expected = load_dump(dump, made)
    got = read_dump_distributed(dump, made, client=cluster_client, streams_per_task=3)
    assert got == expected
    assert got.pages > 0 and got.references


def test_without_an_index_it_reads_locally(cluster_client, tmp_path: Path) -> None:
    dump = write_bz2(tmp_path / "plain-pages-articles.xml.bz2",
                     generated_pages(10, citations))
    assert read_dump_distributed(dump, client=cluster_client) == load_dump(dump)
