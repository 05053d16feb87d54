"""The archive step measured on its own (issue 9): requests and seconds per reference.

    python -m benchmarks.archive_step --size 100                 # the default politeness
    python -m benchmarks.archive_step --size 300 --archive-interval 0.05

The links are the simulated web of ``scenario.py`` (served by ``server.py``); the
archive is a real pywb (``tests/support/pywb_harness.py``) holding captures of those
links in a seeded mix of cases (``CASES``): a cited capture that is fine, a cited
capture of an error page (a good one exists at another time), no capture cited but a
good one to suggest, only a capture of an error, and no capture at all.

citecheck's library API checks the same references twice in one process: links only
(archive off), then links and archive. Reported for the archive step: HTTP requests to
the archive per reference (each one the engine sent, counted from its request log,
redirect hops included), the wall time it adds per reference, the lower bound the
archive's politeness sets (requests × interval / 1, or ÷ concurrency when that binds),
and the share of references whose archive status is the one their case scripts.
Every archive request waits for the archive host's slot and interval, so requests per
reference is what decides the step's length against the Internet Archive.
"""

from __future__ import annotations

import argparse
import json
import logging
import random
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from benchmarks.runner import ROOT, Servers, free_port
from benchmarks.scenario import Scenario, generate, host_address, resolve_pins
from citecheck.api import check
from citecheck.models import Reference, Report
from citecheck.net.resolver import parse_resolve_pin
from citecheck.options import DEFAULT_ARCHIVE_CONCURRENCY, DEFAULT_ARCHIVE_INTERVAL, CheckOptions
from tests.support.pywb_harness import WarcCapture, html_page, run_pywb

# case -> share of references. What each expects is in EXPECTED.
CASES = {
    "cited-ok": 0.3,
    "cited-error": 0.1,
    "suggest": 0.3,
    "error-only": 0.1,
    "none": 0.2,
}
EXPECTED = {
    "cited-ok": "ok",
    "cited-error": "broken",  # with the good capture as its replacement
    "suggest": "suggested",
    "error-only": "missing",
    "none": "missing",
}
ACCESS_DATE = "2024-05-01"
CITED_TS = "20240420120000"  # before the access date: the capture a citer would cite
OLDER_TS = "20230301120000"


@dataclass(frozen=True)
class ArchiveCase:
    reference: Reference
    case: str
    captures: tuple[WarcCapture, ...]


def build_cases(scenario: Scenario, archive_base: str, seed: int) -> list[ArchiveCase]:
    rng = random.Random(f"citecheck-archive-bench:{seed}:{scenario.size}")
    names = rng.choices(list(CASES), weights=list(CASES.values()), k=len(scenario.refs))
    cases = []
    for ref, case in zip(scenario.refs, names, strict=True):
        url = scenario.url(ref)
        site = scenario.hosts[ref.host].site
        good = html_page(f"{ref.cited_title} | {site}")
        error = html_page(f"Page not found | {site}")
        captures: list[WarcCapture] = []
        archive_url = archive_date = None
        if case in ("cited-ok", "suggest"):
            captures += [WarcCapture(url, OLDER_TS, good), WarcCapture(url, CITED_TS, good)]
        elif case == "cited-error":
            captures += [WarcCapture(url, OLDER_TS, good),
                         WarcCapture(url, CITED_TS, error, status="404 Not Found")]
        elif case == "error-only":
            captures.append(WarcCapture(url, CITED_TS, error, status="404 Not Found"))
        if case.startswith("cited-"):
            archive_url = f"{archive_base}/web/{CITED_TS}/{url}"
            archive_date = "2024-04-20"
        reference = Reference(
            id=ref.id, url=url, title=ref.cited_title, website=site,
            access_date=ACCESS_DATE, archive_url=archive_url, archive_date=archive_date,
        )
        cases.append(ArchiveCase(reference, case, tuple(captures)))
    return cases


class _ArchiveRequests(logging.Handler):
    """Counts the requests the engine sends to one host (its INFO log: one line each)."""

    def __init__(self, host: str):
        super().__init__(logging.INFO)
        self.host = host
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        url = record.args[0] if isinstance(record.args, tuple) and record.args else None
        if isinstance(url, str) and urlsplit(url).hostname == self.host:
            self.count += 1


def _run(references: list[Reference], options: CheckOptions) -> tuple[Report, float]:
    started = time.perf_counter()
    report = check(references, options)
    return report, time.perf_counter() - started


def measure(args: argparse.Namespace) -> dict[str, Any]:
    scenario = generate(args.size, seed=args.seed)
    scenario.port = free_port(host_address(0))
    with tempfile.TemporaryDirectory(prefix="citecheck-archive-bench-") as tmp:
        work = Path(tmp)
        scenario_path = work / "scenario.json"
        scenario_path.write_text(json.dumps(scenario.to_json()))
        servers = Servers(scenario_path, scenario.port, 1, args.timeout)
        try:
            # The archive's address is only known once pywb runs; the cited archive URLs
            # name it, so the captures are written first and the references after.
            probe = build_cases(scenario, "http://placeholder", args.seed)
            captures = [c for case in probe for c in case.captures]
            (work / "pywb").mkdir()
            with run_pywb(work / "pywb", {"web": captures}) as pywb:
                cases = build_cases(scenario, pywb.base_url, args.seed)
                references = [case.reference for case in cases]
                links_only = CheckOptions(
                    concurrency=128, per_host=8, host_interval=0.02, timeout=args.timeout,
                    total_timeout=args.timeout * 3, retries=0, archive=False,
                    resolve=tuple(parse_resolve_pin(p) for p in resolve_pins(scenario)),
                )
                # The archive step alone: the moved-page search that follows it for dead
                # links has its own cost (tests/test_cli_moved.py counts it).
                with_archive = replace(
                    links_only, archive=True, archive_url=pywb.base_url,
                    archive_concurrency=args.archive_concurrency,
                    archive_interval=args.archive_interval, find_moved=False,
                )
                _, links_s = _run(references, links_only)
                counter = _ArchiveRequests(urlsplit(pywb.base_url).hostname or "")
                net_log = logging.getLogger("citecheck.net")
                level = net_log.level
                net_log.addHandler(counter)
                net_log.setLevel(logging.INFO)
                try:
                    report, both_s = _run(references, with_archive)
                finally:
                    net_log.removeHandler(counter)
                    net_log.setLevel(level)
        finally:
            servers.stop()
    return summarise(args, cases, report, links_s, both_s, counter.count)


def summarise(
    args: argparse.Namespace, cases: list[ArchiveCase], report: Report,
    links_s: float, both_s: float, archive_requests: int,
) -> dict[str, Any]:
    size = len(cases)
    statuses = [r.archive.status.value for r in report.results]
    right = sum(
        status == EXPECTED[case.case] for status, case in zip(statuses, cases, strict=True)
    )
    replaced = sum(
        r.archive.replacement is not None
        for r, case in zip(report.results, cases, strict=True) if case.case == "cited-error"
    )
    broken = sum(case.case == "cited-error" for case in cases)
    per_case: dict[str, list[int]] = {}
    for result, case in zip(report.results, cases, strict=True):
        per_case.setdefault(case.case, []).append(result.archive.requests)
    # The archive host admits one request start per interval: the run cannot be shorter.
    bound_s = archive_requests * args.archive_interval
    return {
        "size": size,
        "archive_concurrency": args.archive_concurrency,
        "archive_interval_s": args.archive_interval,
        "archive_requests": archive_requests,
        "requests_per_ref": round(archive_requests / size, 3),
        "tally_per_ref": round(sum(r.archive.requests for r in report.results) / size, 3),
        "links_only_s": round(links_s, 2),
        "links_and_archive_s": round(both_s, 2),
        "requests_per_ref_by_case": {
            case: round(sum(counts) / len(counts), 2) for case, counts in sorted(per_case.items())
        },
        "archive_s_per_ref": round((both_s - links_s) / size, 4),
        "interval_bound_s": round(bound_s, 2),
        "ratio_to_bound": round(both_s / bound_s, 3) if bound_s else None,
        "status_right": round(right / size, 4),
        "replacements_found": f"{replaced}/{broken}",
        "cases": dict(Counter(case.case for case in cases)),
        "statuses": dict(Counter(statuses)),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=100)
    parser.add_argument("--seed", type=int, default=9)
    parser.add_argument("--timeout", type=float, default=3.0)
    parser.add_argument("--archive-concurrency", type=int, default=DEFAULT_ARCHIVE_CONCURRENCY)
    parser.add_argument("--archive-interval", type=float, default=DEFAULT_ARCHIVE_INTERVAL)
    parser.add_argument("--out", type=Path, help="also write the result as JSON here")
    args = parser.parse_args(argv)
    result = measure(args)
    text = json.dumps(result, indent=2)
    print(text)
    if args.out:
        args.out.write_text(text + "\n")
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    sys.exit(main())
