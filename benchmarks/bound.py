"""The schedule lower bound: no polite client can finish the scenario faster.

Inputs are the scripted server latencies and the politeness limits shared by
every tool: at most ``per_host`` requests in flight to a host, starts to one
host at least ``interval`` apart, and at most ``concurrency`` in flight overall.
A request that stalls holds its slot until the client's ``timeout``.

For one host with request durations d (sorted longest first), any schedule's
k-th start is at least (k-1)*interval after the first, so the makespan is at
least max_k((k-1)*interval + d_k) — placing the longest requests first is the
best any order can do (exchange argument). Capacity gives sum(d)/per_host.
Overall, sum of all durations / concurrency. A redirect's two requests run
one after the other, so the longest chain bounds the run too. The bound is
the largest of these; it ignores client CPU and connection set-up, and a
client cannot know which requests will be slow, so even a perfect client lands
above it (see ``greedy_seconds``).
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from benchmarks.scenario import Scenario, route_for


@dataclass(frozen=True)
class Politeness:
    concurrency: int
    per_host: int
    interval: float  # seconds between request starts to one host
    timeout: float  # seconds a client waits for a response


@dataclass(frozen=True)
class Bound:
    seconds: float
    limiting: str  # what sets it: "host site-...", "global concurrency" or "chain"
    # What a zero-cost client achieves that starts each request, in input order, as
    # soon as its host's limits allow (global limit ignored): for scale, not a bound.
    greedy_seconds: float
    requests: int


def request_chains(scenario: Scenario, timeout: float) -> list[tuple[int, list[float]]]:
    """(host, [duration of each request in order]) for every reference's fetch."""
    chains = []
    for ref in scenario.refs:
        durations = []
        path: str | None = ref.path
        for _ in range(10):  # the scenario has at most one hop; bounded anyway
            if path is None:
                break
            route = route_for(scenario, ref.host, path)
            if route.stall:
                durations.append(timeout)
                break
            durations.append(route.latency_ms / 1000)
            path = route.location if route.status in (301, 302, 303, 307, 308) else None
        chains.append((ref.host, durations))
    return chains


def host_lower_bound(durations: Sequence[float], per_host: int, interval: float) -> float:
    if not durations:
        return 0.0
    ordered = sorted(durations, reverse=True)
    spacing = max(k * interval + d for k, d in enumerate(ordered))
    return max(spacing, sum(ordered) / per_host)


def host_greedy_schedule(durations: Iterable[float], per_host: int, interval: float) -> float:
    """Makespan of starting each request, in the given order, as early as the limits allow."""
    free: list[float] = [0.0] * per_host  # when each slot frees up
    next_start = 0.0
    end = 0.0
    for duration in durations:
        start = max(heapq.heappop(free), next_start)
        next_start = start + interval
        heapq.heappush(free, start + duration)
        end = max(end, start + duration)
    return end


def lower_bound(scenario: Scenario, limits: Politeness) -> Bound:
    chains = request_chains(scenario, limits.timeout)
    per_host: dict[int, list[float]] = {}
    for host, durations in chains:
        per_host.setdefault(host, []).extend(durations)
    candidates: list[tuple[float, str]] = []
    greedy = 0.0
    for host, durations in per_host.items():
        name = scenario.hosts[host].name
        candidates.append(
            (host_lower_bound(durations, limits.per_host, limits.interval), f"host {name}")
        )
        greedy = max(greedy, host_greedy_schedule(durations, limits.per_host, limits.interval))
    total = sum(sum(d) for d in per_host.values())
    candidates.append((total / limits.concurrency, "global concurrency"))
    candidates.append((max((sum(d) for _, d in chains), default=0.0), "longest chain"))
    seconds, limiting = max(candidates)
    return Bound(seconds, limiting, max(greedy, seconds), sum(len(d) for _, d in chains))
