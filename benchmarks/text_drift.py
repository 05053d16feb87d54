"""Where content drift begins: the text measure of citecheck.match.textdrift on the
title corpus.

Same text: each page against itself read to another depth (its first half) and with a
third of it rewritten (replaced by another page's words). Other text: each page against
every other page of its language.

    python -m benchmarks.text_drift
"""

from __future__ import annotations

import sys
from collections import defaultdict

from benchmarks.title_roc import DEFAULT_CORPUS, load
from citecheck.match.textdrift import DRIFTED_AT_OR_BELOW, text_similarity


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * (len(ordered) - 1)))]


def main() -> int:
    pages = [(row, page.main_text) for row, page in load(DEFAULT_CORPUS)]
    by_lang: dict[str, list[str]] = defaultdict(list)
    for row, text in pages:
        by_lang[row["lang_guess"]].append(text)
    same: list[float] = []
    for i, (_, text) in enumerate(pages):
        words = text.split()
        other = pages[(i + 1) % len(pages)][1].split()
        cut = " ".join(words[: len(words) // 2])
        third = len(words) // 3
        rewritten = " ".join(words[:-third] + other[:third]) if third else text
        for variant in (cut, rewritten):
            s = text_similarity(text, variant)
            if s is not None:
                same.append(s)
    other_scores: list[float] = []
    for texts in by_lang.values():
        for i, a in enumerate(texts):
            for b in texts[i + 1 :]:
                s = text_similarity(a, b)
                if s is not None:
                    other_scores.append(s)
    print(f"same text  ({len(same)}): min {min(same):.3f}  p01 {_pct(same, 0.01):.3f}  "
          f"median {_pct(same, 0.5):.3f}")
    print(f"other text ({len(other_scores)}): max {max(other_scores):.3f}  "
          f"p99 {_pct(other_scores, 0.99):.3f}  median {_pct(other_scores, 0.5):.3f}")
    print(f"threshold {DRIFTED_AT_OR_BELOW}: same text called drifted "
          f"{sum(s <= DRIFTED_AT_OR_BELOW for s in same)}, other text not called drifted "
          f"{sum(s > DRIFTED_AT_OR_BELOW for s in other_scores)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
