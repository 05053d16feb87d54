"""CPU per request of three ways to drive HTTP from Python, on the simulated web.

    python -m benchmarks.transport_cpu --size 10000 --rounds 2

Issue 9 asks to choose the engine's design by numbers when threads with
requests/urllib3 miss the CPU target. Every mode here fetches the same URLs from
the benchmark server (same scripted latencies, stalls and redirects), reads each
body as far as citecheck's stop rule needs, and analyses the page with
citecheck's own `analyse_page`, 128 requests in flight:

- ``threads``: citecheck's engine (`HttpClient.fetch`), one thread per request
  in flight (what `citecheck check` does);
- ``threads-requests``: the same engine with every request sent through the
  requests Session (`HttpClient(direct_send=False)`): what the direct urllib3
  path (citecheck.net.send) saves;
- ``asyncio``: one aiohttp session in one event loop, pages analysed in the loop;
- ``hybrid``: the same threads, each handing its request to one aiohttp event
  loop thread and analysing the page itself (the engine interface kept, the
  sockets moved to the loop);
- ``pipeline``: the issue's hot path as `citecheck check` runs it (the library's
  `check`: scheduler, engine, page analysis, title matching, link status, verdict)
  with politeness, probes and the archive off.

Politeness is off here (no per-host limit or interval): this measures the cost
of the transport, not the schedule. CPU is this process's user+sys time (the
server runs in its own process). Modes alternate round by round; compare ratios.
"""

from __future__ import annotations

import argparse
import asyncio
import concurrent.futures
import json
import socket
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import aiohttp
from aiohttp.abc import AbstractResolver, ResolveResult

from benchmarks.runner import Servers, free_port
from benchmarks.scenario import generate, host_address
from citecheck.api import check
from citecheck.models import Reference
from citecheck.net.client import HttpClient
from citecheck.options import CheckOptions, ResolvePin
from citecheck.page.analyse import analyse_page
from citecheck.page.stream import enough_bytes

IN_FLIGHT = 128
TIMEOUT = 3.0


class _PinnedResolver(AbstractResolver):
    """The simulated hosts' names → their loopback addresses (nothing else resolves)."""

    def __init__(self, addresses: dict[str, str]):
        self._addresses = addresses

    async def resolve(
        self, host: str, port: int = 0, family: socket.AddressFamily = socket.AF_INET
    ) -> list[ResolveResult]:
        address = self._addresses[host]
        return [
            {"hostname": host, "host": address, "port": port, "family": socket.AF_INET,
             "proto": 0, "flags": 0}
        ]

    async def close(self) -> None:
        return None


async def _aio_fetch(session: aiohttp.ClientSession, url: str) -> tuple[int, bytes, str | None]:
    async with session.get(url, max_redirects=10) as response:
        content_type = response.headers.get("content-type")
        body = bytearray()
        while True:
            chunk = await response.content.readany()
            if not chunk:
                break
            body += chunk
            if enough_bytes(bytes(body), content_type):
                break
        return response.status, bytes(body), content_type


def _session(addresses: dict[str, str]) -> aiohttp.ClientSession:
    connector = aiohttp.TCPConnector(limit=IN_FLIGHT, resolver=_PinnedResolver(addresses))
    timeout = aiohttp.ClientTimeout(sock_connect=TIMEOUT, sock_read=TIMEOUT, total=TIMEOUT * 3)
    return aiohttp.ClientSession(connector=connector, timeout=timeout)


def _analyse(status: int, body: bytes, content_type: str | None, url: str) -> None:
    if body:
        analyse_page(body, content_type=content_type, declared_charset=None, url=url)


def run_threads(
    urls: list[str], pins: tuple[ResolvePin, ...], _: dict[str, str], __: dict[str, str],
    *, through_requests: bool = False,
) -> int:
    options = CheckOptions(
        concurrency=IN_FLIGHT, per_host=IN_FLIGHT, host_interval=0.0, timeout=TIMEOUT,
        retries=0, resolve=pins,
    )
    client = HttpClient(options, direct_send=not through_requests)

    def one(url: str) -> int:
        fetched = client.fetch(url, enough=enough_bytes)
        if fetched.got_response:
            _analyse(fetched.status or 0, fetched.body, fetched.content_type, url)
        return 1

    try:
        with concurrent.futures.ThreadPoolExecutor(IN_FLIGHT) as pool:
            return sum(pool.map(one, urls))
    finally:
        client.close()


def run_asyncio(
    urls: list[str], _: tuple[ResolvePin, ...], addresses: dict[str, str], __: dict[str, str]
) -> int:
    async def main() -> int:
        done = 0
        gate = asyncio.Semaphore(IN_FLIGHT)
        async with _session(addresses) as session:
            async def one(url: str) -> None:
                nonlocal done
                async with gate:
                    try:
                        status, body, content_type = await _aio_fetch(session, url)
                    except (TimeoutError, aiohttp.ClientError):
                        done += 1
                        return
                    _analyse(status, body, content_type, url)
                    done += 1

            await asyncio.gather(*(one(url) for url in urls))
        return done

    return asyncio.run(main())


def run_hybrid(
    urls: list[str], _: tuple[ResolvePin, ...], addresses: dict[str, str], __: dict[str, str]
) -> int:
    loop = asyncio.new_event_loop()
    thread = threading.Thread(target=loop.run_forever, daemon=True)
    thread.start()
    session = asyncio.run_coroutine_threadsafe(_make_session(addresses), loop).result()

    def one(url: str) -> int:
        future = asyncio.run_coroutine_threadsafe(_aio_fetch(session, url), loop)
        try:
            status, body, content_type = future.result()
        except (TimeoutError, aiohttp.ClientError):
            return 1
        _analyse(status, body, content_type, url)
        return 1

    try:
        with concurrent.futures.ThreadPoolExecutor(IN_FLIGHT) as pool:
            return sum(pool.map(one, urls))
    finally:
        asyncio.run_coroutine_threadsafe(session.close(), loop).result()
        loop.call_soon_threadsafe(loop.stop)
        thread.join()
        loop.close()


async def _make_session(addresses: dict[str, str]) -> aiohttp.ClientSession:
    return _session(addresses)


def run_pipeline(
    urls: list[str], pins: tuple[ResolvePin, ...], _: dict[str, str], titles: dict[str, str]
) -> int:
    """The issue's hot path through citecheck's own pipeline (`citecheck.api.check`):
    fetch, head parse, title extraction and matching, link status and verdict, with
    the scheduler and the engine as `check` runs them; no politeness, soft-404 probe,
    archive, start-up or report (measured apart, in README)."""
    options = CheckOptions(
        concurrency=IN_FLIGHT, per_host=IN_FLIGHT, host_interval=0.0, timeout=TIMEOUT,
        retries=0, resolve=pins, archive=False, probe_soft_404=False,
    )
    references = [
        Reference(id=f"r{i}", url=url, title=titles[url]) for i, url in enumerate(urls)
    ]
    return len(check(references, options).results)


MODES: dict[
    str, Callable[[list[str], tuple[ResolvePin, ...], dict[str, str], dict[str, str]], int]
] = {
    "threads": run_threads,
    "threads-requests": lambda *a: run_threads(*a, through_requests=True),
    "asyncio": run_asyncio,
    "hybrid": run_hybrid,
    "pipeline": run_pipeline,
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=9)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--modes", default=",".join(MODES))
    parser.add_argument("--json", help="also write the measurements here")
    args = parser.parse_args(argv)

    scenario = generate(args.size, seed=args.seed)
    scenario.port = free_port(host_address(0))
    work = Path(f"/tmp/citecheck-transport-{args.size}")
    work.mkdir(exist_ok=True)
    scenario.save(work / "scenario.json")
    servers = Servers(work / "scenario.json", scenario.port, 1, TIMEOUT)
    urls = [scenario.url(ref) for ref in scenario.refs]
    pins = tuple(
        ResolvePin(host=h.name, port=scenario.port, address=h.address) for h in scenario.hosts
    )
    addresses = {h.name: h.address for h in scenario.hosts}
    titles = {scenario.url(ref): ref.cited_title for ref in scenario.refs}
    rows: list[dict[str, Any]] = []
    try:
        for round_number in range(args.rounds):
            for mode in args.modes.split(","):
                started, cpu_started = time.monotonic(), time.process_time()
                count = MODES[mode](urls, pins, addresses, titles)
                wall = time.monotonic() - started
                cpu = time.process_time() - cpu_started
                row = {"round": round_number + 1, "mode": mode, "requests": count,
                       "wall_s": round(wall, 2), "cpu_s": round(cpu, 2),
                       "cpu_ms_per_request": round(cpu / count * 1000, 3)}
                rows.append(row)
                print(f"{mode:8s} round {round_number + 1}: {count} URLs, wall {wall:6.2f} s, "
                      f"CPU {cpu:6.2f} s = {cpu / count * 1000:.2f} ms/URL", flush=True)
    finally:
        servers.stop()
    if args.json:
        Path(args.json).write_text(json.dumps(rows, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
