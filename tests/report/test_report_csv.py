from __future__ import annotations

import csv
import io

from citecheck.report.csv_report import HEADER, CsvFormatter


def _rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text, newline="")))


def test_golden(sample_report, golden):
    golden("sample.csv", CsvFormatter().render(sample_report))


def test_one_row_per_reference_in_stable_order(sample_report):
    text = CsvFormatter().render(sample_report)
    assert text.splitlines()[0] == ",".join(HEADER)
    # CRLF ends every record; the one bare LF is the newline inside ref-13's quoted title.
    assert text.count("\r\n") == len(sample_report.results) + 1
    assert text.replace("\r\n", "").count("\n") == 1
    rows = _rows(text)
    assert [r["id"] for r in rows] == [r.id for r in sample_report.results]
    assert HEADER[:5] == ("id", "file", "line", "url", "verdict")


def test_values_round_trip(sample_report):
    rows = {r["id"]: r for r in _rows(CsvFormatter().render(sample_report))}
    assert rows["ref-2"]["cited_title"] == "هجوم القلمون الشرقي (2018) | الجزيرة نت"
    assert rows["ref-3"]["url"] == "https://example.org/a|b?q=*x*&y=_z_#[frag]"
    assert rows["ref-3"]["failed"] == "true" and rows["ref-3"]["failure_kind"] == "dead"
    assert rows["ref-13"]["cited_title"] == "Bad scheme\nsecond line"
    assert rows["ref-13"]["file"] == "" and rows["ref-13"]["line"] == ""
    assert rows["ref-11"]["failed"] == "false" and rows["ref-11"]["http_status"] == "403"
    assert rows["ref-1"]["title_score"] == "1.0000"


def test_formula_cells_are_defused(sample_report):
    from dataclasses import replace

    first = sample_report.results[0]
    evil = replace(first, title=replace(first.title, found="=HYPERLINK(\"http://x\")"))
    text = CsvFormatter().render(replace(sample_report, results=(evil,)))
    assert _rows(text)[0]["found_title"] == "'=HYPERLINK(\"http://x\")"


def test_moved_drift_and_quote_columns(sample_report):
    from dataclasses import replace

    from citecheck.models import MovedTo, QuoteResult, QuoteStatus, TextDrift

    first = sample_report.results[0]
    found = replace(
        first,
        link=replace(first.link, moved_to=MovedTo("https://example.org/new", "sitemap", 0.93)),
        drift=TextDrift(similarity=0.31234, since="20180420120000"),
        quote=QuoteResult(QuoteStatus.FOUND_IN_CAPTURE, capture="20180420120000"),
    )
    report = replace(sample_report, results=(found, *sample_report.results[1:]))
    rows = _rows(CsvFormatter().render(report))
    assert HEADER[-4:] == ("moved_to", "drift_similarity", "drift_since", "quote_status")
    assert rows[0]["moved_to"] == "https://example.org/new"
    assert rows[0]["drift_similarity"] == "0.3123" and rows[0]["drift_since"] == "20180420120000"
    assert rows[0]["quote_status"] == "found-in-capture"
    assert rows[1]["moved_to"] == "" and rows[1]["quote_status"] == ""
