"""The engine's header parsing gives exactly what http.client's would, header block by block."""

from __future__ import annotations

import http.client
import io
import socket
import threading

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from urllib3.exceptions import HeaderParsingError
from urllib3.util.response import assert_header_parsing

from citecheck.errors import CitecheckError
from citecheck.models import ErrorKind
from citecheck.net.client import HttpClient
from citecheck.net.errors import HeaderLimitExceeded, HeaderLineTooLong, TooManyHeaders
from citecheck.net.headers import MAX_HEADERS, MAX_LINE, EngineHTTPResponse, parse_headers
from citecheck.options import CheckOptions, ResolvePin
from tests.support.liveness import finishes

ADDRESS = "127.0.0.12"


def _facts(message: http.client.HTTPMessage) -> tuple[object, ...]:
    """Everything http.client and urllib3 read off a parsed header block."""
    try:
        assert_header_parsing(message)
        parsing = "ok"
    except (HeaderParsingError, TypeError) as exc:  # as urllib3's getresponse catches
        parsing = type(exc).__name__
    return (
        message.items(),
        [type(defect).__name__ for defect in message.defects],
        message.is_multipart(),
        bool(message.get_payload()),
        message.get_content_type(),
        message.get("content-length"),
        message.get_all("set-cookie"),
        parsing,
    )


def _both(block: bytes) -> tuple[tuple[object, ...], tuple[object, ...]]:
    return _facts(http.client.parse_headers(io.BytesIO(block))), _facts(
        parse_headers(io.BytesIO(block))
    )


_names = st.one_of(
    st.sampled_from(["Content-Type", "content-length", "Set-Cookie", "X-A", "From", "Server"]),
    st.text(st.characters(min_codepoint=0x20, max_codepoint=0x7E), min_size=0, max_size=8),
)
_values = st.one_of(
    st.sampled_from([
        "text/html; charset=utf-8", "multipart/byteranges; boundary=x", "message/rfc822",
        " MULTIPART/mixed", "\x0bmultipart/x", "\xa0message/partial", "text/plain;multipart/x",
        "12", "", "  padded  ", "a\tb",
    ]),
    st.text(st.characters(min_codepoint=0x01, max_codepoint=0xFF), max_size=12),
)
_line_ends = st.sampled_from(["\r\n", "\n", "\r", "\r\r\n"])


@st.composite
def header_blocks(draw: st.DrawFn) -> bytes:
    lines = []
    for _ in range(draw(st.integers(0, 8))):
        kind = draw(st.sampled_from(["field", "field", "field", "fold", "raw", "from"]))
        if kind == "field":
            line = f"{draw(_names)}:{draw(st.sampled_from(['', ' ', '  ', chr(9)]))}{draw(_values)}"
        elif kind == "fold":
            line = draw(st.sampled_from([" ", "\t"])) + draw(_values)
        elif kind == "from":
            line = "From " + draw(_values)
        else:
            line = draw(_values)
        lines.append(line + draw(_line_ends))
    end = draw(st.sampled_from(["\r\n", "\n", ""]))
    return ("".join(lines) + end).encode("iso-8859-1")


@given(header_blocks())
@example(b"Content-Type: text/html\r\nContent-Length: 12\r\n\r\n")
@example(b"Content-Type: multipart/byteranges; boundary=THIS\r\n\r\n")
@example(b"X-Folded: one\r\n two\r\n\r\n")
@example(b"Bad Header: x\r\nX-B: y\r\n\r\n")
@example(b"X-A: a\rb\r\n\r\n")
@example(b": no name\r\n\r\n")
@example(b"From someone\r\nX-A: b\r\n\r\n")
@example(b"X-A: unfinished\r\n")
@example("X-Latin: caf\xe9\r\n\r\n".encode("iso-8859-1"))
@example(b"X-A: a\x85b\r\nContent-Type: \x0bmultipart/mixed\r\n\r\n")
@example(b"Content-Type: \xa0message/rfc822\r\n\r\n")
@example(b"X-A: a\x0bb\x0cc\x1cd\r\n\r\n")
@settings(max_examples=600, suppress_health_check=[HealthCheck.too_slow])
def test_same_message_as_http_client(block: bytes) -> None:
    ours, standard = _both(block)
    assert ours == standard


def test_reads_exactly_the_header_block() -> None:
    stream = io.BytesIO(b"A: 1\r\nB: 2\r\n\r\nbody bytes")
    parse_headers(stream)
    assert stream.read() == b"body bytes"


def test_keeps_http_clients_limits_as_typed_errors() -> None:
    with pytest.raises(HeaderLineTooLong, match="header line too long") as long_line:
        parse_headers(io.BytesIO(b"X-Long: " + b"a" * MAX_LINE + b"\r\n\r\n"))
    assert long_line.value.limit == MAX_LINE
    assert long_line.value.kind is ErrorKind.PROTOCOL
    # Exactly at the limit is still a header line.
    assert parse_headers(io.BytesIO(b"X-Long: " + b"a" * (MAX_LINE - 10) + b"\r\n\r\n"))
    many = b"".join(b"X-%d: v\r\n" % i for i in range(MAX_HEADERS + 1)) + b"\r\n"
    with pytest.raises(TooManyHeaders, match="too many response headers"):
        parse_headers(io.BytesIO(many))
    # Typed, and neither an http.client nor a urllib3 error: they pass through both.
    assert issubclass(HeaderLimitExceeded, CitecheckError)
    assert not issubclass(HeaderLimitExceeded, http.client.HTTPException)


def test_a_line_of_blanks_cannot_stall_the_parser() -> None:
    """A pattern with two ways to split the blanks after a colon backtracks through
    every split of every line before a bad one: two lines of 3,000 blanks then took
    268 s, the GIL held throughout. The bound here is for liveness only: the parse
    takes milliseconds."""
    blocks = [
        b"X-A: " + b" " * 60_000 + b"\r\r\n\r\n",
        b"X-A: " + b" " * 30_000 + b"\r\nX-B: " + b" " * 30_000 + b"\r\r\n\r\n",
        b"X-A: a" + b" \t" * 30_000 + b"\rb\r\n\r\n",
    ]
    parsed = finishes(lambda: [_facts(parse_headers(io.BytesIO(b))) for b in blocks])
    assert parsed == [_facts(http.client.parse_headers(io.BytesIO(b))) for b in blocks]


RESPONSES = [
    b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Type: text/html\r\n\r\nhello",
    b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n",
    b"HTTP/1.0 200 OK\r\nX-A: folded\r\n value\r\n\r\nhello",
    b"HTTP/1.1 100 Continue\r\nX-Skip: 1\r\n\r\n"
    b"HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\nno",
    b"HTTP/1.1 206 Partial\r\nContent-Type: multipart/byteranges; boundary=B\r\n"
    b"Content-Length: 2\r\n\r\nok",
]


def _read(response_class: type[http.client.HTTPResponse], raw: bytes) -> tuple[object, ...]:
    ours, theirs = socket.socketpair()
    with ours, theirs:
        theirs.sendall(raw)
        theirs.shutdown(socket.SHUT_WR)
        response = response_class(ours, method="GET")
        response.begin()
        body = response.read()
        return (response.status, response.reason, response.version, response.chunked,
                response.will_close, response.length, sorted(response.getheaders()), body)


@pytest.mark.parametrize("raw", RESPONSES)
def test_response_class_reads_like_http_clients(raw: bytes) -> None:
    assert _read(EngineHTTPResponse, raw) == _read(http.client.HTTPResponse, raw)


def test_the_engine_reads_headers_with_it() -> None:
    """End to end: a loopback server's folded and repeated headers reach the result."""
    listener = socket.socket()
    listener.bind((ADDRESS, 0))
    listener.listen()
    port = listener.getsockname()[1]
    body = b"<html><head><title>Folded</title></head></html>"
    response = (
        b"HTTP/1.1 200 OK\r\nContent-Type: text/html;\r\n charset=utf-8\r\n"
        b"Set-Cookie: a=1\r\nSet-Cookie: b=2\r\nContent-Length: %d\r\n"
        b"Connection: close\r\n\r\n" % len(body)
    ) + body

    def serve() -> None:
        conn, _ = listener.accept()
        with conn:
            conn.recv(65536)
            conn.sendall(response)

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    client = HttpClient(CheckOptions(resolve=(ResolvePin("folded.test", None, ADDRESS),),
                                     timeout=5, retries=0))
    try:
        fetched = client.fetch(f"http://folded.test:{port}/")
    finally:
        client.close()
        listener.close()
        thread.join(5)
    assert fetched.status == 200
    assert fetched.content_type == "text/html"
    assert fetched.declared_charset == "utf-8"  # from the folded line
    assert fetched.body == body
