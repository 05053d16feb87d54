"""CPU per page of citecheck's page work, one thread, no network (issue 9's hot path).

    python -m benchmarks.page_cpu               # real corpus + the benchmark's page
    python -m benchmarks.page_cpu --profile 25  # and the 25 costliest functions

Stages timed per page: ``analyse`` (decode, head parse, headline, signals,
fingerprint; the paragraphs deferred, as for a checked live page), ``compare`` (cited
title vs the page, as for a live link, with the paragraphs when a doubtful title reads
them) and
``probe`` (the soft-404 comparison of the page with its site's probe page).
Pages: the real-page title corpus in tests/data/titles (pages as the web serves
them, many languages, cut where a check stops reading them) and the simulated
web's ~22 kB page. Each page is run ``--rounds`` times and the best round counts
(the machine is shared and noisy).
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "page"))

from benchmarks.server import page as bench_page  # noqa: E402
from citecheck.match import compare_titles  # noqa: E402
from citecheck.models import Reference  # noqa: E402
from citecheck.page import analyse_page, enough_bytes, same_template  # noqa: E402
from citecheck.page.fingerprint import _shingles  # noqa: E402
from citecheck.page.types import PageAnalysis  # noqa: E402


@dataclass(frozen=True)
class Sample:
    url: str
    body: bytes
    charset: str | None
    cited: str


def read_as_the_client_would(body: bytes, chunk: int = 16_384) -> bytes:
    """The prefix a check reads: chunks until the streaming stop rule is satisfied."""
    end = 0
    while end < len(body):
        end += chunk
        if enough_bytes(body[:end], "text/html"):
            break
    return body[:end]


def corpus_samples() -> list[Sample]:
    from page_corpus import load_corpus  # tests/page/page_corpus.py

    return [
        Sample(p.url, read_as_the_client_would(p.body), p.declared_charset, p.expected_title)
        for p in load_corpus()
    ]


def bench_samples(count: int) -> list[Sample]:
    title = "Offensive resumes in the eastern Qalamoun mountains"
    return [
        Sample(f"http://site-{i}.bench.test/news/{i}", bench_page(title), "utf-8", title)
        for i in range(count)
    ]


def _best_of(
    rounds: int, work: Callable[[], None], setup: Callable[[], None] = lambda: None
) -> float:
    best = float("inf")
    for _ in range(rounds):
        setup()
        started = time.process_time()
        work()
        best = min(best, time.process_time() - started)
    return best


def measure(samples: list[Sample], rounds: int) -> dict[str, float]:
    """Microseconds of CPU per page for each stage."""
    analyses: list[PageAnalysis] = []

    def analyse() -> None:
        analyses.clear()
        for s in samples:
            # As a check analyses a live page: its paragraphs are extracted when a
            # doubtful title reads them (that cost is in "compare").
            analyses.append(
                analyse_page(s.body, content_type="text/html", declared_charset=s.charset,
                             url=s.url, defer_main_text=True)
            )

    analyse_s = _best_of(rounds, analyse)
    references = [Reference(id=str(i), url=s.url, title=s.cited) for i, s in enumerate(samples)]

    def compare() -> None:
        for reference, page in zip(references, analyses, strict=True):
            compare_titles(reference, page)

    def probe_all() -> None:
        _shingles.cache_clear()  # the probe's shingles stay cached in a run, not the pages'
        probe = analyses[-1]
        for page in analyses:
            same_template(probe, page)

    per_page = 1e6 / len(samples)
    return {
        "analyse": analyse_s * per_page,
        # Fresh analyses each round: a page's paragraphs, once read, stay extracted.
        "compare": _best_of(rounds, compare, setup=analyse) * per_page,
        # Fresh analyses too: a page's fingerprint words are split when first compared.
        "probe": _best_of(rounds, probe_all, setup=analyse) * per_page,
        "bytes": sum(len(s.body) for s in samples) / len(samples),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--profile", type=int, default=0, help="show the N costliest functions")
    args = parser.parse_args(argv)
    sets = {"real corpus": corpus_samples(), "benchmark page": bench_samples(500)}
    for name, samples in sets.items():
        result = measure(samples, args.rounds)
        total = result["analyse"] + result["compare"] + result["probe"]
        print(
            f"{name:15} {len(samples):4} pages, {result['bytes'] / 1024:5.1f} kB avg: "
            f"analyse {result['analyse']:6.0f} µs  compare {result['compare']:5.0f} µs  "
            f"probe {result['probe']:5.0f} µs  = {total:6.0f} µs/page"
        )
    if args.profile:
        profiler = cProfile.Profile()
        profiler.enable()
        for samples in sets.values():
            measure(samples, 1)
        profiler.disable()
        pstats.Stats(profiler).sort_stats("tottime").print_stats(args.profile)
    return 0


if __name__ == "__main__":
    sys.exit(main())
