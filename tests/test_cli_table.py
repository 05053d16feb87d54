"""The terminal table at scale and with hostile input, through the CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from citecheck.cli import main
from tests.conftest import fast_args, write_refs
from tests.support.simweb import SimWeb, page, status


def _refs(web: SimWeb, tmp_path: Path, ok: int = 5) -> Path:
    web.route("news.test", "/gone", status(404))
    for n in range(ok):
        web.route("news.test", f"/story/{n}", page(f"Story number {n} of the week"))
    return write_refs(tmp_path / "refs.json", [
        {"id": "gone", "url": web.url("news.test", "/gone"), "title": "A gone story"},
        *({"id": f"ok{n}", "url": web.url("news.test", f"/story/{n}"),
           "title": f"Story number {n} of the week"} for n in range(ok)),
    ])


def test_only_problems_are_listed_unless_show_all(
    simweb: SimWeb, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    refs = _refs(simweb, tmp_path)
    assert main(["check", str(refs), *fast_args(simweb)]) == 1
    out = capsys.readouterr().out
    assert "gone" in out and "ok0" not in out
    assert "6 references: 1 dead, 5 ok; 1 failed the gate" in out
    assert "5 references that passed are not listed (--show all lists them)" in out

    assert main(["check", str(refs), *fast_args(simweb), "--show", "all"]) == 1
    out = capsys.readouterr().out
    assert all(f"ok{n}" in out for n in range(5))
    assert "not listed" not in out


def test_one_problem_and_one_passed_reference_are_counted_in_the_singular(
    simweb: SimWeb, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    simweb.route("news.test", "/error", status(503))
    refs = _refs(simweb, tmp_path, ok=1)
    data = json.loads(refs.read_text())
    data["references"].append({"id": "err", "url": simweb.url("news.test", "/error")})
    refs.write_text(json.dumps(data))
    main(["check", str(refs), *fast_args(simweb)])
    out = capsys.readouterr().out
    assert "1 failed the gate, 1 more needs a look" in out
    assert "1 reference that passed is not listed (--show all lists it)" in out


def test_huge_titles_and_long_urls_are_cut_not_wrapped(
    simweb: SimWeb, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = "/" + "a" * 3000 + "/tail=end-of-it"
    simweb.route("news.test", path, page("Something else entirely"))
    long_url = simweb.url("news.test", path)
    huge_title = "Breaking news " * 400_000  # 5.6 MB
    refs = write_refs(tmp_path / "refs.json", [
        {"id": "huge", "url": long_url, "title": huge_title},
    ])
    assert main(["check", str(refs), *fast_args(simweb)]) == 1
    out = capsys.readouterr().out
    assert len(out) < 5_000  # was 12 MB: every character of the title, folded
    # The URL keeps its host and its tail, on one line, cut in the middle.
    url_line = next(line for line in out.splitlines() if "tail=end-of-it" in line)
    assert "http://news.test" in url_line and "…" in url_line
    assert "title differs: cited 'Breaking news" in out and "…" in out


def test_urls_are_terminal_hyperlinks_where_supported(
    simweb: SimWeb, tmp_path: Path, capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("FORCE_COLOR", "1")
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("COLUMNS", "120")
    simweb.route("news.test", "/gone", status(404))
    url = simweb.url("news.test", "/gone") + "?" + "x" * 400
    refs = write_refs(tmp_path / "refs.json", [{"id": "gone", "url": url}])
    main(["check", str(refs), *fast_args(simweb)])
    out = capsys.readouterr().out
    assert "\x1b]8;id=" in out and f";{url}\x1b\\" in out  # OSC 8 to the whole URL


def test_a_url_over_8_kib_is_invalid_and_never_sent(
    simweb: SimWeb, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = simweb.url("news.test", "/long") + "?q=" + "a" * 8200
    refs = write_refs(tmp_path / "refs.json", [{"id": "long", "url": url}])
    out = tmp_path / "r.json"
    assert main(["check", str(refs), *fast_args(simweb), "--output", str(out)]) == 1
    result = json.loads(out.read_text())["results"][0]
    assert result["verdict"] == "invalid"
    assert result["reasons"] == [f"URL is {len(url):,} characters long (at most 8,192 are checked)"]
    assert simweb.requests_to("news.test") == []
