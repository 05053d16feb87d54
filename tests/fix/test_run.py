from __future__ import annotations

from pathlib import Path

import pytest

from citecheck.fix import FixConflictError, fix_file
from citecheck.sources.wikitext import WikitextReader
from tests.fix.fix_data import dead_with_capture, read_data


def results_for(path: Path):
    text = path.read_bytes().decode("utf-8")
    refs = WikitextReader().read(text, file=str(path)).references
    return [dead_with_capture(r) for r in refs]


def test_dry_run_shows_the_diff_and_writes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "article.wiki"
    path.write_bytes(read_data("wikitext_seed_article.wiki").replace("\n", "\r\n").encode())
    before = path.read_bytes()
    outcome = fix_file(path, results_for(path), "wikitext", dry_run=True)
    assert outcome.supported and outcome.edits and not outcome.written
    assert outcome.diff.startswith(f"--- a/{path}\n+++ b/{path}\n")
    assert path.read_bytes() == before
    assert outcome.fixed_ids == ("newarab", "enab", "syriadirect", "ref-9", "ref-11", "ref-13")


def test_fix_writes_once_then_has_nothing_left(tmp_path: Path) -> None:
    path = tmp_path / "article.wiki"
    path.write_text(read_data("wikitext_varied_article.wiki"), encoding="utf-8")
    results = results_for(path)
    first = fix_file(path, results, "wikitext")
    assert first.written and b"archive-url" in path.read_bytes()
    second = fix_file(path, results_for(path), "wikitext")
    assert not second.written and second.edits == () and second.diff == ""


def test_report_only_formats_are_said_so(tmp_path: Path) -> None:
    path = tmp_path / "refs.bib"
    path.write_text("@misc{a, url={http://a.example/}}")
    outcome = fix_file(path, [], "bibtex")
    assert not outcome.supported and not outcome.written


def test_conflict_is_raised_not_patched(tmp_path: Path, monkeypatch) -> None:
    path = tmp_path / "article.wiki"
    path.write_text("<ref>{{cite web|url=http://a.example/}}</ref>")
    results = results_for(path)
    import citecheck.fix.run as run

    real_load = run.load_source

    def load_then_someone_edits(p):  # the file changes between reading and writing
        source = real_load(p)
        Path(p).write_text("<ref>{{cite web|url=http://a.example/}}</ref> edited")
        return source

    monkeypatch.setattr(run, "load_source", load_then_someone_edits)
    with pytest.raises(FixConflictError):
        fix_file(path, results, "wikitext")
    assert path.read_text().endswith(" edited")
