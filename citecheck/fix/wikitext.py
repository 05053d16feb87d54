"""Write archive links into CS1/CS2 citation templates, changing nothing else.

Bare links in a ``<ref>`` have no parameters; a ``{{webarchive}}`` is added after
them instead, as InternetArchiveBot does. A broken capture is repaired where it is
cited: in the template's ``archive-url`` or in the ``{{webarchive}}`` that follows.

Each citation is found again at the span its reader recorded, by re-parsing just
that span, and accepted only if its URL is still the cited one. Existing
parameters are edited in place (only the value between its padding); missing ones
are inserted after the last parameter in the spacing style the template already
uses, so a re-read, a diff and a human reviewer all see only what changed.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import mwparserfromhell
from mwparserfromhell.nodes import ExternalLink, Template

from citecheck.fix.edits import Edit
from citecheck.fix.params import insert_params, replace_value, value_padding
from citecheck.fix.policy import Change
from citecheck.models import Reference
from citecheck.sources.cs1 import (
    FIELD_PARAMS,
    WEBARCHIVE_TEMPLATES,
    is_citation_template,
    status_to_param,
)
from citecheck.sources.dates import DateStyle, format_date, parse_full_date
from citecheck.sources.wikicode import (
    ParamSpan,
    nodes_with_offsets,
    pick_param,
    plain_text,
    template_name,
    template_params,
)

_USE_DATES = re.compile(r"\{\{\s*use\s+(dmy|mdy)\s+dates\s*[|}]", re.IGNORECASE)


def plan_wikitext(
    changes: Sequence[tuple[Reference, Change]], text: str, file: str
) -> tuple[Edit, ...]:
    article_style = _article_style(text)
    edits: list[Edit] = []
    for ref, change in changes:
        site = _find_site(ref, text)
        if site is None:
            continue
        held = _webarchive_holding(site, change.replaces_archive_url)
        if held is not None:
            edits.extend(_webarchive_repair(*held, ref, change, text, file, article_style))
        elif site.template is not None:
            edits.extend(
                _template_edits(site.template, site.offset, ref, change, text, file, article_style)
            )
        elif site.link_end is not None:
            if not site.webarchives:
                edits.extend(
                    _bare_link_edits(site.link_end, change, text, file, ref.id, article_style)
                )
            edits.extend(_bare_url_edit(site.offset, site.link_end, ref, change, text, file))
    return tuple(edits)


@dataclass(frozen=True)
class _Site:
    """A reference found again at its span: its template or bare link, and annotations."""

    offset: int
    template: Template | None  # the citation template, or None for a bare link
    link_end: int | None  # a bare link: the offset just after it
    webarchives: tuple[tuple[Template, int], ...]  # {{webarchive}}s after it, with offsets


def _article_style(text: str) -> DateStyle | None:
    match = _USE_DATES.search(text)
    if not match:
        return None
    return DateStyle.DMY if match[1].lower() == "dmy" else DateStyle.MDY


def _find_site(ref: Reference, text: str) -> _Site | None:
    """``ref`` at its recorded span, or ``None`` if the span no longer holds its URL."""
    start, end = ref.location.start, ref.location.end
    if start is None or end is None or not 0 <= start < end <= len(text):
        return None
    code = mwparserfromhell.parse(text[start:end], skip_style_tags=True)
    nodes = list(nodes_with_offsets(code, start))
    if not nodes:
        return None
    node, offset, node_end = nodes[0]
    webarchives = tuple(
        (other, at)
        for other, at, _ in nodes[1:]
        if isinstance(other, Template) and template_name(other) in WEBARCHIVE_TEMPLATES
    )
    if isinstance(node, Template) and is_citation_template(str(node.name)):
        url_param = pick_param(template_params(node, offset), "url")
        if url_param and plain_text(url_param.value) == ref.url:
            return _Site(offset, node, None, webarchives)
    elif isinstance(node, ExternalLink) and plain_text(node.url) == ref.url:
        return _Site(offset, None, node_end, webarchives)
    return None


def _webarchive_holding(site: _Site, url: str | None) -> tuple[Template, int] | None:
    """The {{webarchive}} after the citation whose URL is ``url`` (the one to repair)."""
    if url is None:
        return None
    for template, offset in site.webarchives:
        param = _first(template_params(template, offset), "url", "url1")
        if param is not None and plain_text(param.value) == url:
            return template, offset
    return None


def _first(params: list[ParamSpan], *names: str) -> ParamSpan | None:
    for name in names:
        for param in params:
            if param.showkey and param.name.lower() == name:
                return param
    return None


def _webarchive_repair(
    template: Template,
    offset: int,
    ref: Reference,
    change: Change,
    text: str,
    file: str,
    article_style: DateStyle | None,
) -> list[Edit]:
    """Point a {{webarchive}} that holds a broken capture at the working one."""
    if not (change.archive_url and change.archive_date):
        return []
    params = template_params(template, offset)
    url_param = _first(params, "url", "url1")
    date_param = _first(params, "date", "date1")
    if url_param is None:  # not reached: _webarchive_holding found it by this parameter
        return []
    written = parse_full_date(_value(date_param))
    style = written[1] if written else article_style or DateStyle.ISO
    day = format_date(change.archive_date, style)
    padding = value_padding(params)
    reason = change.reason
    edits = [replace_value(url_param, change.archive_url, padding, text, file, ref.id, reason)]
    if date_param is None:
        edits.append(insert_params(params, [("date", day)], text, file, ref.id, reason))
    elif _value(date_param) != day:
        edits.append(replace_value(date_param, day, padding, text, file, ref.id, reason))
    return edits


def _bare_link_edits(
    at: int, change: Change, text: str, file: str, ref_id: str, style: DateStyle | None
) -> list[Edit]:
    """A bare link has no parameters: its archive goes in a {{webarchive}} after it."""
    if not (change.archive_url and change.archive_date) or change.replaces_archive_url:
        return []
    day = format_date(change.archive_date, style or DateStyle.ISO)
    new = f" {{{{webarchive |url={change.archive_url} |date={day}}}}}"
    return [Edit(file, (at, at), "", new, ref_id, change.reason)]


def _bare_url_edit(
    start: int, end: int, ref: Reference, change: Change, text: str, file: str
) -> list[Edit]:
    """A bare link's URL replaced by the page's new address (its label stays)."""
    if not (change.url and ref.url):
        return []
    at = text.find(ref.url, start, end)
    if at < 0:
        return []
    return [Edit(file, (at, at + len(ref.url)), ref.url, change.url, ref.id, change.reason)]


def _value(param: ParamSpan | None) -> str:
    return plain_text(param.value) if param else ""


def _template_edits(
    template: Template,
    start: int,
    ref: Reference,
    change: Change,
    text: str,
    file: str,
    article_style: DateStyle | None,
) -> list[Edit]:
    params = template_params(template, start)
    wanted: list[tuple[str, ParamSpan | None, str]] = []  # (field, existing param, new value)
    archive_param = pick_param(params, "archive_url")
    current_archive = _value(archive_param)
    if change.archive_url and change.archive_date:
        # A repair replaces the broken URL where it stands; if it is not in this
        # template (a {{webarchive}} holds it), adding a second archive would be wrong.
        if current_archive == (change.replaces_archive_url or ""):
            style = _date_style(params, article_style)
            wanted.append(("archive_url", archive_param, change.archive_url))
            wanted.append(
                ("archive_date", pick_param(params, "archive_date"),
                 format_date(change.archive_date, style))
            )  # fmt: skip
        elif current_archive != change.archive_url:
            return []  # someone cited another archive meanwhile: leave it to a person
    # CS1 ignores url-status unless the citation itself carries an archive URL (one
    # given by a following {{webarchive}} does not count): writing it would be noise.
    if change.url_status and (current_archive or wanted):
        status_param = pick_param(params, "url_status")
        value = status_to_param(status_param.name, change.url_status) if status_param else None
        wanted.append(("url_status", status_param, value or change.url_status))
    if change.url:
        # The page moved: url= gets its new address; an archive of the old one stays.
        wanted.append(("url", pick_param(params, "url"), change.url))

    edits: list[Edit] = []
    inserts: list[tuple[str, str]] = []
    for field, param, value in wanted:
        if param is None:
            inserts.append((FIELD_PARAMS[field][0], value))
        elif _value(param) != value:
            padding = value_padding(params)
            edits.append(replace_value(param, value, padding, text, file, ref.id, change.reason))
    if inserts:
        edits.append(insert_params(params, inserts, text, file, ref.id, change.reason))
    return edits


def _date_style(params: list[ParamSpan], article_style: DateStyle | None) -> DateStyle:
    """The style for a new archive date: that of the citation's own access date first.

    CS1 lets access and archive dates differ in style from the publication date, so
    those two are the best guide; then the article's {{use dmy/mdy dates}}; then the
    publication date; ISO when nothing says otherwise.
    """
    for field in ("access_date", "archive_date"):
        parsed = parse_full_date(_value(pick_param(params, field)))
        if parsed:
            return parsed[1]
    if article_style is not None:
        return article_style
    parsed = parse_full_date(_value(pick_param(params, "date")))
    return parsed[1] if parsed else DateStyle.ISO
