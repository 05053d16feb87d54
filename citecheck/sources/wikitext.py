"""MediaWiki wikitext: citation templates and bare links inside ``<ref>`` tags.

One reference per citation template (in or outside ``<ref>``; CS1/CS2 and the
citation templates of other language editions, see ``cs1``) and per bare or
bracketed external link in a ``<ref>`` outside a citation template, also inside
other templates (``{{PDFlink|[url title]}}``). Refs are found wherever MediaWiki
renders them: in image captions, galleries and headings too. A named ``<ref>``
used several times is counted once. ``{{webarchive}}``, ``{{wayback}}`` and
``{{dead link}}`` right after a citation belong to it, and the reference's span
covers them, so ``fix`` finds them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import quote

import mwparserfromhell
from mwparserfromhell.nodes import (
    Comment,
    ExternalLink,
    Heading,
    Node,
    Tag,
    Template,
    Text,
    Wikilink,
)
from mwparserfromhell.parser import ParserError
from mwparserfromhell.wikicode import Wikicode

from citecheck.errors import InputError
from citecheck.models import Reference
from citecheck.sources.base import InputProblem, Reader, ReadResult
from citecheck.sources.cs1 import (
    DEAD_LINK_TEMPLATES,
    PASSIVE_TEMPLATES,
    WEBARCHIVE_TEMPLATES,
    ArchiveTemplate,
    CitationFamily,
    archive_template,
    citation_family,
    status_from_param,
    url_template,
)
from citecheck.sources.dates import date_from_timestamp, to_iso
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
_WAYBACK_TIMESTAMP = re.compile(r"/web/(\d{8,14})[a-z_]*/", re.IGNORECASE)
# Tags whose contents are lines of "File:Name|caption", captions being wikitext.
_GALLERY_TAGS = frozenset({"gallery", "imagemap"})
# Fields whose value is a link: a bracketed link or a URL-building template gives it.
_LINK_FIELDS = ("url", "chapter_url", "archive_url")


@dataclass
class _Scan:
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


class WikitextReader(Reader):
    """``language`` (a wiki's language code) chooses which language edition's citation
    templates are read besides CS1; without it, those of every known edition are."""

    name = "wikitext"

    def __init__(self, language: str | None = None) -> None:
        self.language = language

    def read(self, text: str, *, file: str) -> ReadResult:
        try:
            code = mwparserfromhell.parse(text, skip_style_tags=True)
        except (ParserError, RecursionError) as exc:
            raise InputError(f"cannot parse wikitext: {exc}", file=file) from exc
        if str(code) != text:  # offsets would be wrong; never seen, but fix depends on it
            raise InputError("wikitext parser did not round-trip the text", file=file)
        scan = _Scan(text=text, file=file, lines=LineIndex(text), language=self.language)
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
        family = (
            citation_family(str(node.name), scan.language) if isinstance(node, Template) else None
        )
        if isinstance(node, Template) and family is not None:
            last = _companions_end(items, i)
            companions = items[i + 1 : last + 1]
            _add_citation(scan, node, family, start, items[last][2], companions, ref_name)
            i = last
        elif isinstance(node, Template):
            # Citations may sit in parameters: {{refn}}, {{efn}}, {{reflist|refs=...}}.
            for param, span in zip(node.params, template_params(node, start), strict=True):
                _scan_code(scan, param.value, span.value_start, ref_name)
        elif isinstance(node, Tag):
            _scan_tag(scan, node, start, ref_name)
        elif isinstance(node, Wikilink) and node.text is not None:
            # [[File:X.jpg|thumb|Caption<ref>...</ref>]]: a caption is rendered wikitext.
            _scan_code(scan, node.text, start + 2 + len(str(node.title)) + 1, ref_name)
        elif isinstance(node, Heading):
            _scan_code(scan, node.title, start + node.level, ref_name)
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
    if inner is None or tag.contents is None:
        return
    if name in _GALLERY_TAGS:
        # The parser keeps a gallery's lines as text; their captions are wikitext.
        _scan_code(scan, mwparserfromhell.parse(str(tag.contents), skip_style_tags=True), inner,
                   ref_name)  # fmt: skip
        return
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
    _scan_code(scan, tag.contents, inner, own_name)
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
    if url := _param(template, *archive.archive_url):
        found["archive_url"] = url
        date = _param(template, *archive.archive_date)
        if date is None and (stamp := _WAYBACK_TIMESTAMP.search(url)):
            day = date_from_timestamp(stamp[1])
            date = day.isoformat() if day else None
        if date:
            found["archive_date"] = date
        return found
    original = _param(template, *archive.original_url)
    timestamp = _param(template, *archive.timestamp)
    if original and timestamp and (url := archive.snapshot_url(original, timestamp)):
        found["archive_url"] = url
        day = date_from_timestamp(timestamp)
        if day:
            found["archive_date"] = day.isoformat()
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
    family: CitationFamily,
    start: int,
    end: int,
    companions: list[tuple[Node, int, int]],
    ref_name: str | None,
) -> None:
    scan.position += 1
    fields: dict[str, str] = {}
    params = template_params(template, start)
    for fld in family.params:
        param = pick_param(params, fld, family.params)
        if param is None:
            continue
        value = _link_value(param.value) if fld in _LINK_FIELDS else plain_text(param.value)
        if fld == "url_status":
            value = status_from_param(param.name, value) or ""
        elif fld == "dead_flag" and value:
            value = "dead"
        if value:
            fields[fld] = value
    if "dead_flag" in fields:
        fields.setdefault("url_status", fields.pop("dead_flag"))
    for fld, value in _annotations(companions).items():
        fields.setdefault(fld, value)
    if "url" not in fields and "chapter_url" in fields:
        # Only the chapter is linked: the linked page is the chapter's.
        fields["url"] = fields["chapter_url"]
        if "chapter" in fields:
            fields["title"] = fields["chapter"]
    if "url" not in fields:
        return  # a book or journal cited without a link: nothing to check
    script_title = fields.pop("script_title", None)
    if "title" not in fields and script_title:
        fields["title"] = _SCRIPT_PREFIX.sub("", script_title, count=1)
    _append(scan, fields, start, end, ref_name)


def _link_value(code: Wikicode) -> str:
    """A URL parameter's value: its text, the target of a bracketed link in it
    (``|Online=[https://… text]``), or the URL a template in it builds
    (``|url={{google books |id=…}}``)."""
    for node in code.nodes:
        if isinstance(node, ExternalLink) and node.brackets:
            return plain_text(node.url)
        if isinstance(node, Template) and (built := _built_url(node)):
            return built
    return plain_text(code)


def _built_url(template: Template) -> str | None:
    kind = url_template(str(template.name))
    if kind is None:
        return None
    ident = _param(template, *kind.id_params)
    if not ident:
        return None
    url = kind.url.format(id=quote(ident, safe=""))
    page = _param(template, *kind.page_params)
    return url + kind.page_suffix.format(page=quote(page, safe="")) if page else url


def _http_url(url: str) -> str | None:
    """``url`` if it is a web link; a protocol-relative ``//host/path`` reads as https."""
    if url.startswith("//"):
        return "https:" + url
    return url if url.lower().startswith(("http://", "https://")) else None


@dataclass
class _LinkRun:
    """The bare link being read in a ``<ref>`` and the annotations after it."""

    fields: dict[str, str]
    start: int
    end: int


def _scan_bare_links(scan: _Scan, contents: Wikicode, base: int, ref_name: str | None) -> None:
    """``<ref>http://…</ref>``, ``<ref>[http://… Title] …</ref>``, links beside a
    citation template and links inside other templates (``{{PDFlink|[url t]}}``)."""
    current: list[_LinkRun] = []  # at most one: the run still open
    _collect_links(scan, contents, base, ref_name, current)
    if current:
        _append(scan, current[0].fields, current[0].start, current[0].end, ref_name)


def _collect_links(
    scan: _Scan,
    code: Wikicode,
    base: int,
    ref_name: str | None,
    current: list[_LinkRun],
    wrapper: tuple[int, int] | None = None,
) -> None:
    """Links in ``code``; ``wrapper`` is the span of the template they sit in, which
    becomes theirs: ``fix`` then sees a template it does not write into."""

    def start_run(fields: dict[str, str], start: int, end: int) -> None:
        close_run()
        scan.position += 1
        current.append(_LinkRun(fields, *(wrapper or (start, end))))

    def close_run() -> None:
        if current:
            run = current.pop()
            _append(scan, run.fields, run.start, run.end, ref_name)

    for node, start, end in nodes_with_offsets(code, base):
        if isinstance(node, ExternalLink):
            url = _http_url(plain_text(node.url))
            if url is None:
                continue
            fields = {"url": url}
            if node.title is not None and plain_text(node.title):
                fields["title"] = plain_text(node.title)
            start_run(fields, start, end)
        elif isinstance(node, Template):
            name = str(node.name)
            if citation_family(name, scan.language) is not None:
                close_run()  # read by _scan_code, with the annotations after it
                continue
            archive = archive_template(name)
            if archive is not None or template_name(node) in DEAD_LINK_TEMPLATES:
                notes = _annotations([(node, start, end)])
                if current:
                    for fld, value in notes.items():
                        current[0].fields.setdefault(fld, value)
                    current[0].end = max(current[0].end, end)
                elif archive is not None and (original := _param(node, *archive.original_url)):
                    # <ref>{{wayback|url=U|title=T|date=…}}</ref>: it cites U, archived.
                    fields = {"url": _http_url(original) or original, **notes}
                    if title := _param(node, *archive.title):
                        fields["title"] = title
                    start_run(fields, start, end)
                continue
            if built := _built_url(node):
                start_run({"url": built}, start, end)
                continue
            for param, span in zip(node.params, template_params(node, start), strict=True):
                _collect_links(
                    scan, param.value, span.value_start, ref_name, current, wrapper or (start, end)
                )
        elif isinstance(node, Tag):
            tag = str(node.tag).strip().lower()
            inner = tag_contents_offset(node, start)
            if tag not in OPAQUE_TAGS and tag != "ref" and inner is not None and node.contents:
                _collect_links(scan, node.contents, inner, ref_name, current, wrapper)


def _append(
    scan: _Scan, fields: dict[str, str], start: int, end: int, ref_name: str | None
) -> None:
    for fld in ("date", "access_date", "archive_date"):
        if fld in fields:
            fields[fld] = to_iso(fields[fld]) or fields[fld]
    if "url" in fields:
        fields["url"] = _http_url(fields["url"]) or fields["url"]
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
