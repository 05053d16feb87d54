"""The fast validity check of references.json entries agrees with the JSON Schema."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from citecheck.sources.json_refs import FIELDS, _entry_validator, _plainly_valid

values = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False),
    st.sampled_from(["http://a.test/", "HTTPS://b.test", "ftp://c.test", "live", "dead", "x"]),
    st.text(max_size=10), st.lists(st.integers(), max_size=2),
)
entries = st.dictionaries(st.sampled_from([*FIELDS, "id", "extra"]), values, max_size=8)


@settings(max_examples=500)
@given(entries)
def test_fast_path_never_accepts_what_the_schema_rejects(entry: dict) -> None:
    if _plainly_valid(entry):
        assert not list(_entry_validator().iter_errors(entry))
