"""Hostile servers: every misbehaviour gives a correct result in bounded time and memory."""

from __future__ import annotations

import datetime as dt
import os
import signal
import socket
import struct
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Iterator
from pathlib import Path

import pytest
import trustme

from citecheck.models import ErrorKind
from citecheck.net.client import HttpClient
from citecheck.net.resolver import parse_resolve_pin
from citecheck.options import CheckOptions
from tests.conftest import fast_args, write_refs
from tests.support.rawserver import RawHandler, RawServer
from tests.support.simweb import SimWeb, page, stall

RAW_ADDRESS = "127.0.0.4"


@pytest.fixture
def raw() -> Iterator[list[RawServer]]:
    servers: list[RawServer] = []
    yield servers
    for server in servers:
        server.stop()


def fetch_raw(servers: list[RawServer], handler: RawHandler, **overrides: object):
    server = RawServer(handler, RAW_ADDRESS).start()
    servers.append(server)
    settings: dict[str, object] = {
        "resolve": (parse_resolve_pin(f"raw.test:{RAW_ADDRESS}"),),
        "timeout": 1.0,
        "total_timeout": 3.0,
        "retries": 0,
    }
    settings.update(overrides)
    client = HttpClient(CheckOptions(**settings))  # type: ignore[arg-type]
    started = time.monotonic()
    tracemalloc.start()
    try:
        result = client.fetch(f"http://raw.test:{server.port}/")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return result, time.monotonic() - started, peak


def _send(payload: bytes) -> RawHandler:
    return lambda conn: conn.sendall(payload)


HOSTILE = {
    "http09": (_send(b"<html><head><title>Old</title></head></html>"), "HTTP/0.9"),
    "garbage": (_send(b"\x00\xff\xfe garbage \r\n\r\n"), "garbage"),
    "huge-header-line": (
        _send(b"HTTP/1.1 200 OK\r\nX-Big: " + b"a" * 10_000_000 + b"\r\n\r\n"),
        "header line too long",
    ),
    "thousands-of-headers": (
        _send(b"HTTP/1.1 200 OK\r\n" + b"".join(b"X-H%d: v\r\n" % i for i in range(5000))
              + b"Content-Length: 0\r\n\r\n"),
        "too many response headers",
    ),
    "headers-of-a-100-continue": (
        _send(b"HTTP/1.1 100 Continue\r\n" + b"".join(b"X-H%d: v\r\n" % i for i in range(500))
              + b"\r\nHTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"),
        "too many response headers",
    ),
    "huge-status-line": (
        _send(b"HTTP/1.1 200 " + b"O" * 100_000 + b"\r\n\r\n"),
        "status line too long",
    ),
    "content-length-too-long": (
        _send(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 100000\r\n\r\n"
              b"<html><head><title>Short"),
        "cut short",
    ),
    "broken-chunking": (
        _send(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nTransfer-Encoding: chunked\r\n"
              b"\r\nZZZ\r\nhello\r\n"),
        "",
    ),
    "bad-gzip": (
        _send(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Encoding: gzip\r\n"
              b"Content-Length: 20\r\n\r\n" + b"\x1f\x8bnot really gzip!!"),
        "decoded",
    ),
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_responses_are_protocol_errors(raw: list[RawServer], name: str) -> None:
    handler, words = HOSTILE[name]
    result, elapsed, peak = fetch_raw(raw, handler)
    assert result.error_kind is ErrorKind.PROTOCOL, result
    assert words in (result.error or "")
    assert elapsed < 3.5
    assert peak < 40_000_000  # the 10 MB header line is never held whole by the client


def test_reset_mid_body(raw: list[RawServer]) -> None:
    def reset(conn: socket.socket) -> None:
        conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 99999\r\n"
                     b"\r\n<html><head>" + b"x" * 1000)
        time.sleep(0.1)
        conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))

    result, _, _ = fetch_raw(raw, reset)
    assert result.error_kind in (ErrorKind.RESET, ErrorKind.PROTOCOL)


def test_accepts_and_never_answers(raw: list[RawServer]) -> None:
    result, elapsed, _ = fetch_raw(raw, lambda conn: time.sleep(6))
    assert result.error_kind is ErrorKind.READ_TIMEOUT
    assert elapsed < 2.5


def test_nul_bytes_and_broken_utf8_in_title(raw: list[RawServer]) -> None:
    body = b"<html><head><title>A\x00B\xff\xfeC \x1b[31mred</title></head><body></body></html>"
    result, _, _ = fetch_raw(raw, _send(
        b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: "
        + str(len(body)).encode() + b"\r\n\r\n" + body))
    assert result.status == 200 and result.body == body
    from citecheck.page import analyse_page

    analysis = analyse_page(result.body, content_type="text/html", declared_charset="utf-8",
                            url="http://raw.test/")
    assert analysis.title is not None
    assert "\x00" not in analysis.title and "\x1b" not in analysis.title


# -- TLS ----------------------------------------------------------------------------------


def _tls_web(ca: trustme.CA, **cert_kwargs: object) -> SimWeb:
    web = SimWeb(address="127.0.0.5", hosts=("tls.test",), ca=ca, cert_kwargs=cert_kwargs)
    web.start()
    web.route("tls.test", "/", page("Secure"))
    return web


def _fetch_tls(web: SimWeb, ca_file: Path, host: str = "tls.test", **overrides: object):
    settings: dict[str, object] = {
        "resolve": (parse_resolve_pin(f"{host}:127.0.0.5"),),
        "timeout": 1.0, "total_timeout": 3.0, "retries": 0, "ca_cert": str(ca_file),
    }
    settings.update(overrides)
    client = HttpClient(CheckOptions(**settings))  # type: ignore[arg-type]
    return client.fetch(f"https://{host}:{web.https_port}/")


@pytest.mark.parametrize(
    ("case", "words"),
    [("expired", "expired"), ("wrong-host", "match"), ("self-signed", "verify failed")],
)
def test_bad_certificates_are_tls_errors(tmp_path: Path, case: str, words: str) -> None:
    trusted = trustme.CA()
    ca_file = tmp_path / "ca.pem"
    trusted.cert_pem.write_to_path(str(ca_file))
    if case == "expired":
        web = _tls_web(trusted, not_after=dt.datetime(2020, 1, 1, tzinfo=dt.UTC),
                       not_before=dt.datetime(2019, 1, 1, tzinfo=dt.UTC))
        host = "tls.test"
    elif case == "wrong-host":
        web = _tls_web(trusted)
        host = "other.test"
    else:
        web = _tls_web(trustme.CA())  # a CA nobody trusts
        host = "tls.test"
    try:
        result = _fetch_tls(web, ca_file, host)
        assert result.error_kind is ErrorKind.TLS
        assert words in (result.error or "")
        # --insecure is off by default; when asked for, it does connect.
        insecure = _fetch_tls(web, ca_file, host, insecure=True)
        assert insecure.status in (200, 404)
    finally:
        web.stop()


# -- stopping -------------------------------------------------------------------------------


def test_sigterm_writes_a_partial_report_quickly(simweb: SimWeb, tmp_path: Path) -> None:
    refs = [{"id": f"fast-{i}", "url": simweb.route("news.test", f"/f{i}", page("Fast"))}
            for i in range(3)]
    refs += [{"id": f"slow-{i}", "url": simweb.route("slow.test", f"/s{i}", stall(30))}
             for i in range(3)]
    path = write_refs(tmp_path / "refs.json", refs)
    out = tmp_path / "report.json"
    args = fast_args(simweb, timeout=20, total_timeout=60)
    cmd = [sys.executable, "-m", "citecheck", "check", str(path), *args,
           "--format", "json", "--output", str(out)]
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parents[2])}
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    try:
        deadline = time.monotonic() + 10
        while len(simweb.requests_to("slow.test")) < 2 and time.monotonic() < deadline:
            time.sleep(0.05)
        time.sleep(0.3)
        stopped_at = time.monotonic()
        proc.send_signal(signal.SIGTERM)
        _, err = proc.communicate(timeout=10)
        took = time.monotonic() - stopped_at
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 130, err
    assert took < 3.0
    import json

    report = json.loads(out.read_text())
    assert report["complete"] is False
    ids = {r["id"] for r in report["results"]}
    assert {"fast-0", "fast-1", "fast-2"} <= ids
    assert not any(i.startswith("slow") for i in ids)
    assert b"partial" in err
    assert not list(tmp_path.glob(".report.json.*"))  # no half-written temp file left
