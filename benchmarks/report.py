"""Results: bench.json (merged by size across runs), a Markdown table and a PNG plot."""

from __future__ import annotations

import json
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from benchmarks.bound import Politeness


def merge(previous: dict[str, Any] | None, results: list[dict[str, Any]],
          limits: Politeness, machine: dict[str, Any]) -> dict[str, Any]:
    """The sizes just run replace their earlier results, tool by tool: a tool run again
    replaces its own runs, and the other tools' runs of the same web (seed, hosts) stay
    (``--tools linkchecker`` adds LinkChecker beside the others). Other sizes are kept
    only if measured with the same limits. Every run keeps when it was measured."""
    sizes: dict[int, dict[str, Any]] = {}
    if previous and previous.get("limits") == asdict(limits):
        sizes = {int(entry["size"]): entry for entry in previous.get("sizes", [])}
    stamp = datetime.now(UTC).isoformat(timespec="seconds")
    for entry in results:
        size = int(entry["size"])
        runs = [{**run, "measured_at": stamp} for run in entry["runs"]]
        old = sizes.get(size)
        if old is not None and _same_web(old, entry):
            ran = {run["tool"] for run in runs}
            kept = [
                {"measured_at": old.get("measured_at"), **run}
                for run in old.get("runs", []) if run["tool"] not in ran
            ]
            runs = kept + runs
        sizes[size] = {**entry, "runs": runs, "measured_at": stamp, "machine": machine}
    return {
        "schema": "citecheck-bench/1",
        "limits": asdict(limits),
        "sizes": [sizes[k] for k in sorted(sizes)],
    }


def _median_runs(entry: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """One run per tool: the median wall time when a size was repeated."""
    by_tool: dict[str, list[dict[str, Any]]] = {}
    for run in entry["runs"]:
        by_tool.setdefault(run["tool"], []).append(run)
    chosen = {}
    for tool, runs in by_tool.items():
        runs = sorted(runs, key=lambda r: r["wall_s"])
        chosen[tool] = runs[len(runs) // 2]
    return chosen


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.1f}%"


def _same_web(a: dict[str, Any], b: dict[str, Any]) -> bool:
    return all(a.get(key) == b.get(key) for key in ("seed", "hosts", "bound_s"))


def markdown(data: dict[str, Any]) -> str:
    limits = data["limits"]
    lines = [
        "# citecheck benchmark",
        "",
        f"Politeness for every tool: {limits['concurrency']} requests in flight overall, "
        f"{limits['per_host']} per host, {limits['interval'] * 1000:g} ms between starts to "
        f"one host, {limits['timeout']:g} s timeout, no retries. citecheck also extracts and "
        "matches titles and probes a host for soft-404s (once, unless its pages are titled "
        "as cited); archive lookups are off.",
        "",
        "| refs | hosts | tool | wall s | × bound | × lychee | CPU ms/ref | peak RSS MB "
        "| verdicts right | links right | drift/soft-404/moved-home caught | polite |",
        "|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for entry in data["sizes"]:
        runs = _median_runs(entry)
        lychee = runs.get("lychee")
        lines.append(
            f"| {entry['size']:,} | {entry['hosts']:,} | *lower bound* | {entry['bound_s']:.2f} "
            f"| 1.00 | | | | | | | ({entry['bound_limiting']}) |"
        )
        for tool, run in runs.items():
            vs_lychee = (
                f"{run['wall_s'] / lychee['wall_s']:.2f}"
                if lychee and lychee["finished"] and run["finished"] else "—"
            )
            polite = "yes" if run["polite"] else (
                f"no: max {run['max_in_flight_per_host']}/host, starts up to "
                f"{run.get('interval_debt_ms', 0):.0f} ms ahead of the interval "
                f"(server lag {run.get('server_lag_ms', 0):.0f} ms)"
            )
            wall = f"{run['wall_s']:.2f}" + ("" if run["finished"] else " (stopped)")
            lines.append(
                f"| {entry['size']:,} | {entry['hosts']:,} | {tool} {run['version']} | {wall} "
                f"| {run['ratio_to_bound']:.2f} | {vs_lychee} | {run['cpu_ms_per_ref']:.2f} "
                f"| {run['peak_rss_mb']:.0f} | {_pct(run['verdict_agreement'])} "
                f"| {_pct(run['link_agreement'])} | {_pct(run['hidden_found'])} | {polite} |"
            )
    for entry in data["sizes"]:
        for tool, run in _median_runs(entry).items():
            if run.get("input_load_s"):
                lines.append(
                    f"\n{entry['size']:,} refs: {tool}'s wall time includes "
                    f"{run['input_load_s']:.2f} s reading references.json."
                )
    machines = {json.dumps(e["machine"].get("cpu")) for e in data["sizes"]}
    lines += [
        "",
        "Machine: " + ", ".join(sorted(m.strip('"') for m in machines))
        + f"; {data['sizes'][0]['machine'].get('cores')} cores, "
        f"Python {data['sizes'][0]['machine'].get('python')}." if data["sizes"] else "",
        "",
        "*× bound*: wall time over the schedule lower bound (benchmarks/bound.py). "
        "*verdicts right*: the tool's answer, read as citecheck's verdicts, equals the scripted "
        "truth. *links right*: only whether the link works. CPU is user+sys of the tool's "
        "process; RSS its peak.",
    ]
    return "\n".join(lines) + "\n"


def plot(data: dict[str, Any], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    sizes = [e["size"] for e in data["sizes"]]
    fig, ax = plt.subplots(figsize=(7, 4.5), dpi=110)
    ax.plot(sizes, [e["bound_s"] for e in data["sizes"]], "k--", label="lower bound")
    tools = sorted({r["tool"] for e in data["sizes"] for r in e["runs"]})
    for tool in tools:
        xs, ys = [], []
        for entry in data["sizes"]:
            run = _median_runs(entry).get(tool)
            if run and run["finished"]:
                xs.append(entry["size"])
                ys.append(run["wall_s"])
        if xs:
            ax.plot(xs, ys, "o-", label=tool)
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel("references")
    ax.set_ylabel("wall time (s)")
    ax.set_title("Wall time vs number of references (same politeness for all)")
    ax.grid(True, which="both", alpha=0.3)
    ax.legend()
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)


def write_results(out: Path, results: list[dict[str, Any]], limits: Politeness,
                  machine: dict[str, Any]) -> None:
    out.mkdir(parents=True, exist_ok=True)
    json_path = out / "bench.json"
    previous = json.loads(json_path.read_text()) if json_path.exists() else None
    data = merge(previous, results, limits, machine)
    json_path.write_text(json.dumps(data, indent=1) + "\n")
    (out / "bench.md").write_text(markdown(data))
    plot(data, out / "bench.png")
