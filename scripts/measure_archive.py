"""Measure the archive step against a local pywb: requests per reference, seconds per 100.

    python scripts/measure_archive.py [--interval SECONDS]

Builds 100 references of the usual kinds (found before the access date, found past a
drifted capture, cited and fine, cited capture of a 404, nothing archived), runs
ArchiveChecker over them on the project's HttpClient with the run's archive pool size
(DEFAULT_ARCHIVE_CONCURRENCY threads), and prints the numbers.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from citecheck.archive import ArchiveChecker
from citecheck.models import Reference, TitleMatch
from citecheck.net.client import HttpClient
from citecheck.options import (
    DEFAULT_ARCHIVE_CONCURRENCY,
    DEFAULT_ARCHIVE_INTERVAL,
    CheckOptions,
)
from tests.support.pywb_harness import WarcCapture, html_page, run_pywb


def world(base: str) -> tuple[list[WarcCapture], list[Reference]]:
    captures: list[WarcCapture] = []
    refs: list[Reference] = []
    for i in range(40):  # usable capture before the access date
        url, title = f"http://site{i % 7}.example/found/{i}", f"Found story {i}"
        for year in ("2016", "2018", "2020"):
            captures.append(WarcCapture(url, f"{year}0101000000", html_page(title)))
        refs.append(Reference(f"f{i}", url=url, title=title, access_date="2019-01-01"))
    for i in range(20):  # the nearest capture drifted; the one before it matches
        url, title = f"http://site{i % 5}.example/drift/{i}", f"Drift story {i}"
        captures.append(WarcCapture(url, "20180101000000", html_page(title)))
        captures.append(WarcCapture(url, "20200101000000", html_page("Something else")))
        refs.append(Reference(f"d{i}", url=url, title=title, access_date="2021-01-01"))
    for i in range(20):  # cited copy, fine
        url, title = f"http://site{i % 3}.example/cited/{i}", f"Cited story {i}"
        captures.append(WarcCapture(url, "20170101000000", html_page(title)))
        refs.append(Reference(f"c{i}", url=url, title=title,
                              archive_url=f"{base}/web/20170101000000/{url}"))
    for i in range(10):  # cited copy is a capture of a 404
        url = f"http://site{i % 3}.example/broken/{i}"
        captures.append(WarcCapture(url, "20170101000000", html_page("Not Found"),
                                    status="404 Not Found"))
        refs.append(Reference(f"b{i}", url=url, title=f"Broken {i}",
                              archive_url=f"{base}/web/20170101000000/{url}"))
    for i in range(10):  # nothing archived
        refs.append(Reference(f"m{i}", url=f"http://site{i}.example/missing/{i}",
                              title=f"Missing {i}", access_date="2019-01-01"))
    return captures, refs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--interval", type=float, default=DEFAULT_ARCHIVE_INTERVAL,
                        help="minimum seconds between requests to the archive host")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        # The references need the archive's address, the archive needs the captures:
        # build the captures with a placeholder, the references once pywb runs.
        captures, _ = world("http://placeholder")
        with run_pywb(Path(tmp), {"web": captures}) as server:
            _, refs = world(server.base_url)
            http = HttpClient(CheckOptions(retries=0))
            checker = ArchiveChecker(http, base_url=server.base_url, interval=args.interval,
                                     concurrency=DEFAULT_ARCHIVE_CONCURRENCY)
            started = time.monotonic()
            with ThreadPoolExecutor(DEFAULT_ARCHIVE_CONCURRENCY) as pool:
                results = list(pool.map(
                    lambda r: checker.check(r, live_title_match=TitleMatch.MATCH), refs))
            elapsed = time.monotonic() - started
            http.close()
    requests = sum(r.requests for r in results)
    print(f"references: {len(refs)}; interval {args.interval} s; "
          f"{DEFAULT_ARCHIVE_CONCURRENCY} threads")
    print("statuses:", dict(Counter(r.status.value for r in results)))
    print(f"archive requests: {requests} ({requests / len(refs):.2f} per reference)")
    print(f"seconds for the archive step: {elapsed:.2f} ({elapsed * 100 / len(refs):.2f} per 100)")


if __name__ == "__main__":
    main()
