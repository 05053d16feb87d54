"""Print the page/match measurements on the title corpus: python -m tests.page.corpus_report

Extraction accuracy per source project, match decisions (the protocol of
tests/match/test_corpus.py, with the page's own site name for the suffix variant),
signal false positives and analysis time per page.
"""

from __future__ import annotations

import random
import statistics
import time
from collections import Counter, defaultdict

from citecheck.match import compare_titles
from citecheck.models import Reference, TitleMatch
from citecheck.page import analyse_page, enough_bytes
from tests.match.test_corpus import citation_variants
from tests.page.page_corpus import load_corpus
from tests.page.test_corpus import HUMAN, norm


def _best_time(body: bytes, url: str, repeats: int = 5) -> float:
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        analyse_page(body, content_type="text/html", declared_charset=None, url=url)
        best = min(best, time.perf_counter() - start)
    return best


def _streamed_prefix(body: bytes) -> bytes:
    """What the engine hands over when it stops reading at enough_bytes (16 KB chunks)."""
    for end in range(16384, len(body) + 16384, 16384):
        if enough_bytes(body[:end], "text/html"):
            return body[:end]
    return body


def main() -> None:
    corpus = load_corpus()
    analysed = []
    exact: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    listed: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    flagged = 0
    for page in corpus:
        result = analyse_page(
            page.body,
            content_type="text/html",
            declared_charset=page.declared_charset,
            url=page.url,
        )
        analysed.append((page, result))
        expected = norm(page.expected_title)
        exact[page.source_project][0] += norm(result.title) == expected
        exact[page.source_project][1] += 1
        found = {norm(result.title)} | {norm(c.text) for c in result.candidates}
        listed[page.source_project][0] += expected in found
        listed[page.source_project][1] += 1
        flagged += bool(result.error_signal or result.parked_signal)
    print("extraction: headline exact after normalisation / expected among candidates")
    for source in sorted(exact):
        (h, n), (c, _) = exact[source], listed[source]
        print(f"  {source:28} {h:3}/{n:3} {h / n:6.1%}   {c:3}/{n:3} {c / n:6.1%}")
    human = [exact[s] for s in HUMAN]
    hits, total = sum(h for h, _ in human), sum(n for _, n in human)
    print(f"  human-written headlines      {hits}/{total} {hits / total:.1%}")
    print(f"signals on the {len(corpus)} articles: {flagged} flagged")

    rows = [{"expected_title": p.expected_title, "site_name": None, "lang": p.lang} for p in corpus]
    positives: Counter[TitleMatch] = Counter()
    negatives: Counter[TitleMatch] = Counter()
    same: Counter[TitleMatch] = Counter()
    rng = random.Random(4)
    for i, (page, result) in enumerate(analysed):
        for ref in citation_variants(
            {"expected_title": page.expected_title, "site_name": result.site_name}
        ):
            positives[compare_titles(ref, result).match] += 1
        for j in rng.sample(range(len(rows)), 5):
            if j == i or rows[j]["expected_title"] == page.expected_title:
                continue
            match = compare_titles(Reference(id="n", title=rows[j]["expected_title"]), result).match
            negatives[match] += 1
            if rows[j]["lang"] == page.lang:
                same[match] += 1
    tp, fp = negatives[TitleMatch.MISMATCH], positives[TitleMatch.MISMATCH]
    print(f"match decisions: positives {dict(positives)}")
    print(f"                 negatives {dict(negatives)}")
    print(
        f"  match rate {positives[TitleMatch.MATCH] / sum(positives.values()):.1%}, "
        f"false matches {negatives[TitleMatch.MATCH]}"
    )
    print(
        f"  mismatch precision {tp / max(tp + fp, 1):.1%}, "
        f"recall {tp / sum(negatives.values()):.1%}"
        f" (same-language pairs {same[TitleMatch.MISMATCH] / sum(same.values()):.1%})"
    )

    small = [p for p in corpus if 15_000 <= len(p.body) <= 30_000]
    whole = [_best_time(p.body, p.url) for p in corpus]
    streamed = [_best_time(_streamed_prefix(p.body), p.url) for p in corpus]
    print(
        f"analyse_page µs/page (median): 15-30 KB pages "
        f"{statistics.median(_best_time(p.body, p.url) for p in small) * 1e6:.0f} "
        f"(n={len(small)}), whole pages {statistics.median(whole) * 1e6:.0f} "
        f"(median {statistics.median(len(p.body) for p in corpus) / 1024:.0f} KB), "
        f"streamed prefixes {statistics.median(streamed) * 1e6:.0f}"
    )


if __name__ == "__main__":
    main()
