"""Consistent validation through the CLI: limits, timeouts, one-line errors, --debug."""

from __future__ import annotations

from pathlib import Path

import pytest

from citecheck.cli import main
from tests.conftest import fast_args, write_refs
from tests.support.simweb import SimWeb, stall


def _exit_code(argv: list[str]) -> int:
    """main's return value, or the code argparse exits with on a usage error."""
    try:
        return main(argv)
    except SystemExit as exc:
        return int(exc.code or 0)


@pytest.fixture
def refs(tmp_path: Path) -> Path:
    return write_refs(tmp_path / "refs.json", [{"id": "a", "url": "https://news.test/a"}])


@pytest.mark.parametrize("option", [
    ["--timeout", "0"], ["--total-timeout", "0"], ["--total-timeout", "-1"],
    ["--concurrency", "0"], ["--per-host", "0"], ["--retries", "-1"],
    ["--max-failures", "-1"], ["--host-interval", "-1"], ["--timeout", "x"],
    ["--chunk-size", "0"],
])
def test_zero_or_negative_limits_are_one_line_usage_errors(
    refs: Path, option: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert _exit_code(["check", str(refs), *option]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1, err  # one line: no usage block
    assert "see `citecheck check --help`" in err
    assert option[0].lstrip("-") in err


def test_unknown_command_is_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    assert _exit_code(["chek"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "see `citecheck --help`" in err


def test_a_run_where_everything_timed_out_checked_nothing(
    simweb: SimWeb, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    simweb.route("slow.test", "/a", stall(5))
    simweb.route("slow.test", "/b", stall(5))
    refs = write_refs(tmp_path / "refs.json", [
        {"id": "a", "url": simweb.url("slow.test", "/a")},
        {"id": "b", "url": simweb.url("slow.test", "/b")},
    ])
    args = [a for a in fast_args(simweb, total_timeout=0.5) if a != "--quiet"]
    assert main(["check", str(refs), *args]) == 3
    assert "nothing was checked (exit 3)" in capsys.readouterr().err


def test_debug_works_after_the_command(
    refs: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import citecheck.cli.check as check_command

    def broken(args: object) -> int:
        raise RuntimeError("boom")

    monkeypatch.setattr(check_command, "run", broken)
    assert main(["check", str(refs), "--debug"]) == 4
    err = capsys.readouterr().err
    assert "internal error: RuntimeError: boom" in err
    assert "Traceback (most recent call last)" in err
