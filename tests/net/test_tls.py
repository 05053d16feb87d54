"""The engine's one TLS context: loaded once, shared by every connection, still strict."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import urllib3

from citecheck.errors import ConfigError
from citecheck.models import ErrorKind
from citecheck.net.client import HttpClient
from citecheck.net.resolver import parse_resolve_pin
from citecheck.net.sockets import EngineSSLSocket
from citecheck.options import CheckOptions
from tests.support.simweb import SimWeb, html_page, page

ADDRESS = "127.0.0.8"
HOSTS = ("one.test", "two.test")


@pytest.fixture
def tls_web() -> Iterator[SimWeb]:
    # The certificate names one.test and two.test; other.test resolves to the same
    # server, so its name is the only thing wrong with it.
    web = SimWeb(address=ADDRESS, hosts=HOSTS).start()
    for host in HOSTS:
        web.route(host, "/", page(f"Secure {host}"))
    web.route(
        "two.test", "/cookie",
        lambda req: req.send(200, html_page("Cookie").encode(), [("Set-Cookie", "s=1")]),
    )
    try:
        yield web
    finally:
        web.stop()


def _client(web: SimWeb, tmp_path: Path, **overrides: object) -> HttpClient:
    pins = tuple(parse_resolve_pin(f"{h}:{ADDRESS}") for h in (*HOSTS, "other.test"))
    settings: dict[str, object] = {
        "resolve": pins, "ca_cert": str(web.write_ca(tmp_path)), "timeout": 2.0,
        "total_timeout": 4.0, "retries": 0, "host_interval": 0.0,
    }
    settings.update(overrides)
    return HttpClient(CheckOptions(**settings))  # type: ignore[arg-type]


def _idle_sockets(client: HttpClient, web: SimWeb, host: str) -> list[object]:
    pool = client.session.get_adapter("https://").poolmanager.connection_from_host(
        host, web.https_port, "https", pool_kwargs={"ssl_context": client.tls_context,
                                                    "cert_reqs": "CERT_REQUIRED"},
    )
    assert isinstance(pool, urllib3.HTTPSConnectionPool)
    return [conn.sock for conn in pool.pool.connections() if conn.sock]


def test_every_connection_uses_the_engines_one_context(tls_web: SimWeb, tmp_path: Path) -> None:
    client = _client(tls_web, tmp_path)
    try:
        assert client.fetch(tls_web.url("one.test", "/", https=True)).status == 200
        # The cookie sends later requests to two.test through requests' own path.
        assert client.fetch(tls_web.url("two.test", "/cookie", https=True)).status == 200
        assert client.fetch(tls_web.url("two.test", "/", https=True)).status == 200
        for host in HOSTS:
            sockets = _idle_sockets(client, tls_web, host)
            assert sockets, f"no kept connection to {host}"
            assert all(sock.context is client.tls_context for sock in sockets)  # type: ignore[attr-defined]
            # ... and the engine's sockets, which skip calls that do nothing (net.sockets).
            assert all(isinstance(sock, EngineSSLSocket) for sock in sockets)
    finally:
        client.close()


def test_the_shared_context_still_checks_each_host_name(
    tls_web: SimWeb, tmp_path: Path
) -> None:
    client = _client(tls_web, tmp_path)
    try:
        assert client.fetch(tls_web.url("one.test", "/", https=True)).status == 200
        wrong = client.fetch(tls_web.url("other.test", "/", https=True))
        assert wrong.error_kind is ErrorKind.TLS and "match" in (wrong.error or "")
        assert client.fetch(tls_web.url("two.test", "/", https=True)).status == 200
    finally:
        client.close()


def test_a_ca_nobody_trusts_is_refused_and_insecure_connects(
    tls_web: SimWeb, tmp_path: Path
) -> None:
    (tmp_path / "other").mkdir()
    other_ca = SimWeb(address=ADDRESS).write_ca(tmp_path / "other")  # a different CA
    strict = _client(tls_web, tmp_path, ca_cert=str(other_ca))
    insecure = _client(tls_web, tmp_path, ca_cert=str(other_ca), insecure=True)
    try:
        refused = strict.fetch(tls_web.url("one.test", "/", https=True))
        assert refused.error_kind is ErrorKind.TLS
        assert insecure.fetch(tls_web.url("one.test", "/", https=True)).status == 200
    finally:
        strict.close()
        insecure.close()


def test_an_unreadable_ca_bundle_is_a_configuration_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.pem"
    bad.write_text("not a certificate\n")
    with pytest.raises(ConfigError, match=r"bad\.pem"):
        HttpClient(CheckOptions(ca_cert=str(bad)))
