"""The GitHub Action and the pre-commit hook run valid `citecheck check` command lines.

The action's shell steps are run for real with bash, with a stand-in `citecheck` on PATH
that records its argv; the argv is then parsed by citecheck's own CLI parser and output
planner. Options the CLI does not have yet (gating flags still to be wired) are checked
against DESIGN.md's contract instead.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shlex
import stat
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from citecheck.cli.values import REPORT_FORMATS as FORMATS
from citecheck.gating import GateOptions, parse_archive_statuses, parse_verdicts

ROOT = Path(__file__).resolve().parents[2]


def contract_parser() -> argparse.ArgumentParser:
    """`citecheck check` options as DESIGN.md's CLI contract defines them."""
    parser = argparse.ArgumentParser(prog="citecheck", exit_on_error=False)
    sub = parser.add_subparsers(dest="command", required=True)
    check = sub.add_parser("check", exit_on_error=False)
    check.add_argument("inputs", nargs="+")
    check.add_argument("--format", default="table")
    check.add_argument("--output", action="append", default=[])
    check.add_argument("--fail-on")
    check.add_argument("--fail-on-archive")
    check.add_argument("--max-failures", type=int)
    check.add_argument("--baseline")
    check.add_argument("--config")
    return parser


def assert_cli_accepts(argv: list[str]) -> argparse.Namespace:
    """Parse with the real CLI parser (its errors exit) and plan the outputs as it would."""
    from citecheck.cli.app import build_parser
    from citecheck.cli.outputs import plan_outputs
    from citecheck.cli.values import REPORT_FORMATS as FORMAT_NAMES

    parser, _ = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        raise AssertionError(f"citecheck's parser rejects {argv}") from exc
    plan_outputs(",".join(args.format or ["table"]), args.output, allowed=FORMAT_NAMES)
    return args


def assert_valid_check(argv: list[str]) -> argparse.Namespace:
    def fail(message: str) -> None:
        raise AssertionError(f"{message}: {argv}")

    parser = contract_parser()
    parser.error = fail  # type: ignore[method-assign]
    try:
        args = parser.parse_args(argv)
    except argparse.ArgumentError as exc:
        raise AssertionError(f"{exc}: {argv}") from exc
    formats = args.format.split(",")
    assert all(f in FORMATS for f in formats), formats
    # One --output per format in order; at most one format may go to stdout.
    assert len(formats) - 1 <= len(args.output) <= len(formats)
    if args.fail_on is not None:
        parse_verdicts(args.fail_on)
    if args.fail_on_archive is not None:
        parse_archive_statuses(args.fail_on_archive)
    return args


@pytest.fixture
def fake_citecheck(tmp_path):
    """A `citecheck` that records its argv and exits with $FAKE_EXIT."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    script = bin_dir / "citecheck"
    script.write_text(
        f"#!{sys.executable}\nimport json, os, sys\n"
        "with open(os.environ['FAKE_ARGV_LOG'], 'a') as f:\n"
        "    f.write(json.dumps(sys.argv[1:]) + '\\n')\n"
        "sys.exit(int(os.environ.get('FAKE_EXIT', '0')))\n"
    )
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    return bin_dir


def _action() -> dict:
    return yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))


def _step(action: dict, name: str) -> dict:
    return next(s for s in action["runs"]["steps"] if s.get("name") == name)


def _run_step(step: dict, env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess:
    # GitHub runs `shell: bash` steps as `bash --noprofile --norc -eo pipefail FILE`.
    script = cwd / "step.sh"
    script.write_text(step["run"], encoding="utf-8")
    return subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", str(script)],
                          env={**os.environ, **env}, cwd=cwd, capture_output=True, text=True,
                          timeout=30)


def test_action_metadata():
    action = _action()
    assert set(action["inputs"]) >= {"files", "args", "fail-on"}
    assert action["inputs"]["files"]["required"] is True
    assert action["runs"]["using"] == "composite"
    uses = [s.get("uses", "") for s in action["runs"]["steps"]]
    assert any(u.startswith("github/codeql-action/upload-sarif@") for u in uses)
    install = _step(action, "Install citecheck")["run"]
    assert "pip install" in install and "citecheck-audit" in install
    # No step pastes an input into a script: inputs go through env.
    for step in action["runs"]["steps"]:
        assert "${{" not in step.get("run", "")


@pytest.mark.parametrize("exit_code", [0, 1, 3])
def test_action_runs_a_valid_check_and_gates_on_its_exit_code(fake_citecheck, tmp_path,
                                                              exit_code):
    action = _action()
    log = tmp_path / "argv.jsonl"
    (tmp_path / "docs").mkdir()
    for name in ("docs/a.md", "docs/b.md", "references.json"):
        (tmp_path / name).write_text("x")
    outputs = tmp_path / "github_output"
    env = {
        "PATH": f"{fake_citecheck}{os.pathsep}{os.environ['PATH']}",
        "FAKE_ARGV_LOG": str(log),
        "FAKE_EXIT": str(exit_code),
        "GITHUB_OUTPUT": str(outputs),
        "GITHUB_STEP_SUMMARY": str(tmp_path / "summary file.md"),
        "INPUT_FILES": "references.json docs/*.md",
        # Shell syntax in an input stays data.
        "INPUT_ARGS": "--baseline ci/baseline.json --max-failures 2 $(touch pwned)",
        "INPUT_FAIL_ON": action["inputs"]["fail-on"]["default"],
    }
    check = _run_step(_step(action, "Check citations"), env, tmp_path)
    assert check.returncode == 0, check.stderr  # the gate step decides, after the upload
    argv = json.loads(log.read_text().splitlines()[0])
    with pytest.raises(AssertionError):  # "$(touch" is not an input file's valid option…
        assert_valid_check(argv)
    assert not (tmp_path / "pwned").exists()  # …and was never executed
    # Without extra args the command line is one the real CLI accepts as it is.
    env["INPUT_ARGS"] = ""
    log.unlink()
    outputs.unlink()
    _run_step(_step(action, "Check citations"), env, tmp_path)
    args = assert_cli_accepts(json.loads(log.read_text()))
    assert args.inputs == ["references.json", "docs/a.md", "docs/b.md"]
    assert args.format == ["sarif,markdown"]
    assert args.output == ["citecheck.sarif", str(tmp_path / "summary file.md")]
    assert args.fail_on == GateOptions().fail_on
    assert outputs.read_text() == f"exit-code={exit_code}\n"
    # Extra args are appended as separate words.
    env["INPUT_ARGS"] = "--baseline ci/baseline.json --max-failures 2"
    log.unlink()
    _run_step(_step(action, "Check citations"), env, tmp_path)
    args = assert_valid_check(json.loads(log.read_text()))
    assert args.baseline == "ci/baseline.json" and args.max_failures == 2

    gate = _run_step(_step(action, "Gate"), {"EXIT_CODE": str(exit_code)}, tmp_path)
    assert gate.returncode == exit_code


def test_pre_commit_hook():
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    (hook,) = hooks
    assert hook["id"] == "citecheck" and hook["language"] == "python"
    files = ["docs/Article.wikitext", "README.md", "refs/library.bib", "references.json",
             "data/items.csl.json"]
    program, *argv = [*shlex.split(hook["entry"]), *files]
    assert program == "citecheck"
    assert assert_cli_accepts(argv).inputs == files
    pattern = re.compile(hook["files"])
    assert all(pattern.search(f) for f in files)
    for other in ("package.json", "src/app.py", "docs/md.txt", "myreferences.json"):
        assert not pattern.search(other), other
