from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from citecheck.errors import InputError
from citecheck.fix import Edit, FixConflictError, apply_edits, load_source, render_diff


def edit(text: str, old: str, new: str) -> Edit:
    start = text.index(old)
    return Edit("f.wiki", (start, start + len(old)), old, new)


def test_writes_atomically_and_keeps_mode_bom_and_crlf(tmp_path: Path) -> None:
    path = tmp_path / "f.wiki"
    path.write_bytes(b"\xef\xbb\xbfline one\r\n|url-status=live\r\nend")
    os.chmod(path, 0o640)
    source = load_source(path)
    assert source.encoding == "utf-8-sig" and source.text.startswith("line one\r\n")
    changed = apply_edits(path, source.text, [edit(source.text, "live", "dead")],
                          encoding=source.encoding)  # fmt: skip
    assert changed
    assert path.read_bytes() == b"\xef\xbb\xbfline one\r\n|url-status=dead\r\nend"
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["f.wiki"]  # no temporary file left


def test_no_changes_never_touches_the_file(tmp_path: Path) -> None:
    path = tmp_path / "f.wiki"
    path.write_text("same")
    os.utime(path, (1_000_000, 1_000_000))
    assert not apply_edits(path, "same", [])
    assert not apply_edits(path, "same", [edit("same", "same", "same")])
    assert path.stat().st_mtime == 1_000_000


def test_refuses_a_file_changed_since_it_was_read(tmp_path: Path) -> None:
    path = tmp_path / "f.wiki"
    path.write_text("|url-status=live")
    source = load_source(path)
    path.write_text("|url-status=live|title=edited meanwhile")
    with pytest.raises(FixConflictError):
        apply_edits(path, source.text, [edit(source.text, "live", "dead")])
    assert path.read_text() == "|url-status=live|title=edited meanwhile"


def test_latin1_file_round_trips_bytes(tmp_path: Path) -> None:
    path = tmp_path / "refs.bib"
    path.write_bytes(b"title = {Caf\xe9}, status = live")
    source = load_source(path)
    assert source.encoding == "latin-1"
    apply_edits(path, source.text, [edit(source.text, "live", "dead")], encoding=source.encoding)
    assert path.read_bytes() == b"title = {Caf\xe9}, status = dead"


def test_missing_file_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError):
        load_source(tmp_path / "absent.wiki")


def test_utf16_file_is_refused_not_read_as_latin1(tmp_path: Path) -> None:
    path = tmp_path / "a.wiki"
    path.write_bytes("{{cite web |url=https://a.test/}}".encode("utf-16"))
    with pytest.raises(InputError, match="is UTF-16 text"):
        load_source(path)
    assert path.read_bytes().startswith(b"\xff\xfe")  # untouched


def test_diff_is_unified_and_marks_a_missing_final_newline() -> None:
    text = "a\nb\u2028still b\n|url-status=live"
    diff = render_diff("f.wiki", text, [edit(text, "live", "dead")])
    assert diff == (
        "--- a/f.wiki\n+++ b/f.wiki\n@@ -1,3 +1,3 @@\n a\n b\u2028still b\n"
        "-|url-status=live\n\\ No newline at end of file\n"
        "+|url-status=dead\n\\ No newline at end of file\n"
    )
    assert render_diff("f.wiki", text, []) == ""
