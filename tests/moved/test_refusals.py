"""The archive refusing the stage's index queries: backed off, then left alone for the run."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from citecheck.cli import main
from citecheck.moved.finder import REFUSALS_TO_STOP
from tests.conftest import fast_args, write_refs
from tests.support.simweb import SimRequest, SimWeb, page, status

REDIRECT_QUERY = "statuscode%3A3"


def _archive(req: SimRequest) -> None:
    """An Internet-Archive-like index that refuses the redirect queries (429) and has no
    capture of anything else."""
    if REDIRECT_QUERY in req.path:
        req.send(429, b"Too Many Requests", [("Retry-After", "0")], content_type="text/plain")
    elif req.path.startswith("/cdx/search/cdx"):
        req.send(200, b"", content_type="text/plain")
    else:
        req.send(404, b"")


@pytest.mark.slow
def test_a_refusing_archive_stops_the_stage_with_one_note(
    simweb: SimWeb, tmp_path: Path
) -> None:
    simweb.route("archive.test", "*", _archive)
    simweb.route("news.test", "/", page("News Test"))
    refs = []
    for n in range(10):
        simweb.route("news.test", f"/gone-{n}", status(404))
        refs.append({"id": f"gone-{n}", "url": simweb.url("news.test", f"/gone-{n}"),
                     "title": f"Harbour crane number {n} toppled by storm Qendresa"})
    path = write_refs(tmp_path / "refs.json", refs)
    out = tmp_path / "r.json"
    args = [a for a in fast_args(simweb) if a != "--no-archive"]
    code = main(["check", str(path), *args, "--archive-url", simweb.url("archive.test", ""),
                 "--format", "json", "--output", str(out)])
    assert code == 1
    report = json.loads(out.read_text())
    stops = [note for note in report["notes"] if "kept refusing" in note]
    assert len(stops) == 1 and "redirect captures were not searched" in stops[0]
    asked = [r for r in simweb.requests_to("archive.test") if REDIRECT_QUERY in r.path]
    # Each refused query was retried once (--retries 1); the archive pool's other workers
    # may have had one in flight each when the stage stopped.
    assert REFUSALS_TO_STOP <= len(asked) <= 2 * (REFUSALS_TO_STOP + 3) < 2 * len(refs)
    # The site half of the stage went on: its lists were read (once for the site).
    assert len(simweb.requests_to("news.test", "/robots.txt")) == 1
    assert all(r["link"]["moved_to"] is None for r in report["results"])
