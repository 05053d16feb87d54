"""references.json is read entry by entry; the result is exactly that of reading the
document whole (which stays the path for anything unusual)."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from citecheck.errors import InputError
from citecheck.sources.json_refs import ReferencesJsonReader, _stream_entries

READER = ReferencesJsonReader()

_scalars = st.none() | st.booleans() | st.integers() | st.text(max_size=12)
_values = st.recursive(
    _scalars, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(
        st.text(max_size=6), inner, max_size=3), max_leaves=6
)
_entries = st.dictionaries(
    st.sampled_from(["id", "url", "title", "website", "url_status", "accessdate", "x"]),
    _values | st.just("https://example.org/a"),
    max_size=5,
) | _values


def _outcome(read):  # type: ignore[no-untyped-def]
    try:
        return ("ok", read())
    except InputError as exc:
        return ("error", str(exc))


@settings(max_examples=300, deadline=None)
@given(
    entries=st.lists(_entries, max_size=6),
    wrapped=st.booleans(),
    extra=st.dictionaries(st.sampled_from(["source", "note", "references"]), _values,
                          max_size=2),
    indent=st.sampled_from([None, 1, 2]),
    cut=st.none() | st.integers(min_value=0, max_value=400),
    tail=st.sampled_from(["", "\n", " x", ",", "]", "}"]),
)
def test_streaming_equals_reading_whole(entries, wrapped, extra, indent, cut, tail) -> None:  # type: ignore[no-untyped-def]
    document = {**extra, "references": entries} if wrapped else entries
    text = json.dumps(document, indent=indent, ensure_ascii=False)
    if cut is not None:
        text = text[:cut]  # broken documents must end the same way too
    text += tail
    streamed = _outcome(lambda: READER.read(text, file="refs.json"))
    whole = _outcome(lambda: READER._read_whole(text, file="refs.json"))
    assert streamed == whole


def test_entries_are_decoded_one_at_a_time() -> None:
    entries = [{"url": f"https://e.org/{i}"} for i in range(5)]
    text = json.dumps({"source": "x", "references": entries})
    stream = _stream_entries(text)
    start, end, first = next(stream)
    assert first == {"url": "https://e.org/0"}
    assert json.loads(text[start:end]) == first
    assert len(list(stream)) == 4


def test_a_second_references_key_is_left_to_the_whole_reading() -> None:
    text = '{"references": [{"url": "https://a.org/"}], "references": [{"url": "https://b.org/"}]}'
    refs = READER.read(text, file="refs.json").references
    assert [r.url for r in refs] == ["https://b.org/"]  # as json.loads decides
