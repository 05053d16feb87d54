"""Every long option is a config key (README, Configuration), checked through the CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from citecheck.cli import main
from citecheck.cli.app import build_parser
from citecheck.cli.table import KEYS
from tests.conftest import fast_args, write_refs
from tests.support.simweb import SimWeb, stall

# Options that say what one run does or reads, not how citecheck behaves: a file of
# settings has no use for them (README, Configuration, lists the same).
PER_RUN = {"help", "version", "debug", "config", "wiki", "output", "resume", "dry-run",
           "title", "page-limit", "shard", "dump-index"}


def _long_options(command: str) -> set[str]:
    parser, _ = build_parser([command])
    sub = next(a for a in parser._actions if a.dest == "command").choices[command]
    return {opt[2:] for action in sub._actions for opt in action.option_strings
            if opt.startswith("--")}


@pytest.mark.parametrize("command", ["check", "fix", "audit"])
def test_every_long_option_is_a_config_key(command: str) -> None:
    options = _long_options(command) - PER_RUN
    # `format` of history is its own (table/json of one timeline); check's is a key.
    assert options - set(KEYS) == set()


def test_config_keys_reach_the_run(simweb: SimWeb, tmp_path: Path, monkeypatch) -> None:
    simweb.route("slow.test", "/", stall(5))
    refs = write_refs(tmp_path / "refs.json", [{"id": "slow", "url": simweb.url("slow.test")}])
    (tmp_path / "citecheck.toml").write_text(
        'total-timeout = 0.5\nno-probe = true\ninsecure = false\ninput-format = "json"\n'
        'db = "history.sqlite3"\nmax-age = "20h"\nconfirm-checks = 2\n'
        'changes-format = "json"\nchanges-output = "changes.json"\n',
        encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    args = fast_args(simweb)
    at = args.index("--total-timeout")
    del args[at:at + 2]
    assert main(["audit", str(refs), *args]) == 0  # a timeout is not a new problem
    assert (tmp_path / "history.sqlite3").exists()  # db from the config, relative to it
    changes = json.loads((tmp_path / "changes.json").read_text())
    assert isinstance(changes, dict)
    out = tmp_path / "r.json"
    # Every reference ran out of time: nothing was checked (exit 3).
    assert main(["check", str(refs), *args, "--output", str(out)]) == 3
    result = json.loads(out.read_text())["results"][0]
    # total-timeout = 0.5 from the config: the stalled page is cut at half a second.
    assert result["link"]["status"] == "timeout"
    assert result["link"]["elapsed_ms"] < 1500
