"""Every reader returns a result or raises InputError, whatever the text."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from citecheck.errors import InputError
from citecheck.sources import FORMATS, reader
from citecheck.sources.detect import REFERENCES_JSON

# Fragments of each syntax, so the generated text reaches deep into the parsers.
_FRAGMENTS = [
    "{{", "}}", "|", "=", "cite web", "url=", "http://a.example/", "<ref>", "</ref>",
    "<ref name=x/>", "<!--", "-->", "<nowiki>", "[", "]", "(", ")", "@misc{", "@string{",
    "title = {", "\\url{", "\\'", "\"", ",", "\n", "\r\n", "{", "}", "[[", "]]", "<a href=",
    ">", "</a>", "```", "    ", "# ", "[x]: ", "<", "\"URL\": ", "\"issued\": ",
    "{\"date-parts\": [[", "]]}", ":", "'''", "\x00", "\u2028", "é", "عنوان",
]  # fmt: skip
TEXT = st.one_of(
    st.text(max_size=300),
    st.lists(st.one_of(st.sampled_from(_FRAGMENTS), st.text(max_size=5)), max_size=60).map("".join),
)


@pytest.mark.parametrize("fmt", [f for f in FORMATS if f != REFERENCES_JSON])
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=TEXT)
def test_reader_never_raises_anything_but_input_error(fmt: str, text: str) -> None:
    try:
        result = reader(fmt).read(text, file="fuzz")
    except InputError:
        return
    for ref in result.references:
        loc = ref.location
        assert loc.start is not None and loc.end is not None
        assert 0 <= loc.start <= loc.end <= len(text)
        assert loc.line is not None and loc.line >= 1
