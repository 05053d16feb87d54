"""The Wayback CDX API through waybackpy, with every request made by citecheck's engine.

waybackpy builds the query and parses the answer; it must not make the request itself:
its own requests have no timeout, retry only over https, ignore the HTTP status (a 429
page surfaces as a confusing parse error) and bypass citecheck's politeness, address
guard and byte caps. So :class:`_EngineCdxQuery` overrides the one method that talks to
the network (``cdx_api_manager``) and hands the URL that waybackpy built to our
:class:`ArchiveHttp`. Nothing global is patched.

pywb speaks a different CDX dialect at ``/{collection}/cdx`` (CDXJ by default, different
field names, fuzzy matches unless told otherwise); ``add_payload`` asks it for the
Internet Archive's text layout so waybackpy's parser reads both.
"""

from __future__ import annotations

from collections.abc import Callable, Generator, Iterator
from dataclasses import dataclass
from enum import StrEnum

from waybackpy import WaybackMachineCDXServerAPI
from waybackpy.cdx_utils import full_url
from waybackpy.exceptions import WaybackError

from citecheck.archive.interface import ArchiveHttp, ArchiveUnavailable, Capture

# An index answer for one URL is small; a huge one is cut (we only want a few lines).
CDX_MAX_BYTES = 512 * 1024
# How many captures one query returns around the target date.
DEFAULT_LIMIT = 12


class CdxDialect(StrEnum):
    INTERNET_ARCHIVE = "internet-archive"  # /cdx/search/cdx
    PYWB = "pywb"  # /{collection}/cdx


@dataclass(frozen=True)
class CdxEndpoint:
    url: str
    dialect: CdxDialect

    @classmethod
    def for_base(cls, base_url: str, dialect: CdxDialect, collection: str = "web") -> CdxEndpoint:
        base = base_url.rstrip("/")
        if dialect is CdxDialect.PYWB:
            return cls(f"{base}/{collection}/cdx", dialect)
        return cls(f"{base}/cdx/search/cdx", dialect)


# pywb names the fields differently; in this order they line up with the IA's text
# layout that waybackpy parses (urlkey timestamp original mimetype statuscode digest length).
_PYWB_FIELDS = "urlkey,timestamp,url,mime,status,digest,length"


class _EngineCdxQuery(WaybackMachineCDXServerAPI):
    """waybackpy's CDX query whose single request goes through citecheck's engine."""

    def __init__(
        self,
        url: str,
        *,
        endpoint: CdxEndpoint,
        http: ArchiveHttp,
        closest: str | None,
        limit: int,
        start_timestamp: str | None = None,
        end_timestamp: str | None = None,
        on_request: Callable[[], None] = lambda: None,
        status_filter: str = "statuscode:200",
        match_type: str | None = None,
    ):
        super().__init__(
            url,
            filters=[status_filter],
            closest=closest,
            sort="closest" if closest else None,
            match_type=match_type,
            limit=str(limit),
            start_timestamp=start_timestamp,
            end_timestamp=end_timestamp,
        )
        self.endpoint = endpoint.url
        self._dialect = endpoint.dialect
        self._http = http
        self._on_request = on_request
        self._status_filter = status_filter

    def add_payload(self, payload: dict[str, str]) -> None:
        super().add_payload(payload)
        if self._dialect is CdxDialect.PYWB:
            payload["output"] = "text"
            payload["fl"] = _PYWB_FIELDS
            # Without this pywb silently answers with captures of *other* URLs.
            payload["allowFuzzy"] = "0"
            # pywb takes a filter for a regular expression only after a ``~`` (else it
            # is a substring to look for: "statuscode:3.." would match nothing).
            for name in [n for n in payload if n.startswith("filter")]:
                del payload[name]
            payload["filter"] = "~" + self._status_filter

    def cdx_api_manager(
        self, payload: dict[str, str], headers: dict[str, str]
    ) -> Generator[str, None, None]:
        # One page only: we ask for a handful of lines around a date, never for the
        # resumable full listing waybackpy would page through. waybackpy's ``headers``
        # (its User-Agent) are left out: the engine identifies citecheck itself.
        payload["limit"] = str(self.limit)
        url = full_url(self.endpoint, params=payload)
        self.last_api_request_url = url
        self._on_request()  # counted before it is made: a failed request costs too
        result = self._http.fetch(url, max_bytes=CDX_MAX_BYTES)
        if result.status is None:
            raise ArchiveUnavailable(f"archive index unreachable: {result.error}")
        if result.status != 200:
            raise ArchiveUnavailable(
                f"archive index answered HTTP {result.status}", status=result.status
            )
        text = result.body.decode("utf-8", errors="replace")
        if result.truncated:
            # Drop the partial last line rather than let the parser choke on it.
            text = text.rsplit("\n", 1)[0]
        yield text.strip()


class CdxClient:
    """Lists captures of one URL around a date: the nearest before it, or after it."""

    def __init__(self, http: ArchiveHttp, endpoint: CdxEndpoint):
        self._http = http
        self._endpoint = endpoint

    @property
    def endpoint(self) -> CdxEndpoint:
        return self._endpoint

    def around(
        self,
        url: str,
        target: str,
        *,
        before: bool | None,
        limit: int = DEFAULT_LIMIT,
        on_request: Callable[[], None] = lambda: None,
    ) -> list[Capture]:
        """Up to ``limit`` captures archived as HTTP 200, nearest ``target`` first.

        ``before``: only captures up to ``target`` (True), only from it on (False), or
        both sides (None). ``on_request`` is called for every request sent.
        """
        query = _EngineCdxQuery(
            url,
            endpoint=self._endpoint,
            http=self._http,
            closest=target,
            limit=limit,
            end_timestamp=target if before is True else None,
            start_timestamp=target if before is False else None,
            on_request=on_request,
        )
        return _read(query)

    def redirects(
        self,
        url: str,
        *,
        newest: str,
        limit: int = DEFAULT_LIMIT,
        on_request: Callable[[], None] = lambda: None,
    ) -> list[Capture]:
        """Up to ``limit`` captures of ``url`` archived as a redirect (3xx), nearest
        ``newest`` (a timestamp, e.g. now) first: the newest first."""
        query = _EngineCdxQuery(
            url, endpoint=self._endpoint, http=self._http, closest=newest, limit=limit,
            on_request=on_request, status_filter=_REDIRECT_FILTER,
        )
        return [c for c in _read(query) if _is_redirect(c)]

    def redirects_under(
        self,
        prefix: str,
        *,
        start: str,
        end: str,
        limit: int = DEFAULT_LIMIT,
        on_request: Callable[[], None] = lambda: None,
    ) -> list[Capture]:
        """Up to ``limit`` redirect (3xx) captures of URLs starting with ``prefix``,
        made between the timestamps ``start`` and ``end``."""
        query = _EngineCdxQuery(
            prefix, endpoint=self._endpoint, http=self._http, closest=None, limit=limit,
            start_timestamp=start, end_timestamp=end, on_request=on_request,
            status_filter=_REDIRECT_FILTER, match_type="prefix",
        )
        return [c for c in _read(query) if _is_redirect(c)]


_REDIRECT_FILTER = "statuscode:3.."


def _is_redirect(capture: Capture) -> bool:
    # Checked here too: an index may ignore the filter.
    return capture.status is not None and 300 <= capture.status < 400


def _read(query: _EngineCdxQuery) -> list[Capture]:
    try:
        return list(_captures(query))
    except (WaybackError, ValueError) as exc:  # an answer waybackpy cannot parse
        raise ArchiveUnavailable(f"archive index gave an unreadable answer: {exc}") from exc


def _captures(query: _EngineCdxQuery) -> Iterator[Capture]:
    for snap in query.snapshots():
        status = snap.statuscode
        yield Capture(
            timestamp=snap.timestamp,
            original=snap.original,
            status=int(status) if status.isdigit() else None,
            mimetype=None if snap.mimetype in ("-", "") else snap.mimetype,
            digest=None if snap.digest in ("-", "") else snap.digest,
        )
