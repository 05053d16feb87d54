"""The schedule lower bound."""

from __future__ import annotations

import random

from benchmarks.bound import (
    Politeness,
    host_greedy_schedule,
    host_lower_bound,
    lower_bound,
    request_chains,
)
from benchmarks.scenario import generate


def test_capacity_bound() -> None:
    # Four 1-second requests, two at a time, no interval: 2 seconds.
    assert host_lower_bound([1, 1, 1, 1], per_host=2, interval=0) == 2


def test_interval_bound() -> None:
    # Ten short requests spaced 0.5 s: the last starts at 4.5 s and takes 0.1 s.
    assert abs(host_lower_bound([0.1] * 10, per_host=8, interval=0.5) - 4.6) < 1e-9


def test_longest_request_first_is_what_the_bound_assumes() -> None:
    # One slow request: best started first, so 0 * interval + 3.
    assert host_lower_bound([3, 0.1, 0.1], per_host=8, interval=0.2) == 3


def test_greedy_schedule_never_beats_the_bound() -> None:
    rng = random.Random(4)
    for _ in range(200):
        durations = [rng.expovariate(10) for _ in range(rng.randint(1, 40))]
        per_host, interval = rng.randint(1, 8), rng.choice([0, 0.01, 0.05])
        bound = host_lower_bound(durations, per_host, interval)
        assert host_greedy_schedule(durations, per_host, interval) >= bound - 1e-9


def test_redirects_and_stalls_become_chains() -> None:
    scenario = generate(800, seed=9)
    chains = request_chains(scenario, timeout=3.0)
    by_outcome = {ref.outcome: chain for ref, (_, chain) in zip(scenario.refs, chains, strict=True)}
    assert len(by_outcome["redirect"]) == 2
    assert len(by_outcome["moved_home"]) == 2
    assert by_outcome["timeout"] == [3.0]
    assert len(by_outcome["live"]) == 1


def test_bound_names_what_limits_it() -> None:
    scenario = generate(1000, seed=9)
    strict = lower_bound(scenario, Politeness(128, 1, 0.5, 3.0))
    assert strict.limiting.startswith("host ")
    narrow = lower_bound(scenario, Politeness(1, 100, 0.0, 3.0))
    assert narrow.limiting == "global concurrency"
    assert narrow.greedy_seconds >= narrow.seconds
    assert strict.requests > 1000  # redirects add requests
