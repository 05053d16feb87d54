"""The simulated web's server: one asyncio process (or a few, hosts split between them).

Every host listens on its own loopback address (127.10.x.y) and one shared
port; a request's host is the local address it arrived on, never its Host
header, so the same politeness accounting applies whether a tool connected by
name (citecheck's --resolve, lychee's --remap) or by address (LinkChecker).

For each host the server records the requests in flight (max) and the gaps
between request starts (min, and how many fell below the tested interval).
A stalled request counts as in flight only until the clients' timeout: after
that the client has given up, even if its close has not arrived yet.

Control (on 127.9.0.<worker+1>, same port): GET /_reset?interval=S&tolerance=S
clears the counters; GET /_stats returns them as JSON.

    python -m benchmarks.server SCENARIO.json --port P [--worker W --workers N]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import html
import sys
from dataclasses import dataclass, field
from pathlib import Path

from aiohttp import web

from benchmarks.scenario import Route, Scenario, route_for

CONTROL_NET = "127.9.0."
_LOREM = "Lorem ipsum dolor sit amet, consectetur adipiscing elit, "
# Large enough that clients read a realistic page (~22 kB), as on the real web.
_FILLER = (
    "<main><article>"
    + "".join(
        f"<p id='p{i}'>{html.escape(_LOREM * 6)}</p>" for i in range(60)
    )
    + "</article></main></body></html>"
).encode()
_STALL_CAP = 30.0  # a stalled handler never outlives this, whatever the client does


def control_address(worker: int) -> str:
    return f"{CONTROL_NET}{worker + 1}"


def page(title: str | None) -> bytes:
    title_tag = f"<title>{html.escape(title)}</title>" if title is not None else ""
    og = (
        f'<meta property="og:title" content="{html.escape(title, quote=True)}">'
        if title is not None
        else ""
    )
    head = (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        f'{title_tag}{og}<meta name="viewport" content="width=device-width"></head><body>'
    )
    return head.encode() + _FILLER


@dataclass
class HostStats:
    requests: int = 0
    active: int = 0
    max_active: int = 0
    last_start: float | None = None
    min_gap: float | None = None
    gaps_below: int = 0
    # Jitter-proof interval check. The server sees start i at t_i + delay_i, with
    # the delay (loopback, a busy event loop) unknown but bounded. Starts spaced
    # >= s by the client satisfy t_j - t_i >= (j - i) * s, so the observed lateness
    # L_j = seen_j - j * s can fall below an earlier L_i by at most the delay
    # spread. ``debt`` is the largest such fall: ~0 to a few ms for a polite
    # client, and it grows by s for every request a client sends too early.
    lateness_max: float | None = None
    debt: float = 0.0
    first_start: float | None = None
    starts: list[float] = field(default_factory=list)  # kept for the busiest hosts' pace
    # Requests in flight integrated over time (request-seconds), up to ``changed``: over
    # a span, divided by it, how many of the host's slots a client kept busy.
    in_flight_seconds: float = 0.0
    changed: float | None = None

    def _account(self, now: float) -> None:
        if self.changed is not None:
            self.in_flight_seconds += self.active * (now - self.changed)
        self.changed = now

    def end(self, now: float) -> None:
        self._account(now)
        self.active -= 1

    def start(self, now: float, threshold: float, interval: float) -> None:
        self._account(now)
        self.requests += 1
        self.active += 1
        self.max_active = max(self.max_active, self.active)
        if self.last_start is not None:
            gap = now - self.last_start
            if self.min_gap is None or gap < self.min_gap:
                self.min_gap = gap
            if gap < threshold:
                self.gaps_below += 1
        self.last_start = now
        if self.first_start is None:
            self.first_start = now
        self.starts.append(now)
        lateness = now - (self.requests - 1) * interval
        if self.lateness_max is None or lateness > self.lateness_max:
            self.lateness_max = lateness
        else:
            self.debt = max(self.debt, self.lateness_max - lateness)


class SimServer:
    def __init__(self, scenario: Scenario, worker: int, workers: int, timeout: float):
        self.scenario = scenario
        self.hosts = [h for h in scenario.hosts if h.index % workers == worker]
        self.by_address = {h.address: h.index for h in self.hosts}
        self.worker = worker
        self.timeout = timeout
        self.threshold = 0.0
        self.interval = 0.0
        self.stats: dict[int, HostStats] = {}
        self.user_agents: dict[str, int] = {}
        self.max_lag = 0.0

    async def watch_lag(self) -> None:
        """Record how late the event loop runs: the server's own timing error."""
        loop = asyncio.get_running_loop()
        while True:
            before = loop.time()
            await asyncio.sleep(0.002)
            self.max_lag = max(self.max_lag, loop.time() - before - 0.002)

    def reset(self, interval: float, tolerance: float, timeout: float) -> None:
        self.threshold = max(0.0, interval - tolerance)
        self.interval = interval
        self.timeout = timeout
        self.stats = {}
        self.user_agents = {}
        self.max_lag = 0.0

    def snapshot(self) -> dict[str, object]:
        return {
            "hosts": {
                self.scenario.hosts[i].name: {
                    "requests": s.requests,
                    "max_active": s.max_active,
                    "min_gap": s.min_gap,
                    "gaps_below": s.gaps_below,
                    "debt": s.debt,
                    "first_start": s.first_start,
                    "last_start": s.last_start,
                    "in_flight_seconds": s.in_flight_seconds,
                    "last_change": s.changed,
                }
                for i, s in self.stats.items()
            },
            "user_agents": self.user_agents,
            "max_loop_lag": self.max_lag,
        }

    async def handle(self, request: web.BaseRequest) -> web.StreamResponse:
        sockname = request.transport.get_extra_info("sockname") if request.transport else None
        address = sockname[0] if sockname else ""
        host = self.by_address.get(address)
        if host is None:
            return await self.control(request)
        loop = asyncio.get_running_loop()
        stats = self.stats.get(host)
        if stats is None:
            stats = self.stats[host] = HostStats()
        stats.start(loop.time(), self.threshold, self.interval)
        agent = (request.headers.get("User-Agent") or "-").split("/", 1)[0]
        self.user_agents[agent] = self.user_agents.get(agent, 0) + 1
        released = False

        def release() -> None:
            nonlocal released
            if not released:
                released = True
                stats.end(loop.time())

        try:
            route = route_for(self.scenario, host, request.path)
            if route.stall:
                # The client gives up after its timeout: from then on it may start
                # another request to this host without breaking politeness.
                loop.call_later(self.timeout, release)
                await asyncio.sleep(_STALL_CAP)
                return web.Response(status=504)
            await asyncio.sleep(route.latency_ms / 1000)
            response = self._response(route)
            await response.prepare(request)
            await response.write_eof()
            return response
        finally:
            release()

    @staticmethod
    def _response(route: Route) -> web.Response:
        headers = {"LinkChecker": "bench"}  # lets LinkChecker exceed 10 requests/s/host
        if route.location is not None:
            headers["Location"] = route.location
            return web.Response(status=route.status, headers=headers)
        return web.Response(
            status=route.status,
            body=page(route.title),
            content_type="text/html",
            charset="utf-8",
            headers=headers,
        )

    async def control(self, request: web.BaseRequest) -> web.Response:
        if request.path == "/_reset":
            query = request.query
            self.reset(
                float(query.get("interval", "0")),
                float(query.get("tolerance", "0")),
                float(query.get("timeout", str(self.timeout))),
            )
            return web.json_response({"ok": True})
        if request.path == "/_stats":
            return web.json_response(self.snapshot())
        if request.path == "/_starts":
            # Start times of one host's requests, relative to the first request overall.
            name = request.query.get("host", "")
            index = next((h.index for h in self.hosts if h.name == name), None)
            stats = self.stats.get(index) if index is not None else None
            origin = min((s.first_start for s in self.stats.values() if s.first_start), default=0)
            return web.json_response([t - origin for t in (stats.starts if stats else [])])
        return web.Response(status=404)


async def serve(scenario: Scenario, port: int, worker: int, workers: int, timeout: float) -> None:
    sim = SimServer(scenario, worker, workers, timeout)
    # handler_cancellation: a client that hangs up ends its handler (stalls included).
    server = web.Server(sim.handle, handler_cancellation=True, access_log=None)
    runner = web.ServerRunner(server, handle_signals=True)
    await runner.setup()
    addresses = [control_address(worker), *sim.by_address]
    for address in addresses:
        await web.TCPSite(runner, address, port, backlog=1024, reuse_address=True).start()
    lag = asyncio.create_task(sim.watch_lag())
    print(f"ready {len(addresses)}", flush=True)
    try:
        await asyncio.Event().wait()
    finally:
        lag.cancel()
        await runner.cleanup()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("scenario", type=Path)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--worker", type=int, default=0)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--timeout", type=float, default=3.0)
    args = parser.parse_args(argv)
    scenario = Scenario.load(args.scenario)
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(serve(scenario, args.port, args.worker, args.workers, args.timeout))
    return 0


if __name__ == "__main__":
    sys.exit(main())
