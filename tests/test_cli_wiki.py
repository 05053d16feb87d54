"""`citecheck check` on a live wiki page, through a MediaWiki Action API stand-in."""

from __future__ import annotations

import json
from pathlib import Path

from citecheck.cli import main
from citecheck.exitcodes import ExitCode
from tests.conftest import fast_args
from tests.sources.mediawiki_standin import Wiki, serve
from tests.support.simweb import SimWeb, page, status


def test_check_a_live_wiki_page(simweb: SimWeb, tmp_path: Path) -> None:
    live = simweb.route("news.test", "/live", page("Rebels leave Qalamoun"))
    gone = simweb.route("blog.test", "/gone", status(404))
    text = (
        "Claim.<ref>{{cite web |url=" + live + " |title=Rebels leave Qalamoun}}</ref> "
        "Other.<ref>{{cite news |url=" + gone + " |title=Gone story |work=Blog}}</ref>"
    )
    wiki = Wiki(pages={"Eastern Qalamoun": (1234, text)})
    with serve(wiki, host="127.0.0.7") as base:
        port = base.rsplit(":", 1)[1]
        out = tmp_path / "r.json"
        code = main(["check", f"http://wiki.test:{port}/wiki/Eastern_Qalamoun",
                     *fast_args(simweb), "--resolve", "wiki.test:127.0.0.7",
                     "--format", "json", "--output", str(out)])
    assert code == ExitCode.FAILED
    results = json.loads(out.read_text())["results"]
    assert [(r["url"], r["verdict"]) for r in results] == [(live, "ok"), (gone, "dead")]
    assert results[0]["location"]["file"].endswith("/wiki/Eastern_Qalamoun")
    path, query = wiki.requests[0]
    assert path == "/w/api.php" and query["titles"] == "Eastern Qalamoun"
    assert query["_ua"].startswith("citecheck/")
