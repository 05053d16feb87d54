"""Title judgement on hard cases: ROC of the match score and the decisions it leads to.

Positives: each corpus page against citation-style variants of its own headline (the
same variants tests/match/test_corpus.py uses). Hard negatives: each page against the
most similar headline of *another* page of the same host or language - most similar by
the measure under test, so each measure meets its own worst case (random pairs are too
easy to show anything).

    python -m benchmarks.title_roc [--corpus DIR] [--json OUT]

Prints AUC, the score range of hard negatives, and the decisions of compare_titles
(match / unknown / mismatch) on both sets.

Siblings, the hardest negatives: the page as its site's next page in a series would be -
the same headline and text with the one detail that names the story changed: its first
number (the year of an annual event, the episode), or its rarest word (the place, the
person) swapped for the rarest word of another headline of its language. The cited title
is the original headline. Real sites publish such pages ("... captures eastern Qalamoun" /
"... captures eastern Ghouta"), and no corpus pair is that close.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
from collections import Counter
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from urllib.parse import urlsplit

from citecheck.match import compare_titles, normalise
from citecheck.match.conflict import inflected
from citecheck.match.informative import languages_for, weigh
from citecheck.match.normalise import tokens
from citecheck.match.script import dominant_script
from citecheck.models import Reference, TitleMatch
from citecheck.page import PageAnalysis, analyse_page

DEFAULT_CORPUS = Path(__file__).resolve().parents[1] / "tests" / "data" / "titles"

Row = dict[str, str]


def load(corpus: Path) -> list[tuple[Row, PageAnalysis]]:
    out = []
    with (corpus / "index.jsonl").open(encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            body = gzip.decompress((corpus / row["file"]).read_bytes())
            url = row["page_url"] or row["url"] or ""
            page = analyse_page(body, content_type="text/html",
                                declared_charset=row["declared_charset"], url=url)
            out.append((row, page))
    return out


def citation_variants(row: Row) -> list[Reference]:
    """How people cite a headline: as is, upper case, with the site's name, cut short,
    without its subtitle."""
    title = row["expected_title"].strip()
    site = row["site_name"] or "Example News"
    refs = [
        Reference(id="same", title=title),
        Reference(id="upper", title=title.upper()),
        Reference(id="suffix", title=title.replace("'", "’") + " - " + site, website=site),
    ]
    words = title.split()
    if len(words) >= 6:
        refs.append(Reference(id="cut", title=" ".join(words[: max(4, len(words) * 2 // 3)]) + "…"))
    head, sep, _ = title.partition(": ")
    if sep and len(head.split()) >= 4:
        refs.append(Reference(id="no-subtitle", title=head))
    return refs


def other_wording(row: Row, page: PageAnalysis) -> PageAnalysis | None:
    """The page offering only its titles worded otherwise than the cited headline (an SEO
    <title> beside a print headline, an og:title that differs from the <h1>): the same
    document under other words, the hard positive. None when every title is the same."""
    cited = normalise(row["expected_title"])
    # Another headline, not a section name or a stray <h1> ("Custom", "About This Site").
    others = tuple(c for c in page.candidates
                   if normalise(c.text) != cited and len(normalise(c.text).split()) >= 4)
    if not others or len(others) == len(page.candidates):
        return None
    return replace(page, title=others[0].text, title_source=others[0].source,
                   candidates=others)


def _host(row: Row) -> str:
    host = urlsplit(row["page_url"] or row["url"] or "").hostname or ""
    return host.removeprefix("www.")


def hard_negatives(
    pages: list[tuple[Row, PageAnalysis]], score: Callable[[Reference, PageAnalysis], float]
) -> list[tuple[Row, PageAnalysis, Reference]]:
    """For each page, the other page's headline of the same host or language that
    ``score`` finds most alike."""
    out = []
    for i, (row, page) in enumerate(pages):
        best: tuple[float, Reference] | None = None
        for j, (other, _) in enumerate(pages):
            if j == i or other["expected_title"].strip() == row["expected_title"].strip():
                continue
            same_host = _host(row) and _host(row) == _host(other)
            if not same_host and other["lang_guess"] != row["lang_guess"]:
                continue
            ref = Reference(id="other", title=other["expected_title"].strip())
            s = score(ref, page)
            if best is None or s > best[0]:
                best = (s, ref)
        if best is not None:
            out.append((row, page, best[1]))
    return out


def _swap(page: PageAnalysis, old: str, new: str) -> PageAnalysis:
    """``page`` with the word ``old``, in any of its forms, replaced by ``new`` in its
    titles and its text (a sibling page never mentions the cited detail)."""
    folded = normalise(old)

    def sub(text: str) -> str:
        return re.sub(r"\w+", lambda m: new if _same_word(m.group(0), folded) else m.group(0),
                      text)

    return replace(
        page,
        title=sub(page.title) if page.title else page.title,  # unchanged: no sibling
        candidates=tuple(replace(c, text=sub(c.text)) for c in page.candidates),
        main_text_source=sub(page.main_text),
    )


def _same_word(word: str, folded: str) -> bool:
    norm = normalise(word)
    return norm == folded or (not folded.isdigit() and inflected(norm, folded))


def _rarest_word(title: str) -> str | None:
    """The title's most informative plain word (a name, usually), as it is written."""
    norm = normalise(title)
    languages = languages_for(dominant_script(norm), None)
    words = [t for t in weigh(tokens(norm), languages)
             if t.text.isalpha() and len(t.text) >= 4 and t.weight > 0]
    if not words:
        return None
    best = max(words, key=lambda t: (t.weight, t.text)).text
    match = re.search(rf"(?<!\w){re.escape(best)}(?!\w)", title, re.IGNORECASE)
    return match.group(0) if match else None


def siblings(
    pages: list[tuple[Row, PageAnalysis]],
) -> list[tuple[str, Row, PageAnalysis]]:
    """(kind, row, sibling page) for each page whose headline has a number or a rare
    word: the page its site would publish next in the series (see the module's doc)."""
    rare = {i: _rarest_word(row["expected_title"]) for i, (row, _) in enumerate(pages)}
    out = []
    for i, (row, page) in enumerate(pages):
        title = row["expected_title"].strip()
        number = re.search(r"(?<!\w)\d{1,4}(?!\w)", title)
        if number:
            sibling = _swap(page, number.group(0), str(int(number.group(0)) + 1))
            if sibling.title != page.title:
                out.append(("number", row, sibling))
        word = rare[i]
        if not word:
            continue
        # The rarest word of the next headline in the same language: another name.
        for j in list(range(i + 1, len(pages))) + list(range(i)):
            other = rare[j]
            if (other and pages[j][0]["lang_guess"] == row["lang_guess"]
                    and normalise(other) != normalise(word)
                    and normalise(other) not in normalise(title)):
                sibling = _swap(page, word, other)
                if sibling.title != page.title:
                    out.append(("name", row, sibling))
                break
    return out


def comparison_score(ref: Reference, page: PageAnalysis) -> float:
    return compare_titles(ref, page).score or 0.0


def auc(positive: list[float], negative: list[float]) -> float:
    """Probability that a positive scores above a negative (ties count half)."""
    wins = 0.0
    for p in positive:
        for n in negative:
            wins += 1.0 if p > n else 0.5 if p == n else 0.0
    return wins / (len(positive) * len(negative))


def roc_points(positive: list[float], negative: list[float]) -> list[tuple[float, float, float]]:
    """(threshold, true positive rate, false positive rate) at every distinct score."""
    points = []
    for t in sorted(set(positive) | set(negative), reverse=True):
        tpr = sum(p >= t for p in positive) / len(positive)
        fpr = sum(n >= t for n in negative) / len(negative)
        points.append((t, tpr, fpr))
    return points


def evaluate(pages: list[tuple[Row, PageAnalysis]]) -> dict[str, object]:
    pos_scores: list[float] = []
    pos_decisions: Counter[str] = Counter()
    for row, page in pages:
        for ref in citation_variants(row):
            c = compare_titles(ref, page)
            pos_scores.append(c.score or 0.0)
            pos_decisions[c.match.value] += 1
    hard_positives: Counter[str] = Counter()
    hard_positive_misses = []
    for row, page in pages:
        reworded = other_wording(row, page)
        if reworded is None:
            continue
        c = compare_titles(Reference(id="same", title=row["expected_title"]), reworded)
        pos_scores.append(c.score or 0.0)
        hard_positives[c.match.value] += 1
        if c.match is not TitleMatch.MATCH:
            hard_positive_misses.append((row["id"], row["expected_title"], c.found,
                                         c.score, c.match.value))
    negatives = hard_negatives(pages, comparison_score)
    neg_scores: list[float] = []
    neg_decisions: Counter[str] = Counter()
    unknown_same_script: list[tuple[str, str, str, float, str]] = []
    false_matches = []
    for row, page, ref in negatives:
        c = compare_titles(ref, page)
        neg_scores.append(c.score or 0.0)
        neg_decisions[c.match.value] += 1
        if c.match is TitleMatch.UNKNOWN:
            unknown_same_script.append(
                (row["id"], ref.title or "", page.title or "", c.score or 0.0, c.reason or ""))
        if c.match is TitleMatch.MATCH:
            false_matches.append((row["id"], ref.title, page.title, c.score))
    sibling_decisions: dict[str, Counter[str]] = {"number": Counter(), "name": Counter()}
    sibling_matches = []
    for kind, row, page in siblings(pages):
        c = compare_titles(Reference(id="same", title=row["expected_title"]), page)
        sibling_decisions[kind][c.match.value] += 1
        if c.match is TitleMatch.MATCH:
            sibling_matches.append((kind, row["id"], row["expected_title"], page.title,
                                    round(c.score or 0.0, 3)))
    true_mismatch = neg_decisions["mismatch"]
    false_mismatch = pos_decisions["mismatch"] + hard_positives["mismatch"]
    all_positive = sum(pos_decisions.values()) + sum(hard_positives.values())
    return {
        "positives": len(pos_scores),
        "hard_negatives": len(neg_scores),
        "auc": round(auc(pos_scores, neg_scores), 4),
        "negative_score_max": round(max(neg_scores), 3),
        "negative_score_p95": round(sorted(neg_scores)[int(0.95 * (len(neg_scores) - 1))], 3),
        "positive_score_p03": round(sorted(pos_scores)[int(0.03 * (len(pos_scores) - 1))], 3),
        "positive_decisions": dict(pos_decisions),
        "negative_decisions": dict(neg_decisions),
        "hard_positive_decisions": dict(hard_positives),
        "hard_positive_misses": hard_positive_misses,
        "match_recall": round((pos_decisions["match"] + hard_positives["match"]) / all_positive, 4),
        "mismatch_recall": round(true_mismatch / len(neg_scores), 4),
        "mismatch_precision": round(true_mismatch / max(1, true_mismatch + false_mismatch), 4),
        "false_matches": false_matches,
        "sibling_decisions": {k: dict(v) for k, v in sibling_decisions.items()},
        "sibling_matches": sibling_matches,
        "unknown_negatives": unknown_same_script,
        "roc": [(round(t, 3), round(tp, 4), round(fp, 4))
                for t, tp, fp in roc_points(pos_scores, neg_scores)],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--json", type=Path, help="write the full result (with the ROC) here")
    parser.add_argument("--show", type=int, default=15, help="unknown negatives to list")
    args = parser.parse_args(argv)
    result = evaluate(load(args.corpus))
    if args.json:
        args.json.write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")
    for key in ("positives", "hard_negatives", "auc", "negative_score_max", "negative_score_p95",
                "positive_score_p03", "positive_decisions", "hard_positive_decisions",
                "negative_decisions", "match_recall",
                "mismatch_recall", "mismatch_precision", "sibling_decisions"):
        print(f"{key:>20}: {result[key]}")
    print("false matches:", result["false_matches"])
    sibling_matches = result["sibling_matches"]
    assert isinstance(sibling_matches, list)
    for item in sibling_matches[: args.show]:
        print("  sibling matched:", item)
    misses = result["hard_positive_misses"]
    assert isinstance(misses, list)
    for item in misses[: args.show]:
        print("  hard positive not matched:", item)
    unknown = result["unknown_negatives"]
    assert isinstance(unknown, list)
    for item in unknown[: args.show]:
        print("  unknown:", item)
    return 0


if __name__ == "__main__":
    sys.exit(main())
