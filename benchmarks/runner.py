"""Run every tool on the same simulated web, side by side, and write the results.

For each size: generate the scenario, start the server process(es), compute
the schedule lower bound, then run each tool as a child process and measure
wall time, CPU (user+sys of the child, from wait4) and peak RSS, the server's
politeness counters for that tool, and its agreement with the scripted truth.
Tools run one after the other against the same server, so they share the same
machine conditions as closely as a busy machine allows; compare ratios.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from benchmarks import proctree
from benchmarks.bound import Politeness, lower_bound
from benchmarks.scenario import (
    HIDDEN_FROM_LINK_CHECKERS,
    TRUTH_LINK_OK,
    Scenario,
    generate,
    host_address,
)
from benchmarks.server import control_address
from benchmarks.tools import ALL_TOOLS, Citecheck, Tool

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results"
# Server-side tolerance when checking the interval: a request's start is seen
# by the server after a little loopback and scheduling delay, which can make
# two starts look closer than the client spaced them.
INTERVAL_TOLERANCE = 0.005
# The interval holds when no host's starts ran ahead of the pace by more than
# this (server.HostStats.debt): below one interval, so a single request sent
# early is caught, above the delay spread of a busy 2-core machine.
DEBT_TOLERANCE = 0.015
# The control endpoints are on loopback: never through a proxy from the environment.
_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))


@dataclass
class ToolRun:
    tool: str
    version: str
    size: int
    finished: bool
    exit_code: int | None
    wall_s: float
    cpu_s: float
    cpu_ms_per_ref: float
    peak_rss_mb: float  # summed over the tool's processes (benchmarks/proctree.py)
    peak_pss_mb: float  # the tool's processes' PSS summed, the largest sum sampled
    processes: int
    requests: int
    max_in_flight_per_host: int
    min_gap_ms: float | None
    gaps_below_interval: int
    interval_debt_ms: float  # see server.HostStats: how early a host's starts came, at worst
    server_lag_ms: float  # the server's worst event-loop lag: its own timing error
    polite: bool
    verdict_agreement: float | None
    link_agreement: float | None
    hidden_found: float | None  # share of drift/moved-home/soft-404 references caught
    ratio_to_bound: float
    busiest_host_span_s: float | None = None  # first to last request start, busiest host
    # From the tool's launch (the server's clock is the same CLOCK_MONOTONIC): when the
    # first request reached the server (start-up: imports, inputs, worker processes)
    # and when the last one did (what follows is its answer and the report).
    first_request_s: float | None = None
    last_request_s: float | None = None
    # The busiest host's requests in flight on average, from its first request to its
    # last answer: the per-host limit for a client that refills every slot at once.
    busiest_mean_in_flight: float | None = None
    input_load_s: float | None = None  # citecheck only: reading references.json
    note: str = ""


def free_port(address: str) -> int:
    with socket.socket() as sock:
        sock.bind((address, 0))
        return int(sock.getsockname()[1])


class Servers:
    """The server worker processes for one scenario."""

    def __init__(self, scenario_path: Path, port: int, workers: int, timeout: float):
        self.port = port
        self.workers = workers
        self.procs: list[subprocess.Popen[str]] = []
        for worker in range(workers):
            proc = subprocess.Popen(
                [sys.executable, "-m", "benchmarks.server", str(scenario_path),
                 "--port", str(port), "--worker", str(worker), "--workers", str(workers),
                 "--timeout", f"{timeout:g}"],
                cwd=ROOT, stdout=subprocess.PIPE, text=True,
            )
            self.procs.append(proc)
        for proc in self.procs:
            assert proc.stdout is not None
            line = proc.stdout.readline()
            if not line.startswith("ready"):
                self.stop()
                raise RuntimeError(f"benchmark server failed to start: {line!r}")

    def _get(self, worker: int, path: str) -> dict[str, Any]:
        url = f"http://{control_address(worker)}:{self.port}{path}"
        with _OPENER.open(url, timeout=10) as response:
            return dict(json.load(response))

    def reset(self, limits: Politeness) -> None:
        for worker in range(self.workers):
            self._get(
                worker,
                f"/_reset?interval={limits.interval}&tolerance={INTERVAL_TOLERANCE}"
                f"&timeout={limits.timeout}",
            )

    def stats(self) -> tuple[dict[str, dict[str, Any]], float]:
        """Per-host counters, and the server's worst event-loop lag."""
        hosts: dict[str, dict[str, Any]] = {}
        lag = 0.0
        for worker in range(self.workers):
            data = self._get(worker, "/_stats")
            hosts.update(data["hosts"])
            lag = max(lag, float(data["max_loop_lag"]))
        return hosts, lag

    def stop(self) -> None:
        for proc in self.procs:
            if proc.poll() is None:
                proc.send_signal(signal.SIGINT)
        for proc in self.procs:
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


@dataclass(frozen=True)
class ChildCost:
    exit_code: int | None  # None: stopped at the time limit
    wall_s: float
    cpu_s: float  # every process of the tool (proctree)
    peak_rss_mb: float  # summed over its processes
    peak_pss_mb: float  # the largest sum of its processes' PSS seen (proctree)
    processes: int
    finished: bool
    launched_at: float  # time.monotonic() when the tool was started (the server's clock too)


def run_child(
    argv: list[str], stdin: Path | None, time_limit: float, log: Path, stdout: Path | None,
    env: dict[str, str] | None = None,
) -> ChildCost:
    """Run a tool and measure it, all of its processes summed."""
    stdin_handle = stdin.open("rb") if stdin else subprocess.DEVNULL
    known = proctree.children_of(os.getpid())  # the servers: not the tool's
    with log.open("wb") as log_handle, (stdout or log).open("ab") as out_handle:
        started = time.monotonic()
        proc = subprocess.Popen(
            argv, stdin=stdin_handle, stdout=out_handle, stderr=log_handle,
            start_new_session=True, cwd=log.parent, env={**os.environ, **(env or {})},
        )
        meter = proctree.TreeMeter(proc.pid)
        finished = True
        while True:
            meter.poll()
            # wait4 on this child alone: its own rusage, not the runner's other children.
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if time.monotonic() - started > time_limit:
                finished = False
                os.killpg(proc.pid, signal.SIGKILL)
                pid, status, usage = os.wait4(proc.pid, 0)
                break
            time.sleep(0.02)
        wall = time.monotonic() - started
        proc.returncode = os.waitstatus_to_exitcode(status)
    # What it left running (a fork server ending a moment later) was adopted by the
    # runner (a subreaper): its CPU, and that of the processes it reaped, counts too.
    adopted_cpu, _ = proctree.reap_adopted(known | {proc.pid}, time_limit=10.0)
    if stdin is not None and hasattr(stdin_handle, "close"):
        stdin_handle.close()  # type: ignore[union-attr]
    cpu = usage.ru_utime + usage.ru_stime + adopted_cpu
    # Linux reports KiB; a process the meter never saw (too short-lived) counts its own.
    rss_mb = max(meter.summed_peak_mb(), usage.ru_maxrss / 1024)
    return ChildCost(proc.returncode if finished else None, wall, cpu, rss_mb,
                     meter.peak_pss_kib / 1024, max(1, meter.processes), finished, started)


def score(scenario: Scenario, verdicts: dict[str, str]) -> tuple[float, float, float | None]:
    """(verdict agreement, link agreement, share of link-hidden problems caught)."""
    default = verdicts.get("*")
    same_verdict = same_link = 0
    hidden = hidden_caught = 0
    for ref in scenario.refs:
        verdict = verdicts.get(ref.path, default)
        if verdict == ref.truth:
            same_verdict += 1
        says_ok = verdict in ("ok", "mismatch")
        if says_ok == TRUTH_LINK_OK[ref.outcome]:
            same_link += 1
        if ref.outcome in HIDDEN_FROM_LINK_CHECKERS:
            hidden += 1
            hidden_caught += verdict == ref.truth
    total = len(scenario.refs)
    return same_verdict / total, same_link / total, (hidden_caught / hidden if hidden else None)


def run_tool(
    tool: Tool, scenario: Scenario, limits: Politeness, servers: Servers, work: Path,
    bound_s: float, time_limit: float,
) -> ToolRun:
    invocation = tool.prepare(scenario, limits, work)
    invocation.output.unlink(missing_ok=True)
    servers.reset(limits)
    cost = run_child(
        invocation.argv, invocation.stdin, time_limit, work / f"{tool.label}.log",
        invocation.output if invocation.output_is_stdout else None, invocation.env,
    )
    code, wall, cpu, rss, finished = (cost.exit_code, cost.wall_s, cost.cpu_s,
                                      cost.peak_rss_mb, cost.finished)
    hosts, lag = servers.stats()
    requests = sum(h["requests"] for h in hosts.values())
    max_active = max((h["max_active"] for h in hosts.values()), default=0)
    gaps = [h["min_gap"] for h in hosts.values() if h["min_gap"] is not None]
    below = sum(h["gaps_below"] for h in hosts.values())
    debt = max((h["debt"] for h in hosts.values()), default=0.0)
    busiest = max(hosts.values(), key=lambda h: h["requests"], default=None)
    span = (
        round(busiest["last_start"] - busiest["first_start"], 3)
        if busiest and busiest.get("first_start") is not None else None
    )
    mean_in_flight = None
    if busiest and busiest.get("first_start") is not None and busiest.get("last_change"):
        served = busiest["last_change"] - busiest["first_start"]
        if served > 0:
            mean_in_flight = round(busiest["in_flight_seconds"] / served, 2)
    firsts = [h["first_start"] for h in hosts.values() if h.get("first_start") is not None]
    lasts = [h["last_start"] for h in hosts.values() if h.get("last_start") is not None]
    agreement = link = hidden = None
    note = ""
    if finished and invocation.output.exists():
        try:
            agreement, link, hidden = score(scenario, tool.verdicts(invocation.output))
        except (ValueError, KeyError, json.JSONDecodeError) as exc:
            note = f"could not read its output: {exc}"
    elif not finished:
        note = f"stopped after {time_limit:.0f} s"
    return ToolRun(
        tool=tool.label,
        version=tool.version(),
        size=scenario.size,
        finished=finished,
        exit_code=code,
        wall_s=round(wall, 3),
        cpu_s=round(cpu, 3),
        cpu_ms_per_ref=round(cpu * 1000 / scenario.size, 3),
        peak_rss_mb=round(rss, 1),
        peak_pss_mb=round(cost.peak_pss_mb, 1),
        processes=cost.processes,
        requests=requests,
        max_in_flight_per_host=max_active,
        min_gap_ms=round(min(gaps) * 1000, 2) if gaps else None,
        gaps_below_interval=below,
        interval_debt_ms=round(debt * 1000, 2),
        server_lag_ms=round(lag * 1000, 2),
        # Starts the server saw late by its own lag are not the tool's fault.
        polite=max_active <= limits.per_host and debt <= DEBT_TOLERANCE + lag,
        verdict_agreement=None if agreement is None else round(agreement, 4),
        link_agreement=None if link is None else round(link, 4),
        hidden_found=None if hidden is None else round(hidden, 4),
        ratio_to_bound=round(wall / bound_s, 3) if bound_s else 0.0,
        busiest_host_span_s=span,
        first_request_s=round(min(firsts) - cost.launched_at, 3) if firsts else None,
        last_request_s=round(max(lasts) - cost.launched_at, 3) if lasts else None,
        busiest_mean_in_flight=mean_in_flight,
        input_load_s=citecheck_load_time(work) if tool.name == "citecheck" else None,
        note=note,
    )


def citecheck_load_time(work: Path) -> float:
    """Seconds citecheck takes to read references.json alone (part of its wall time)."""
    code = (
        "import time; from citecheck.sources import load_inputs; t = time.perf_counter(); "
        "load_inputs(['references.json'], None); print(time.perf_counter() - t)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=work, capture_output=True, text=True, check=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    return round(float(out.stdout.strip()), 3)


def machine() -> dict[str, Any]:
    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {
        "cpu": model,
        "cores": os.cpu_count(),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "load_before": os.getloadavg(),
    }


def run_size(
    size: int, limits: Politeness, tools: list[Tool], args: argparse.Namespace
) -> dict[str, Any]:
    scenario = generate(size, seed=args.seed, hosts=args.hosts)
    scenario.port = args.port or free_port(host_address(0))
    bound = lower_bound(scenario, limits)
    print(
        f"[{size}] {len(scenario.hosts)} hosts, bound {bound.seconds:.2f} s "
        f"({bound.limiting}), greedy schedule {bound.greedy_seconds:.2f} s",
        flush=True,
    )
    runs: list[ToolRun] = []
    compared: WorkersComparison | None = None
    with tempfile.TemporaryDirectory(prefix=f"citecheck-bench-{size}-") as tmp:
        work = Path(args.keep) / str(size) if args.keep else Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        scenario_path = work / "scenario.json"
        scenario.save(scenario_path)
        servers = Servers(scenario_path, scenario.port, args.server_workers, limits.timeout)
        try:
            for _ in range(args.repeat):
                for tool in tools:
                    limit = max(args.min_time_limit, args.time_factor * bound.seconds)
                    run = run_tool(tool, scenario, limits, servers, work, bound.seconds, limit)
                    runs.append(run)
                    print(
                        f"[{size}] {run.tool:12} wall {run.wall_s:7.2f} s "
                        f"({run.ratio_to_bound:.2f}x bound)  cpu {run.cpu_ms_per_ref:.3f} ms/ref  "
                        f"rss {run.peak_rss_mb:.0f} MB (pss {run.peak_pss_mb:.0f} MB, "
                        f"{run.processes} processes)  verdicts {run.verdict_agreement}  "
                        f"polite {run.polite} (max {run.max_in_flight_per_host}, "
                        f"min gap {run.min_gap_ms} ms, debt {run.interval_debt_ms} ms, "
                        f"server lag {run.server_lag_ms} ms)  busiest host span "
                        f"{run.busiest_host_span_s} s (mean in flight "
                        f"{run.busiest_mean_in_flight})  requests from {run.first_request_s} s "
                        f"to {run.last_request_s} s  input load {run.input_load_s} s  {run.note}",
                        flush=True,
                    )
            if args.compare_workers:
                compared = compare_workers(scenario, limits, servers, work, bound.seconds,
                                           max(args.min_time_limit,
                                               args.time_factor * bound.seconds))
                runs.extend(compared.runs)
                for run in compared.runs:
                    print(f"[{size}] {run.tool}: wall {run.wall_s:.2f} s "
                          f"({run.ratio_to_bound:.2f}x bound), cpu {run.cpu_ms_per_ref:.3f} "
                          f"ms/ref, rss {run.peak_rss_mb:.0f} MB, pss {run.peak_pss_mb:.0f} MB "
                          f"{run.note}", flush=True)
                same = {True: "identical", False: "DIFFERENT", None: "not compared (a run "
                        "did not finish)"}[compared.identical]
                print(f"[{size}] citecheck --workers 1 vs --workers 2: {same} reports "
                      f"(minus timings); differing: {list(compared.differing)}", flush=True)
        finally:
            servers.stop()
    entry: dict[str, Any] = {
        "size": size,
        "hosts": len(scenario.hosts),
        "seed": args.seed,
        "bound_s": round(bound.seconds, 3),
        "bound_limiting": bound.limiting,
        "greedy_schedule_s": round(bound.greedy_seconds, 3),
        "requests_needed": bound.requests,
        "runs": [asdict(r) for r in runs],
    }
    if compared is not None:
        entry["workers_compared"] = {"workers": [1, 2], "identical": compared.identical,
                                     "differing": list(compared.differing)}
    return entry


@dataclass(frozen=True)
class WorkersComparison:
    runs: tuple[ToolRun, ...]
    identical: bool | None  # None: a run did not finish, nothing to compare
    differing: tuple[str, ...]  # ids of the first references whose results differ


def compare_workers(scenario: Scenario, limits: Politeness, servers: Servers, work: Path,
                    bound_s: float, time_limit: float) -> WorkersComparison:
    """citecheck with --workers 1 and --workers 2 on the same web: the same report,
    every key of every result but the timings?"""
    runs = []
    results = []
    for workers in (1, 2):
        tool = Citecheck(workers)
        run = run_tool(tool, scenario, limits, servers, work, bound_s, time_limit)
        runs.append(run)
        if not run.finished:
            return WorkersComparison(tuple(runs), None, ())
        report = json.loads(tool.prepare(scenario, limits, work).output.read_text())
        for result in report["results"]:
            result["link"].pop("elapsed_ms", None)
        results.append({r["id"]: r for r in report["results"]})
    one, two = results
    differing = tuple(i for i in one.keys() | two.keys() if one.get(i) != two.get(i))
    return WorkersComparison(tuple(runs), not differing, tuple(sorted(differing)[:10]))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="benchmarks/run", description="citecheck vs lychee vs LinkChecker on a simulated web"
    )
    parser.add_argument("--sizes", default="1000", help="comma list of reference counts")
    parser.add_argument("--tools", default="citecheck,lychee,linkchecker")
    parser.add_argument("--seed", type=int, default=9)
    parser.add_argument("--hosts", type=int, help="host count (default: ~size/10, max 2000)")
    parser.add_argument("--concurrency", type=int, default=128)
    parser.add_argument("--per-host", type=int, default=8)
    parser.add_argument("--interval", type=float, default=0.02, help="seconds between starts")
    parser.add_argument("--timeout", type=float, default=3.0)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--server-workers", type=int, default=1)
    parser.add_argument("--port", type=int, help="server port (default: a free one)")
    parser.add_argument("--time-factor", type=float, default=6.0,
                        help="stop a tool after this many times the bound")
    parser.add_argument("--min-time-limit", type=float, default=60.0)
    parser.add_argument("--keep", help="keep inputs, outputs and logs under this directory")
    parser.add_argument("--out", default=str(RESULTS), help="results directory")
    parser.add_argument("--workers", type=int,
                        help="citecheck --workers N (default: citecheck's own, the usable cores)")
    parser.add_argument("--find-moved", action="store_true",
                        help="citecheck also searches where dead pages moved (requests no "
                        "peer makes: off by default, like the archive step)")
    parser.add_argument("--compare-workers", action="store_true",
                        help="also run citecheck with --workers 1 and 2 and check that their "
                        "reports are the same")
    args = parser.parse_args(argv)

    limits = Politeness(args.concurrency, args.per_host, args.interval, args.timeout)
    wanted = [t.strip() for t in args.tools.split(",") if t.strip()]
    proctree.become_subreaper()  # to count the CPU of processes a tool leaves behind
    tools = [Citecheck(args.workers, args.find_moved) if t.name == "citecheck" else t
             for t in ALL_TOOLS if t.name in wanted]
    for tool in tools:
        if not tool.available():
            print(f"{tool.name} is not installed: skipped", file=sys.stderr)
    tools = [t for t in tools if t.available()]
    info = machine()
    sizes = [int(s.replace("k", "000")) for s in args.sizes.split(",") if s.strip()]
    results = [run_size(size, limits, tools, args) for size in sizes]

    from benchmarks.report import write_results

    out = Path(args.out)
    write_results(out, results, limits, info)
    print(f"results: {out}/bench.json, bench.md, bench.png")
    return 0


if __name__ == "__main__":
    sys.exit(main())
