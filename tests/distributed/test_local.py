"""--workers N: the local run over worker processes reports what one process does, keeps
every limit (the archive's across processes), and a dead worker is an error, not a hang."""

from __future__ import annotations

import itertools
import multiprocessing
import os
import signal
import threading
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from citecheck.api import check
from citecheck.distributed.local import WorkerDied, check_parallel
from citecheck.distributed.partition import split_by_domain
from citecheck.models import Reference, Report, Result
from citecheck.report.json_report import report_dict
from citecheck.sources.dump import load_dump
from tests.distributed import webfarm
from tests.support.simweb import SimWeb, free_port, raw_page


def comparable(report: Report) -> dict[str, Any]:
    """The whole JSON report (citecheck-report/1) without what timing decides."""
    data = report_dict(report)
    for key in ("started_at", "finished_at"):
        data.pop(key)
    for result in data["results"]:
        result["link"].pop("elapsed_ms")
    return data


def test_four_workers_report_what_one_process_does(farm: SimWeb, tmp_path: Path) -> None:
    references = load_dump(webfarm.write_dump(farm, tmp_path, articles=150)).references
    options = webfarm.options(farm, host_interval=0.02)
    one = check(references, options)
    farm.records.clear()
    streamed: list[Result] = []
    with webfarm.StallMeter() as stalls:
        four = check_parallel(references, replace(options, workers=4),
                              on_result=streamed.append, min_references_per_worker=1)

    assert four.complete and not four.offline
    assert comparable(four) == comparable(one)
    assert {"ok", "dead", "mismatch"} <= {r.verdict.value for r in four.results}
    # Each result reached on_result once, in this process.
    assert sorted(r.id for r in streamed) == sorted(r.id for r in references)
    # Each site in one process: its limits hold as one engine keeps them.
    assert webfarm.politeness_violations(
        farm, options.per_host, options.host_interval, stalls=stalls) == []


def test_a_run_that_keeps_no_results_streams_them_all(farm: SimWeb, tmp_path: Path) -> None:
    # What a worker process runs: its results live on in the parent, not in the worker.
    references = load_dump(webfarm.write_dump(farm, tmp_path, articles=20)).references
    options = webfarm.options(farm)
    streamed: list[Result] = []
    report = check(references, options, on_result=streamed.append, keep_results=False)
    assert report.results == () and report.complete
    assert sorted(r.id for r in streamed) == sorted(r.id for r in references)


def test_each_registered_domain_is_whole_in_one_share() -> None:
    urls = [f"https://{host}/{n}" for n, host in enumerate(
        ["www.news.test", "news.test", "a.test", "b.test", "a.test", "c.test"] * 5)]
    references = [Reference(f"r{n}", url=u) for n, u in enumerate(urls)]
    references.append(Reference("bad", url="ftp://nowhere/"))
    shares = split_by_domain(references, 3)
    assert len(shares) == 3
    owner = {i: n for n, share in enumerate(shares) for i in share.indexes}
    assert sorted(owner) == list(range(len(references)))  # each reference once
    assert owner[0] == owner[1]  # www.news.test and news.test: one site
    for share in shares:
        assert list(share.indexes) == sorted(share.indexes)
    # Fewer domains than asked: fewer shares, none empty.
    assert len(split_by_domain(references[:1], 4)) == 1


def test_a_few_references_stay_in_this_process(farm: SimWeb) -> None:
    references = [Reference(f"r{n}", url=farm.url(h, "/ok/1"))
                  for n, h in enumerate(webfarm.HOSTS[:4])]
    before = set(multiprocessing.active_children())
    report = check_parallel(references, webfarm.options(farm, workers=4))
    assert report.complete and len(report.results) == 4
    assert set(multiprocessing.active_children()) == before  # no worker was started


def test_the_archive_limits_hold_across_processes(farm: SimWeb) -> None:
    """Every worker looks references up in the one archive: its interval and concurrency
    are those of one client, however many processes there are."""
    interval = 0.1
    farm.route("archive.test", "*", raw_page(b"", "text/plain"))  # an index with nothing
    references = [Reference(f"r{n}", url=farm.url(host, f"/ok/{n}"))
                  for n, host in zip(range(18), itertools.cycle(webfarm.HOSTS[3:9]), strict=False)]
    pins = webfarm.options(farm).resolve
    options = webfarm.options(
        farm, workers=3, archive=True, archive_url=farm.url("archive.test", "/").rstrip("/"),
        archive_interval=interval, archive_index_interval=interval, archive_concurrency=2,
        resolve=(*pins, replace(pins[0], host="archive.test")), find_moved=False,
    )
    with webfarm.StallMeter() as stalls:
        report = check_parallel(references, options, min_references_per_worker=1)
    assert report.complete
    archive = sorted((r for r in farm.records if r.host == "archive.test"),
                     key=lambda r: r.started)
    assert len(archive) >= len(references)  # every reference was looked up
    close = [
        f"{(b.started - a.started) * 1000:.1f} ms apart"
        for a, b in itertools.pairwise(archive)
        if b.started - a.started < interval - webfarm.JITTER
        and not stalls.explains(a.started, b.started)
    ]
    assert close == []


def test_a_worker_that_dies_is_an_error_naming_it(farm: SimWeb, tmp_path: Path) -> None:
    references = load_dump(webfarm.write_dump(farm, tmp_path, articles=100)).references
    options = webfarm.options(farm, workers=2, host_interval=0.05)
    killed: list[int] = []
    lock = threading.Lock()

    def kill_one(result: Result) -> None:
        with lock:
            if killed:
                return
            workers = [p for p in multiprocessing.active_children()
                       if p.name.startswith("citecheck-worker-")]
            victim = workers[0]
            killed.append(victim.pid or 0)
            os.kill(victim.pid or 0, signal.SIGKILL)

    with pytest.raises(WorkerDied) as caught:
        check_parallel(references, options, on_result=kill_one, min_references_per_worker=1)
    message = str(caught.value)
    assert f"pid {killed[0]}" in message and "killed by SIGKILL" in message
    assert "sites " in message and "before reporting" in message
    # Nothing is left running.
    assert not [p for p in multiprocessing.active_children()
                if p.name.startswith("citecheck-worker-")]


def test_the_command_line_runs_as_many_workers_as_usable_cores(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from citecheck.cli.app import build_parser
    from citecheck.cli.common import settings_from_args
    from citecheck.options import usable_cores

    monkeypatch.chdir(tmp_path)  # no config file found
    parser, _ = build_parser(["check", "refs.json"])

    def workers(*flags: str) -> int:
        args = parser.parse_args(["check", "refs.json", *flags])
        return settings_from_args(args).check_options().workers

    assert workers() == usable_cores() == len(os.sched_getaffinity(0))
    assert workers("--workers", "1") == 1
    (tmp_path / "citecheck.toml").write_text("workers = 3\n")
    assert workers() == 3
    assert workers("--workers", "2") == 2  # the command line wins


def test_a_worker_whose_sites_all_failed_does_not_make_the_run_offline(farm: SimWeb) -> None:
    """One worker's sites all refuse connections and no canary answers: alone it would
    judge itself offline; another worker's sites answered, so the run is online, as
    one process would have judged it."""
    closed = free_port(webfarm.ADDRESS)
    live = [Reference(f"live-{n}", url=farm.url("news.test", f"/ok/{n}"), title=f"Story {n}")
            for n in range(120)]
    refused = [Reference(f"refused-{n}", url=f"http://down.test:{closed}/story/{n}")
               for n in range(120)]
    pins = webfarm.options(farm).resolve
    options = webfarm.options(farm, canaries=(f"http://{webfarm.ADDRESS}:{closed}/",),
                              resolve=(*pins, replace(pins[0], host="down.test")))
    references = [r for pair in zip(live, refused, strict=True) for r in pair]
    one = check(references, options)
    two = check_parallel(references, replace(options, workers=2))

    assert not two.offline and two.notes == one.notes == ()
    assert comparable(two) == comparable(one)
    assert {r.verdict.value for r in two.results} == {"ok", "unreachable"}
