"""The state of one wikitext read, and what templates give a reference: a citation's
link fields (a bracketed link or a URL-building template in them), the archived copy
and dead-link mark of ``{{webarchive}}``/``{{wayback}}``/``{{dead link}}``, and the
Reference each reading becomes."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import quote

from mwparserfromhell.nodes import ExternalLink, Node, Template
from mwparserfromhell.wikicode import Wikicode

from citecheck.models import Reference
from citecheck.sources.base import InputProblem
from citecheck.sources.cs1 import (
    DEAD_LINK_TEMPLATES,
    ArchiveTemplate,
    archive_template,
    url_template,
)
from citecheck.sources.dates import date_from_timestamp, to_iso
from citecheck.sources.textutil import LineIndex, unique_id
from citecheck.sources.wikicode import plain_text, template_name

_WAYBACK_TIMESTAMP = re.compile(r"/web/(\d{8,14})[a-z_]*/", re.IGNORECASE)


@dataclass
class Scan:
    """Mutable state of one read: what was found so far."""

    text: str
    file: str
    lines: LineIndex
    language: str | None  # the wiki's language code, or None: every language's templates
    references: list[Reference] = field(default_factory=list)
    problems: list[InputProblem] = field(default_factory=list)
    ids: set[str] = field(default_factory=set)
    ref_defs: dict[str, str] = field(default_factory=dict)  # name -> first content
    ref_uses: dict[str, int] = field(default_factory=dict)  # name -> offset of first use
    # Citations seen so far, with or without a URL: "ref-N" counts them all, so an id
    # does not change when a URL is added to or removed from an earlier citation.
    position: int = 0


def append_reference(
    scan: Scan, fields: dict[str, str], start: int, end: int, ref_name: str | None
) -> None:
    for fld in ("date", "access_date", "archive_date"):
        if fld in fields:
            fields[fld] = to_iso(fields[fld]) or fields[fld]
    if "url" in fields:
        fields["url"] = http_url(fields["url"]) or fields["url"]
    wanted = ref_name or f"ref-{scan.position}"
    scan.references.append(
        Reference(
            id=unique_id(wanted, scan.ids),
            url=fields.get("url"),
            title=fields.get("title"),
            trans_title=fields.get("trans_title"),
            language=fields.get("language"),
            website=fields.get("website"),
            publisher=fields.get("publisher"),
            work=fields.get("work"),
            date=fields.get("date"),
            access_date=fields.get("access_date"),
            archive_url=fields.get("archive_url"),
            archive_date=fields.get("archive_date"),
            url_status=fields.get("url_status"),
            quote=fields.get("quote"),
            location=scan.lines.location(scan.file, start, end),
        )
    )


def annotations(nodes: list[tuple[Node, int, int]]) -> dict[str, str]:
    """archive_url/archive_date/url_status given by archive templates and {{dead link}}."""
    found: dict[str, str] = {}
    for node, _, _ in nodes:
        if not isinstance(node, Template):
            continue
        archive = archive_template(str(node.name))
        if archive is not None and "archive_url" not in found:
            found.update(_archived_copy(node, archive))
        elif template_name(node) in DEAD_LINK_TEMPLATES:
            found.setdefault("url_status", "dead")
    return found


def _archived_copy(template: Template, archive: ArchiveTemplate) -> dict[str, str]:
    """The archive URL and date an archive template gives: ``{{webarchive|url=A}}``
    names the archive; ``{{wayback|url=U|date=T}}`` names the original and a capture."""
    found: dict[str, str] = {}
    if url := param_text(template, *archive.archive_url):
        found["archive_url"] = url
        date = param_text(template, *archive.archive_date)
        if date is None and (stamp := _WAYBACK_TIMESTAMP.search(url)):
            day = date_from_timestamp(stamp[1])
            date = day.isoformat() if day else None
        if date:
            found["archive_date"] = date
        return found
    original = param_text(template, *archive.original_url)
    timestamp = param_text(template, *archive.timestamp)
    if original and timestamp and (url := archive.snapshot_url(original, timestamp)):
        found["archive_url"] = url
        day = date_from_timestamp(timestamp)
        if day:
            found["archive_date"] = day.isoformat()
    return found


def param_text(template: Template, *names: str) -> str | None:
    for name in names:
        if template.has(name):
            value = plain_text(template.get(name).value)
            if value:
                return value
    return None


def link_value(code: Wikicode) -> str:
    """A URL parameter's value: its text, the target of a bracketed link in it
    (``|Online=[https://… text]``), or the URL a template in it builds
    (``|url={{google books |id=…}}``)."""
    for node in code.nodes:
        if isinstance(node, ExternalLink) and node.brackets:
            return plain_text(node.url)
        if isinstance(node, Template) and (built := built_url(node)):
            return built
    return plain_text(code)


def built_url(template: Template) -> str | None:
    kind = url_template(str(template.name))
    if kind is None:
        return None
    ident = param_text(template, *kind.id_params)
    if not ident:
        return None
    url = kind.url.format(id=quote(ident, safe=""))
    page = param_text(template, *kind.page_params)
    return url + kind.page_suffix.format(page=quote(page, safe="")) if page else url


def http_url(url: str) -> str | None:
    """``url`` if it is a web link; a protocol-relative ``//host/path`` reads as https."""
    if url.startswith("//"):
        return "https:" + url
    return url if url.lower().startswith(("http://", "https://")) else None
