"""What the archive layer needs from the rest of citecheck, and what it hands back.

The HTTP engine, the page analyser and the title comparer are passed in (typed here as
protocols), so this package depends on their shape, not on their modules.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from citecheck.errors import CitecheckError
from citecheck.models import Reference, TitleMatch
from citecheck.net.types import FetchResult


class ArchiveHttp(Protocol):
    """The part of ``citecheck.net.client.HttpClient`` the archive layer uses."""

    def fetch(
        self,
        url: str,
        *,
        follow_redirects: bool = True,
        max_bytes: int | None = None,
        enough: Callable[[bytes, str | None], bool] | None = None,
        headers: Mapping[str, str] | None = None,
        retries: int | None = None,
    ) -> FetchResult: ...

    def trust_host(self, host: str) -> None: ...

    def configure_host(self, host: str, *, concurrency: int, interval: float) -> None: ...

    def configure_endpoint(
        self, host: str, path_prefix: str, *, concurrency: int, interval: float
    ) -> None: ...


class PageFacts(Protocol):
    """The fields of ``citecheck.page.PageAnalysis`` the archive layer reads."""

    @property
    def title(self) -> str | None: ...

    @property
    def error_signal(self) -> object: ...

    @property
    def parked_signal(self) -> object: ...

    @property
    def usurped_signal(self) -> object: ...


class PageAnalyser(Protocol):
    """``citecheck.page.analyse_page``."""

    def __call__(
        self, body: bytes, *, content_type: str | None, declared_charset: str | None, url: str
    ) -> PageFacts: ...


class TextReader(Protocol):
    """All the text a reader sees of a body (citecheck.page.readable_text)."""

    def __call__(
        self, body: bytes, *, content_type: str | None, declared_charset: str | None
    ) -> str | None: ...


class HasMatch(Protocol):
    @property
    def match(self) -> TitleMatch: ...


# ``citecheck.match.compare_titles(reference, analysis)``: it receives what the page
# analyser returned (hence Any), and returns a comparison with ``.match`` or a bare
# TitleMatch.
TitleComparer = Callable[[Reference, Any], "TitleMatch | HasMatch"]


@dataclass(frozen=True)
class Capture:
    """One capture listed by an archive index (CDX line or TimeMap entry)."""

    timestamp: str  # 14 digits
    original: str
    status: int | None = None  # archived HTTP status, when the index records it
    mimetype: str | None = None
    digest: str | None = None
    replay_url: str | None = None  # where to read it (TimeMaps give it; CDX does not)


class ArchiveError(CitecheckError):
    """Base of the archive layer's errors."""


class ArchiveUnavailable(ArchiveError):
    """The archive could not answer (network failure, 5xx/429 after retries, garbage).

    Distinct from "the archive has no copy", which is an empty answer, not an error.
    """

    def __init__(self, message: str, *, status: int | None = None):
        super().__init__(message)
        self.status = status
