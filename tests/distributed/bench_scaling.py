"""Throughput of the local engine and of 1 and 2 Dask workers on a small simulated web.

Not a test (timings depend on the machine): run ``python -m tests.distributed.bench_scaling``
from the repository. The web runs in its own process (its CPU is not the engine's), on
127.0.0.7; hosts answer after ``--latency`` seconds. Each configuration checks the same
references with the same options; the numbers go to stdout as JSON and a table.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import random
import time
from pathlib import Path

from citecheck.api import check
from citecheck.models import Reference
from citecheck.options import CheckOptions, ResolvePin

ADDRESS = "127.0.0.7"
HOSTS = tuple(f"h{i}.bench.test" for i in range(40)) + tuple(f"s{i}.test" for i in range(40))
REPO = Path(__file__).resolve().parents[2]


def _serve(latency: float, ports: multiprocessing.Queue, stop: multiprocessing.Event) -> None:
    from tests.support.simweb import SimRequest, SimWeb, html_page

    def answer(req: SimRequest) -> None:
        time.sleep(latency)
        body = html_page(f"Story {req.path.strip('/')}").encode()
        # Head and body in one write: two small writes would meet Nagle's algorithm and
        # the client's delayed ACK, adding ~40 ms to every response.
        head = (f"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n"
                f"Content-Length: {len(body)}\r\n\r\n").encode()
        req.wfile.write(head + body)

    web = SimWeb(address=ADDRESS, hosts=HOSTS).start()
    for host in HOSTS:
        web.route(host, "*", answer)
    ports.put(web.http_port)
    stop.wait()
    web.stop()
    ports.put(time.process_time())  # the server's CPU seconds, for the report


def references(port: int, count: int, scenario: str, seed: int = 3) -> list[Reference]:
    """``zipf``: one site holds 14% of the links (it sets the length of the run);
    ``uniform``: the links are spread evenly (the engines' CPU sets it)."""
    rng = random.Random(seed)
    if scenario == "zipf":
        # bench.test holds 40 hosts under one registered domain (a big site with many
        # subdomains); the s*.test hosts are 40 separate sites of Zipf-like sizes.
        weights = [3.0] * 40 + [1.0 / (i + 1) * 40 for i in range(40)]
    else:
        weights = [1.0] * len(HOSTS)
    found = []
    for i in range(count):
        host = rng.choices(HOSTS, weights=weights)[0]
        found.append(Reference(id=f"r{i}", url=f"http://{host}:{port}/{i}", title=f"Story {i}"))
    return found


def options(per_host: int, interval: float) -> CheckOptions:
    return CheckOptions(
        resolve=tuple(ResolvePin(h, None, ADDRESS) for h in HOSTS),
        archive=False, probe_soft_404=False, retries=0, timeout=10,
        per_host=per_host, host_interval=interval, canaries=(),
    )


def _timed(run) -> float:  # type: ignore[no-untyped-def]
    started = time.perf_counter()
    report = run()
    elapsed = time.perf_counter() - started
    assert report.complete and all(r.verdict.value == "ok" for r in report.results), report.notes
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=2000)
    parser.add_argument("--latency", type=float, default=0.05)
    parser.add_argument("--per-host", type=int, default=2)
    parser.add_argument("--interval", type=float, default=0.0)
    parser.add_argument("--threads", type=int, default=4, help="chunks at once per worker")
    parser.add_argument("--scenario", choices=("zipf", "uniform"), default="zipf")
    args = parser.parse_args()

    from distributed import Client, LocalCluster

    from citecheck.distributed import check_distributed

    ctx = multiprocessing.get_context("spawn")
    ports: multiprocessing.Queue = ctx.Queue()
    stop = ctx.Event()
    server = ctx.Process(target=_serve, args=(args.latency, ports, stop), daemon=True)
    server.start()
    port = ports.get(timeout=30)
    refs = references(port, args.count, args.scenario)
    opts = options(args.per_host, args.interval)
    os.environ["PYTHONPATH"] = str(REPO)
    results: dict[str, float] = {}
    try:
        check(refs[:50], opts)  # warm-up: imports, connection pools
        cpu = time.process_time()
        results["local"] = _timed(lambda: check(refs, opts))
        local_cpu_ms = (time.process_time() - cpu) * 1000 / args.count
        for workers in (1, 2):
            cluster = LocalCluster(n_workers=workers, threads_per_worker=args.threads,
                                   processes=True,
                                   host="127.0.0.1", dashboard_address=None, silence_logs=40)
            with cluster, Client(cluster) as client:
                check_distributed(refs[:50], opts, client=client)  # warm-up
                results[f"dask-{workers}"] = _timed(
                    lambda client=client: check_distributed(refs, opts, client=client))
    finally:
        stop.set()
        server_cpu = ports.get(timeout=30)
        server.join(10)
    rates = {name: args.count / seconds for name, seconds in results.items()}
    print(json.dumps({"scenario": args.scenario, "count": args.count, "latency": args.latency,
                      "per_host": args.per_host,
                      "interval": args.interval, "cpus": os.cpu_count(),
                      "threads_per_worker": args.threads,
                      "local_cpu_ms_per_ref": round(local_cpu_ms, 2),
                      "server_cpu_ms_per_request": round(
                          server_cpu * 1000 / (args.count * 3 + 150), 2),
                      "refs_per_s": {k: round(v, 1) for k, v in rates.items()},
                      "ratio_to_local": {k: round(v / rates["local"], 2)
                                         for k, v in rates.items()}}))
    for name, rate in rates.items():
        print(f"{name:8} {rate:8.1f} refs/s  {rate / rates['local']:.2f}x local")


if __name__ == "__main__":
    main()
