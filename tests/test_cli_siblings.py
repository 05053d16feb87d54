"""Sibling pages end to end: an evergreen URL that now shows the next edition.

The cited "2018 FIFA World Cup final" page now shows the 2022 final, and the archive
holds the URL both as the 2014 final and as the 2018 one. The live page is a mismatch,
the 2014 capture is never suggested (nor written by `fix`), the 2018 one is.
Before citecheck.match.conflict, both the live page and the 2014 capture matched.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from citecheck.cli import main
from tests.conftest import SIM_ADDRESS, SIM_HOSTS, fast_args, write_refs
from tests.match.test_siblings import FINAL_2014
from tests.support.pywb_harness import PywbServer, WarcCapture, html_page, pywb_for_tests
from tests.support.simweb import SimWeb, page

FINAL_2018 = (
    "France won the World Cup for the second time on Sunday, beating Croatia four-two in "
    "Moscow's Luzhniki Stadium. Kylian Mbappé became the first teenager to score in a "
    "final since Pelé, and Antoine Griezmann converted a penalty awarded after a video "
    "review. Luka Modrić, named player of the tournament, could not lift his side after "
    "an own goal by Mario Mandžukić. Didier Deschamps joined Mário Zagallo and Franz "
    "Beckenbauer as men who have won the trophy as player and coach, while President "
    "Emmanuel Macron celebrated in the stands beside Kolinda Grabar-Kitarović. A summer "
    "storm drenched the medal ceremony as thousands of fans filled the Champs-Élysées."
)
FINAL_2022 = (
    "Argentina won the World Cup for the third time on Sunday, beating France on penalties "
    "after a three-all draw at Lusail Stadium in Qatar. Lionel Messi scored twice and "
    "Gonzalo Montiel converted the decisive kick, while Kylian Mbappé became the second "
    "man to score a hat-trick in a final. Emiliano Martínez saved from Kingsley Coman, and "
    "Aurélien Tchouaméni shot wide. Lionel Scaloni's side ended a thirty-six-year wait, "
    "and millions poured into the streets of Buenos Aires to greet the squad's open-top "
    "bus, which was diverted by helicopter when crowds blocked the motorway for hours."
)
CITED = "2018 FIFA World Cup final: France beat Croatia"
SIBLING_2014 = "2014 FIFA World Cup final: Germany beat Argentina"
SIBLING_2022 = "2022 FIFA World Cup final: Argentina beat France"


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[SimWeb, PywbServer]]:
    web = SimWeb(address=SIM_ADDRESS, hosts=SIM_HOSTS).start()
    web.route("news.test", "/worldcup/final", page(SIBLING_2022, f"<p>{FINAL_2022}</p>"))
    web.route("news.test", "/worldcup/only-2014", page(SIBLING_2022, f"<p>{FINAL_2022}</p>"))
    final = web.url("news.test", "/worldcup/final")
    only_2014 = web.url("news.test", "/worldcup/only-2014")
    captures = [
        WarcCapture(final, "20140714120000", html_page(SIBLING_2014, FINAL_2014)),
        WarcCapture(final, "20180716120000", html_page(CITED, FINAL_2018)),
        WarcCapture(only_2014, "20180719120000", html_page(SIBLING_2014, FINAL_2014)),
    ]
    try:
        with pywb_for_tests(tmp_path_factory.mktemp("pywb"), {"web": captures}) as pywb:
            yield web, pywb
    finally:
        web.stop()


def test_a_sibling_page_or_capture_is_never_taken_for_the_cited_one(
    world: tuple[SimWeb, PywbServer], tmp_path: Path
) -> None:
    web, pywb = world
    refs = [
        # Cited after the 2018 final: the 2018 capture is the nearest usable one.
        {"id": "evergreen", "url": web.url("news.test", "/worldcup/final"), "title": CITED,
         "access_date": "2018-07-20"},
        # Only the 2014 edition was ever archived here: nothing to suggest.
        {"id": "sibling-only", "url": web.url("news.test", "/worldcup/only-2014"),
         "title": CITED, "access_date": "2018-07-20"},
    ]
    path = write_refs(tmp_path / "refs.json", refs)
    before = path.read_bytes()
    args = [a for a in fast_args(web) if a != "--no-archive"]
    out = tmp_path / "report.json"
    main(["check", str(path), *args, "--archive-url", pywb.base_url,
          "--format", "json", "--output", str(out)])
    results = {r["id"]: r for r in json.loads(out.read_text(encoding="utf-8"))["results"]}

    evergreen = results["evergreen"]
    assert evergreen["verdict"] == "mismatch"
    assert evergreen["title"]["match"] == "mismatch"
    assert evergreen["title"]["score"] >= 0.8  # the titles alone would have matched
    assert evergreen["reasons"][0].startswith("title differs")
    assert "never mentions '2018'" in evergreen["reasons"][1]
    assert evergreen["archive"]["status"] == "suggested"
    assert evergreen["archive"]["timestamp"] == "20180716120000"

    sibling_only = results["sibling-only"]
    assert sibling_only["verdict"] == "mismatch"
    # A capture of the URL exists, of another page: archive `mismatch`, never suggested.
    assert sibling_only["archive"]["status"] == "mismatch"
    assert sibling_only["archive"]["title_match"] != "match"

    # `fix` writes the 2018 capture for the first and nothing for the second.
    # (--archive-live: both links are live.)
    assert main(["fix", str(path), *args, "--archive-url", pywb.base_url,
                 "--archive-live"]) in (0, 1)
    fixed = {r["id"]: r for r in json.loads(path.read_text(encoding="utf-8"))["references"]}
    assert "20180716120000" in (fixed["evergreen"].get("archive_url") or "")
    assert fixed["sibling-only"].get("archive_url") is None
    assert path.read_bytes() != before
