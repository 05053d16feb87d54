"""Bare and bracketed links in a ``<ref>`` outside a citation template: one reference
per link, with the archive templates and ``{{dead link}}`` after it; links inside other
templates (``{{PDFlink|[url title]}}``) take the template's span."""

from __future__ import annotations

from dataclasses import dataclass

from mwparserfromhell.nodes import ExternalLink, Tag, Template
from mwparserfromhell.wikicode import Wikicode

from citecheck.sources.cs1 import DEAD_LINK_TEMPLATES, archive_template, citation_family
from citecheck.sources.wikicode import (
    OPAQUE_TAGS,
    nodes_with_offsets,
    plain_text,
    tag_contents_offset,
    template_name,
    template_params,
)
from citecheck.sources.wikitext_scan import (
    Scan,
    annotations,
    append_reference,
    built_url,
    http_url,
    param_text,
)


@dataclass
class _LinkRun:
    """The bare link being read in a ``<ref>`` and the annotations after it."""

    fields: dict[str, str]
    start: int
    end: int


def scan_bare_links(scan: Scan, contents: Wikicode, base: int, ref_name: str | None) -> None:
    """``<ref>http://…</ref>``, ``<ref>[http://… Title] …</ref>``, links beside a
    citation template and links inside other templates (``{{PDFlink|[url t]}}``)."""
    current: list[_LinkRun] = []  # at most one: the run still open
    _collect_links(scan, contents, base, ref_name, current)
    if current:
        append_reference(scan, current[0].fields, current[0].start, current[0].end, ref_name)


def _collect_links(
    scan: Scan,
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
            append_reference(scan, run.fields, run.start, run.end, ref_name)

    for node, start, end in nodes_with_offsets(code, base):
        if isinstance(node, ExternalLink):
            url = http_url(plain_text(node.url))
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
                notes = annotations([(node, start, end)])
                if current:
                    for fld, value in notes.items():
                        current[0].fields.setdefault(fld, value)
                    current[0].end = max(current[0].end, end)
                elif archive is not None and (original := param_text(node, *archive.original_url)):
                    # <ref>{{wayback|url=U|title=T|date=…}}</ref>: it cites U, archived.
                    fields = {"url": http_url(original) or original, **notes}
                    if title := param_text(node, *archive.title):
                        fields["title"] = title
                    start_run(fields, start, end)
                continue
            if built := built_url(node):
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
