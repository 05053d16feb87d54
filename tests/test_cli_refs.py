"""`citecheck refs`: what the readers found, as a table or JSON, with no request sent."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from citecheck.cli import main
from citecheck.exitcodes import ExitCode
from citecheck.sources.json_refs import ReferencesJsonReader
from tests.conftest import fast_args
from tests.support.simweb import SimWeb, page

WIKITEXT = (
    "Intro.<ref name=a>{{cite web |url=http://news.test/a |title=A |access-date=2020-01-02}}"
    "</ref>\n"
    "[[File:X.jpg|thumb|Caption<ref>[http://blog.test/b B]</ref>]]\n"
    "Broken {{cite web |url=http://shop.test/c\n"
)


def test_refs_lists_what_would_be_checked_and_sends_no_request(
    simweb: SimWeb, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch
) -> None:
    for host, path in (("news.test", "/a"), ("blog.test", "/b")):
        simweb.route(host, path, page("Page"))
    monkeypatch.chdir(tmp_path)
    Path("article.wiki").write_text(WIKITEXT, encoding="utf-8")
    # The flags of a real check run, network ones included, are accepted.
    code = main(["refs", "article.wiki", *fast_args(simweb)])
    out, err = capsys.readouterr()
    assert code == ExitCode.OK, err
    assert "http://news.test/a" in out and "http://blog.test/b" in out
    assert "access date: 2020-01-02" in out
    assert "2 references (2 with a URL); 1 input problems" in out
    assert "article.wiki:2" in out
    assert "problem: article.wiki:3: citation template is not closed" in out
    assert simweb.records == []  # nothing was fetched


def test_refs_json_is_a_references_document_check_can_read(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "article.wiki"
    source.write_text(WIKITEXT, encoding="utf-8")
    target = tmp_path / "refs.json"
    assert main(["refs", str(source), "--format", "json", "--output", str(target)]) == 0
    assert capsys.readouterr().out == ""
    document = json.loads(target.read_text(encoding="utf-8"))
    assert [(r["id"], r["url"], r["location"]["line"]) for r in document["references"]] == [
        ("a", "http://news.test/a", 1),
        ("ref-2", "http://blog.test/b", 2),
    ]
    assert document["references"][0]["access_date"] == "2020-01-02"
    assert [p["line"] for p in document["problems"]] == [3]
    again = ReferencesJsonReader().read(target.read_text(encoding="utf-8"), file="refs.json")
    assert [(r.id, r.url, r.title) for r in again.references] == [
        ("a", "http://news.test/a", "A"),
        ("ref-2", "http://blog.test/b", "B"),
    ]
    assert again.errors == ()


def test_refs_of_a_file_without_references_lists_none(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "notes.md"
    source.write_text("# Nothing cited here\n", encoding="utf-8")
    assert main(["refs", str(source), "--format", "json"]) == ExitCode.OK
    assert json.loads(capsys.readouterr().out)["references"] == []


def test_refs_of_a_missing_file_is_an_input_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["refs", str(tmp_path / "absent.bib")]) == ExitCode.USAGE
    assert "absent.bib: no such file" in capsys.readouterr().err
