"""Map whatever requests, urllib3, http.client or the socket layer raised to an ErrorKind."""

from __future__ import annotations

import http.client
import ssl

import requests
import urllib3.exceptions as u3

from citecheck.models import ErrorKind
from citecheck.net.errors import FetchError

# What may go wrong inside one request: sending it, or reading its answer. Anything
# else is a bug and propagates. (ValueError: a URL http.client or urllib3 cannot
# send, such as a port out of range; the caller's stop rule is kept out of it.)
TRANSPORT_ERRORS: tuple[type[BaseException], ...] = (
    requests.RequestException,
    u3.HTTPError,
    http.client.HTTPException,
    OSError,
    FetchError,
    ValueError,
)


def _chain(exc: BaseException) -> list[BaseException]:
    """The exception and everything it wraps (requests nests urllib3 errors in args/reason)."""
    seen: list[BaseException] = []
    todo: list[BaseException] = [exc]
    while todo and len(seen) < 20:
        current = todo.pop(0)
        if any(current is s for s in seen):
            continue
        seen.append(current)
        reason = getattr(current, "reason", None)
        if isinstance(reason, BaseException):
            todo.append(reason)
        todo.extend(a for a in getattr(current, "args", ()) if isinstance(a, BaseException))
        for linked in (current.__cause__, current.__context__):
            if linked is not None:
                todo.append(linked)
    return seen


def _first_message(chain: list[BaseException], kinds: tuple[type, ...]) -> str:
    for exc in chain:
        if isinstance(exc, kinds):
            text = str(exc).strip()
            # urllib3 prefixes messages with the connection object's repr.
            if text.startswith("<") and ">: " in text:
                text = text.split(">: ", 1)[1]
            return text or type(exc).__name__
    return str(chain[0])


def classify(exc: BaseException) -> tuple[ErrorKind, str]:
    chain = _chain(exc)

    def has(*types: type) -> bool:
        return any(isinstance(e, types) for e in chain)

    for item in chain:
        if isinstance(item, FetchError):
            return item.kind, str(item)
    if has(ssl.SSLError, u3.SSLError, requests.exceptions.SSLError, ssl.CertificateError):
        detail = _first_message(chain, (ssl.SSLError, ssl.CertificateError))
        return ErrorKind.TLS, f"TLS error: {detail}"
    if has(ConnectionRefusedError):
        return ErrorKind.CONNECT_REFUSED, "connection refused"
    # urllib3's NewConnectionError subclasses ConnectTimeoutError: exclude it.
    if any(
        isinstance(e, u3.ConnectTimeoutError) and not isinstance(e, u3.NewConnectionError)
        for e in chain
    ) or has(requests.exceptions.ConnectTimeout):
        return ErrorKind.CONNECT_TIMEOUT, "connection timed out"
    if has(u3.ReadTimeoutError, requests.exceptions.ReadTimeout, TimeoutError):
        return ErrorKind.READ_TIMEOUT, "timed out waiting for the server"
    if has(u3.DecodeError, requests.exceptions.ContentDecodingError):
        return ErrorKind.PROTOCOL, "the body could not be decoded (broken compression)"
    if has(ConnectionResetError, BrokenPipeError, ConnectionAbortedError):
        return ErrorKind.RESET, "connection reset by the server"
    if has(http.client.RemoteDisconnected):
        return ErrorKind.RESET, "the server closed the connection without a response"
    if has(http.client.IncompleteRead, u3.IncompleteRead):
        return ErrorKind.PROTOCOL, "the body was cut short"
    if has(u3.InvalidChunkLength, requests.exceptions.ChunkedEncodingError):
        return ErrorKind.PROTOCOL, "broken chunked transfer encoding"
    if has(http.client.LineTooLong):  # the status line: header limits are typed (headers.py)
        return ErrorKind.PROTOCOL, "status line too long"
    if has(http.client.BadStatusLine):
        return ErrorKind.PROTOCOL, "not an HTTP/1.x response (HTTP/0.9 or garbage)"
    if has(http.client.HTTPException, u3.ProtocolError, u3.HeaderParsingError):
        detail = _first_message(chain, (http.client.HTTPException, u3.ProtocolError))
        return ErrorKind.PROTOCOL, f"invalid HTTP response: {detail}"[:300]
    if has(u3.LocationParseError, requests.exceptions.InvalidURL, u3.LocationValueError):
        return ErrorKind.PROTOCOL, "invalid URL"
    if has(u3.NewConnectionError, requests.exceptions.ConnectionError, OSError):
        detail = _first_message(chain, (OSError,))
        return ErrorKind.OTHER, f"connection failed: {detail}"[:300]
    return ErrorKind.OTHER, f"{type(exc).__name__}: {exc}"[:300]
