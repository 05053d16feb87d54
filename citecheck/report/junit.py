"""JUnit XML in the Ant dialect that Jenkins, GitLab, Azure and most CI systems read.

One ``<testsuite>`` per input file, one ``<testcase>`` per reference (classname = the input
file, name = id and URL), ``<failure>`` for references that fail the gate, ``<skipped>`` for
skipped ones and for those that could not be judged (unreachable, blocked: a 5xx is no
pass). Validated in tests against the windyroad/Ant JUnit XSD, which requires
``timestamp`` without a zone, ``hostname``, ``properties``, ``system-out`` and ``system-err``.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import UTC, datetime

from citecheck.models import Report, Result, Verdict
from citecheck.report.base import Formatter
from citecheck.report.common import (
    accepted_text,
    archive_link,
    archive_text,
    reason_text,
    report_failure_kind,
)

# Characters XML 1.0 cannot carry at all, not even escaped; link errors may contain them.
_NOT_XML = re.compile("[^\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_LINE_BREAKS = re.compile(r"[\r\n]+")
_EPOCH = "1970-01-01T00:00:00"
# Suite name for references that carry no file (e.g. read from a live wiki page).
NO_FILE = "<input>"


def clean(text: str | None) -> str:
    return _NOT_XML.sub("\ufffd", text or "")


def junit_timestamp(iso: str | None) -> str:
    """The XSD wants ``YYYY-MM-DDTHH:MM:SS`` with no zone: convert to UTC and drop it."""
    if not iso:
        return _EPOCH
    try:
        moment = datetime.fromisoformat(iso.replace("Z", "+00:00"))
    except ValueError:
        return _EPOCH
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC).replace(tzinfo=None)
    return moment.strftime("%Y-%m-%dT%H:%M:%S")


def _seconds(ms_values: list[int | None]) -> str:
    return f"{sum(ms or 0 for ms in ms_values) / 1000:.3f}"


def _details(result: Result) -> str:
    lines = [f"verdict: {result.verdict.value}", f"reasons: {reason_text(result)}"]
    if result.url:
        lines.append(f"url: {result.url}")
    if result.reference.location.file:
        lines.append(f"location: {result.reference.location.describe()}")
    lines.append(f"link: {result.link.status.value}"
                 + (f" (HTTP {result.link.http_status})" if result.link.http_status else ""))
    if result.link.error:
        lines.append(f"error: {result.link.error}")
    if result.title.cited or result.title.found:
        lines.append(f"cited title: {result.title.cited or ''}")
        lines.append(f"found title: {result.title.found or ''}")
    lines.append(f"archive: {archive_text(result)}")
    suggestion = archive_link(result)
    if suggestion:
        lines.append(f"archived copy: {suggestion}")
    # One "key: value" per line: line breaks inside a value (a title, an error) become spaces.
    return "\n".join(clean(_LINE_BREAKS.sub(" ", line)) for line in lines)


# Verdicts that leave a citation unjudged: reported as skipped, never as passed.
_NOT_JUDGED = frozenset({Verdict.UNREACHABLE, Verdict.BLOCKED})


def _testcase(
    parent: ET.Element, report: Report, result: Result, classname: str
) -> tuple[bool, bool]:
    """Add the testcase of ``result``; return whether it (failed, was skipped)."""
    name = result.id if not result.url else f"{result.id} {result.url}"
    seconds = _seconds([result.link.elapsed_ms])
    case = ET.SubElement(parent, "testcase", name=clean(name), classname=clean(classname),
                         time=seconds)
    kind = report_failure_kind(report, result)
    if kind is not None:
        failure = ET.SubElement(case, "failure", message=clean(reason_text(result)), type=kind)
        failure.text = _details(result)
        return True, False
    accepted = accepted_text(report, result)
    if accepted is not None:
        # A failure the gate lets pass is no pass either: CI shows it set aside.
        message = f"accepted by the gate ({accepted}): {reason_text(result)}"
        skipped = ET.SubElement(case, "skipped", message=clean(message))
        skipped.text = _details(result)
        return False, True
    if result.verdict is Verdict.SKIPPED:
        skipped = ET.SubElement(case, "skipped", message=clean(reason_text(result)))
        skipped.text = ""
        return False, True
    if result.verdict in _NOT_JUDGED:
        # A 5xx, a timeout or a bot wall says nothing about the citation: not a pass.
        message = f"not judged ({result.verdict.value}): {reason_text(result)}"
        skipped = ET.SubElement(case, "skipped", message=clean(message))
        skipped.text = ""
        return False, True
    return False, False


def _suite_files(report: Report) -> dict[str, list[Result]]:
    """Results grouped by input file, in the order of ``report.inputs`` then first appearance."""
    groups: dict[str, list[Result]] = {name: [] for name in report.inputs}
    fallback = report.inputs[0] if len(report.inputs) == 1 else NO_FILE
    for result in report.results:
        groups.setdefault(result.reference.location.file or fallback, []).append(result)
    return {name: results for name, results in groups.items() if results}


class JunitFormatter(Formatter):
    name = "junit"
    extension = "xml"

    def render(self, report: Report) -> str:
        timestamp = junit_timestamp(report.started_at)
        root = ET.Element("testsuites")
        for index, (file, results) in enumerate(_suite_files(report).items()):
            suite = ET.SubElement(root, "testsuite", name=clean(file), package="citecheck",
                                  id=str(index), timestamp=timestamp, hostname="localhost")
            ET.SubElement(suite, "properties")
            failures = skipped = 0
            for result in results:
                failed, skip = _testcase(suite, report, result, file)
                failures += failed
                skipped += skip
            suite.set("tests", str(len(results)))
            suite.set("failures", str(failures))
            suite.set("errors", "0")
            suite.set("skipped", str(skipped))
            suite.set("time", _seconds([r.link.elapsed_ms for r in results]))
            # Problems that do not fail the gate (blocked, unreachable) still get a line.
            out = ET.SubElement(suite, "system-out")
            out.text = "\n".join(
                clean(f"{r.id}: {r.verdict.value}: {reason_text(r)}")
                for r in results
                if r.verdict not in (Verdict.OK, Verdict.SKIPPED)
                and report_failure_kind(report, r) is None
            )
            ET.SubElement(suite, "system-err").text = ""
        ET.indent(root)
        return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(
            root, encoding="unicode"
        ) + "\n"
