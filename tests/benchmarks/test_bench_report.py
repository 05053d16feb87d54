"""Merging benchmark results: a tool run again replaces its own runs only."""

from __future__ import annotations

from benchmarks.bound import Politeness
from benchmarks.report import merge

LIMITS = Politeness(concurrency=128, per_host=8, interval=0.02, timeout=3.0)
MACHINE = {"cpu": "test", "cores": 2}


def _entry(size: int, *tools: str, seed: int = 9, wall: float = 1.0) -> dict:
    return {
        "size": size, "hosts": size // 10, "seed": seed, "bound_s": 1.0,
        "runs": [{"tool": tool, "wall_s": wall} for tool in tools],
    }


def test_a_tool_run_alone_joins_the_others_of_the_same_web() -> None:
    first = merge(None, [_entry(10_000, "citecheck", "lychee")], LIMITS, MACHINE)
    second = merge(first, [_entry(10_000, "linkchecker", wall=2.0)], LIMITS, MACHINE)
    (entry,) = second["sizes"]
    assert sorted(run["tool"] for run in entry["runs"]) == ["citecheck", "linkchecker", "lychee"]
    assert all(run["measured_at"] for run in entry["runs"])


def test_a_tool_run_again_replaces_only_its_own_runs() -> None:
    first = merge(None, [_entry(1_000, "citecheck", "lychee", wall=5.0)], LIMITS, MACHINE)
    second = merge(first, [_entry(1_000, "citecheck", wall=4.0)], LIMITS, MACHINE)
    walls = {run["tool"]: run["wall_s"] for run in second["sizes"][0]["runs"]}
    assert walls == {"citecheck": 4.0, "lychee": 5.0}


def test_another_web_or_other_limits_replace_everything() -> None:
    first = merge(None, [_entry(1_000, "citecheck", "lychee")], LIMITS, MACHINE)
    reseeded = merge(first, [_entry(1_000, "citecheck", seed=10)], LIMITS, MACHINE)
    assert [run["tool"] for run in reseeded["sizes"][0]["runs"]] == ["citecheck"]
    other = Politeness(concurrency=64, per_host=8, interval=0.02, timeout=3.0)
    relimited = merge(first, [_entry(10_000, "lychee")], other, MACHINE)
    assert [entry["size"] for entry in relimited["sizes"]] == [10_000]
