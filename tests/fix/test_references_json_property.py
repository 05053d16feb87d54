"""Property test: fixing references.json adds exactly the archive members, in any layout."""

from __future__ import annotations

import json
from dataclasses import replace

from hypothesis import given, settings
from hypothesis import strategies as st

from citecheck.fix import apply_text, plan_fixes
from citecheck.models import LinkStatus, Verdict
from citecheck.sources.json_refs import ReferencesJsonReader
from tests.fix.fix_data import dead_with_capture, result

READER = ReferencesJsonReader()
_TEXT = st.text(alphabet="abc é-", max_size=8)


@st.composite
def document(draw: st.DrawFn) -> tuple[str, int]:
    count = draw(st.integers(min_value=1, max_value=4))
    entries = []
    for n in range(count):
        entry: dict[str, object] = {"url": f"http://site{n}.example/page"}
        for key in draw(st.lists(st.sampled_from(["id", "title", "website", "archive_url",
                                                  "archive_date", "url_status"]), unique=True)):
            entry[key] = draw(_TEXT) if key != "archive_url" else None
            if key == "id":
                entry[key] = f"id{n}"
            if key == "url_status":
                entry[key] = draw(st.sampled_from([None, "live"]))
        entries.append(entry)
    doc: object = entries if draw(st.booleans()) else {"source": "x", "references": entries}
    indent = draw(st.sampled_from([None, 1, 2, 4, "\t"]))
    separators = draw(st.sampled_from([None, (",", ":"), (", ", ": ")]))
    text = json.dumps(doc, indent=indent, separators=separators, ensure_ascii=draw(st.booleans()))
    if draw(st.booleans()):
        text = text.replace("\n", "\r\n")
    return text, count


@settings(max_examples=80, deadline=None)
@given(document(), st.data())
def test_fix_adds_only_the_archive_members(doc: tuple[str, int], data: st.DataObject) -> None:
    text, count = doc
    refs = READER.read(text, file="references.json").references
    dead = set(data.draw(st.lists(st.sampled_from(range(count)), unique=True)))
    results = [
        dead_with_capture(r, "20200102000000") if i in dead
        else result(r, Verdict.OK, LinkStatus.LIVE)
        for i, r in enumerate(refs)
    ]  # fmt: skip
    fixed = apply_text(text, plan_fixes(results, text, "references.json", "json"))
    before, after = json.loads(text), json.loads(fixed)
    old = before if isinstance(before, list) else before["references"]
    new = after if isinstance(after, list) else after["references"]
    for i, (a, b) in enumerate(zip(old, new, strict=True)):
        if i not in dead:
            assert a == b
            continue
        expected = dict(a)
        expected.update(
            archive_url=f"https://web.archive.org/web/20200102000000/{a['url']}",
            archive_date="2020-01-02",
            url_status="dead",
        )
        assert b == expected
        assert list(b)[: len(a)] == list(a)  # existing keys keep their order
    if "\r\n" in text:
        assert fixed.count("\n") == fixed.count("\r\n")
    again = [replace(r, reference=n) for r, n in
             zip(results, READER.read(fixed, file="references.json").references, strict=True)]
    assert plan_fixes(again, fixed, "references.json", "json") == ()
