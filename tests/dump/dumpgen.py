"""Generated MediaWiki dumps for tests: real-looking articles with CS1 citations.

Writes the three forms citecheck reads: plain XML, bz2, and multistream bz2 with its
index, laid out like the Wikimedia dumps (export-0.11 namespace, siteinfo, pages with
revisions; multistream: a header stream, streams of ``per_stream`` pages, an end stream).
"""

from __future__ import annotations

import bz2
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

NS = "http://www.mediawiki.org/xml/export-0.11/"
HEADER = f"""<mediawiki xmlns="{NS}" version="0.11" xml:lang="en">
  <siteinfo>
    <sitename>Wikipedia</sitename>
    <dbname>enwiki</dbname>
    <namespaces>
      <namespace key="0" case="first-letter" />
      <namespace key="1" case="first-letter">Talk</namespace>
      <namespace key="4" case="first-letter">Wikipedia</namespace>
    </namespaces>
  </siteinfo>
"""
FOOTER = "</mediawiki>\n"


@dataclass(frozen=True)
class GenPage:
    title: str
    text: str
    namespace: int = 0
    page_id: int = 0
    revision_id: int = 0
    redirect: str | None = None


def page_xml(page: GenPage) -> str:
    redirect = f"    <redirect title={quoteattr(page.redirect)} />\n" if page.redirect else ""
    return (
        "  <page>\n"
        f"    <title>{escape(page.title)}</title>\n"
        f"    <ns>{page.namespace}</ns>\n"
        f"    <id>{page.page_id}</id>\n"
        f"{redirect}"
        "    <revision>\n"
        f"      <id>{page.revision_id}</id>\n"
        f"      <parentid>{page.revision_id - 1}</parentid>\n"
        "      <timestamp>2026-10-01T12:00:00Z</timestamp>\n"
        "      <contributor><username>Editor</username><id>42</id></contributor>\n"
        "      <model>wikitext</model>\n"
        "      <format>text/x-wiki</format>\n"
        f'      <text bytes="{len(page.text.encode())}" xml:space="preserve">'
        f"{escape(page.text)}</text>\n"
        "      <sha1>0000000000000000000000000000000</sha1>\n"
        "    </revision>\n"
        "  </page>\n"
    )


def write_xml(path: Path, pages: Sequence[GenPage]) -> Path:
    with path.open("w", encoding="utf-8") as out:
        out.write(HEADER)
        for page in pages:
            out.write(page_xml(page))
        out.write(FOOTER)
    return path


def write_bz2(path: Path, pages: Sequence[GenPage]) -> Path:
    with bz2.open(path, "wt", encoding="utf-8") as out:
        out.write(HEADER)
        for page in pages:
            out.write(page_xml(page))
        out.write(FOOTER)
    return path


def write_multistream(
    directory: Path,
    pages: Sequence[GenPage],
    per_stream: int = 10,
    stem: str = "testwiki-20261101-pages-articles",
) -> tuple[Path, Path]:
    dump = directory / f"{stem}-multistream.xml.bz2"
    index = directory / f"{stem}-multistream-index.txt.bz2"
    lines: list[str] = []
    with dump.open("wb") as out:
        out.write(bz2.compress(HEADER.encode()))
        for start in range(0, len(pages), per_stream):
            group = pages[start : start + per_stream]
            offset = out.tell()
            out.write(bz2.compress("".join(page_xml(p) for p in group).encode()))
            lines.extend(f"{offset}:{p.page_id}:{p.title}\n" for p in group)
        out.write(bz2.compress(FOOTER.encode()))
    index.write_bytes(bz2.compress("".join(lines).encode()))
    return dump, index


# -- article text -----------------------------------------------------------------------

_WORDS = [
    "river",
    "valley",
    "offensive",
    "council",
    "election",
    "museum",
    "railway",
    "festival",
    "treaty",
    "province",
    "cathedral",
    "university",
    "expedition",
    "dynasty",
    "harbour",
]


def cite(
    kind: str,
    url: str,
    title: str,
    *,
    work: str = "The Daily Test",
    date: str = "12 March 2015",
    access: str = "1 October 2020",
) -> str:
    field = "work" if kind == "news" else "website"
    return (
        f"{{{{cite {kind} |url={url} |title={title} |{field}={work} |date={date} "
        f"|access-date={access}}}}}"
    )


def article(title: str, citations: Sequence[str], rng: random.Random) -> str:
    """An article whose paragraphs each end in one ``<ref>`` holding a citation."""
    parts = [f"'''{title}''' is a {rng.choice(_WORDS)} in the [[Test Province]].\n"]
    for n, citation in enumerate(citations, start=1):
        sentence = " ".join(rng.choice(_WORDS) for _ in range(12)).capitalize()
        if n % 4 == 1:
            parts.append(f"\n== Section {n} ==\n")
        parts.append(f"{sentence}.<ref>{citation}</ref>\n")
    parts.append("\n== References ==\n{{Reflist}}\n\n[[Category:Tests]]\n")
    return "".join(parts)


def generated_pages(
    count: int,
    citations_for: Callable[[int, random.Random], Sequence[str]],
    *,
    seed: int = 11,
    extra: Sequence[GenPage] = (),
) -> list[GenPage]:
    """``count`` articles ("Article 0"...), then ``extra`` pages (talk pages, redirects)."""
    rng = random.Random(seed)
    pages = []
    for i in range(count):
        title = f"Article {i}"
        text = article(title, citations_for(i, rng), rng)
        pages.append(GenPage(title, text, 0, 1000 + i, 50_000 + i))
    for j, page in enumerate(extra):
        pages.append(
            GenPage(page.title, page.text, page.namespace, 9000 + j, 90_000 + j, page.redirect)
        )
    return pages
