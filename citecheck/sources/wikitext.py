"""MediaWiki wikitext: CS1/CS2 citation templates and bare links inside ``<ref>`` tags.

One reference per citation template (in or outside ``<ref>``) and per bare or
bracketed external link in a ``<ref>`` without a template. A named ``<ref>`` used
several times is counted once. ``{{webarchive}}`` and ``{{dead link}}`` right after a
citation belong to it, and the reference's span covers them, so ``fix`` finds them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import mwparserfromhell
from mwparserfromhell.nodes import Comment, ExternalLink, Node, Tag, Template, Text
from mwparserfromhell.parser import ParserError
from mwparserfromhell.wikicode import Wikicode

from citecheck.errors import InputError
from citecheck.models import Reference
from citecheck.sources.base import InputProblem, Reader, ReadResult
from citecheck.sources.cs1 import (
    DEAD_LINK_TEMPLATES,
    FIELD_PARAMS,
    PASSIVE_TEMPLATES,
    WEBARCHIVE_TEMPLATES,
    is_citation_template,
    status_from_param,
)
from citecheck.sources.dates import to_iso
from citecheck.sources.textutil import LineIndex, unique_id
from citecheck.sources.wikicode import (
    OPAQUE_TAGS,
    nodes_with_offsets,
    pick_param,
    plain_text,
    tag_contents_offset,
    template_name,
    template_params,
)

_UNCLOSED_CITATION = re.compile(r"\{\{\s*(?:cite[ _]|citation\s*[|}])", re.IGNORECASE)
# What may stand between a citation and its {{webarchive}}: punctuation and at most
# one line break (a blank line ends the paragraph, and with it the citation).
_SEPARATOR = re.compile(r"[ \t.,;]*(?:\r?\n[ \t.,;]*)?")
_SCRIPT_PREFIX = re.compile(r"^[a-z]{2,3}(?:-[a-z]+)?:", re.IGNORECASE)


@dataclass
class _Scan:
    """Mutable state of one read: what was found so far."""

    text: str
    file: str
    lines: LineIndex
    references: list[Reference] = field(default_factory=list)
    problems: list[InputProblem] = field(default_factory=list)
    ids: set[str] = field(default_factory=set)
    ref_defs: dict[str, str] = field(default_factory=dict)  # name -> first content
    ref_uses: dict[str, int] = field(default_factory=dict)  # name -> offset of first use
    # Citations seen so far, with or without a URL: "ref-N" counts them all, so an id
    # does not change when a URL is added to or removed from an earlier citation.
    position: int = 0


class WikitextReader(Reader):
    name = "wikitext"

    def read(self, text: str, *, file: str) -> ReadResult:
        try:
            code = mwparserfromhell.parse(text, skip_style_tags=True)
        except (ParserError, RecursionError) as exc:
            raise InputError(f"cannot parse wikitext: {exc}", file=file) from exc
        if str(code) != text:  # offsets would be wrong; never seen, but fix depends on it
            raise InputError("wikitext parser did not round-trip the text", file=file)
        scan = _Scan(text=text, file=file, lines=LineIndex(text))
        try:
            _scan_code(scan, code, 0, ref_name=None)
        except RecursionError as exc:  # nesting deeper than Python's stack, as parsed
            raise InputError("wikitext is nested too deeply to read", file=file) from exc
        for name, offset in scan.ref_uses.items():
            if name not in scan.ref_defs:
                line = scan.lines.line_col(offset)[0]
                message = f'<ref name="{name}" /> is used but never defined'
                scan.problems.append(InputProblem(file, line, message))
        return ReadResult(tuple(scan.references), tuple(scan.problems))


def _scan_code(scan: _Scan, code: Wikicode, base: int, ref_name: str | None) -> None:
    items = list(nodes_with_offsets(code, base))
    i = 0
    while i < len(items):
        node, start, _ = items[i]
        if isinstance(node, Template) and is_citation_template(str(node.name)):
            last = _companions_end(items, i)
            _add_citation(scan, node, start, items[last][2], items[i + 1 : last + 1], ref_name)
            i = last
        elif isinstance(node, Template):
            # Citations may sit in parameters: {{refn}}, {{efn}}, {{reflist|refs=...}}.
            for param, span in zip(node.params, template_params(node, start), strict=True):
                _scan_code(scan, param.value, span.value_start, ref_name)
        elif isinstance(node, Tag):
            _scan_tag(scan, node, start, ref_name)
        elif isinstance(node, Text) and (broken := _UNCLOSED_CITATION.search(str(node.value))):
            line, _ = scan.lines.line_col(start + broken.start())
            scan.problems.append(
                InputProblem(scan.file, line, "citation template is not closed; skipped")
            )
        i += 1


def _scan_tag(scan: _Scan, tag: Tag, start: int, ref_name: str | None) -> None:
    name = str(tag.tag).strip().lower()
    if name in OPAQUE_TAGS:
        return
    if name == "ref":
        _scan_ref(scan, tag, start)
        return
    inner = tag_contents_offset(tag, start)
    if inner is not None and tag.contents is not None:
        _scan_code(scan, tag.contents, inner, ref_name)


def _scan_ref(scan: _Scan, tag: Tag, start: int) -> None:
    own_name = _attribute(tag, "name")
    inner = tag_contents_offset(tag, start)
    content = str(tag.contents).strip() if inner is not None and tag.contents else ""
    if inner is None or not content:  # <ref name="x" />: a use of a reference defined elsewhere
        if own_name:
            scan.ref_uses.setdefault(own_name, start)
        return
    if own_name and own_name in scan.ref_defs:  # repeated: counted once, should say the same
        if scan.ref_defs[own_name] != content:
            line = scan.lines.line_col(start)[0]
            message = f'<ref name="{own_name}"> is defined again with other content; first kept'
            scan.problems.append(InputProblem(scan.file, line, message))
        return
    if own_name:
        scan.ref_defs[own_name] = content
    before = len(scan.references)
    _scan_code(scan, tag.contents, inner, own_name)
    if len(scan.references) == before:
        _scan_bare_links(scan, tag.contents, inner, own_name)


def _attribute(tag: Tag, name: str) -> str | None:
    for attr in tag.attributes:
        if str(attr.name).strip().lower() == name:
            value = plain_text(attr.value) if attr.value is not None else ""
            return value.strip().strip("\"'") or None
    return None


def _companions_end(items: list[tuple[Node, int, int]], i: int) -> int:
    """Index of the last {{webarchive}}/{{dead link}} belonging to the citation at ``i``."""
    last = i
    j = i + 1
    while j < len(items):
        node = items[j][0]
        if isinstance(node, Comment) or (
            isinstance(node, Text) and _SEPARATOR.fullmatch(str(node.value))
        ):
            j += 1
            continue
        if not isinstance(node, Template):
            break
        kind = template_name(node)
        if kind in WEBARCHIVE_TEMPLATES or kind in DEAD_LINK_TEMPLATES:
            last = j
        elif kind not in PASSIVE_TEMPLATES:
            break
        j += 1
    return last


def _annotations(nodes: list[tuple[Node, int, int]]) -> dict[str, str]:
    """archive_url/archive_date/url_status given by {{webarchive}} and {{dead link}}."""
    found: dict[str, str] = {}
    for node, _, _ in nodes:
        if not isinstance(node, Template):
            continue
        kind = template_name(node)
        if kind in WEBARCHIVE_TEMPLATES and "archive_url" not in found:
            url = _param(node, "url", "url1")
            if url:
                found["archive_url"] = url
                date = _param(node, "date", "date1")
                if date:
                    found["archive_date"] = date
        elif kind in DEAD_LINK_TEMPLATES:
            found.setdefault("url_status", "dead")
    return found


def _param(template: Template, *names: str) -> str | None:
    for name in names:
        if template.has(name):
            value = plain_text(template.get(name).value)
            if value:
                return value
    return None


def _add_citation(
    scan: _Scan,
    template: Template,
    start: int,
    end: int,
    companions: list[tuple[Node, int, int]],
    ref_name: str | None,
) -> None:
    scan.position += 1
    fields: dict[str, str] = {}
    params = template_params(template, start)
    for fld in FIELD_PARAMS:
        param = pick_param(params, fld)
        value = plain_text(param.value) if param else ""
        if param and fld == "url_status":
            value = status_from_param(param.name, value) or ""
        if value:
            fields[fld] = value
    for fld, value in _annotations(companions).items():
        fields.setdefault(fld, value)
    if "url" not in fields:
        return  # a book or journal cited without a link: nothing to check
    script_title = fields.pop("script_title", None)
    if "title" not in fields and script_title:
        fields["title"] = _SCRIPT_PREFIX.sub("", script_title, count=1)
    _append(scan, fields, start, end, ref_name)


def _scan_bare_links(scan: _Scan, contents: Wikicode, base: int, ref_name: str | None) -> None:
    """``<ref>http://…</ref>`` and ``<ref>[http://… Title] …</ref>``."""
    items = list(nodes_with_offsets(contents, base))
    current: tuple[dict[str, str], int, int] | None = None
    for node, start, end in items:
        if isinstance(node, ExternalLink):
            url = plain_text(node.url)
            if not url.lower().startswith(("http://", "https://")):
                continue
            if current:
                _append(scan, current[0], current[1], current[2], ref_name)
            scan.position += 1
            fields = {"url": url}
            if node.title is not None and plain_text(node.title):
                fields["title"] = plain_text(node.title)
            current = (fields, start, end)
        elif isinstance(node, Template) and current is not None:
            notes = _annotations([(node, start, end)])
            if notes:
                for fld, value in notes.items():
                    current[0].setdefault(fld, value)
                current = (current[0], current[1], end)
    if current:
        _append(scan, current[0], current[1], current[2], ref_name)


def _append(
    scan: _Scan, fields: dict[str, str], start: int, end: int, ref_name: str | None
) -> None:
    for fld in ("date", "access_date", "archive_date"):
        if fld in fields:
            fields[fld] = to_iso(fields[fld]) or fields[fld]
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
            location=scan.lines.location(scan.file, start, end),
        )
    )
