from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from citecheck.sources.jsonspans import JsonSpan, JsonSpanError, scan_json

VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=5), inner,
                                                                 max_size=4),
    max_leaves=20,
)  # fmt: skip


def check(span: JsonSpan, value: object, text: str) -> None:
    assert span.decode(text) == value
    if isinstance(value, dict):
        assert [m.key for m in span.members] == list(value)
        for member in span.members:
            assert json.loads(text[member.key_start : member.key_end]) == member.key
            check(member.value, value[member.key], text)
    if isinstance(value, list):
        for item, sub in zip(span.items, value, strict=True):
            check(item, sub, text)


@settings(max_examples=120, deadline=None)
@given(VALUES, st.sampled_from([None, 0, 2, "\t"]), st.booleans())
def test_spans_decode_to_the_values(value: object, indent: int | str | None, ascii_: bool) -> None:
    text = json.dumps(value, indent=indent, ensure_ascii=ascii_)
    check(scan_json(text), value, text)


@pytest.mark.parametrize("text", ["", "[1,]", '{"a" 1}', '"\\x"', '"a\nb"', "[1] 2", "nul",
                                  '{"a": [' * 300 + "]}" * 300])  # fmt: skip
def test_malformed_json_is_a_span_error(text: str) -> None:
    with pytest.raises(JsonSpanError):
        scan_json(text)
