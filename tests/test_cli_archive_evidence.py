"""An archive link only with evidence (issue 18): a capture is suggested, and written by
`fix`, when its title matches the cited one, or when no title can tell and it is the
readable capture nearest the date. End to end: the simulated web and a real pywb."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from citecheck.cli import main
from tests.conftest import SIM_ADDRESS, SIM_HOSTS, fast_args, write_refs
from tests.support.pywb_harness import PywbServer, WarcCapture, html_page, pywb_for_tests
from tests.support.simweb import SimWeb, page, status

CITED = "Syria's rebels announce refusal to evacuate Eastern Qalamoun"


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[SimWeb, PywbServer]]:
    web = SimWeb(address=SIM_ADDRESS, hosts=SIM_HOSTS).start()
    for path in ("/other", "/doubt", "/untitled"):
        web.route("news.test", path, status(404))
    web.route("news.test", "/drift", page("Rebels surrender in Idlib after long siege"))
    captures = [
        # The only capture of a dead link is another article of the same site.
        WarcCapture(web.url("news.test", "/other"), "20180420120000",
                    html_page("Syria's regime shells Eastern Ghouta as talks stall")),
        WarcCapture(web.url("news.test", "/doubt"), "20180420120000",
                    html_page("Rebels surrender in Idlib after long siege")),
        WarcCapture(web.url("news.test", "/untitled"), "20180101120000",
                    html_page("Convoy reaches Idlib")),
        WarcCapture(web.url("news.test", "/untitled"), "20180420120000",
                    html_page("Convoy reaches its destination")),
        WarcCapture(web.url("news.test", "/drift"), "20180425100000",
                    html_page("Rebels surrender in eastern Qalamoun")),
    ]
    try:
        with pywb_for_tests(tmp_path_factory.mktemp("pywb"), {"web": captures}) as pywb:
            yield web, pywb
    finally:
        web.stop()


def check(world: tuple[SimWeb, PywbServer], tmp_path: Path, refs: list[dict[str, str]]) -> dict:
    web, pywb = world
    path = write_refs(tmp_path / "refs.json", refs)
    out = tmp_path / "report.json"
    args = [a for a in fast_args(web) if a != "--no-archive"]
    main(["check", str(path), *args, "--archive-url", pywb.base_url,
          "--format", "json", "--output", str(out)])
    return {r["id"]: r for r in json.loads(out.read_text(encoding="utf-8"))["results"]}


@pytest.mark.slow
def test_another_article_is_never_suggested_nor_written(
    world: tuple[SimWeb, PywbServer], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    web, pywb = world
    refs = [
        {"id": "other", "url": web.url("news.test", "/other"), "title": CITED,
         "access_date": "2018-04-27"},
        {"id": "doubt", "url": web.url("news.test", "/doubt"),
         "title": "Rebels surrender in eastern Qalamoun", "access_date": "2018-04-27"},
    ]
    results = check(world, tmp_path, refs)
    assert results["other"]["archive"]["status"] == "mismatch"
    assert results["other"]["archive"]["title_match"] == "mismatch"
    doubt = results["doubt"]["archive"]
    assert doubt["status"] == "missing" and doubt["url"] is None
    assert "none is surely the cited page" in " ".join(results["doubt"]["reasons"])
    # fix writes neither capture into the file.
    path = write_refs(tmp_path / "fixme.json", refs)
    original = path.read_bytes()
    args = [a for a in fast_args(web) if a != "--no-archive"]
    main(["fix", str(path), *args, "--archive-url", pywb.base_url])
    assert path.read_bytes() == original
    assert "archive_url" not in path.read_text(encoding="utf-8")
    capsys.readouterr()


def test_without_a_cited_title_the_capture_nearest_the_date_is_suggested(
    world: tuple[SimWeb, PywbServer], tmp_path: Path
) -> None:
    web, _ = world
    results = check(world, tmp_path, [
        {"id": "untitled", "url": web.url("news.test", "/untitled"), "access_date": "2018-04-27"},
    ])
    archive = results["untitled"]["archive"]
    assert archive["status"] == "suggested"
    assert archive["timestamp"] == "20180420120000"


def test_a_doubtful_live_title_with_a_matching_capture_is_content_drift(
    world: tuple[SimWeb, PywbServer], tmp_path: Path
) -> None:
    web, _ = world
    results = check(world, tmp_path, [
        {"id": "drift", "url": web.url("news.test", "/drift"),
         "title": "Rebels surrender in eastern Qalamoun", "access_date": "2018-04-27"},
    ])
    drift = results["drift"]
    assert drift["title"]["match"] == "unknown"  # the live title alone is only a doubt
    assert drift["archive"]["title_match"] == "match"
    assert drift["verdict"] == "mismatch"
    assert drift["reasons"][0].startswith("content drift since 2018-04-25")
