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

import mwparserfromhell
from mwparserfromhell.nodes import (
    Comment,
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
from citecheck.sources.base import InputProblem, Reader, ReadResult
from citecheck.sources.cs1 import (
    DEAD_LINK_TEMPLATES,
    PASSIVE_TEMPLATES,
    WEBARCHIVE_TEMPLATES,
    CitationFamily,
    citation_family,
    status_from_param,
)
from citecheck.sources.textutil import LineIndex
from citecheck.sources.wikicode import (
    OPAQUE_TAGS,
    nodes_with_offsets,
    pick_param,
    plain_text,
    tag_contents_offset,
    template_name,
    template_params,
)
from citecheck.sources.wikitext_links import scan_bare_links
from citecheck.sources.wikitext_scan import Scan, annotations, append_reference, link_value

_UNCLOSED_CITATION = re.compile(r"\{\{\s*(?:cite[ _]|citation\s*[|}])", re.IGNORECASE)
# What may stand between a citation and its {{webarchive}}: punctuation and at most
# one line break (a blank line ends the paragraph, and with it the citation).
_SEPARATOR = re.compile(r"[ \t.,;]*(?:\r?\n[ \t.,;]*)?")
_SCRIPT_PREFIX = re.compile(r"^[a-z]{2,3}(?:-[a-z]+)?:", re.IGNORECASE)
# Tags whose contents are lines of "File:Name|caption", captions being wikitext.
_GALLERY_TAGS = frozenset({"gallery", "imagemap"})
# Fields whose value is a link: a bracketed link or a URL-building template gives it.
_LINK_FIELDS = ("url", "chapter_url", "archive_url")


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
        scan = Scan(text=text, file=file, lines=LineIndex(text), language=self.language)
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


def _scan_code(scan: Scan, code: Wikicode, base: int, ref_name: str | None) -> None:
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


def _scan_tag(scan: Scan, tag: Tag, start: int, ref_name: str | None) -> None:
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


def _scan_ref(scan: Scan, tag: Tag, start: int) -> None:
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
    scan_bare_links(scan, tag.contents, inner, own_name)


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


def _add_citation(
    scan: Scan,
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
        value = link_value(param.value) if fld in _LINK_FIELDS else plain_text(param.value)
        if fld == "url_status":
            value = status_from_param(param.name, value) or ""
        elif fld == "dead_flag" and value:
            value = "dead"
        if value:
            fields[fld] = value
    if "dead_flag" in fields:
        fields.setdefault("url_status", fields.pop("dead_flag"))
    for fld, value in annotations(companions).items():
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
    append_reference(scan, fields, start, end, ref_name)
