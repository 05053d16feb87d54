from __future__ import annotations

import json
import os

import pytest

from citecheck.errors import ConfigError, OutputError
from citecheck.gating import Baseline, load_baseline, parse_baseline, write_baseline
from citecheck.models import DEFAULT_FAIL_ON
from citecheck.models import ArchiveStatus as A
from citecheck.models import Verdict as V
from tests.gating.gating_helpers import result


def _baseline() -> Baseline:
    return Baseline.from_results(
        [result("b", V.DEAD), result("a", V.OK, archive=A.BROKEN), result("c", V.INVALID, url=None),
         result("d", V.BLOCKED)],
        DEFAULT_FAIL_ON,
        {A.BROKEN},
    )


def test_from_results_keeps_only_failures_sorted():
    entries = _baseline().entries
    assert [(e.id, e.kind) for e in entries] == [("c", "invalid"), ("a", "archive-broken"),
                                                 ("b", "dead")]
    assert entries[0].key == ("id", "c", "invalid")
    assert entries[2].key == ("url", "https://example.com/b", "dead")


def test_round_trip_and_stable_text(tmp_path):
    path = tmp_path / "baseline.json"
    write_baseline(path, _baseline())
    text = path.read_text(encoding="utf-8")
    assert json.loads(text)["schema"] == "citecheck-baseline/1"
    assert load_baseline(path) == _baseline()
    write_baseline(path, load_baseline(path))
    assert path.read_text(encoding="utf-8") == text  # idempotent: no churn in git
    assert [p.name for p in tmp_path.iterdir()] == ["baseline.json"]  # no temp files left


def test_failed_write_keeps_old_file_and_leaves_no_temp(tmp_path, monkeypatch):
    path = tmp_path / "baseline.json"
    path.write_text("old", encoding="utf-8")

    def disk_full(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", disk_full)
    with pytest.raises(OutputError, match="No space left"):
        write_baseline(path, _baseline())
    assert path.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["baseline.json"]


def test_target_that_is_a_directory(tmp_path):
    (tmp_path / "b.json").mkdir()
    with pytest.raises(OutputError):
        write_baseline(tmp_path / "b.json", _baseline())
    assert [p.name for p in tmp_path.iterdir()] == ["b.json"]


def test_write_into_missing_directory(tmp_path):
    with pytest.raises(OutputError):
        write_baseline(tmp_path / "nope" / "b.json", _baseline())


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{", "not valid JSON"),
        ("[" * 100_000 + "]" * 100_000, "nested too deeply"),
        ('{"schema": "other", "entries": []}', "not a citecheck baseline"),
        ('{"schema": "citecheck-baseline/1"}', "entries: must be a list"),
        ('{"schema": "citecheck-baseline/1", "entries": [1]}', r"entries\[0\]: must be an object"),
        ('{"schema": "citecheck-baseline/1", "entries": [{"id": "x", "url": null}]}',
         r"entries\[0\].kind"),
        ('{"schema": "citecheck-baseline/1", "entries": [{"id": "", "url": null, "kind": "dead"}]}',
         r"entries\[0\].id"),
    ],
)
def test_bad_files_are_config_errors(text, message):
    with pytest.raises(ConfigError, match=message):
        parse_baseline(text, "b.json")


def test_missing_file_says_how_to_create_it(tmp_path):
    with pytest.raises(ConfigError, match="citecheck baseline update"):
        load_baseline(tmp_path / "missing.json")
