"""A generated dump checked end to end on 2 worker processes, against the local engine."""

from __future__ import annotations

import contextlib
import functools
import threading
from datetime import UTC, datetime
from pathlib import Path

from citecheck.api import check
from citecheck.audit.run import run_audit
from citecheck.distributed import check_distributed
from citecheck.distributed.progress import Progress
from citecheck.models import Report, Result
from citecheck.sources.dump import load_dump
from citecheck.store.db import HistoryStore
from tests.distributed import webfarm
from tests.support.simweb import SimWeb


def outcome(result: Result) -> tuple[object, ...]:
    """Everything a check found except timings."""
    return (result.id, result.verdict, result.reasons, result.link.status,
            result.link.http_status, result.link.final_url, result.title.match,
            result.title.found)


def test_workers_run_this_checkout(cluster_client) -> None:
    import citecheck

    files = cluster_client.run(lambda: __import__("citecheck").__file__)
    assert set(files.values()) == {citecheck.__file__}


def test_dump_on_two_workers_gives_the_local_verdicts(
    cluster_client, farm: SimWeb, tmp_path: Path
) -> None:
    dump = webfarm.write_dump(farm, tmp_path, articles=200)
    references = load_dump(dump).references
    assert len(references) >= 380
    options = webfarm.options(farm, host_interval=0)

    local = check(references, options)
    farm.records.clear()
    streamed: list[Result] = []
    progress: list[Progress] = []
    distributed = check_distributed(
        references, options, client=cluster_client, on_result=streamed.append,
        on_progress=progress.append, chunk_size=40,
    )

    assert distributed.complete and not distributed.offline
    assert [r.id for r in distributed.results] == [r.id for r in references]  # input order
    assert [outcome(r) for r in distributed.results] == [outcome(r) for r in local.results]
    verdicts = {r.verdict.value for r in distributed.results}
    assert {"ok", "dead", "mismatch"} <= verdicts
    # Each result reached on_result once, as its chunk finished.
    assert sorted(r.id for r in streamed) == sorted(r.id for r in references)
    assert progress[-1].done == len(references) and progress[-1].eta == 0
    assert [p.done for p in progress] == sorted(p.done for p in progress)
    assert len(progress) > 4  # several chunks: results streamed, not one batch at the end
    assert webfarm.politeness_violations(farm, options.per_host, 0) == []


def test_politeness_holds_across_the_cluster(
    cluster_client, farm: SimWeb, tmp_path: Path
) -> None:
    references = load_dump(webfarm.write_dump(farm, tmp_path, articles=50)).references
    options = webfarm.options(farm, host_interval=0.1)
    with webfarm.StallMeter() as stalls:
        report = check_distributed(references, options, client=cluster_client, chunk_size=20)
    assert report.complete
    hosts_seen = {r.host for r in farm.records}
    assert {"giant.test", "www.news.test", "news.test"} <= hosts_seen
    assert webfarm.politeness_violations(
        farm, options.per_host, options.host_interval, stalls=stalls) == []

    # The check can fail: two engines splitting the same hosts between them break it.
    farm.records.clear()
    halves = [references[0::2], references[1::2]]
    threads = [threading.Thread(target=check, args=(half, options)) for half in halves]
    for thread in threads:
        thread.start()
    with webfarm.StallMeter() as stalls:
        for thread in threads:
            thread.join()
    assert webfarm.politeness_violations(
        farm, options.per_host, options.host_interval, stalls=stalls)


def test_audit_records_every_result_once_in_history(
    cluster_client, farm: SimWeb, tmp_path: Path
) -> None:
    dump = webfarm.write_dump(farm, tmp_path, articles=60)
    references = load_dump(dump).references
    options = webfarm.options(farm)
    check_fn = functools.partial(check_distributed, client=cluster_client, chunk_size=15)

    class Clock:
        def now(self) -> datetime:
            return datetime(2026, 11, 1, 2, 0, tzinfo=UTC)

    recorded: list[str] = []
    with HistoryStore(tmp_path / "h.db") as store:
        done = run_audit(references, options, store, Clock(), check_fn,
                         inputs=(str(dump),), on_result=lambda r: recorded.append(r.id))
        rows = store.run_checks(done.run_id)
    assert done.report.complete and done.checked == len(references)
    assert sorted(recorded) == sorted(r.id for r in references)
    # One row per distinct reference key (identical citations share one).
    assert len(rows) == len({(r.url, r.title, r.work, r.website) for r in references})


def test_a_killed_worker_loses_nothing_and_repeats_nothing(
    cluster_client, farm: SimWeb, tmp_path: Path
) -> None:
    dump = webfarm.write_dump(farm, tmp_path, articles=80)
    references = load_dump(dump).references
    # Slow enough that a chunk is certainly running when a worker is killed.
    options = webfarm.options(farm, host_interval=0.05)
    delivered: list[str] = []
    killed = threading.Event()
    victims: list[str] = []

    def kill_one_worker(result: Result) -> None:
        delivered.append(result.id)
        if not killed.is_set():
            killed.set()
            worker = next(iter(cluster_client.scheduler_info()["workers"]))
            victims.append(worker)
            # Abrupt death, like a lost machine; the nanny starts a replacement.
            threading.Thread(target=_kill, args=(cluster_client, worker), daemon=True).start()

    report: Report = check_distributed(
        references, options, client=cluster_client, on_result=kill_one_worker, chunk_size=10,
    )
    assert killed.is_set()
    assert report.complete
    assert sorted(delivered) == sorted(r.id for r in references)  # each exactly once
    assert [r.id for r in report.results] == [r.id for r in references]
    cluster_client.wait_for_workers(2, timeout=30)
    assert victims[0] not in cluster_client.scheduler_info()["workers"]  # it did die


def _kill(client, worker: str) -> None:
    from distributed.comm import CommClosedError

    with contextlib.suppress(CommClosedError, OSError):  # it died mid-call: the point
        client.run(_exit_now, workers=[worker])


def _exit_now() -> None:
    import os

    os._exit(1)
