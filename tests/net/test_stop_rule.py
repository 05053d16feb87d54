"""A stop rule that raises is a bug of the page code: it surfaces, it is never `unreachable`.

The engine catches what the network and the server can do to a request (including
ValueError and OSError from the transport); the caller's stop rule runs inside the
read loop but is not transport, so its exceptions must not be caught with them.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from citecheck.cli import main
from citecheck.exitcodes import ExitCode
from citecheck.models import ErrorKind
from tests.conftest import fast_args, write_refs
from tests.net.test_client import client_for
from tests.support.simweb import SimWeb, page


class PageCodeBug(ValueError):
    pass


@pytest.mark.parametrize("error", [PageCodeBug("bad offset"), OSError("page code's own file")])
def test_a_stop_rule_that_raises_propagates_from_fetch(simweb: SimWeb, error: Exception) -> None:
    url = simweb.route("news.test", "/page", page("A page", "<p>text</p>" * 2000))
    client = client_for(simweb, retries=2)

    def enough(prefix: bytes, content_type: str | None) -> bool:
        raise error

    with pytest.raises(type(error)) as raised:
        client.fetch(url, enough=enough)
    assert raised.value is error  # the stop rule's own exception, not a wrapper
    assert len(simweb.requests_to("news.test")) == 1  # not retried as a network failure
    # The slot was given back and the engine still works for the next fetch.
    assert client.limiter.wait_time("news.test") == 0.0
    assert client.fetch(url).status == 200
    # Transport failures are still results: a refused connection is not raised.
    refused = client.fetch("http://127.0.0.1:9/", enough=enough)
    assert refused.error_kind is ErrorKind.GUARD


def test_a_stop_rule_bug_is_exit_4_not_an_unreachable_verdict(
    simweb: SimWeb, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    def broken_media_type(content_type: str | None) -> str:
        raise ValueError("stop rule bug")

    # The pipeline's own stop rule (page.stream.enough_bytes) raises a ValueError,
    # wherever the pipeline calls it from.
    monkeypatch.setattr("citecheck.page.stream.media_type", broken_media_type)
    url = simweb.route("news.test", "/fine", page("Fine"))
    refs = write_refs(tmp_path / "refs.json", [{"url": url, "title": "Fine"}])
    report = tmp_path / "r.json"
    code = main(["check", str(refs), *fast_args(simweb), "--format", "json",
                 "--output", str(report)])
    assert code == ExitCode.INTERNAL
    err = capsys.readouterr().err
    assert "internal error: ValueError: stop rule bug" in err
    assert not report.exists() or "unreachable" not in report.read_text()
