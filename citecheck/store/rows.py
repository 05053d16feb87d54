"""One stored check, and the conversions between it and a Result.

A row keeps every piece of evidence a Result carries (except the cited fields, which
come from the reference itself), so a cached or resumed result can be rebuilt
exactly, without asking the network again.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any, Protocol

from citecheck.models import (
    ArchiveResult,
    ArchiveStatus,
    ErrorKind,
    LinkResult,
    LinkStatus,
    MovedTo,
    QuoteResult,
    QuoteStatus,
    Reference,
    Result,
    TextDrift,
    TitleMatch,
    TitleResult,
    Verdict,
)


class SqlRow(Protocol):
    """A fetched row read by column name: ``sqlite3.Row``, or psycopg's ``dict_row``."""

    def __getitem__(self, key: str, /) -> Any: ...


def reference_key(reference: Reference) -> str:
    """A digest of every field a check's outcome depends on.

    Two references with the same key get the same result, so a stored check can stand
    in for either; editing the cited title or archive makes it a new reference.
    """
    fields = [
        reference.url,
        reference.title,
        reference.trans_title,
        reference.language,
        reference.website,
        reference.publisher,
        reference.work,
        reference.date,
        reference.access_date,
        reference.archive_url,
        reference.archive_date,
        reference.url_status,
        list(reference.problems),
        reference.skip_reason,
    ]
    # Appended only when set, so that adding the field kept every quote-less
    # reference's key (and with it its history) as it was.
    if reference.quote:
        fields.append(["quote", reference.quote])
    text = json.dumps(fields, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


@dataclass(frozen=True)
class CheckRow:
    id: int
    run_id: int
    ref_key: str
    url: str
    cited_title: str | None
    checked_at: str
    verdict: Verdict
    final_verdict: Verdict
    reasons: tuple[str, ...]
    link_status: LinkStatus
    http_status: int | None
    final_url: str | None
    redirects: tuple[str, ...]
    error_kind: ErrorKind | None
    error: str | None
    attempts: int
    elapsed_ms: int | None
    title_found: str | None
    title_source: str | None
    title_match: TitleMatch
    title_score: float | None
    archive_status: ArchiveStatus
    archive_url: str | None
    archive_timestamp: str | None
    archive_title: str | None
    archive_title_match: TitleMatch | None
    archive_reason: str | None
    reused_from: int | None
    # What the fixed columns have no place for: see ``evidence_json``.
    evidence: dict[str, Any] | None = None

    @property
    def is_reused(self) -> bool:
        return self.reused_from is not None

    @classmethod
    def from_sql(cls, row: SqlRow) -> CheckRow:
        return cls(
            id=row["id"],
            run_id=row["run_id"],
            ref_key=row["ref_key"],
            url=row["url"],
            cited_title=row["cited_title"],
            checked_at=row["checked_at"],
            verdict=Verdict(row["verdict"]),
            final_verdict=Verdict(row["final_verdict"] or row["verdict"]),
            reasons=tuple(json.loads(row["reasons"])),
            link_status=LinkStatus(row["link_status"]),
            http_status=row["http_status"],
            final_url=row["final_url"],
            redirects=tuple(json.loads(row["redirects"])),
            error_kind=_opt(ErrorKind, row["error_kind"]),
            error=row["error"],
            attempts=row["attempts"],
            elapsed_ms=row["elapsed_ms"],
            title_found=row["title_found"],
            title_source=row["title_source"],
            title_match=TitleMatch(row["title_match"]),
            title_score=row["title_score"],
            archive_status=ArchiveStatus(row["archive_status"]),
            archive_url=row["archive_url"],
            archive_timestamp=row["archive_timestamp"],
            archive_title=row["archive_title"],
            archive_title_match=_opt(TitleMatch, row["archive_title_match"]),
            archive_reason=row["archive_reason"],
            reused_from=row["reused_from"],
            evidence=json.loads(row["evidence"]) if row["evidence"] else None,
        )

    def to_result(self, reference: Reference, note: str | None = None) -> Result:
        """Rebuild the Result this row recorded, for ``reference`` (same key)."""
        reasons = self.reasons + ((note,) if note else ())
        extra = self.evidence or {}
        return Result(
            reference=reference,
            verdict=self.verdict,
            reasons=reasons,
            link=LinkResult(
                status=self.link_status,
                http_status=self.http_status,
                final_url=self.final_url,
                redirects=self.redirects,
                error=self.error,
                error_kind=self.error_kind,
                attempts=self.attempts,
                elapsed_ms=self.elapsed_ms,
                moved_to=_moved_to(extra.get("moved_to")),
            ),
            title=TitleResult(
                cited=reference.title,
                found=self.title_found,
                source=self.title_source,
                match=self.title_match,
                score=self.title_score,
                comparable=bool(extra.get("title_comparable", False)),
                reason=extra.get("title_reason"),
            ),
            archive=ArchiveResult(
                status=self.archive_status,
                url=self.archive_url,
                timestamp=self.archive_timestamp,
                title=self.archive_title,
                title_match=self.archive_title_match,
                reason=self.archive_reason,
                replacement=_capture(extra.get("replacement")),
            ),
            drift=_drift(extra.get("drift")),
            quote=_quote(extra.get("quote")),
        )

    def to_dict(self) -> dict[str, Any]:
        """Plain values for export (enums as their strings)."""
        out: dict[str, Any] = {}
        for name in self.__dataclass_fields__:
            value = getattr(self, name)
            if isinstance(value, tuple):
                value = list(value)
            elif hasattr(value, "value"):
                value = value.value
            out[name] = value
        return out


def _opt(kind: Any, value: str | None) -> Any:
    return None if value is None else kind(value)


def evidence_json(result: Result) -> str | None:
    """The evidence beyond the fixed columns, as a JSON object (None when there is none).

    One JSON column rather than a column each: these are optional findings that only
    some results carry, and new ones can join without another migration.
    """
    evidence: dict[str, Any] = {}
    moved = result.link.moved_to
    if moved is not None:
        evidence["moved_to"] = {"url": moved.url, "evidence": moved.evidence,
                                "score": moved.score}
    if result.title.comparable:
        evidence["title_comparable"] = True
    if result.title.reason:
        evidence["title_reason"] = result.title.reason
    replacement = result.archive.replacement
    if replacement is not None:
        evidence["replacement"] = {
            "status": replacement.status.value,
            "url": replacement.url,
            "timestamp": replacement.timestamp,
            "title": replacement.title,
            "title_match": _value(replacement.title_match),
            "reason": replacement.reason,
        }
    if result.drift is not None:
        evidence["drift"] = {"similarity": result.drift.similarity,
                             "since": result.drift.since}
    if result.quote is not None:
        evidence["quote"] = {"status": result.quote.status.value,
                             "capture": result.quote.capture,
                             "reason": result.quote.reason}
    return json.dumps(evidence, ensure_ascii=False) if evidence else None


def _value(member: TitleMatch | None) -> str | None:
    return None if member is None else member.value


def _moved_to(data: dict[str, Any] | None) -> MovedTo | None:
    if not data:
        return None
    return MovedTo(url=data["url"], evidence=data["evidence"], score=data["score"])


def _capture(data: dict[str, Any] | None) -> ArchiveResult | None:
    if not data:
        return None
    return ArchiveResult(
        status=ArchiveStatus(data["status"]),
        url=data["url"],
        timestamp=data["timestamp"],
        title=data["title"],
        title_match=_opt(TitleMatch, data["title_match"]),
        reason=data["reason"],
    )


def _drift(data: dict[str, Any] | None) -> TextDrift | None:
    return None if not data else TextDrift(similarity=data["similarity"], since=data["since"])


def _quote(data: dict[str, Any] | None) -> QuoteResult | None:
    if not data:
        return None
    return QuoteResult(status=QuoteStatus(data["status"]), capture=data["capture"],
                       reason=data["reason"])


def result_values(result: Result) -> dict[str, Any]:
    """The columns a Result fills (the run, time and reuse columns are added by the store)."""
    link, title, archive = result.link, result.title, result.archive
    return {
        "ref_key": reference_key(result.reference),
        "url": result.reference.url or "",
        "cited_title": result.reference.title,
        "verdict": result.verdict.value,
        "reasons": json.dumps(list(result.reasons), ensure_ascii=False),
        "link_status": link.status.value,
        "http_status": link.http_status,
        "final_url": link.final_url,
        "redirects": json.dumps(list(link.redirects), ensure_ascii=False),
        "error_kind": None if link.error_kind is None else link.error_kind.value,
        "error": link.error,
        "attempts": link.attempts,
        "elapsed_ms": link.elapsed_ms,
        "title_found": title.found,
        "title_source": title.source,
        "title_match": title.match.value,
        "title_score": title.score,
        "archive_status": archive.status.value,
        "archive_url": archive.url,
        "archive_timestamp": archive.timestamp,
        "archive_title": archive.title,
        "archive_title_match": (
            None if archive.title_match is None else archive.title_match.value
        ),
        "archive_reason": archive.reason,
        "evidence": evidence_json(result),
    }
