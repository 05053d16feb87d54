"""The real-page title corpus (tests/data/titles), loaded for the page tests."""

from __future__ import annotations

import gzip
import json
from dataclasses import dataclass
from pathlib import Path

DATA = Path(__file__).resolve().parents[1] / "data"
TITLES = DATA / "titles"
SIGNALS = DATA / "page_signals"


@dataclass(frozen=True)
class CorpusPage:
    id: str
    source_project: str
    expected_title: str
    url: str
    declared_charset: str | None
    lang: str | None
    body: bytes


def load_corpus() -> list[CorpusPage]:
    pages = []
    with (TITLES / "index.jsonl").open(encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            pages.append(
                CorpusPage(
                    id=row["id"],
                    source_project=row["source_project"],
                    expected_title=row["expected_title"],
                    url=row["page_url"] or row["url"] or "",
                    declared_charset=row["declared_charset"],
                    lang=row["lang_guess"],
                    body=gzip.decompress((TITLES / row["file"]).read_bytes()),
                )
            )
    return pages
