"""Baselines: known failures recorded in a JSON file so CI fails only on new ones.

An entry is keyed by the citation's URL (stable when references are added or reordered)
or, for a reference with no URL, by its id, together with the failure kind (``dead``,
``archive-broken``…). The file is sorted and has no timestamps so it diffs well in git.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from citecheck.errors import ConfigError, OutputError
from citecheck.gating.kinds import failure_kind
from citecheck.models import ArchiveStatus, GateKind, Result, Verdict

BASELINE_SCHEMA = "citecheck-baseline/1"
# Where `citecheck baseline update` writes when no --baseline/config path is given.
DEFAULT_BASELINE_PATH = "citecheck-baseline.json"


@dataclass(frozen=True, order=True)
class BaselineEntry:
    kind: str
    url: str | None
    id: str
    file: str | None = None

    @property
    def key(self) -> tuple[str, str, str]:
        return key_of(self.url, self.id, self.kind)

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "url": self.url, "kind": self.kind, "file": self.file}


def key_of(url: str | None, ref_id: str, kind: str) -> tuple[str, str, str]:
    return ("url", url, kind) if url else ("id", ref_id, kind)


@dataclass(frozen=True)
class Baseline:
    entries: tuple[BaselineEntry, ...] = ()

    @classmethod
    def from_results(
        cls,
        results: Iterable[Result],
        fail_on: Collection[Verdict | GateKind],
        fail_on_archive: Collection[ArchiveStatus] = (),
    ) -> Baseline:
        """The baseline that accepts every failure of ``results`` under this gate."""
        entries = {
            BaselineEntry(kind, r.url, r.id, r.reference.location.file)
            for r in results
            if (kind := failure_kind(r, fail_on, fail_on_archive))
        }
        return cls(tuple(sorted(entries, key=_sort_key)))

    def keys(self) -> frozenset[tuple[str, str, str]]:
        return frozenset(e.key for e in self.entries)

    def contains(self, result: Result, kind: str) -> bool:
        return key_of(result.url, result.id, kind) in self.keys()

    def to_json(self) -> str:
        data = {"schema": BASELINE_SCHEMA, "entries": [e.to_dict() for e in self.entries]}
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def _sort_key(entry: BaselineEntry) -> tuple[str, str, str]:
    return (entry.url or "", entry.id, entry.kind)


def _entry(raw: object, where: str) -> BaselineEntry:
    if not isinstance(raw, dict):
        raise ConfigError(f"{where}: must be an object")
    ref_id, url, kind, file = (raw.get(k) for k in ("id", "url", "kind", "file"))
    if not isinstance(kind, str) or not kind:
        raise ConfigError(f"{where}.kind: must be a non-empty string")
    if url is not None and not isinstance(url, str):
        raise ConfigError(f"{where}.url: must be a string or null")
    if not isinstance(ref_id, str) or (not ref_id and not url):
        raise ConfigError(f"{where}.id: must be a string (non-empty when url is null)")
    if file is not None and not isinstance(file, str):
        raise ConfigError(f"{where}.file: must be a string or null")
    return BaselineEntry(kind, url, ref_id, file)


def parse_baseline(text: str, source: str = "<baseline>") -> Baseline:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ConfigError(f"{source}: not valid JSON: {exc}") from exc
    except RecursionError as exc:  # json's decoder recurses once per level of nesting
        raise ConfigError(f"{source}: not a citecheck baseline (JSON nested too deeply)") from exc
    if not isinstance(data, dict) or data.get("schema") != BASELINE_SCHEMA:
        raise ConfigError(f"{source}: not a citecheck baseline (schema {BASELINE_SCHEMA!r})")
    entries = data.get("entries")
    if not isinstance(entries, list):
        raise ConfigError(f"{source}: entries: must be a list")
    return Baseline(tuple(_entry(e, f"{source}: entries[{i}]") for i, e in enumerate(entries)))


def load_baseline(path: str | os.PathLike[str]) -> Baseline:
    """Read a baseline; a missing or broken file is a ConfigError (exit 2), never ignored."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise ConfigError(
            f"baseline {os.fspath(path)} does not exist; create it with `citecheck baseline update`"
        ) from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"baseline {os.fspath(path)}: cannot read: {exc}") from exc
    return parse_baseline(text, os.fspath(path))


def write_baseline(path: str | os.PathLike[str], baseline: Baseline) -> None:
    """Write atomically: a crash or a full disk never leaves a half-written baseline."""
    target = Path(path)
    data = baseline.to_json().encode("utf-8")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    except OSError as exc:
        raise OutputError(f"cannot write baseline {target}: {exc}") from exc
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, target)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise OutputError(f"cannot write baseline {target}: {exc}") from exc
