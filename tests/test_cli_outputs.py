"""Output formats from the command line: inferred from --output, repeatable, any case."""

from __future__ import annotations

import csv
import io
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from citecheck.cli import main
from tests.conftest import fast_args, write_refs
from tests.support.simweb import SimWeb, page, status


@pytest.fixture
def refs(simweb: SimWeb, tmp_path: Path) -> Path:
    simweb.route("news.test", "/gone", status(404))
    simweb.route("news.test", "/fine", page("A fine story"))
    return write_refs(tmp_path / "refs.json", [
        {"id": "gone", "url": simweb.url("news.test", "/gone")},
        {"id": "fine", "url": simweb.url("news.test", "/fine"), "title": "A fine story"},
    ])


def test_output_extension_decides_the_format(
    simweb: SimWeb, refs: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    paths = [tmp_path / name for name in ("r.json", "r.csv", "r.md", "r.xml", "r.sarif",
                                          "r.html")]
    args = [arg for path in paths for arg in ("--output", str(path))]
    assert main(["check", str(refs), *fast_args(simweb), *args]) == 1
    assert json.loads(paths[0].read_text())["schema"] == "citecheck-report/1"
    assert paths[1].read_text().startswith("id,")
    assert paths[2].read_text().lstrip().startswith("#")
    assert "<testsuite" in paths[3].read_text()
    assert json.loads(paths[4].read_text())["version"] == "2.1.0"
    assert paths[5].read_text().lstrip().lower().startswith("<!doctype html")
    assert capsys.readouterr().out == ""  # every format went to its file


def test_unknown_extension_asks_for_format(
    simweb: SimWeb, refs: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["check", str(refs), *fast_args(simweb), "--output",
                 str(tmp_path / "r.out")]) == 2
    err = capsys.readouterr().err
    assert "cannot tell its format from the extension" in err and "give --format" in err


def test_format_repeats_and_ignores_case(
    simweb: SimWeb, refs: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out_json, out_csv = tmp_path / "a.txt", tmp_path / "b.txt"
    code = main(["check", str(refs), *fast_args(simweb), "--format", "JSON",
                 "--format", "Csv", "--output", str(out_json), "--output", str(out_csv)])
    assert code == 1
    assert json.loads(out_json.read_text())["summary"]["total"] == 2
    assert out_csv.read_text().startswith("id,")


def test_summary_names_the_files_and_the_counts(
    simweb: SimWeb, refs: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "report.json"
    args = [a for a in fast_args(simweb) if a != "--quiet"]
    assert main(["check", str(refs), *args, "--output", str(out)]) == 1
    err = capsys.readouterr().err
    assert f"citecheck: wrote {out} (json)" in err
    assert "citecheck: 2 references: 1 dead, 1 ok; 1 failed the gate" in err


def test_junit_marks_server_errors_skipped_not_passed(
    simweb: SimWeb, refs: Path, tmp_path: Path
) -> None:
    simweb.route("news.test", "/error", status(503))
    data = json.loads(refs.read_text())
    data["references"].append({"id": "err", "url": simweb.url("news.test", "/error")})
    refs.write_text(json.dumps(data))
    out = tmp_path / "r.xml"
    main(["check", str(refs), *fast_args(simweb), "--output", str(out)])
    case = ET.parse(out).getroot().find(".//testcase[@name='err " +
                                        simweb.url("news.test", "/error") + "']")
    assert case is not None
    skipped = case.find("skipped")
    assert skipped is not None and skipped.get("message", "").startswith(
        "not judged (unreachable): HTTP 503")


def test_baseline_summary_counts_failures_and_accepted_ones(
    simweb: SimWeb, refs: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    baseline = tmp_path / "baseline.json"
    args = [a for a in fast_args(simweb) if a != "--quiet"]
    assert main(["baseline", "update", str(refs), *args, "--baseline", str(baseline)]) == 0
    assert "wrote 1 known failure to" in capsys.readouterr().err
    simweb.route("news.test", "/gone2", status(404))
    data = json.loads(refs.read_text())
    data["references"].append({"id": "gone2", "url": simweb.url("news.test", "/gone2")})
    refs.write_text(json.dumps(data))
    assert main(["check", str(refs), *args, "--baseline", str(baseline)]) == 1
    assert "2 failing: the baseline accepts 1, 1 new fails the gate" in capsys.readouterr().err


def test_progress_bar_shows_an_eta(
    simweb: SimWeb, refs: Path, capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("FORCE_COLOR", "1")  # stderr counts as a terminal
    monkeypatch.setenv("COLUMNS", "160")
    args = [a for a in fast_args(simweb) if a != "--quiet"]
    main(["check", str(refs), *args])
    err = capsys.readouterr().err
    assert "checking" in err and "eta" in err



def _timeless(text: str) -> str:
    """A report's text without what differs between two runs of the same check: times
    (ISO stamps, elapsed milliseconds, JUnit seconds) and the output file's own name."""
    text = re.sub(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ?", "<when>", text)
    return re.sub(r'("elapsed_ms": |time=")[0-9.]+', r"\1<ms>", text)


def test_every_format_says_the_same_whether_results_were_spooled_or_kept(
    simweb: SimWeb, refs: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A large run reads its results back from a spool each time a format walks them;
    a small one keeps them in memory. Every format, the summary and the exit code say
    the same either way."""
    import citecheck.checking.slots as slots

    said: list[dict[str, str]] = []
    for spool_from in (0, 10**9):
        monkeypatch.setattr(slots, "SPOOL_FROM", spool_from)
        outputs = {fmt: tmp_path / f"{spool_from}-{fmt}" for fmt in
                   ("json", "csv", "markdown", "junit", "sarif", "html")}
        args = [a for fmt, path in outputs.items()
                for a in ("--format", fmt, "--output", str(path))]
        code = main(["check", str(refs), *fast_args(simweb), *args, "--format", "table"])
        failed = json.loads(outputs["json"].read_text())["summary"]["failed"]
        texts = {fmt: _timeless(path.read_text()) for fmt, path in outputs.items()}
        rows = list(csv.DictReader(io.StringIO(texts["csv"])))
        texts["csv"] = repr([{k: v for k, v in row.items() if k != "elapsed_ms"} for row in rows])
        said.append({**texts, "table": capsys.readouterr().out, "exit": f"{code} {failed}"})
    spooled, kept = said
    assert kept["exit"] == "1 1"  # exit 1, one failure: the 404
    assert {fmt: spooled[fmt] == kept[fmt] for fmt in kept} == {fmt: True for fmt in kept}
