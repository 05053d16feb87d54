"""`citecheck check` with the archive layer, end to end: the simulated web plus a real pywb."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from citecheck.cli import main
from tests.conftest import SIM_ADDRESS, SIM_HOSTS, fast_args, write_refs
from tests.support.pywb_harness import PywbServer, WarcCapture, html_page, pywb_for_tests
from tests.support.simweb import SimWeb, page, status


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[SimWeb, PywbServer]]:
    web = SimWeb(address=SIM_ADDRESS, hosts=SIM_HOSTS).start()
    web.route("news.test", "/gone", status(404))
    web.route("news.test", "/drifted", page("Shop the autumn sale"))
    web.route("news.test", "/fine", page("Rebels leave Qalamoun"))
    web.route("news.test", "/nothing", status(404))
    captures = [
        WarcCapture(web.url("news.test", "/gone"), "20180420120000",
                    html_page("Syria regime retakes new region near Damascus")),
        WarcCapture(web.url("news.test", "/gone"), "20180101120000", b"", status="404 Not Found"),
        WarcCapture(web.url("news.test", "/drifted"), "20180425100000",
                    html_page("Convoy reaches its destination")),
        WarcCapture(web.url("news.test", "/fine"), "20180430100000",
                    html_page("Rebels leave Qalamoun")),
    ]
    try:
        with pywb_for_tests(tmp_path_factory.mktemp("pywb"), {"web": captures}) as pywb:
            yield web, pywb
    finally:
        web.stop()


def test_archive_findings_beside_live_ones(
    world: tuple[SimWeb, PywbServer], tmp_path: Path
) -> None:
    web, pywb = world
    refs = write_refs(tmp_path / "refs.json", [
        {"id": "gone", "url": web.url("news.test", "/gone"),
         "title": "Syria regime retakes new region near Damascus", "access_date": "2018-04-27"},
        {"id": "drifted", "url": web.url("news.test", "/drifted"),
         "title": "Convoy reaches its destination", "access_date": "2018-04-26"},
        {"id": "cited", "url": web.url("news.test", "/fine"), "title": "Rebels leave Qalamoun",
         "archive_url": f"{pywb.base_url}/web/20180430100000/{web.url('news.test', '/fine')}",
         "archive_date": "2018-04-30"},
        {"id": "nothing", "url": web.url("news.test", "/nothing"), "title": "Never archived"},
    ])
    out = tmp_path / "report.json"
    args = [a for a in fast_args(web) if a != "--no-archive"]
    code = main(["check", str(refs), *args, "--archive-url", pywb.base_url,
                 "--format", "json", "--output", str(out)])
    assert code == 1
    results = {r["id"]: r for r in json.loads(out.read_text())["results"]}
    gone = results["gone"]
    assert gone["verdict"] == "dead"
    assert gone["archive"]["status"] == "suggested"
    assert gone["archive"]["timestamp"] == "20180420120000"
    assert gone["archive"]["title_match"] == "match"
    assert web.url("news.test", "/gone") in gone["archive"]["url"]
    drifted = results["drifted"]
    assert drifted["verdict"] == "mismatch"
    assert drifted["archive"]["status"] == "suggested"
    assert any("drift" in reason for reason in drifted["reasons"])
    assert results["cited"]["verdict"] == "ok"
    assert results["cited"]["archive"]["status"] == "ok"
    assert results["nothing"]["archive"]["status"] == "missing"


WIKITEXT = (
    "'''Example''' is an article.<ref>{{cite web |url=GONE "
    "|title=Syria regime retakes new region near Damascus |website=Example News "
    "|access-date=27 April 2018}}</ref>\n"
    'Another claim.<ref name="fine">{{cite news|url=FINE|title=Rebels leave Qalamoun'
    "|access-date=30 April 2018}}</ref>\n"
    "\n== References ==\n{{reflist}}\n"
)


@pytest.mark.slow
def test_fix_writes_archive_links_back(
    world: tuple[SimWeb, PywbServer], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    web, pywb = world
    article = tmp_path / "Example.wiki"
    original = (
        WIKITEXT.replace("GONE", web.url("news.test", "/gone"))
        .replace("FINE", web.url("news.test", "/fine"))
        .replace("\n", "\r\n")
    )
    article.write_bytes(original.encode())
    args = [a for a in fast_args(web) if a != "--no-archive"]
    base = ["fix", str(article), *args, "--archive-url", pywb.base_url]
    assert main([*base, "--dry-run"]) == 1  # the dead link still fails the gate
    diff = capsys.readouterr().out
    assert "+" in diff and "archive-url=" in diff and "20180420120000" in diff
    assert article.read_bytes() == original.encode()  # a dry run writes nothing
    assert main(base) == 0  # everything failing was fixable and is fixed
    fixed = article.read_bytes().decode()
    assert "|archive-url=" + pywb.base_url in fixed or "archive-url=" in fixed
    assert "|archive-date=20 April 2018" in fixed  # the article's own date style
    assert "|url-status=dead" in fixed
    assert fixed.count("\r\n") == original.count("\r\n")  # line endings kept
    # Only the dead citation changed: the live one is byte for byte the same.
    assert fixed.splitlines()[1] == original.splitlines()[1]
    before = article.stat().st_mtime_ns
    assert main(base) == 0  # idempotent: nothing left to fix, the file is not touched
    assert article.stat().st_mtime_ns == before
    assert article.read_bytes().decode() == fixed


@pytest.mark.slow
def test_fix_repairs_a_broken_cited_archive_when_asked(
    world: tuple[SimWeb, PywbServer], tmp_path: Path
) -> None:
    web, pywb = world
    gone = web.url("news.test", "/gone")
    broken_copy = f"{pywb.base_url}/web/20180101120000/{gone}"  # a capture of the 404
    refs = write_refs(tmp_path / "refs.json", [
        {"id": "gone", "url": gone, "title": "Syria regime retakes new region near Damascus",
         "access_date": "2018-04-27", "archive_url": broken_copy, "archive_date": "2018-01-01"},
    ])
    args = [a for a in fast_args(web) if a != "--no-archive"]
    out = tmp_path / "report.json"
    main(["check", str(refs), *args, "--archive-url", pywb.base_url,
          "--format", "json", "--output", str(out)])
    archive = json.loads(out.read_text())["results"][0]["archive"]
    assert archive["status"] == "broken"
    assert archive["url"] == broken_copy
    assert archive["replacement"]["timestamp"] == "20180420120000"
    assert archive["replacement"]["title_match"] == "match"

    before = refs.read_text()
    main(["fix", str(refs), *args, "--archive-url", pywb.base_url])
    assert refs.read_text() == before  # repairs only with --repair-archives
    main(["fix", str(refs), *args, "--archive-url", pywb.base_url, "--repair-archives"])
    fixed = json.loads(refs.read_text())["references"][0]
    assert fixed["archive_url"] == archive["replacement"]["url"]
    assert fixed["archive_date"] == "2018-04-20"
    assert fixed["url_status"] == "dead"


@pytest.mark.slow
def test_fix_turns_the_gate_green_and_check_agrees(
    world: tuple[SimWeb, PywbServer], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A dead link whose citation names a working archive copy is handled: `dead` with
    `archived: true`, passing by default, failing with --fail-on dead-archived."""
    web, pywb = world
    refs = write_refs(tmp_path / "refs.json", [
        {"id": "gone", "url": web.url("news.test", "/gone"),
         "title": "Syria regime retakes new region near Damascus", "access_date": "2018-04-27"},
        {"id": "fine", "url": web.url("news.test", "/fine"), "title": "Rebels leave Qalamoun"},
    ])
    args = [a for a in fast_args(web) if a != "--no-archive"]
    archive = ["--archive-url", pywb.base_url]
    assert main(["check", str(refs), *args, *archive]) == 1
    capsys.readouterr()

    assert main(["fix", str(refs), *args, *archive]) == 0
    err = capsys.readouterr().err
    assert "1 citation fixed" in err  # printed even with -q (fast_args has --quiet)

    out = tmp_path / "report.json"
    assert main(["check", str(refs), *args, *archive,
                 "--format", "json", "--output", str(out)]) == 0
    gone = {r["id"]: r for r in json.loads(out.read_text())["results"]}["gone"]
    assert (gone["verdict"], gone["archived"]) == ("dead", True)
    assert gone["archive"]["status"] == "ok"
    strict = ["--fail-on", "dead,mismatch,invalid,dead-archived"]
    assert main(["check", str(refs), *args, *archive, *strict]) == 1
    assert main(["fix", str(refs), *args, *archive, *strict]) == 1  # nothing left to fix
    err = capsys.readouterr().err
    assert "nothing fixed" in err


def test_fix_says_why_nothing_was_fixed(
    world: tuple[SimWeb, PywbServer], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    web, pywb = world
    refs = write_refs(tmp_path / "refs.json", [
        {"id": "nothing", "url": web.url("news.test", "/nothing"), "title": "Never archived"},
    ])
    args = [a for a in fast_args(web) if a != "--no-archive"]
    assert main(["fix", str(refs), *args, "--archive-url", pywb.base_url]) == 1
    assert "1 dead link has no usable capture in the archive" in capsys.readouterr().err
    assert main(["fix", str(refs), *fast_args(web)]) == 1
    assert "archive lookups are off (--no-archive)" in capsys.readouterr().err
    assert main(["fix", str(refs), *fast_args(web), "--dry-run"]) == 0
    assert capsys.readouterr().out.startswith("no changes: archive lookups are off")
