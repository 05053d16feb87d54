"""The one send path: straight to urllib3 where requests would add nothing, else requests.

What is proved here, on real loopback servers: the direct path puts on the wire
exactly the request requests would (request line and headers, byte for byte, for
URLs requests rewrites too); cookies set on a direct response are stored in the
session's jar and sent back as requests would; and with proxies in the
environment requests go through a real forward proxy (plain and CONNECT), honour
no_proxy, and are still guarded. The CPU this saves is measured in
benchmarks/transport_cpu.py (``threads`` against ``threads-requests``).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from hypothesis import example, given, settings
from hypothesis import strategies as st
from requests.models import PreparedRequest

from citecheck.models import ErrorKind
from citecheck.net.client import HttpClient
from citecheck.net.resolver import parse_resolve_pin
from citecheck.net.send import prepared_url
from citecheck.options import CheckOptions
from tests.conftest import SIM_HOSTS
from tests.support.proxy import ForwardProxy
from tests.support.simweb import SimRequest, SimWeb, html_page

IDN_HOST = "xn--bcher-kva.test"  # bücher.test
PROXY_VARIABLES = ("http_proxy", "https_proxy", "all_proxy", "no_proxy")


@pytest.fixture(autouse=True)
def no_proxy_from_the_machine(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in PROXY_VARIABLES:
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.upper(), raising=False)


def _client(web: SimWeb, *, direct: bool = True, ca: Path | None = None) -> HttpClient:
    pins = tuple(parse_resolve_pin(f"{h}:{web.address}") for h in (*SIM_HOSTS, IDN_HOST))
    options = CheckOptions(
        resolve=pins, timeout=2.0, total_timeout=4.0, retries=0, host_interval=0.0,
        ca_cert=str(ca) if ca else None,
    )
    return HttpClient(options, direct_send=direct)


def _recorder(seen: list[tuple[str, list[tuple[str, str]]]], cookie: str | None = None):
    def run(req: SimRequest) -> None:
        seen.append((req.handler.requestline, list(req.handler.headers.items())))
        extra = [("Set-Cookie", cookie)] if cookie else []
        req.send(200, html_page("Seen").encode(), extra)

    return run


URLS = [
    "/plain/page.html?id=3&x=y",
    "/a/./b/../c",  # dot segments: requests removes them
    "/esc/%2f%7E%41",  # lower-case and unreserved escapes: requests normalises them
    "/space here/ü?q=a b",  # not valid in a URL as written: requests quotes it
    "/bad%zz",  # an invalid escape
    "",  # no path at all
]


@pytest.mark.parametrize("extra_headers", [None, {"accept": "text/plain", "X-Extra": "1"}])
def test_the_direct_path_sends_what_requests_would(
    simweb: SimWeb, extra_headers: dict[str, str] | None
) -> None:
    seen: dict[bool, list[tuple[str, list[tuple[str, str]]]]] = {True: [], False: []}
    for direct in (True, False):
        simweb.routes.clear()
        for host in ("news.test", IDN_HOST):
            simweb.route(host, "*", _recorder(seen[direct]))
        client = _client(simweb, direct=direct)
        try:
            for path in URLS:
                url = f"http://news.test:{simweb.http_port}{path}"
                assert client.fetch(url, headers=extra_headers).status == 200, url
            idn = f"http://bücher.test:{simweb.http_port}/ä"
            assert client.fetch(idn, headers=extra_headers).status == 200
        finally:
            client.close()
    assert len(seen[True]) == len(URLS) + 1
    assert seen[True] == seen[False]
    lines = [line for line, _ in seen[True]]
    assert "GET /a/c HTTP/1.1" in lines and "GET /esc/%2F~A HTTP/1.1" in lines
    if extra_headers:
        names = [name.lower() for name, _ in seen[True][0][1]]
        assert names.count("accept") == 1 and "x-extra" in names


def test_cookies_set_on_the_direct_path_go_back_as_requests_sends_them(simweb: SimWeb) -> None:
    seen: list[tuple[str, list[tuple[str, str]]]] = []
    simweb.route("news.test", "/login", _recorder(seen, "session=abc; Path=/members"))
    simweb.route("news.test", "*", _recorder(seen))
    simweb.route("blog.test", "*", _recorder(seen))
    client = _client(simweb)
    base = f"http://news.test:{simweb.http_port}"

    def cookie_of(url: str) -> str | None:
        seen.clear()
        assert client.fetch(url).status == 200
        (_, headers), = seen
        return dict((k.lower(), v) for k, v in headers).get("cookie")

    assert cookie_of(base + "/login") is None
    assert cookie_of(base + "/members/page") == "session=abc"
    assert cookie_of(base + "/elsewhere") is None  # the cookie's path rules, as requests keeps them
    assert cookie_of(f"http://blog.test:{simweb.http_port}/members/page") is None
    assert [c.name for c in client.session.cookies] == ["session"]


@pytest.fixture
def proxy(simweb: SimWeb) -> Iterator[ForwardProxy]:
    server = ForwardProxy({h: simweb.address for h in SIM_HOSTS})
    server.start()
    try:
        yield server
    finally:
        server.stop()


def test_plain_requests_go_through_the_environments_proxy(
    simweb: SimWeb, proxy: ForwardProxy, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("http_proxy", proxy.url)
    monkeypatch.setenv("no_proxy", "blog.test")
    for host in ("news.test", "blog.test"):
        simweb.route(host, "/p", lambda req: req.send(200, html_page("Proxied").encode()))
    client = _client(simweb)
    news = f"http://news.test:{simweb.http_port}/p"
    result = client.fetch(news)
    assert result.status == 200 and b"<title>Proxied</title>" in result.body
    assert proxy.request_lines == [f"GET {news}"]
    assert simweb.requests_to("news.test", "/p")
    # no_proxy: straight to the server.
    assert client.fetch(f"http://blog.test:{simweb.http_port}/p").status == 200
    assert len(proxy.request_lines) == 1


def test_https_goes_through_a_connect_tunnel(
    simweb: SimWeb, proxy: ForwardProxy, ca_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("https_proxy", proxy.url)
    simweb.route("news.test", "/s", lambda req: req.send(200, html_page("Tunnelled").encode()))
    client = _client(simweb, ca=ca_path)
    result = client.fetch(f"https://news.test:{simweb.https_port}/s")
    assert result.status == 200 and b"Tunnelled" in result.body
    assert proxy.request_lines == [f"CONNECT news.test:{simweb.https_port}"]


def test_the_guard_holds_for_proxied_requests(
    simweb: SimWeb, proxy: ForwardProxy, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The proxy would resolve and connect: the engine refuses before asking it."""
    monkeypatch.setenv("http_proxy", proxy.url)
    client = _client(simweb)
    for url in (f"http://127.0.0.3:{simweb.http_port}/", f"http://localhost:{simweb.http_port}/"):
        assert client.fetch(url).error_kind is ErrorKind.GUARD, url
    assert proxy.request_lines == []


_URL_PIECES = st.text(alphabet="aZz09-._~/?=&+,;:@!$'()*%#ü [ ]\\\"<>^`{|}", max_size=24)


@given(
    scheme=st.sampled_from(["http", "https", "HTTP"]),
    host=st.one_of(st.from_regex(r"[a-z0-9.\-]{1,12}", fullmatch=True),
                   st.text(alphabet="abcXYZ019.-_ü", max_size=12)),
    port=st.one_of(st.just(""), st.from_regex(r":[0-9]{0,6}", fullmatch=True)),
    rest=st.one_of(_URL_PIECES, _URL_PIECES.map(lambda path: "/" + path)),
)
@example(scheme="http", host="a", port="", rest="/x/../y")
@example(scheme="http", host="a", port=":080", rest="/")
@example(scheme="http", host="a", port="", rest="/%7e")
@example(scheme="http", host="a", port=":65536", rest="/")
@example(scheme="http", host="a", port=":65535", rest="/x?y=1&z=(2)")
@settings(max_examples=1000)
def test_urls_taken_as_written_are_what_requests_would_send(
    scheme: str, host: str, port: str, rest: str
) -> None:
    """The quick test in send.prepared_url never differs from requests' prepare_url."""
    url = f"{scheme}://{host}{port}{rest}"
    try:
        prepared = PreparedRequest()
        prepared.prepare_url(url, None)
        expected: str | None = prepared.url
    except (requests.RequestException, ValueError, UnicodeError):
        expected = None  # requests would not send it at all
    try:
        ours: str | None = prepared_url(url)
    except (requests.RequestException, ValueError, UnicodeError):
        ours = None
    assert ours == expected
