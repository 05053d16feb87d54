"""Where the archive keeps its CDX index: the Internet Archive's layout or pywb's,
found with one request per run and shared by every lookup (and by citecheck.moved)."""

from __future__ import annotations

import threading

from citecheck.archive.cdx import CdxClient, CdxDialect, CdxEndpoint
from citecheck.archive.interface import ArchiveUnavailable
from citecheck.archive.links import is_internet_archive
from citecheck.archive.memo import RequestTally
from citecheck.archive.outage import OutageWatch


class IndexLocator:
    """The CDX client of the archive at ``base``; ``dialect`` given, or asked once."""

    def __init__(self, http: OutageWatch, base: str, host: str,
                 dialect: CdxDialect | None = None) -> None:
        self._http = http
        self._base = base
        self._host = host
        self._dialect = dialect
        self._lock = threading.Lock()

    def client(self, tally: RequestTally) -> CdxClient:
        with self._lock:
            if self._dialect is None and self._http.down:
                # Lookups that queued here behind the probes that found the outage.
                raise ArchiveUnavailable("the archive did not answer")
            if self._dialect is None:
                # Counted against the reference that happened to need it first.
                tally.count()
                self._dialect = self._probe_dialect()
            endpoint = CdxEndpoint.for_base(self._base, self._dialect)
        return CdxClient(self._http, endpoint)

    def _probe_dialect(self) -> CdxDialect:
        """Internet Archive layout unless the service says it has no such path (pywb).

        One request per run, for services other than the Internet Archive. A failed
        probe decides nothing: the next reference probes again.
        """
        if is_internet_archive(self._host):
            return CdxDialect.INTERNET_ARCHIVE
        probe = self._http.fetch(f"{self._base}/cdx/search/cdx?url=example.com&limit=1",
                                 max_bytes=4096)
        if probe.status == 200:
            return CdxDialect.INTERNET_ARCHIVE
        if probe.status == 404:
            return CdxDialect.PYWB
        if probe.status is None:
            raise ArchiveUnavailable(f"archive index unreachable: {probe.error}")
        raise ArchiveUnavailable(f"archive index answered HTTP {probe.status}",
                                 status=probe.status)
