"""Reading a response body: no more than the caller's stop rule needs, never past a cap.

The body is streamed in chunks with bounded decompression, so neither a huge
page nor a compression bomb is ever held in memory, and a slow-dripping server
cannot keep a read going past the fetch's deadline.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass

import urllib3

from citecheck.net.classify import TRANSPORT_ERRORS
from citecheck.net.errors import DeadlineExceeded

# Given the bytes read so far and the media type, whether they are enough.
StopRule = Callable[[bytes, str | None], bool]

CHUNK = 16_384
# After the evidence is in, read on this far to let a small page finish, so its
# connection goes back to the pool instead of being closed.
DRAIN_LIMIT = 65_536


class StopRuleError(Exception):
    """The caller's stop rule raised: a bug in the code that called the engine.

    Deliberately outside the engine's error types (and outside CitecheckError): the
    engine lets it through instead of reporting the URL as unreachable, and
    `HttpClient.fetch` re-raises the stop rule's own exception.
    """


@dataclass(frozen=True)
class Body:
    data: bytes
    truncated: bool  # reading stopped before the end of the body


class BodyDeadline(DeadlineExceeded):
    """Out of time while reading the body; ``partial`` is what had arrived."""

    def __init__(self, message: str, partial: bytes):
        super().__init__(message)
        self.partial = partial


def media_type(headers: Mapping[str, str]) -> str:
    return (headers.get("content-type") or "").split(";", 1)[0].strip()


def default_cap(headers: Mapping[str, str], max_bytes: int, max_pdf_bytes: int) -> int:
    """PDFs keep their metadata at the end: they may be read further than pages."""
    return max_pdf_bytes if media_type(headers).lower() == "application/pdf" else max_bytes


def read_body(
    raw: urllib3.BaseHTTPResponse,
    content_type: str | None,
    limit: int,
    enough: StopRule | None,
    deadline: float,
    total_timeout: float,
) -> Body:
    """Read until ``enough`` says so, the end, or ``limit`` bytes; then drain a small rest.

    Raises BodyDeadline (with the part that arrived: a title in it may still
    settle the check) when the deadline passes first, and StopRuleError when
    ``enough`` raises.
    """
    buffer = bytearray()
    finished = False
    while len(buffer) < limit:
        # read1 returns what has arrived (bounded decompression), so a
        # slow-dripping body cannot hold us past the deadline.
        chunk = b"" if time.monotonic() >= deadline else raw.read1(
            min(CHUNK, limit - len(buffer)), decode_content=True
        )
        if not chunk and time.monotonic() >= deadline:
            # Out of time, or the watchdog cut the connection at the deadline (which
            # reads as an end of body): what arrived is a part, not the page.
            raise BodyDeadline(
                f"the page did not finish loading within {total_timeout:g}s", bytes(buffer)
            )
        if not chunk:
            finished = True
            break
        buffer += chunk
        if enough is not None and _ask(enough, bytes(buffer), content_type):
            break
    if not finished:
        finished = drain(raw, deadline)
    return Body(bytes(buffer[:limit]), truncated=not finished)


def _ask(enough: StopRule, data: bytes, content_type: str | None) -> bool:
    # The stop rule is page code, not transport: a ValueError or OSError it raises
    # is a bug to surface (exit 4), not a network failure to report as unreachable.
    try:
        return enough(data, content_type)
    except Exception as exc:
        raise StopRuleError(f"the stop rule raised {type(exc).__name__}: {exc}") from exc


def drain(raw: urllib3.BaseHTTPResponse, deadline: float) -> bool:
    """Read the rest of a small body so the connection can be reused; True at EOF."""
    length = raw.headers.get("content-length")
    if length is None or not length.isdigit():
        return False
    remaining = int(length) - raw.tell()
    if remaining > DRAIN_LIMIT:
        return False
    drained = 0
    try:
        while drained <= DRAIN_LIMIT and time.monotonic() < deadline:
            chunk = raw.read1(CHUNK, decode_content=True)
            if not chunk:
                return True
            drained += len(chunk)
    except TRANSPORT_ERRORS:
        return False
    return False
