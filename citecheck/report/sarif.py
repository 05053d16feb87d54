"""SARIF 2.1.0 for code-scanning UIs (GitHub, GitLab, Azure DevOps).

One rule per verdict kind (and per archive status that can gate), one result per reference
that is not ``ok``: ``error`` when it fails the gate, ``warning`` for other problems,
``note`` for skipped references. Each result points at the citation's file and line, with a
relative URI under ``%SRCROOT%`` so the UI annotates the right source line.
"""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime
from pathlib import PurePosixPath, PureWindowsPath
from typing import Any
from urllib.parse import quote

from citecheck.gating.kinds import ARCHIVE_PREFIX
from citecheck.models import DEFAULT_FAIL_ON, ArchiveStatus, GateKind, Report, Result, Verdict
from citecheck.report.base import Formatter
from citecheck.report.common import archive_link, reason_text, report_failure_kind

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
INFO_URI = "https://github.com/citecheck/citecheck"
SRCROOT = "%SRCROOT%"

# Every verdict and archive status has a rule, even ones no default gate fails on: a user
# may gate on any of them, and every result must reference a rule.
_VERDICT_RULES: dict[str, tuple[str, str]] = {
    Verdict.OK.value: ("Citation ok", "The page is live and its title matches."),
    Verdict.DEAD.value: ("Dead citation", "The cited page is gone, moved or parked."),
    Verdict.MISMATCH.value: (
        "Title mismatch", "The page is live but its title does not match the cited title."),
    Verdict.INVALID.value: ("Invalid citation", "The reference itself is broken."),
    Verdict.UNREACHABLE.value: (
        "Unreachable citation", "The server could not be reached; not yet confirmed dead."),
    Verdict.BLOCKED.value: (
        "Blocked citation", "The site refused an automated client; it could not be judged."),
    Verdict.SKIPPED.value: ("Skipped citation", "Excluded by configuration or ignore rules."),
}
# Gate kinds finer than a verdict: a result fails under one of these when --fail-on names it.
_GATE_RULES: dict[str, tuple[str, str]] = {
    GateKind.DEAD_ARCHIVED.value: (
        "Dead citation with archive",
        "The cited page is gone; the citation names a working archived copy."),
    GateKind.DRIFT.value: (
        "Content drift",
        "The page's text changed since its capture, or the cited quote is only in the capture."),
    GateKind.QUOTE.value: (
        "Quote not found", "The cited quote is neither on the page nor in its archived copy."),
}
_ARCHIVE_RULES: dict[str, tuple[str, str]] = {
    ArchiveStatus.BROKEN.value: (
        "Broken archive link", "The cited archived copy errors or is not a capture of the URL."),
    ArchiveStatus.MISMATCH.value: (
        "Archive title mismatch", "The archived copy's title differs from the cited title."),
    ArchiveStatus.MISSING.value: ("No archived copy", "No usable capture of the URL exists."),
    ArchiveStatus.SUGGESTED.value: (
        "Archive link missing", "No archived copy is cited; a usable capture was found."),
    ArchiveStatus.OK.value: ("Archive ok", "The cited archived copy is a matching capture."),
    ArchiveStatus.UNCHECKED.value: ("Archive unchecked", "The archive was not consulted."),
}


def _default_level(kind: str) -> str:
    """The level a rule's results get under the default gate (results carry their own)."""
    if kind in {v.value for v in DEFAULT_FAIL_ON}:
        return "error"
    if kind in (Verdict.OK.value, Verdict.SKIPPED.value):
        return "note"
    return "warning"


def _rules() -> list[dict[str, Any]]:
    rules = []
    specs = [(kind, spec) for kind, spec in _VERDICT_RULES.items()]
    specs += list(_GATE_RULES.items())
    specs += [(ARCHIVE_PREFIX + status, spec) for status, spec in _ARCHIVE_RULES.items()]
    for kind, (name, text) in specs:
        rules.append({
            "id": kind,
            "name": "".join(word.capitalize() for word in name.split()),
            "shortDescription": {"text": name},
            "fullDescription": {"text": text},
            "defaultConfiguration": {"level": _default_level(kind)},
            "helpUri": INFO_URI,
        })
    return rules


def artifact_uri(path: str) -> tuple[str, str | None]:
    """The (uri, uriBaseId) of an input path: relative under %SRCROOT%, else a file: URI.

    URIs are percent-encoded (file names often hold spaces); backslashes become slashes.
    """
    windows = PureWindowsPath(path)
    posix = windows.as_posix() if windows.drive or "\\" in path else path
    if windows.drive:
        return "file:///" + quote(posix, safe="/:"), None
    if PurePosixPath(posix).is_absolute():
        return "file://" + quote(posix, safe="/"), None
    parts = [p for p in PurePosixPath(posix).parts if p != "."]
    return quote("/".join(parts), safe="/"), SRCROOT


def utc_timestamp(iso: str) -> str | None:
    """SARIF wants UTC date-times; a value that is not ISO 8601 is left out, not guessed."""
    try:
        moment = datetime.fromisoformat(iso.replace("Z", "+00:00"))
    except ValueError:
        return None
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def _location(result: Result) -> dict[str, Any] | None:
    loc = result.reference.location
    if not loc.file:
        return None
    uri, base = artifact_uri(loc.file)
    artifact: dict[str, Any] = {"uri": uri}
    if base:
        artifact["uriBaseId"] = base
    physical: dict[str, Any] = {"artifactLocation": artifact}
    if loc.line is not None and loc.line >= 1:
        region: dict[str, Any] = {"startLine": loc.line}
        if loc.column is not None and loc.column >= 1:
            region["startColumn"] = loc.column
        physical["region"] = region
    return {"physicalLocation": physical}


def _message(result: Result) -> str:
    parts = [f"{result.verdict.value}: {reason_text(result)}"]
    if result.url:
        parts.append(f"URL: {result.url}")
    if result.title.cited and result.title.found and result.title.cited != result.title.found:
        parts.append(f"cited title: {result.title.cited!r}; found: {result.title.found!r}")
    suggestion = archive_link(result)
    if suggestion:
        parts.append(f"archived copy: {suggestion}")
    return "\n".join(parts)


def _result(report: Report, result: Result, rule_index: dict[str, int]) -> dict[str, Any] | None:
    kind = report_failure_kind(report, result)
    if kind is not None:
        level = "error"
    elif result.verdict is Verdict.OK:
        return None
    else:
        kind = result.verdict.value
        level = "note" if result.verdict is Verdict.SKIPPED else "warning"
    out: dict[str, Any] = {
        "ruleId": kind,
        "ruleIndex": rule_index[kind],
        "level": level,
        "message": {"text": _message(result)},
        # Stable across runs and line moves, so code scanning tracks one alert per citation.
        "partialFingerprints": {
            "citecheck/v1": hashlib.sha256(
                f"{result.id}\0{result.url or ''}\0{kind}".encode()
            ).hexdigest()
        },
        "properties": {"id": result.id, "url": result.url, "verdict": result.verdict.value,
                       "linkStatus": result.link.status.value,
                       "archiveStatus": result.archive.status.value},
    }
    location = _location(result)
    if location:
        out["locations"] = [location]
    return out


class SarifFormatter(Formatter):
    name = "sarif"
    extension = "sarif"

    def render(self, report: Report) -> str:
        rules = _rules()
        rule_index = {rule["id"]: i for i, rule in enumerate(rules)}
        results = [
            r for r in (_result(report, res, rule_index) for res in report.results) if r
        ]
        invocation: dict[str, Any] = {"executionSuccessful": report.complete}
        for key, value in (("startTimeUtc", report.started_at),
                           ("endTimeUtc", report.finished_at)):
            stamp = utc_timestamp(value) if value else None
            if stamp:
                invocation[key] = stamp
        if report.notes:
            invocation["toolExecutionNotifications"] = [
                {"level": "note", "message": {"text": note}} for note in report.notes
            ]
        run = {
            "tool": {"driver": {
                "name": "citecheck",
                "version": report.tool_version or "0",
                "informationUri": INFO_URI,
                "rules": rules,
            }},
            "originalUriBaseIds": {SRCROOT: {"description": {"text": "The repository root."}}},
            "invocations": [invocation],
            "results": results,
        }
        log = {"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [run]}
        return json.dumps(log, ensure_ascii=False, indent=2) + "\n"
