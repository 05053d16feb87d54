"""Dump the whole history store as JSON or CSV (for backups, spreadsheets, other tools)."""

from __future__ import annotations

import csv
import dataclasses
import json
from typing import TextIO

from citecheck.store.db import HistoryStore
from citecheck.store.rows import CheckRow

EXPORT_SCHEMA = "citecheck-history/1"
CSV_COLUMNS = tuple(f.name for f in dataclasses.fields(CheckRow))


def write_json(store: HistoryStore, out: TextIO) -> None:
    runs = [dataclasses.asdict(r) for r in store.runs()]
    for run in runs:
        run["inputs"] = list(run["inputs"])
    # Written row by row rather than as one json.dumps of everything: no giant string.
    head = json.dumps({"schema": EXPORT_SCHEMA, "runs": runs}, ensure_ascii=False)
    out.write(head[:-1] + ', "checks": [')
    for i, row in enumerate(store.all_checks()):
        out.write(("\n" if i == 0 else ",\n") + json.dumps(row.to_dict(), ensure_ascii=False))
    out.write("\n]}\n")


def write_csv(store: HistoryStore, out: TextIO) -> None:
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for row in store.all_checks():
        values = row.to_dict()
        for name in ("reasons", "redirects"):
            values[name] = json.dumps(values[name], ensure_ascii=False)
        if values["evidence"] is not None:  # a JSON object in one cell, like the lists
            values["evidence"] = json.dumps(values["evidence"], ensure_ascii=False)
        writer.writerow(values)


WRITERS = {"json": write_json, "csv": write_csv}
