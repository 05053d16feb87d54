"""Character offsets and plain text for mwparserfromhell nodes.

mwparserfromhell round-trips text exactly (``str(parse(t)) == t``) but does not
record where a node stands. Every node's text is a fixed composition of its
children's texts, so offsets are recomputed here from those compositions; the
wikitext reader uses them for locations and ``fix`` for edits that land exactly.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field

from mwparserfromhell.nodes import (
    Comment,
    ExternalLink,
    HTMLEntity,
    Node,
    Tag,
    Template,
    Text,
    Wikilink,
)
from mwparserfromhell.wikicode import Wikicode

from citecheck.sources.cs1 import FIELD_PARAMS, normalise_template_name

# Tags whose contents MediaWiki shows verbatim or not at all: no citations inside.
OPAQUE_TAGS = frozenset({"nowiki", "pre", "source", "syntaxhighlight", "math", "code", "score"})
# Templates whose text is one of their parameters when rendered (1-based position).
_TEXT_TEMPLATES = {"lang": 2, "nowrap": 1, "noitalic": 1, "nobr": 1, "small": 1, "transl": 2}
_QUOTE_MARKUP = re.compile(r"'{2,}")
_CHARACTER_TEMPLATES = {"!": "|", "=": "=", "'": "'", "snd": " – ", "ndash": "–", "mdash": "—"}


@dataclass(frozen=True)
class ParamSpan:
    """One template parameter and where its parts are in the text."""

    name: str  # stripped; the positional index for unnamed parameters
    raw_name: str  # as written, with its padding
    showkey: bool
    start: int  # first character after the "|"
    end: int
    value_start: int
    value_end: int
    raw_value: str
    # The value as parsed inside the template: parsed alone, ":" or "*" at its start
    # would read as list markup.
    value: Wikicode = field(compare=False, repr=False)


def nodes_with_offsets(code: Wikicode, base: int) -> Iterator[tuple[Node, int, int]]:
    """The direct children of ``code`` with their start and end offsets."""
    pos = base
    for node in code.nodes:
        end = pos + len(str(node))
        yield node, pos, end
        pos = end


def tag_contents_offset(tag: Tag, start: int) -> int | None:
    """Where a tag's contents begin, or ``None`` for a tag without contents."""
    if tag.contents is None or tag.self_closing:
        return None
    attrs = "".join(str(attr) for attr in tag.attributes)
    if tag.wiki_markup:
        opening = tag.wiki_markup + attrs + (tag.padding or "") + (tag.wiki_style_separator or "")
    else:
        opening = ("</" if tag.invalid else "<") + str(tag.tag) + attrs + (tag.padding or "") + ">"
    return start + len(opening)


def template_params(template: Template, start: int) -> list[ParamSpan]:
    """Every parameter of ``template`` (which starts at ``start``) with its offsets."""
    spans: list[ParamSpan] = []
    pos = start + 2 + len(str(template.name))
    for param in template.params:
        pos += 1  # the pipe
        text_len = len(str(param))
        raw_value = str(param.value)
        value_start = pos + (len(str(param.name)) + 1 if param.showkey else 0)
        spans.append(
            ParamSpan(
                name=str(param.name).strip(),
                raw_name=str(param.name),
                showkey=bool(param.showkey),
                start=pos,
                end=pos + text_len,
                value_start=value_start,
                value_end=value_start + len(raw_value),
                raw_value=raw_value,
                value=param.value,
            )
        )
        pos += text_len
    return spans


def pick_param(
    params: list[ParamSpan], field: str, aliases: Mapping[str, tuple[str, ...]] = FIELD_PARAMS
) -> ParamSpan | None:
    """The parameter that gives ``field`` its value, as MediaWiki and CS1 decide.

    A name given twice counts with its last value (MediaWiki); of several aliases,
    the one first in CS1's list wins. A filled parameter is preferred to an empty
    one; an empty one is still returned, as the place to write a value. ``aliases``
    are the parameter names of the template's family (CS1's by default).
    """
    candidates: list[ParamSpan] = []
    for alias in aliases.get(field, ()):
        named = [p for p in params if p.showkey and p.name.lower() == alias.lower()]
        if named:
            candidates.append(named[-1])
    for param in candidates:
        if plain_text(param.value):
            return param
    return candidates[0] if candidates else None


def template_name(template: Template) -> str:
    return normalise_template_name(str(template.name))


def plain_text(code: Wikicode | None) -> str:
    """What a reader sees of ``code``: markup, comments and references removed."""
    if code is None:
        return ""
    joined = "".join(_node_text(node) for node in code.nodes)
    # Bold and italic quote runs are read as text (skip_style_tags); they are markup.
    return " ".join(_QUOTE_MARKUP.sub("", joined).split())


def _node_text(node: Node) -> str:
    if isinstance(node, Text):
        return str(node.value)
    if isinstance(node, Comment):
        return ""
    if isinstance(node, HTMLEntity):
        return str(node.normalize())
    if isinstance(node, Wikilink):
        return plain_text(node.text) if node.text is not None else plain_text(node.title)
    if isinstance(node, ExternalLink):
        return plain_text(node.title) if node.title is not None else plain_text(node.url)
    if isinstance(node, Template):
        return _template_text(node)
    if isinstance(node, Tag):
        name = str(node.tag).strip().lower()
        if name in ("ref", "references"):
            return ""
        if name == "br":
            return " "
        return plain_text(node.contents) if node.contents is not None else ""
    return ""  # arguments, headings, stray markup


def _template_text(template: Template) -> str:
    name = template_name(template)
    if name in _CHARACTER_TEMPLATES:
        return _CHARACTER_TEMPLATES[name]
    position = _TEXT_TEMPLATES.get(name)
    if position is not None and template.has(str(position)):
        return plain_text(template.get(str(position)).value)
    return ""
