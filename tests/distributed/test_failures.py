"""When a run cannot finish: a chunk that fails on every attempt, and an interrupt."""

from __future__ import annotations

import re

import pytest

from citecheck.distributed import DistributedError, check_distributed
from citecheck.gating.rules import IgnoreRules, UrlRule
from citecheck.models import Reference, Result
from tests.distributed import webfarm
from tests.support.simweb import SimWeb


class _Exploding(UrlRule):
    """An ignore rule whose matching is a bug: raises on the worker, every attempt."""

    def matches(self, url: str) -> bool:
        raise RuntimeError("bug in a rule")


def test_a_chunk_failing_on_every_attempt_is_an_error(cluster_client, farm: SimWeb) -> None:
    refs = [Reference(id="a", url=farm.url("blog.test", "/ok/1"))]
    rules = IgnoreRules(url_rules=(_Exploding("x", re.compile("x"), schemeless=False),))
    with pytest.raises(DistributedError, match="failed on every attempt: RuntimeError: bug"):
        check_distributed(refs, webfarm.options(farm), client=cluster_client, rules=rules,
                          retries=1)


def test_an_interrupt_reports_what_was_finished(cluster_client, farm: SimWeb) -> None:
    refs = [Reference(id=f"r{i}", url=farm.url(host, f"/ok/{i}"), title=f"Story {i}")
            for i, host in enumerate(webfarm.HOSTS[:-1] * 3)]
    seen: list[Result] = []

    def stop_after_the_first_chunk(result: Result) -> None:
        seen.append(result)
        if len(seen) == 2:
            raise KeyboardInterrupt

    report = check_distributed(refs, webfarm.options(farm), client=cluster_client,
                               on_result=stop_after_the_first_chunk, chunk_size=2)
    assert not report.complete
    assert 2 <= len(report.results) < len(refs)
    assert report.notes[-1].startswith("interrupted: ")
    assert [r.id for r in report.results] == [r.id for r in refs if r.id in
                                              {x.id for x in report.results}]


def test_nothing_to_check_and_bad_arguments(cluster_client) -> None:
    report = check_distributed([], client=cluster_client)
    assert report.results == () and report.complete
    with pytest.raises(ValueError, match="exactly one"):
        check_distributed([], client=cluster_client, scheduler_address="tcp://127.0.0.1:1")
    with pytest.raises(ValueError, match="exactly one"):
        check_distributed([])


def test_a_chunk_that_heard_from_nobody_is_judged_like_the_local_run(
    cluster_client, farm: SimWeb
) -> None:
    """Its only host does not exist and the canary is down, but other chunks got answers."""
    from citecheck.api import check

    refs = [Reference(id=f"r{i}", url=farm.url(host, f"/ok/{i}"), title=f"Story {i}")
            for i, host in enumerate(webfarm.HOSTS[:4])]
    refs.append(Reference(id="gone", url="http://gone.invalid/page"))
    options = webfarm.options(farm, canaries=("http://canary-down.invalid/",))
    local = check(refs, options)
    assert local.results[-1].verdict.value == "dead" and not local.offline
    seen: list[Result] = []
    report = check_distributed(refs, options, client=cluster_client, chunk_size=1,
                               on_result=seen.append)
    assert [(r.id, r.verdict, r.reasons) for r in report.results] == [
        (r.id, r.verdict, r.reasons) for r in local.results]
    assert not report.offline and report.notes == ()
    assert seen[-1].id == "gone" and seen[-1].verdict.value == "dead"  # held back, then judged

    # With nothing answering anywhere, the run is offline, as locally: nothing is dead.
    alone = [refs[-1]]
    offline = check_distributed(alone, options, client=cluster_client)
    assert offline.offline and offline.results[0].verdict.value == "unreachable"
    assert offline.notes == check(alone, options).notes
