"""Recall and precision of citecheck's readers against independent extractors.

    python benchmarks/reader_recall.py wikitext FILE...
    python benchmarks/reader_recall.py markdown FILE... [--lychee PATH]
    python benchmarks/reader_recall.py bibtex FILE...

For each file, the URLs citecheck's reader gives are compared with the URLs another
tool finds in the same text (what a citation checker should check):

- wikitext: mwparserfromhell's external links inside every ``<ref>`` (gallery
  captions parsed as wikitext too) and inside every ``{{cite …}}``/``{{citation}}``
  template, protocol-relative ones read as https. Archive copies (Wayback,
  archive.today, WebCite, Wikiwix) are compared apart, with citecheck's
  ``archive_url`` (a ``{{wayback}}`` snapshot URL citecheck builds is not in the
  text, so it is left out).
- markdown: markdown-it-py's CommonMark links and autolinks (images excluded); with
  ``--lychee``, also ``lychee --dump`` (which finds bare URLs too).
- bibtex: bibtexparser's ``url`` fields and every ``\\url{}``/``\\href{}`` in any field.

Run it with the interpreter of the citecheck to measure (another checkout's venv
measures that checkout). Nothing here is a test: it reads third-party files that
are not in the repository.
"""

from __future__ import annotations

import argparse
import html
import re
import subprocess
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit, urlunsplit

if TYPE_CHECKING:
    from mwparserfromhell.wikicode import Wikicode

    from citecheck.models import Reference

_ARCHIVE_HOSTS = re.compile(
    r"^https?://(?:web\.archive\.org|wayback\.archive\.org|archive\.(?:today|is|ph|li|fo|md|vn)"
    r"|(?:www\.)?webcitation\.org|archive\.wikiwix\.com|webarchive\.nationalarchives\.gov\.uk)/",
    re.IGNORECASE,
)
_LATEX_URL = re.compile(r"\\(?:url|href)\s*\{\s*([^{}\s]+)\s*\}")


@dataclass
class Score:
    found: int = 0  # by citecheck
    expected: int = 0  # by the other tool
    common: int = 0

    def add(self, ours: set[str], theirs: set[str]) -> None:
        self.found += len(ours)
        self.expected += len(theirs)
        self.common += len(ours & theirs)

    def describe(self) -> str:
        recall = self.common / self.expected if self.expected else 1.0
        precision = self.common / self.found if self.found else 1.0
        return (
            f"recall {recall:7.2%} ({self.common}/{self.expected})  "
            f"precision {precision:7.2%} ({self.common}/{self.found})"
        )


def _http(url: str) -> str | None:
    """``url`` if it is a web link, as lychee writes it (``https://a.example`` and
    ``https://a.example/`` are one URL)."""
    url = html.unescape(url.strip())  # &amp; in wikitext is & in the link
    if url.startswith("//"):
        url = "https:" + url
    if not url.lower().startswith(("http://", "https://")):
        return None
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path="/")) if not parts.path else url


def _urls(values: Iterable[str | None]) -> set[str]:
    return {u for v in values if v and (u := _http(v))}


# wikitext


def wikitext_expected(text: str) -> set[str]:
    import mwparserfromhell

    found: set[str] = set()

    def links(code: Wikicode) -> None:
        found.update(_urls(str(link.url) for link in code.filter_external_links(recursive=True)))

    def visit(code: Wikicode) -> None:
        for tag in code.filter_tags(recursive=True):
            name = str(tag.tag).strip().lower()
            if name == "ref" and tag.contents is not None:
                links(tag.contents)
            elif name == "gallery" and tag.contents is not None:
                visit(mwparserfromhell.parse(str(tag.contents)))
        for template in code.filter_templates(recursive=True):
            name = " ".join(str(template.name).replace("_", " ").split()).lower()
            if name.startswith("cite ") or name == "citation":
                links(mwparserfromhell.parse(str(template)))

    visit(mwparserfromhell.parse(text))
    return found


def measure_wikitext(paths: list[Path]) -> None:
    from citecheck.sources.wikitext import WikitextReader

    cited, archived = Score(), Score()
    for path in paths:
        text = path.read_text(encoding="utf-8")
        refs = WikitextReader().read(text, file=str(path)).references
        expected = wikitext_expected(text)
        archives = {u for u in expected if _ARCHIVE_HOSTS.match(u)}
        ours = _urls(r.url for r in refs)
        # A snapshot URL citecheck built from {{wayback|date=}} is not in the text.
        our_archives = _urls(r.archive_url for r in refs) & (archives | _urls(_in_text(text, refs)))
        file_score = Score()
        file_score.add(ours, expected - archives)
        cited.add(ours, expected - archives)
        archived.add(our_archives, archives)
        print(f"{path.name[:48]:48} {file_score.describe()}")
    print(f"{'all files: cited URLs':48} {cited.describe()}")
    print(f"{'all files: archive URLs':48} {archived.describe()}")


def _in_text(text: str, refs: Iterable[Reference]) -> list[str]:
    return [r.archive_url for r in refs if r.archive_url and r.archive_url in text]


# markdown


def markdown_expected(text: str) -> set[str]:
    from markdown_it import MarkdownIt

    found: set[str] = set()
    for token in MarkdownIt("commonmark").parse(text):
        for child in token.children or ():
            if child.type == "link_open":
                found.update(_urls([str(child.attrs.get("href", ""))]))
    return found


def lychee_expected(lychee: str, path: Path) -> set[str]:
    # --dump lists what lychee would check, and sends nothing.
    output = subprocess.run(
        [lychee, "--dump", "--no-progress", "--include-mail", str(path)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    return _urls(line.split()[0] for line in output.stdout.splitlines() if line.strip())


def measure_markdown(paths: list[Path], lychee: str | None) -> None:
    from citecheck.sources.markdown import MarkdownReader

    against_md, against_lychee = Score(), Score()
    for path in paths:
        text = path.read_text(encoding="utf-8")
        ours = _urls(r.url for r in MarkdownReader().read(text, file=str(path)).references)
        file_score = Score()
        file_score.add(ours, markdown_expected(text))
        against_md.add(ours, markdown_expected(text))
        line = f"{path.name[:30]:30} markdown-it {file_score.describe()}"
        if lychee:
            theirs = lychee_expected(lychee, path)
            lychee_score = Score()
            lychee_score.add(ours, theirs)
            against_lychee.add(ours, theirs)
            line += f"\n{'':30} lychee      {lychee_score.describe()}"
        print(line)
    print(f"{'all files':30} markdown-it {against_md.describe()}")
    if lychee:
        print(f"{'':30} lychee      {against_lychee.describe()}")


# bibtex


def bibtex_expected(text: str) -> set[str]:
    import bibtexparser

    found: set[str] = set()
    for entry in bibtexparser.parse_string(text).entries:
        for field in entry.fields:
            value = str(field.value)
            if field.key.lower() == "url":
                found.update(_urls([_LATEX_URL.sub(r"\1", value).strip("{} ")]))
            found.update(_urls(_LATEX_URL.findall(value)))
    return {u.replace("\\_", "_").replace("\\&", "&").replace("\\%", "%") for u in found}


def noted_access(text: str) -> set[str]:
    """Keys of the entries whose note says when the URL was read (and have no urldate)."""
    import bibtexparser

    said = re.compile(r"accessed|retrieved|visited|zugriff|abgerufen|consulté", re.IGNORECASE)
    return {
        entry.key
        for entry in bibtexparser.parse_string(text).entries
        if "urldate" not in entry.fields_dict
        and any(said.search(str(f.value)) for f in entry.fields if f.key.lower() != "title")
    }


def measure_bibtex(paths: list[Path]) -> None:
    from citecheck.sources.bibtex import BibtexReader

    total = Score()
    noted = read = 0
    for path in paths:
        text = path.read_text(encoding="utf-8")
        refs = BibtexReader().read(text, file=str(path)).references
        ours = _urls(r.url for r in refs)
        file_score = Score()
        file_score.add(ours, bibtex_expected(text))
        total.add(ours, bibtex_expected(text))
        keys = noted_access(text)
        noted += len(keys)
        read += sum(1 for r in refs if r.id in keys and r.access_date)
        print(f"{path.name[:40]:40} {file_score.describe()}")
    print(f"{'all files':40} {total.describe()}")
    print(f"{'access date given in a note':40} {read} of {noted} entries read")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("reader", choices=("wikitext", "markdown", "bibtex"))
    parser.add_argument("files", nargs="+", type=Path)
    parser.add_argument("--lychee", metavar="PATH", help="lychee binary, for markdown")
    args = parser.parse_args(argv)
    measure: dict[str, Callable[[], None]] = {
        "wikitext": lambda: measure_wikitext(args.files),
        "markdown": lambda: measure_markdown(args.files, args.lychee),
        "bibtex": lambda: measure_bibtex(args.files),
    }
    measure[args.reader]()
    return 0


if __name__ == "__main__":
    sys.exit(main())
