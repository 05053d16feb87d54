"""Input friction through the CLI: broken files beside good ones, URL lists, stdin."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from citecheck.cli import main
from tests.conftest import fast_args, write_refs
from tests.support.simweb import SimWeb, page, status


@pytest.fixture
def good(simweb: SimWeb, tmp_path: Path) -> Path:
    simweb.route("news.test", "/fine", page("A fine story"))
    simweb.route("news.test", "/gone", status(404))
    return write_refs(tmp_path / "good.json", [
        {"id": "fine", "url": simweb.url("news.test", "/fine"), "title": "A fine story"},
    ])


def test_a_malformed_file_is_a_problem_while_others_are_checked(
    simweb: SimWeb, good: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text('{"references": [ {"id": "x", ', encoding="utf-8")
    out = tmp_path / "report.json"
    code = main(["check", str(broken), str(good), *fast_args(simweb), "--output", str(out)])
    assert code == 0  # by the gate: the readable reference is fine
    err = capsys.readouterr().err
    assert f"citecheck: warning: {broken}" in err and "not checked" in err
    report = json.loads(out.read_text())
    assert [r["id"] for r in report["results"]] == ["fine"]
    assert any(note.startswith(f"input problem: {broken}") for note in report["notes"])

    # Nothing readable: an input error, exit 2.
    assert main(["check", str(broken), *fast_args(simweb)]) == 2
    assert main(["check", str(broken), str(tmp_path / "missing.json"),
                 *fast_args(simweb)]) == 2


def _exit_code(argv: list[str]) -> int:
    try:
        return main(argv)
    except SystemExit as exc:  # argparse's usage errors
        return int(exc.code or 0)


def test_the_guard_says_how_to_lift_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    refs = write_refs(tmp_path / "refs.json", [{"id": "local", "url": "http://127.0.0.1:9/"}])
    out = tmp_path / "r.json"
    assert main(["check", str(refs), "--no-archive", "-q", "--output", str(out)]) == 1
    (reason,) = json.loads(out.read_text())["results"][0]["reasons"]
    assert "forbidden address" in reason
    assert "--allow-private" in reason and "--resolve" in reason


def test_a_json_array_of_url_strings(simweb: SimWeb, good: Path, tmp_path: Path) -> None:
    urls = tmp_path / "urls.json"
    urls.write_text(json.dumps([simweb.url("news.test", "/fine"),
                                simweb.url("news.test", "/gone")]), encoding="utf-8")
    out = tmp_path / "r.json"
    assert main(["check", str(urls), *fast_args(simweb), "--output", str(out)]) == 1
    results = json.loads(out.read_text())["results"]
    assert [(r["id"], r["verdict"]) for r in results] == [("ref-1", "ok"), ("ref-2", "dead")]


def test_txt_lists_of_urls(
    simweb: SimWeb, good: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    fine, gone = simweb.url("news.test", "/fine"), simweb.url("news.test", "/gone")
    listing = f"# links to check\n{fine}   # the good one\n\n{gone}#section\n"
    (tmp_path / "links.txt").write_text(listing, encoding="utf-8")
    out = tmp_path / "r.json"
    assert main(["check", str(tmp_path / "links.txt"), *fast_args(simweb),
                 "--output", str(out)]) == 1
    results = json.loads(out.read_text())["results"]
    assert [(r["url"], r["location"]["line"]) for r in results] == [
        (fine, 2), (gone + "#section", 4)]

    # Standard input: detected by content, or named with --input-format.
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(listing.encode())))
    assert main(["check", "-", *fast_args(simweb), "--input-format", "txt",
                 "--output", str(out)]) == 1
    assert len(json.loads(out.read_text())["results"]) == 2
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(b"just some words\n")))
    assert main(["check", "-", *fast_args(simweb)]) == 2
    err = capsys.readouterr().err
    assert "<stdin>: cannot tell the input format: name it with --input-format" in err


def test_wiki_without_a_colon_says_what_it_expects(capsys: pytest.CaptureFixture[str]) -> None:
    assert _exit_code(["check", "--wiki", "xx"]) == 2
    err = capsys.readouterr().err
    assert "--wiki: expected LANG:TITLE (e.g. en:Climate change)" in err and "'xx'" in err


def test_the_library_checks_url_strings(simweb: SimWeb) -> None:
    import citecheck
    from citecheck.net.resolver import parse_resolve_pin

    simweb.route("news.test", "/fine", page("A fine story"))
    pins = tuple(parse_resolve_pin(p) for p in simweb.resolve_args()[1::2])
    options = citecheck.CheckOptions(resolve=pins, archive=False, host_interval=0,
                                     canaries=(simweb.url("canary.test", "/"),))
    report = citecheck.check([simweb.url("news.test", "/fine"),
                              citecheck.Reference("mine", url=simweb.url("news.test", "/fine"))],
                             options)
    assert [(r.id, r.verdict) for r in report.results] == [
        ("ref-1", citecheck.Verdict.OK), ("mine", citecheck.Verdict.OK)]
