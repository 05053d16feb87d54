"""Editing template parameters in place, in the spacing style the template uses.

Only the characters of a value change when it is replaced; a new parameter copies
the separator, name padding (including column alignment) and value padding its
neighbours use. Offsets come from :func:`citecheck.sources.wikicode.template_params`.
"""

from __future__ import annotations

import re
from collections import Counter

from citecheck.fix.edits import Edit
from citecheck.sources.wikicode import ParamSpan, plain_text

_HSPACE = re.compile(r"[ \t]*")


def replace_value(
    param: ParamSpan, value: str, padding: str, text: str, file: str, ref_id: str, reason: str
) -> Edit:
    """Write ``value`` into ``param``, keeping the whitespace around it.

    ``padding`` is what this template usually puts after "=", used to fill an empty
    parameter the way its neighbours are written.
    """
    raw = param.raw_value
    if plain_text(param.value):
        start = param.value_start + (len(raw) - len(raw.lstrip()))
        end = param.value_end - (len(raw) - len(raw.rstrip()))
        return Edit(file, (start, end), text[start:end], value, ref_id, reason)
    at = _content_end(param, padding)
    spaces = _HSPACE.match(raw).group()  # type: ignore[union-attr]
    new = value if spaces and at > param.value_start else padding + value
    return Edit(file, (at, at), "", new, ref_id, reason)


def _content_end(param: ParamSpan, padding: str) -> int:
    """Where the value of ``param`` ends, or where it would be written when empty."""
    raw = param.raw_value
    if raw.strip():  # a value, or a comment standing in for one
        return param.value_end - (len(raw) - len(raw.rstrip()))
    spaces = _HSPACE.match(raw).group()  # type: ignore[union-attr]
    if raw[len(spaces) : len(spaces) + 1] in ("\n", "\r"):
        return param.value_start + len(spaces)  # "| key = \n": before the line break
    if padding and spaces.startswith(padding):
        return param.value_start + len(padding)  # "|key= |": the rest separates
    return param.value_start


def insert_params(
    params: list[ParamSpan],
    inserts: list[tuple[str, str]],
    text: str,
    file: str,
    ref_id: str,
    reason: str,
) -> Edit:
    last = params[-1]
    padding = value_padding(params)
    at = _content_end(last, padding)
    named = [p for p in params if p.showkey] or params
    # What separates a value from the next "|": "" ("|a=1|b=2"), " " or a line break.
    # Only filled parameters show it: an empty one's spaces are padding too.
    separators = [p.raw_value[len(p.raw_value.rstrip()) :] for p in params[:-1]
                  if p.raw_value.strip()]  # fmt: skip
    separator = _most_common(separators, default=last.raw_value[len(last.raw_value.rstrip()) :])
    pre_name = _most_common([p.raw_name[: len(p.raw_name) - len(p.raw_name.lstrip())]
                             for p in named], default="")  # fmt: skip
    post_names = [p.raw_name[len(p.raw_name.rstrip()) :] for p in named]
    pre_value = padding
    widths = {len(p.name) + len(pad) for p, pad in zip(named, post_names, strict=True)}
    aligned = len(named) > 1 and len(widths) == 1 and len(set(post_names)) > 1
    width = next(iter(widths)) if aligned else 0
    pieces = []
    for name, value in inserts:
        if aligned:  # "| url          = …": pad the new name to the same column
            post_name = " " * max(1, width - len(name))
        else:
            post_name = _most_common(post_names, default="")
        pieces.append(f"{separator}|{pre_name}{name}{post_name}={pre_value}{value}")
    return Edit(file, (at, at), "", "".join(pieces), ref_id, reason)


def value_padding(params: list[ParamSpan]) -> str:
    """The horizontal space this template puts after "=" (to fill an empty parameter)."""
    pads = [
        p.raw_value[: len(p.raw_value) - len(p.raw_value.lstrip())]
        for p in params
        if p.showkey and p.raw_value.strip()
    ]
    return _most_common(pads, default="")


def _most_common(values: list[str], *, default: str) -> str:
    if not values:
        return default
    return Counter(values).most_common(1)[0][0]
