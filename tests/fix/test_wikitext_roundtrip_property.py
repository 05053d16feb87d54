"""Property tests: the wikitext planner changes exactly the citations it fixes."""

from __future__ import annotations

from dataclasses import replace

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from citecheck.fix import apply_text, plan_fixes
from citecheck.models import LinkStatus, Verdict
from citecheck.sources.wikitext import WikitextReader
from tests.fix.fix_data import dead_with_capture, result

READER = WikitextReader()
_VALUE = st.text(alphabet="abc XYZ.,:é-", min_size=0, max_size=12).map(str.strip)
_SPACING = st.sampled_from([("", "", "", ""), (" ", "", "", ""), (" ", " ", " ", " "),
                            ("\n", " ", " ", " "), ("\n", "", "", "")])  # fmt: skip
_OPTIONAL = st.sampled_from(["title", "website", "date", "access-date", "language",
                             "archive-url", "url-status", "publisher"])  # fmt: skip


@st.composite
def citation(draw: st.DrawFn, n: int) -> str:
    sep, pre_name, post_name, pre_value = draw(_SPACING)
    names = draw(st.lists(_OPTIONAL, unique=True, max_size=5))
    params = [("url", f"http://site{n}.example/page")]
    for name in names:
        value = draw(_VALUE)
        if name in ("date", "access-date"):
            value = draw(st.sampled_from(["", "2019-05-05", "5 May 2019", "May 5, 2019"]))
        if name == "archive-url":
            value = ""  # an empty archive-url is filled, a set one is a different case
        params.append((name, value))
    params = draw(st.permutations(params))
    body = "".join(f"{sep}|{pre_name}{k}{post_name}={pre_value}{v}" for k, v in params)
    name = draw(st.sampled_from(["cite web", "Cite news", "cite_journal", "citation"]))
    return f"{{{{{name}{body}{sep}}}}}"


@st.composite
def article(draw: st.DrawFn) -> str:
    count = draw(st.integers(min_value=1, max_value=4))
    parts = [draw(st.sampled_from(["", "{{Use dmy dates}}\n", "{{use mdy dates}}\n"]))]
    for n in range(count):
        prose = draw(st.sampled_from(["Text.", "Some <!-- note --> prose.", "Line\n\nbreak."]))
        parts.append(f"{prose}<ref>{draw(citation(n))}</ref>\n")
    text = "".join(parts)
    return text.replace("\n", "\r\n") if draw(st.booleans()) else text


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(article(), st.data())
def test_fix_changes_only_the_fixed_citations(text: str, data: st.DataObject) -> None:
    refs = READER.read(text, file="a.wiki").references
    assert len(refs) >= 1
    dead = data.draw(st.lists(st.sampled_from([r.id for r in refs]), unique=True))
    results = [
        dead_with_capture(r, "20200102000000")
        if r.id in dead
        else result(r, Verdict.OK, LinkStatus.LIVE)
        for r in refs
    ]
    edits = plan_fixes(results, text, "a.wiki", "wikitext")
    fixed = apply_text(text, edits)
    if not dead:
        assert edits == () and fixed == text
        return
    # Edits only ever add text inside the span of a fixed citation.
    for e in edits:
        ref = next(r for r in refs if r.id == e.ref_id)
        assert ref.id in dead
        assert ref.location.start <= e.span[0] <= e.span[1] <= ref.location.end  # type: ignore[operator]
    after = {r.id: r for r in READER.read(fixed, file="a.wiki").references}
    assert set(after) == {r.id for r in refs}
    for ref in refs:
        new = after[ref.id]
        if ref.id in dead:
            assert new.archive_url == f"https://web.archive.org/web/20200102000000/{ref.url}"
            assert new.archive_date == "2020-01-02"
            assert new.url_status == "dead"
            untouched = replace(new, archive_url=ref.archive_url, archive_date=ref.archive_date,
                                url_status=ref.url_status, location=ref.location)  # fmt: skip
            assert untouched == ref
        else:
            assert replace(new, location=ref.location) == ref
    if "\r\n" in text:
        assert fixed.count("\n") == fixed.count("\r\n")
    # Idempotent: the same evidence on the re-read text plans nothing more.
    again = [replace(r, reference=after[r.id]) for r in results]
    assert plan_fixes(again, fixed, "a.wiki", "wikitext") == ()
