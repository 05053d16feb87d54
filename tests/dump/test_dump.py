"""Reading MediaWiki dumps: the three file forms, filters, ids, locations, bounded memory."""

from __future__ import annotations

import bz2
import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from citecheck.errors import ConfigError, InputError
from citecheck.sources.dump import dump_language, is_dump, iter_filtered_pages, load_dump
from citecheck.sources.dump_filter import DumpFilter
from citecheck.sources.dump_multistream import index_path_for
from tests.dump.dumpgen import (
    GenPage,
    cite,
    generated_pages,
    write_bz2,
    write_multistream,
    write_xml,
)

EXTRA = (
    GenPage("Talk:Article 3", "Talk page " + "<ref>" + cite("web", "https://talk.example/",
                                                             "Talk source") + "</ref>", 1),
    GenPage("Old name", "#REDIRECT [[Article 1]]", 0, redirect="Article 1"),
    GenPage("Broken article", "Text <ref name=\"x\" /> and " + cite("web", "https://ok.example/b",
                                                                     "B"), 0),
)


def citations(i: int, rng: object) -> list[str]:
    return [
        cite("web", f"https://site{i % 7}.example/page/{i}-{n}", f"Page {i} number {n}")
        for n in range(1 + i % 3)
    ] + ([cite("news", f"https://news.example/{i}", f"News {i}")] if i % 2 else [])


def pages() -> list[GenPage]:
    return generated_pages(30, citations, extra=EXTRA)


def expected_count(wanted: list[GenPage]) -> int:
    return sum(1 + int(p.title.split()[-1]) % 3 + int(p.title.split()[-1]) % 2 for p in wanted)


@pytest.fixture(params=["xml", "bz2", "multistream"])
def dump_path(request: pytest.FixtureRequest, tmp_path: Path) -> Path:
    if request.param == "xml":
        return write_xml(tmp_path / "enwiki-pages-articles.xml", pages())
    if request.param == "bz2":
        return write_bz2(tmp_path / "enwiki-pages-articles.xml.bz2", pages())
    return write_multistream(tmp_path, pages(), per_stream=4)[0]


def test_every_article_in_every_form(dump_path: Path) -> None:
    loaded = load_dump(dump_path)
    articles = [p for p in pages() if p.title.startswith("Article")]
    # Namespace 0 only, no redirect; the broken article still gives its citation.
    assert loaded.pages == len(articles) + 1
    assert len(loaded.references) == expected_count(articles) + 1
    ids = [r.id for r in loaded.references]
    assert len(set(ids)) == len(ids)
    first = loaded.references[0]
    assert first.id == "Article 0#ref-1"
    assert first.url == "https://site0.example/page/0-0"
    assert first.title == "Page 0 number 0"
    assert first.website == "The Daily Test"
    assert first.date == "2015-03-12" and first.access_date == "2020-10-01"
    assert first.location.file == str(dump_path)
    assert first.location.context == "Article 0@50000"
    news = next(r for r in loaded.references if r.url == "https://news.example/1")
    assert news.id == "Article 1#ref-3" and news.work == "The Daily Test"
    # Line numbers are the article's own: the citation is on the article's third line.
    assert news.location.line is not None and news.location.line > 1
    text = next(p.text for p in pages() if p.title == "Article 1")
    assert text[news.location.start : news.location.end].startswith("{{cite news")
    # The reader's problem (a <ref> used but never defined) names the article.
    assert [str(p) for p in loaded.problems] == [
        f'{dump_path}: [[Broken article]] line 1: <ref name="x" /> is used but never defined']


def test_filters_namespaces_titles_redirects_and_limit(tmp_path: Path) -> None:
    dump = write_bz2(tmp_path / "d.xml.bz2", pages())
    talk = load_dump(dump, DumpFilter.build(namespaces="1"))
    assert [r.id for r in talk.references] == ["Talk:Article 3#ref-1"]
    assert load_dump(dump, DumpFilter.build(namespaces="all")).pages == len(pages()) - 1
    with_redirects = DumpFilter.build(namespaces="all", redirects=True)
    assert [p.title for p in iter_filtered_pages(dump, with_redirects)][-2] == "Old name"
    globbed = load_dump(dump, DumpFilter.build(titles=("Article_1?",)))
    assert {r.location.context for r in globbed.references} == {
        f"Article {i}@{50_000 + i}" for i in range(10, 20)}
    regex = load_dump(dump, DumpFilter.build(titles=("re:^Article [0-2]$",)))
    assert regex.pages == 3
    limited = load_dump(dump, DumpFilter.build(limit=5))
    assert limited.pages == 5 and limited.references[-1].id.startswith("Article 4#")
    with pytest.raises(ConfigError):
        DumpFilter.build(titles=("re:(",))
    with pytest.raises(ConfigError):
        DumpFilter.build(namespaces="main")
    with pytest.raises(ConfigError):
        DumpFilter.build(limit=0)


def test_multistream_index_reads_only_the_wanted_streams(tmp_path: Path) -> None:
    dump, index = write_multistream(tmp_path, pages(), per_stream=4)
    assert index_path_for(dump) == index
    wanted = DumpFilter.build(titles=("Article 13", "Article 27"))
    found = load_dump(dump, wanted)
    assert {r.location.context for r in found.references} == {"Article 13@50013",
                                                               "Article 27@50027"}
    # Proof that the index was used: corrupt a stream holding none of the wanted titles.
    # Reading everything fails on it; the indexed read never touches it.
    data = bytearray(dump.read_bytes())
    offsets = sorted({int(line.split(":")[0]) for line in
                      bz2.decompress(index.read_bytes()).decode().splitlines()})
    victim = offsets[1]  # Articles 4-7
    data[victim + 10 : victim + 60] = b"\0" * 50
    dump.write_bytes(bytes(data))
    assert load_dump(dump, wanted).references == found.references
    with pytest.raises(InputError):
        load_dump(dump)


def test_wrong_index_and_broken_xml_are_input_errors(tmp_path: Path) -> None:
    dump, index = write_multistream(tmp_path, pages(), per_stream=4)
    index.write_bytes(bz2.compress(b"7:1000:Article 0\n"))
    with pytest.raises(InputError, match="no bz2 stream at byte 7"):
        load_dump(dump, DumpFilter.build(titles=("Article 0",)))
    index.write_bytes(bz2.compress(b"garbage line\n"))
    with pytest.raises(InputError, match="multistream index"):
        load_dump(dump, DumpFilter.build(titles=("Article 0",)))
    broken = tmp_path / "broken.xml"
    broken.write_text("<mediawiki><page><title>A</title><ns>0</ns>", encoding="utf-8")
    with pytest.raises(InputError, match="not a readable MediaWiki XML dump"):
        load_dump(broken)
    with pytest.raises(InputError, match="no such file"):
        load_dump(tmp_path / "missing.xml.bz2")
    cut = write_bz2(tmp_path / "cut.xml.bz2", pages())
    cut.write_bytes(cut.read_bytes()[:-200])
    with pytest.raises(InputError, match="damaged or truncated"):
        load_dump(cut)


def test_entities_are_not_resolved(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("https://leak.example/", encoding="utf-8")
    hostile = tmp_path / "hostile.xml"
    hostile.write_text(
        f'<?xml version="1.0"?><!DOCTYPE m [<!ENTITY x SYSTEM "file://{secret}">]>'
        "<mediawiki><page><title>A</title><ns>0</ns><revision><id>1</id>"
        "<text>{{cite web |url=&x; |title=T}}</text></revision></page></mediawiki>",
        encoding="utf-8",
    )
    loaded = load_dump(hostile)
    assert all("leak.example" not in (r.url or "") for r in loaded.references)


def test_is_dump_by_name() -> None:
    assert is_dump("enwiki-20261101-pages-articles-multistream.xml.bz2")
    assert is_dump("small.XML")
    assert not is_dump("refs.json") and not is_dump("page.wiki")


def test_memory_stays_bounded_on_a_large_dump(tmp_path: Path) -> None:
    """60 MB of article text: a parser keeping the tree would hold all of it."""
    body = "Lorem ipsum dolor sit amet. " * 2200  # ~60 kB per page
    dump = tmp_path / "big.xml"
    with dump.open("w", encoding="utf-8") as out:
        out.write("<mediawiki>")
        for i in range(1000):
            out.write(f"<page><title>P{i}</title><ns>0</ns><id>{i}</id><revision><id>{i}</id>"
                      f"<text>{body}</text></revision></page>")
        out.write("</mediawiki>")
    script = textwrap.dedent(f"""
        import json, resource
        from citecheck.sources.dump import iter_filtered_pages
        base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        count = sum(len(p.text) for p in iter_filtered_pages({str(dump)!r}))
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        print(json.dumps({{"chars": count, "growth_kb": peak - base}}))
    """)
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                         check=True, cwd=Path(__file__).parents[2])
    measured = json.loads(out.stdout)
    assert measured["chars"] == 1000 * len(body)
    assert measured["growth_kb"] < 15_000, measured  # kept tree: ~38,000 kB more


def test_shards_are_disjoint_and_cover_the_dump(tmp_path: Path) -> None:
    dump, _ = write_multistream(tmp_path, pages(), per_stream=4)
    everything = [r.id for r in load_dump(dump).references]
    parts = [[r.id for r in load_dump(dump, DumpFilter.build(shard=f"{i}/3")).references]
             for i in range(3)]
    assert sorted(i for part in parts for i in part) == sorted(everything)
    assert all(parts)  # each shard got some articles
    with pytest.raises(ConfigError):
        DumpFilter.build(shard="3/3")
    with pytest.raises(ConfigError):
        DumpFilter.build(shard="a/b")


def test_a_wikimedia_dump_name_chooses_the_citation_templates(tmp_path: Path) -> None:
    text = (
        "<ref>{{Internetquelle |url=https://de.example/a |titel=Deutsch |abruf=1. Mai 2020}}</ref>"
        "<ref>{{Lien web |url=https://fr.example/b |titre=Français}}</ref>"
    )
    pages = [GenPage("Artikel", text, 0)]
    german = load_dump(write_xml(tmp_path / "dewiki-20260101-pages-articles.xml", pages))
    assert [(r.url, r.title, r.access_date) for r in german.references] == [
        ("https://de.example/a", "Deutsch", "2020-05-01"),
        ("https://fr.example/b", None, None),  # no citation on dewiki: a link in a ref
    ]
    anything = load_dump(write_xml(tmp_path / "export.xml", pages))  # unknown: all languages
    assert [r.title for r in anything.references] == ["Deutsch", "Français"]
    assert dump_language("zh_yuewiki-latest-pages-articles.xml.bz2") == "zh-yue"
    assert dump_language("enwiktionary-latest-pages-articles.xml") is None
