"""Options of a check run, with every default in one place (the CLI reuses them)."""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from citecheck._version import __version__
from citecheck.models import DEFAULT_FAIL_ON, ArchiveStatus, FailOn

DEFAULT_USER_AGENT = (
    f"citecheck/{__version__} (+https://github.com/citecheck/citecheck; citation verification)"
)
DEFAULT_CONCURRENCY = 64
DEFAULT_PER_HOST = 2
DEFAULT_HOST_INTERVAL = 0.2
DEFAULT_TIMEOUT = 10.0
# A whole fetch (all redirects and retries) never takes longer than this.
DEFAULT_TOTAL_TIMEOUT = 45.0
DEFAULT_RETRIES = 2
DEFAULT_MAX_REDIRECTS = 10
# Longest Retry-After we wait for; longer ones count as a failed attempt.
DEFAULT_MAX_RETRY_AFTER = 30.0
DEFAULT_BACKOFF = 0.5
# Largest body read for an HTML page; PDFs may read up to DEFAULT_MAX_PDF_BYTES.
DEFAULT_MAX_BYTES = 1_048_576
DEFAULT_MAX_PDF_BYTES = 8 * 1_048_576
DEFAULT_ARCHIVE_URL = "https://web.archive.org"
DEFAULT_ARCHIVE_CONCURRENCY = 4
DEFAULT_ARCHIVE_INTERVAL = 0.5
# The Internet Archive limits its CDX index to 30 requests a minute per client (2026;
# it was 60) and blocks a client that goes on after 429s for an hour; 24 a minute
# leaves a margin, as the `wayback` library's default does. Its pages (captures) are
# limited apart, by DEFAULT_ARCHIVE_INTERVAL.
DEFAULT_ARCHIVE_INDEX_INTERVAL = 2.5


def usable_cores() -> int:
    """The cores this process may run on (its CPU affinity, not the machine's count):
    the command line's default for ``--workers``."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


DEFAULT_CANARIES = (
    "https://www.wikipedia.org/",
    "https://www.example.com/",
    "https://www.google.com/",
)


@dataclass(frozen=True)
class ResolvePin:
    """`--resolve HOST[:PORT]:ADDR`: connect to ADDR whenever HOST (on PORT or any) is used."""

    host: str
    port: int | None
    address: str

    def applies(self, host: str, port: int) -> bool:
        return self.host == host.lower().rstrip(".") and (self.port is None or self.port == port)

    def __str__(self) -> str:
        """As written for curl: ``HOST[:PORT]:ADDR``, an IPv6 address in brackets."""
        address = f"[{self.address}]" if ":" in self.address else self.address
        port = f"{self.port}:" if self.port is not None else ""
        return f"{self.host}:{port}{address}"


@dataclass(frozen=True)
class CheckOptions:
    concurrency: int = DEFAULT_CONCURRENCY
    per_host: int = DEFAULT_PER_HOST
    host_interval: float = DEFAULT_HOST_INTERVAL
    timeout: float = DEFAULT_TIMEOUT
    total_timeout: float = DEFAULT_TOTAL_TIMEOUT
    retries: int = DEFAULT_RETRIES
    backoff: float = DEFAULT_BACKOFF
    max_retry_after: float = DEFAULT_MAX_RETRY_AFTER
    max_redirects: int = DEFAULT_MAX_REDIRECTS
    max_bytes: int = DEFAULT_MAX_BYTES
    max_pdf_bytes: int = DEFAULT_MAX_PDF_BYTES
    user_agent: str = DEFAULT_USER_AGENT
    ca_cert: str | None = None
    insecure: bool = False
    resolve: tuple[ResolvePin, ...] = ()
    allow_private: bool = False
    canaries: tuple[str, ...] = DEFAULT_CANARIES
    # Archive layer.
    archive: bool = True
    archive_url: str = DEFAULT_ARCHIVE_URL
    archive_concurrency: int = DEFAULT_ARCHIVE_CONCURRENCY
    archive_interval: float = DEFAULT_ARCHIVE_INTERVAL
    archive_index_interval: float = DEFAULT_ARCHIVE_INDEX_INTERVAL
    save_missing: bool = False
    max_saves: int = 10
    # Soft-404 probing of a random sibling URL, once per host.
    probe_soft_404: bool = True
    # Look for the new address of dead pages (citecheck.moved): link.moved_to.
    find_moved: bool = True
    # Worker processes for a local run, references split between them by registered
    # domain (citecheck.distributed.local). 1: this process alone. The library keeps 1
    # unless asked; the command line defaults to usable_cores().
    workers: int = 1
    # Gating.
    fail_on: FailOn = DEFAULT_FAIL_ON
    fail_on_archive: frozenset[ArchiveStatus] = field(default_factory=frozenset)
