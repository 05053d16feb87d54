"""Imported by the fork server of a local run (``local._PRELOAD``): loads, once, what
every check would otherwise load lazily in each worker process.

Comparing a first title loads the word-frequency lists of the Latin-script languages
(citecheck.match.informative; 0.17 s of CPU and ~30 MB, measured) and imports ftfy,
regex and the legacy codecs; analysing a first page imports the page stack. Done in
the fork server, it is done once: each worker is forked with it already in memory
(pages the workers only read stay shared).
"""

from __future__ import annotations

from citecheck.match import compare_titles
from citecheck.models import Reference
from citecheck.page import analyse_page

_SAMPLE = (
    b"<html><head><meta charset='windows-1252'><title>The Daily Sample: Council approves "
    b"the new budget</title></head><body><h1>Council approves the new budget</h1>"
    b"<p>The council approved the budget on Monday.</p></body></html>"
)


def warm() -> None:
    page = analyse_page(_SAMPLE, content_type="text/html", declared_charset=None,
                        url="http://warmup.invalid/story")
    compare_titles(Reference("warmup", url="http://warmup.invalid/story",
                             title="Council approves the new budget"), page)


warm()
