"""Quotes and text drift (issue 18), end to end: the simulated web and a real pywb.

A cited quote is looked for on the live page, else in its archived copy; a page whose
title still matches but whose text is another text than its capture's has drifted.
Both are reported beside the verdict and fail the gate only when asked (--fail-on
quote, --fail-on drift)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from citecheck.cli import main
from tests.conftest import SIM_ADDRESS, SIM_HOSTS, fast_args, write_refs
from tests.support.pywb_harness import PywbServer, WarcCapture, html_page, pywb_for_tests
from tests.support.simweb import SimWeb, page, status

CAPTURED = "20180420120000"

# (language, title, the quoted passage as the page prints it, the quote as cited, filler)
LANGUAGES = {
    "en": ("Rebels refuse to leave Eastern Qalamoun",
           "“We will not leave our homes in Eastern Qalamoun,” a commander said — "
           "the talks collapsed on Tuesday.",
           'We will not leave our homes in Eastern Qalamoun" a commander said - the talks',
           "Residents described queues for bread and fuel."),
    "ar": ("المعارضة ترفض الخروج من القلمون الشرقي",
           "وقال قائد في المعارضة: «لن نغادر بيوتنا في القلمون الشرقي» بعد انهيار المفاوضات.",
           "لن نغادر بيوتنا في القلمون الشرقي",
           "ووصف السكان طوابير الخبز والوقود."),
    "ja": ("反政府勢力、東カラムーンからの撤退を拒否",
           "司令官は「私たちは東カラムーンの家を\n離れない」と述べ、交渉は決裂した。",
           "私たちは東カラムーンの家を離れない…交渉は決裂した",
           "住民はパンと燃料を求めて列を作った。"),
}

THEN = (
    "The convoy of buses waited at the checkpoint near Ruhaiba while negotiators from "
    "both sides met in a school building. Commanders of the armed opposition told "
    "reporters that residents feared reprisals, that families had buried relatives in "
    "orchards outside Jayrud, and that medical supplies for the clinic in Dumayr had run "
    "out weeks earlier. Government officials insisted the evacuation agreement guaranteed "
    "safe passage northwards towards Jarabulus, under supervision by military police, "
    "while humanitarian organisations requested access for independent monitors."
)
NOW = (
    "Subscribe today for unlimited digital access, exclusive newsletters, crossword "
    "puzzles, recipes, podcasts and games. Members enjoy discounted tickets to festivals, "
    "concerts, theatre premieres and museum exhibitions, plus priority booking for "
    "cookery classes, wine tastings and guided walking tours through historic "
    "neighbourhoods. Cancel anytime online; renewal happens automatically every month "
    "unless your membership settings say otherwise, according to our privacy policy."
)


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[SimWeb, PywbServer]]:
    web = SimWeb(address=SIM_ADDRESS, hosts=SIM_HOSTS).start()
    captures = []
    for lang, (title, passage, _, filler) in LANGUAGES.items():
        # The quote on the live page (and in its capture).
        web.route("news.test", f"/{lang}/live", page(title, f"<p>{filler} {passage}</p>"))
        # The live page lost the quote; its capture still has it.
        web.route("news.test", f"/{lang}/capture", page(title, f"<p>{filler}</p>"))
        # Neither has it.
        web.route("news.test", f"/{lang}/missing", page(title, f"<p>{filler}</p>"))
        captures += [
            WarcCapture(web.url("news.test", f"/{lang}/live"), CAPTURED,
                        html_page(title, f"{filler} {passage}")),
            WarcCapture(web.url("news.test", f"/{lang}/capture"), CAPTURED,
                        html_page(title, f"{filler} {passage}")),
            WarcCapture(web.url("news.test", f"/{lang}/missing"), CAPTURED,
                        html_page(title, filler)),
        ]
    title = LANGUAGES["en"][0]
    web.route("news.test", "/drifted", page(title, f"<p>{NOW}</p>"))
    web.route("news.test", "/kept", page(title, f"<p>{THEN}</p>"))
    web.route("news.test", "/gone", status(404))
    # The quote far down a long page: the page is read whole for it.
    padding = "<div>" + "<span>navigation</span>" * 12_000 + "</div>"
    web.route("news.test", "/long", page(title, padding + LANGUAGES["en"][1]))
    captures += [
        WarcCapture(web.url("news.test", "/drifted"), CAPTURED, html_page(title, THEN)),
        WarcCapture(web.url("news.test", "/kept"), CAPTURED, html_page(title, THEN)),
        WarcCapture(web.url("news.test", "/gone"), CAPTURED,
                    html_page(title, LANGUAGES["en"][1])),
    ]
    try:
        with pywb_for_tests(tmp_path_factory.mktemp("pywb"), {"web": captures}) as pywb:
            yield web, pywb
    finally:
        web.stop()


def run(world: tuple[SimWeb, PywbServer], tmp_path: Path, refs: list[dict[str, str]],
        *extra: str) -> tuple[int, dict[str, dict]]:
    web, pywb = world
    path = write_refs(tmp_path / "refs.json", refs)
    out = tmp_path / "report.json"
    args = [a for a in fast_args(web) if a != "--no-archive"]
    code = main(["check", str(path), *args, "--archive-url", pywb.base_url,
                 "--format", "json", "--output", str(out), *extra])
    report = json.loads(out.read_text(encoding="utf-8"))
    return code, {r["id"]: r for r in report["results"]}


@pytest.mark.slow
@pytest.mark.parametrize("lang", sorted(LANGUAGES))
def test_a_quote_found_live_only_in_the_capture_or_nowhere(
    world: tuple[SimWeb, PywbServer], tmp_path: Path, lang: str
) -> None:
    web, _ = world
    title, _, quote, _ = LANGUAGES[lang]
    refs = [{"id": where, "url": web.url("news.test", f"/{lang}/{where}"), "title": title,
             "quote": quote, "access_date": "2018-04-27"}
            for where in ("live", "capture", "missing")]
    code, results = run(world, tmp_path, refs)
    assert code == 0  # informational by default
    assert {k: r["verdict"] for k, r in results.items()} == dict.fromkeys(results, "ok")
    assert results["live"]["quote"] == {"status": "found", "capture": None}
    assert results["capture"]["quote"] == {"status": "found-in-capture", "capture": CAPTURED}
    assert ("quote not found on the live page; found in the capture of 2018-04-20"
            in results["capture"]["reasons"])
    assert results["missing"]["quote"]["status"] == "not-found"
    assert ("quote not found on the live page nor in the capture of 2018-04-20"
            in results["missing"]["reasons"])

    code, results = run(world, tmp_path, refs, "--fail-on", "dead,mismatch,invalid,quote")
    assert code == 1
    code, _ = run(world, tmp_path, refs[:2], "--fail-on", "dead,mismatch,invalid,quote")
    assert code == 0
    code, _ = run(world, tmp_path, refs[:2], "--fail-on", "dead,mismatch,invalid,drift")
    assert code == 1  # the quote that is only in the capture is drift


def test_a_quote_anywhere_on_a_long_page_is_found(
    world: tuple[SimWeb, PywbServer], tmp_path: Path
) -> None:
    web, _ = world
    title, _, quote, _ = LANGUAGES["en"]
    _, results = run(world, tmp_path, [
        {"id": "long", "url": web.url("news.test", "/long"), "title": title, "quote": quote},
    ])
    assert results["long"]["quote"]["status"] == "found"


def test_a_dead_page_whose_capture_has_the_quote_has_not_drifted(
    world: tuple[SimWeb, PywbServer], tmp_path: Path
) -> None:
    web, _ = world
    title, _, quote, _ = LANGUAGES["en"]
    refs = [{"id": "gone", "url": web.url("news.test", "/gone"), "title": title,
             "quote": quote, "access_date": "2018-04-27"}]
    code, results = run(world, tmp_path, refs, "--fail-on", "drift")
    assert results["gone"]["verdict"] == "dead"
    assert results["gone"]["quote"] == {"status": "found-in-capture", "capture": CAPTURED}
    assert code == 0  # only drift gates, and a page that is gone has not drifted


def test_text_drift_under_a_matching_title(
    world: tuple[SimWeb, PywbServer], tmp_path: Path
) -> None:
    web, _ = world
    title = LANGUAGES["en"][0]
    refs = [{"id": key, "url": web.url("news.test", f"/{key}"), "title": title,
             "access_date": "2018-04-27"} for key in ("drifted", "kept")]
    code, results = run(world, tmp_path, refs)
    drifted = results["drifted"]
    assert drifted["verdict"] == "ok" and code == 0
    assert drifted["drift"]["since"] == CAPTURED
    assert 0 <= drifted["drift"]["similarity"] <= 0.4
    assert any(r.startswith("the page's text changed since the capture of 2018-04-20")
               for r in drifted["reasons"])
    assert results["kept"]["drift"] is None
    code, _ = run(world, tmp_path, refs, "--fail-on", "dead,mismatch,invalid,drift")
    assert code == 1
