"""archive stage: cited archive copies verified, missing ones found (or saved).

The orchestrator builds one :class:`ArchiveChecker` per run with the run's HTTP engine
and calls :meth:`ArchiveChecker.check` for each reference.
"""

from citecheck.archive.cdx import CdxDialect
from citecheck.archive.checker import ArchiveChecker
from citecheck.archive.interface import ArchiveError, ArchiveUnavailable, Capture
from citecheck.archive.links import ArchiveKind, ArchiveLink, parse_archive_url

__all__ = [
    "ArchiveChecker",
    "ArchiveError",
    "ArchiveKind",
    "ArchiveLink",
    "ArchiveUnavailable",
    "Capture",
    "CdxDialect",
    "parse_archive_url",
]
