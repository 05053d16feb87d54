"""A generated dump checked end to end on 2 worker processes, against the local engine."""

from __future__ import annotations

import functools
import os
import signal
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
from tests.support.simweb import SimWeb, wait_for


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
    pids: dict[str, int] = cluster_client.run(os.getpid)
    victim = next(iter(pids))

    def kill_one_worker(result: Result) -> None:
        delivered.append(result.id)
        if not killed.is_set():
            killed.set()
            # Abrupt death, like a lost machine, sent from here: a signal needs nothing
            # of the worker's event loop, which a busy machine can keep from running
            # a "please exit" call for a long time. The nanny starts a replacement.
            os.kill(pids[victim], signal.SIGKILL)

    report: Report = check_distributed(
        references, options, client=cluster_client, on_result=kill_one_worker, chunk_size=10,
    )
    assert killed.is_set()
    assert report.complete
    assert sorted(delivered) == sorted(r.id for r in references)  # each exactly once
    assert [r.id for r in report.results] == [r.id for r in references]
    # The replacement is a new process importing dask and citecheck: on a loaded
    # machine that takes long, and the cluster is shared with later tests.
    assert wait_for(lambda: victim not in cluster_client.scheduler_info()["workers"], 120)
    cluster_client.wait_for_workers(2, timeout=180)
