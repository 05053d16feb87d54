"""The streamed JSON report is exactly the plain serialisation of the report contract."""

from __future__ import annotations

import json

from hypothesis import given
from hypothesis import strategies as st

from citecheck.models import Report
from citecheck.report.json_report import JsonFormatter, indented_json, report_dict
from tests.report.report_sample import build_sample_report


def test_streamed_json_equals_plain_dump() -> None:
    report = build_sample_report()
    expected = json.dumps(report_dict(report), ensure_ascii=False, indent=2) + "\n"
    assert JsonFormatter().render(report) == expected


def test_empty_report() -> None:
    report = Report(results=())
    expected = json.dumps(report_dict(report), ensure_ascii=False, indent=2) + "\n"
    assert JsonFormatter().render(report) == expected


# What a report's values can be: any text (titles and errors come from hostile pages:
# control characters, lone surrogates excluded as JSON cannot carry them, U+2028),
# ints, bools, None, and scores rounded to 4 decimals, nested in lists and objects.
_scalars = (
    st.text(st.characters(blacklist_categories=("Cs",)))
    | st.integers(min_value=-(2**63), max_value=2**63 - 1)
    | st.booleans()
    | st.none()
    | st.floats(min_value=-1e6, max_value=1e6, allow_nan=False).map(lambda f: round(f, 4))
)
_values = st.recursive(
    _scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=12,
)


@given(_values)
def test_the_report_s_encoder_writes_what_the_standard_library_would(value: object) -> None:
    assert indented_json(value) == json.dumps(value, ensure_ascii=False, indent=2)
