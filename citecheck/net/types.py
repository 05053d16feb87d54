"""What the HTTP engine hands to the rest of the pipeline."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from citecheck.models import ErrorKind


@dataclass(frozen=True)
class FetchResult:
    """The outcome of fetching one URL, following redirects by hand.

    Either ``status`` is set (an HTTP response arrived, possibly an error status)
    or ``error_kind`` says why none did. ``body`` holds only the bytes needed for
    the evidence (decoded from any Content-Encoding), ``truncated`` says whether
    reading stopped before the end.
    """

    url: str
    final_url: str | None = None
    status: int | None = None
    headers: Mapping[str, str] = field(default_factory=dict)
    body: bytes = b""
    truncated: bool = False
    redirects: tuple[str, ...] = ()
    error_kind: ErrorKind | None = None
    error: str | None = None
    attempts: int = 0
    elapsed_ms: int = 0

    @property
    def content_type(self) -> str | None:
        """The media type without parameters, lower-cased (``text/html``)."""
        value = self.headers.get("content-type")
        if not value:
            return None
        return value.split(";", 1)[0].strip().lower() or None

    @property
    def declared_charset(self) -> str | None:
        value = self.headers.get("content-type") or ""
        for part in value.split(";")[1:]:
            name, _, val = part.partition("=")
            if name.strip().lower() == "charset" and val.strip():
                return val.strip().strip("\"'").lower()
        return None

    @property
    def got_response(self) -> bool:
        return self.status is not None
