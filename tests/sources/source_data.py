"""Test data of the reader tests: files under tests/data/ and golden files."""

from __future__ import annotations

import dataclasses
import json
import os
from collections.abc import Iterable
from pathlib import Path

from citecheck.models import Reference

DATA = Path(__file__).resolve().parent.parent / "data"
# Set CITECHECK_UPDATE_GOLDEN=1 to rewrite golden files after a deliberate change;
# review the diff before committing it.
UPDATE = os.environ.get("CITECHECK_UPDATE_GOLDEN") == "1"


def read_data(name: str) -> str:
    # newline="" keeps CRLF: offsets in the goldens are those of the file's text.
    with open(DATA / name, encoding="utf-8", newline="") as handle:
        return handle.read()


def references_json(refs: Iterable[Reference]) -> str:
    return json.dumps([dataclasses.asdict(r) for r in refs], indent=1, ensure_ascii=False) + "\n"
