"""The simulated web is reproducible and scripted as documented."""

from __future__ import annotations

import collections

from benchmarks.scenario import (
    OUTCOME_MIX,
    TRUTH_VERDICT,
    generate,
    host_address,
    host_name,
    route_for,
    zipf_weights,
)


def test_same_seed_same_scenario_other_seed_differs() -> None:
    first, again, other = generate(300, seed=1), generate(300, seed=1), generate(300, seed=2)
    assert first.to_json() == again.to_json()
    assert first.to_json() != other.to_json()


def test_saved_scenario_loads_back(tmp_path) -> None:
    scenario = generate(120, seed=3)
    scenario.port = 8123
    scenario.save(tmp_path / "s.json")
    loaded = type(scenario).load(tmp_path / "s.json")
    assert loaded.to_json() == scenario.to_json()


def test_host_names_encode_their_loopback_address() -> None:
    for index in (0, 249, 250, 62_499, 62_500):
        address = host_address(index)
        assert address.startswith("127.")
        assert host_name(address) == "site-" + "-".join(address.split(".")[1:]) + ".test"
    assert len({host_address(i) for i in range(5000)}) == 5000


def test_zipf_weights_fall_with_rank_and_sum_to_one() -> None:
    weights = zipf_weights(50)
    assert abs(sum(weights) - 1) < 1e-9
    assert weights == sorted(weights, reverse=True)
    assert abs(weights[0] / weights[9] - 10) < 1e-9


def test_outcome_mix_and_truth() -> None:
    scenario = generate(4000, seed=5)
    counts = collections.Counter(ref.outcome for ref in scenario.refs)
    live = sum(counts[o] for o in ("live", "drift", "redirect")) / len(scenario.refs)
    assert 0.72 < live < 0.82
    assert counts["not_found"] + counts["soft_404"] > 0.06 * len(scenario.refs)
    for ref in scenario.refs:
        assert ref.truth == TRUTH_VERDICT[ref.outcome]
        if ref.outcome == "soft_404":
            assert scenario.hosts[ref.host].soft_404
        if ref.outcome == "not_found":
            assert not scenario.hosts[ref.host].soft_404
    assert set(OUTCOME_MIX) >= {"live", "missing", "timeout"}


def test_routes_follow_the_outcome() -> None:
    scenario = generate(2000, seed=7)
    for ref in scenario.refs:
        route = route_for(scenario, ref.host, ref.path)
        if ref.outcome == "redirect":
            assert route.status == 301 and route.location
            target = route_for(scenario, ref.host, route.location)
            assert target.status == 200 and ref.cited_title in (target.title or "")
        elif ref.outcome == "moved_home":
            assert route.location == "/"
        elif ref.outcome == "live":
            assert route.status == 200 and ref.cited_title in (route.title or "")
        elif ref.outcome == "drift":
            assert route.status == 200 and ref.cited_title not in (route.title or "")
        elif ref.outcome == "timeout":
            assert route.stall
        assert 5 <= route.latency_ms <= 4000


def test_unknown_paths_answer_like_the_host() -> None:
    scenario = generate(500, seed=11)
    soft = next(h for h in scenario.hosts if h.soft_404)
    hard = next(h for h in scenario.hosts if not h.soft_404)
    assert route_for(scenario, soft.index, "/citecheck-probe").status == 200
    assert route_for(scenario, hard.index, "/citecheck-probe").status == 404
    # Stable: the same unknown path always gets the same latency.
    assert (
        route_for(scenario, hard.index, "/x").latency_ms
        == route_for(scenario, hard.index, "/x").latency_ms
    )
