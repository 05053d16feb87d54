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
