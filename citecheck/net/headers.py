"""A response's header block parsed by two compiled patterns instead of the email parser.

http.client hands every response's headers to ``email.parser``, a general MIME
parser written in Python: on the simulated web it was a tenth of the engine
threads' time with the GIL held, and real servers send three to four times as
many headers. Well-formed header blocks (nearly all of them) are parsed here into
the same ``HTTPMessage``, with the same names, values and order; anything the
email parser treats specially (folded lines, a line that is not ``name: value``, a
bare CR, an unfinished block, a multipart or message content type) goes to it,
so the result is always what http.client would have made.
"""

from __future__ import annotations

import email.parser
import http.client
import re
import types
from collections.abc import Callable
from typing import IO, Any

from citecheck.net.errors import HeaderLineTooLong, TooManyHeaders

# http.client's limits (its private _MAXLINE and _MAXHEADERS). Breaking one raises a
# HeaderLimitExceeded (a FetchError: urllib3 and requests let it through as it is).
MAX_LINE = 65_536
MAX_HEADERS = 100

_BLOCK_END = (b"\r\n", b"\n", b"")
# A header line as the email parser reads it (email.feedparser.headerRE without the
# "From " and continuation cases): printable ASCII but ':' for the name; the value
# loses leading blanks and the line break (compat32's header_source_parse). The value
# cannot start with a blank, so the blanks after a colon split only one way: with two
# ways, a block that ends badly backtracked through every split of every line (a
# hostile server's two lines of 3,000 blanks: 268 s with the GIL held).
_FIELD = r"([\x21-\x39\x3b-\x7e]+):[ \t]*((?:[^\r\n \t][^\r\n]*)?)\r?\n"
_BLOCK = re.compile(f"(?:{_FIELD})*")
_FIELDS = re.compile(_FIELD)
# Content types whose headers make the email parser go on into a payload.
_NESTED_TYPES = ("multipart/", "message/")


def read_header_lines(fp: IO[bytes]) -> list[bytes]:
    """The lines of a header block, its blank line included (http.client's
    ``_read_headers``, with typed errors for its limits)."""
    lines = []
    while True:
        line = fp.readline(MAX_LINE + 1)
        if len(line) > MAX_LINE:
            raise HeaderLineTooLong(MAX_LINE)
        lines.append(line)
        if len(lines) > MAX_HEADERS:
            raise TooManyHeaders(MAX_HEADERS)
        if line in _BLOCK_END:
            return lines


def parse_headers(
    fp: IO[bytes], _class: type[http.client.HTTPMessage] = http.client.HTTPMessage
) -> http.client.HTTPMessage:
    """What ``http.client.parse_headers`` returns, read from ``fp`` up to the blank line.

    Where http.client raises LineTooLong or a bare HTTPException on its limits, this
    raises the typed HeaderLineTooLong and TooManyHeaders."""
    lines = read_header_lines(fp)
    text = b"".join(lines).decode("iso-8859-1")
    fields = _fields(text[: -len(lines[-1])] if lines[-1] else None)
    if fields is None:
        return email.parser.Parser(_class=_class).parsestr(text)
    message = _class()
    for name, value in fields:
        message.set_raw(name, value)
    return message


def _fields(block: str | None) -> list[tuple[str, str]] | None:
    """The (name, value) pairs of a header block without its blank line, or None
    where the email parser must decide."""
    if block is None or not _BLOCK.fullmatch(block):
        return None
    fields: list[tuple[str, str]] = _FIELDS.findall(block)
    for name, value in fields:
        # As Message.get_content_type reads it: str.strip() takes any whitespace.
        if len(name) == 12 and name.lower() == "content-type" and (
            value.partition(";")[0].strip().lower().startswith(_NESTED_TYPES)
        ):
            return None
    return fields


def _begin_with(
    parse: Callable[..., http.client.HTTPMessage], skip: Callable[[IO[bytes]], list[bytes]]
) -> Callable[..., None]:
    """``http.client.HTTPResponse.begin`` with ``parse`` in place of its parse_headers
    and ``skip`` in place of its _read_headers (which reads the headers of a
    ``100 Continue`` to skip them).

    begin() reads the status line, the headers and the framing (length, chunked,
    keep-alive) in one method and looks both names up as module globals: the
    same code, given globals where those names are ours, changes nothing else
    and patches nothing in http.client. On an interpreter whose begin() no longer
    calls them, the standard begin() is kept.
    """
    begin = http.client.HTTPResponse.begin
    if not {"parse_headers", "_read_headers"} <= set(begin.__code__.co_names):
        return begin
    namespace: dict[str, Any] = dict(vars(http.client))
    namespace["parse_headers"] = parse
    namespace["_read_headers"] = skip
    return types.FunctionType(
        begin.__code__, namespace, begin.__name__, begin.__defaults__, begin.__closure__
    )


class EngineHTTPResponse(http.client.HTTPResponse):
    """The response class of the engine's connections (``response_class``)."""

    begin = _begin_with(parse_headers, read_header_lines)  # type: ignore[assignment]
