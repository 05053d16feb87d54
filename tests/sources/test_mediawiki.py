from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
import requests

from citecheck.errors import InputError
from citecheck.options import DEFAULT_USER_AGENT
from citecheck.sources.mediawiki import (
    fetch_revision,
    is_wiki_page,
    parse_page_spec,
    query_url,
    read_wiki_page,
    session_fetcher,
    wiki_language,
)
from tests.sources.mediawiki_standin import Wiki, serve
from tests.sources.source_data import read_data

TITLE = "Eastern Qalamoun offensive (April 2018)"


@pytest.fixture
def session() -> Iterator[requests.Session]:
    with requests.Session() as s:
        s.trust_env = False  # no proxy from the environment for 127.0.0.1
        yield s


@pytest.fixture
def wiki() -> Wiki:
    article = read_data("wikitext_seed_article.wiki")
    return Wiki(
        pages={TITLE: (1234567890, article)},
        redirects={"Eastern Qalamoun offensive": TITLE},
    )


def test_reads_the_current_revision_following_normalisation_and_redirects(
    wiki: Wiki, session: requests.Session
) -> None:
    with serve(wiki) as base:
        revision, result = read_wiki_page(
            f"{base}/wiki/eastern_Qalamoun_offensive", session_fetcher(session)
        )
    assert revision.title == TITLE and revision.revid == 1234567890
    assert revision.page_url == f"{base}/wiki/Eastern_Qalamoun_offensive_(April_2018)"
    assert [r.id for r in result.references][:3] == ["newarab", "enab", "syriadirect"]
    assert {r.location.file for r in result.references} == {revision.page_url}
    assert {r.location.context for r in result.references} == {"revision 1234567890"}
    path, query = wiki.requests[0]
    assert path == "/w/api.php"
    assert query["titles"] == "eastern Qalamoun offensive"
    assert (query["rvprop"], query["rvslots"], query["redirects"]) == ("content|ids", "main", "1")
    assert query["_ua"] == DEFAULT_USER_AGENT


def test_falls_back_to_api_php_at_the_root(wiki: Wiki, session: requests.Session) -> None:
    wiki.api_path = "/api.php"
    with serve(wiki) as base:
        revision = fetch_revision(f"{base}/index.php?title={TITLE}", session_fetcher(session))
    assert revision.title == TITLE
    assert [path for path, _ in wiki.requests] == ["/w/api.php", "/api.php"]


def test_missing_page_is_an_input_error(wiki: Wiki, session: requests.Session) -> None:
    with serve(wiki) as base, pytest.raises(InputError, match="no such page"):
        fetch_revision(f"{base}/wiki/No_such_article", session_fetcher(session))


def test_no_api_anywhere_is_an_input_error(wiki: Wiki, session: requests.Session) -> None:
    wiki.api_path = "/elsewhere/api.php"
    with serve(wiki) as base, pytest.raises(InputError, match="HTTP 404"):
        fetch_revision(f"{base}/wiki/{TITLE}", session_fetcher(session))


def test_connection_refused_is_an_input_error(session: requests.Session) -> None:
    with serve(Wiki()) as base:
        pass  # the server is gone once the block ends: its port refuses connections
    with pytest.raises(InputError, match="cannot fetch"):
        fetch_revision(f"{base}/wiki/{TITLE}", session_fetcher(session, timeout=2))


def test_api_error_answer_is_an_input_error(wiki: Wiki) -> None:
    def fetch_text(url: str) -> str:  # a plain callable works as well as a session
        return '{"error": {"code": "readapidenied", "info": "You need read permission"}}'

    with pytest.raises(InputError, match="readapidenied"):
        fetch_revision("en:Anything", fetch_text)


def test_formatversion_1_content_is_accepted() -> None:
    answer = (
        '{"query": {"pages": [{"title": "A", "revisions": '
        '[{"revid": 5, "*": "{{cite web|url=http://a.example/}}"}]}]}}'
    )
    revision = fetch_revision("en:A", lambda url: answer)
    assert revision.wikitext.startswith("{{cite web")


@pytest.mark.parametrize(
    ("spec", "title", "api"),
    [
        ("en:Eastern_Qalamoun_offensive", "Eastern Qalamoun offensive",
         "https://en.wikipedia.org/w/api.php"),
        ("https://de.wikipedia.org/wiki/Bosra", "Bosra", "https://de.wikipedia.org/w/api.php"),
        ("https://en.wikipedia.org/wiki/Bosra_%28city%29", "Bosra (city)",
         "https://en.wikipedia.org/w/api.php"),
        ("https://wiki.example.org/w/index.php?title=Main_Page&action=edit", "Main Page",
         "https://wiki.example.org/w/api.php"),
    ],
)  # fmt: skip
def test_page_specs(spec: str, title: str, api: str) -> None:
    page = parse_page_spec(spec)
    assert (page.title, page.api_urls[0]) == (title, api)
    assert is_wiki_page(spec)


@pytest.mark.parametrize("spec", ["article.wiki", "/tmp/x.wiki", "https://example.org/page",
                                  "C:\\refs.bib", "ftp://x.example/wiki/A"])  # fmt: skip
def test_files_are_not_wiki_pages(spec: str) -> None:
    assert not is_wiki_page(spec)


def test_query_url_asks_for_what_the_brief_names() -> None:
    url = query_url("https://en.wikipedia.org/w/api.php", "A & B")
    assert url == (
        "https://en.wikipedia.org/w/api.php?action=query&prop=revisions&rvprop=content%7Cids"
        "&rvslots=main&redirects=1&format=json&formatversion=2&titles=A+%26+B"
    )


def test_through_the_http_engine(wiki: Wiki) -> None:
    from citecheck.net.client import HttpClient
    from citecheck.options import CheckOptions
    from citecheck.sources.mediawiki import engine_fetcher

    wiki.api_path = "/api.php"  # the first endpoint answers 404 through the engine too
    client = HttpClient(CheckOptions(allow_private=True, retries=0, timeout=5))
    try:
        with serve(wiki) as base:
            revision, result = read_wiki_page(f"{base}/wiki/{TITLE}", engine_fetcher(client.fetch))
    finally:
        client.close()
    assert revision.revid == 1234567890
    assert len(result.references) == 6
    assert [path for path, _ in wiki.requests] == ["/w/api.php", "/api.php"]


def test_the_wiki_language_chooses_the_citation_templates() -> None:
    content = (
        "{{Lien web|url=http://a.example/fr|titre=Fr}}"
        "{{Cita web|url=http://a.example/it|titolo=It}}"
    )
    answer = json.dumps(
        {"query": {"pages": [{"title": "A", "revisions": [{"revid": 5, "*": content}]}]}}
    )
    for spec, titles in (("fr:A", ["Fr"]), ("https://it.wikipedia.org/wiki/A", ["It"])):
        _, result = read_wiki_page(spec, lambda url: answer)
        assert [r.title for r in result.references] == titles
    _, result = read_wiki_page("https://wiki.example.org/wiki/A", lambda url: answer)
    assert [r.title for r in result.references] == ["Fr", "It"]  # unknown wiki: every language
    assert wiki_language("https://de.m.wikipedia.org/wiki/A") == "de"
