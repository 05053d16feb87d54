"""The option table is the one definition of every option: its flag, its config key,
its checking, its default, `config show` and the CheckOptions field it sets."""

from __future__ import annotations

import argparse
import dataclasses
import tomllib
from pathlib import Path

import pytest

from citecheck.cli import main, table
from citecheck.cli.app import COMMANDS, build_parser
from citecheck.cli.common import settings_from_args
from citecheck.cli.config import render_settings
from citecheck.cli.settings import Config, load_config, merge, overrides_from_args, validate
from citecheck.cli.table import KEYS, NETWORK, OPTIONS, Option
from citecheck.cli.values import POSITIVE_INT, REPORT_FORMATS
from citecheck.errors import ConfigError
from citecheck.options import DEFAULT_MAX_BYTES, CheckOptions, usable_cores

# A command's options live on a nested parser for the commands with actions.
ACTION = {"baseline": "update", "config": "show"}
# Command-line words and the same value as TOML, for the round trips below; a key
# without a sample round-trips its default.
SAMPLES: dict[str, tuple[list[str], str]] = {
    "input-format": (["WikiText"], '"wikitext"'),
    "verbose": ([], "true"),
    "concurrency": (["8"], "8"),
    "per-host": (["3"], "3"),
    "host-interval": (["1.5"], "1.5"),
    "timeout": (["2.5"], "2.5"),
    "total-timeout": (["30"], "30"),
    "retries": (["0"], "0"),
    "user-agent": (["my-bot/1.0"], '"my-bot/1.0"'),
    "insecure": ([], "true"),
    "resolve": (["news.test:8443:127.0.0.2"], '["news.test:8443:127.0.0.2"]'),
    "allow-private": ([], "true"),
    "canary": (["http://127.0.0.1:9/"], '["http://127.0.0.1:9/"]'),
    "archive-url": (["http://127.0.0.1:8080/"], '"http://127.0.0.1:8080"'),
    "no-archive": ([], "true"),
    "save-missing": ([], "true"),
    "no-probe": ([], "true"),
    "no-find-moved": ([], "true"),
    "max-failures": (["3"], "3"),
    "baseline": (["ci/known.json"], '"ci/known.json"'),
    "ca-cert": (["certs/ca.pem"], '"certs/ca.pem"'),
    "db": (["state/history.sqlite3"], '"state/history.sqlite3"'),
    "changes-output": (["changes.md"], '"changes.md"'),
    "fail-on": (["dead,invalid"], '["dead", "invalid"]'),
    "fail-on-archive": (["broken,missing"], '"broken,missing"'),
    "executor": (["local"], '"local"'),
    "scheduler": (["tcp://127.0.0.1:8786"], '"tcp://127.0.0.1:8786"'),
    "chunk-size": (["50"], "50"),
    "namespaces": (["0,14"], '"0,14"'),
    "max-age": (["20h"], '"20h"'),
    "confirm-checks": (["4"], "4"),
    "confirm-days": (["2"], "2"),
    "changes-format": (["markdown"], '"markdown"'),
    "archive-live": ([], "true"),
    "repair-archives": ([], "true"),
    "update-moved": ([], "true"),
    "format": (["junit,sarif"], '["junit", "sarif"]'),
    "show": (["all"], '"all"'),
    "quiet": ([], "true"),
}


def command_parser(command: str) -> argparse.ArgumentParser:
    parser, _ = build_parser([command])
    sub = next(a for a in parser._actions if a.dest == "command").choices[command]
    if command in ACTION:
        sub = next(a for a in sub._actions if a.dest.endswith("_action")).choices[ACTION[command]]
    return sub


def parse(command: str, *words: str) -> argparse.Namespace:
    argv = [command, *([ACTION[command]] if command in ACTION else []), *words]
    parser, _ = build_parser(argv)
    return parser.parse_args(argv)


def flags_of(command: str) -> set[str]:
    return {flag for action in command_parser(command)._actions
            for flag in action.option_strings}


@pytest.mark.parametrize("option", OPTIONS, ids=lambda o: o.key)
def test_every_option_is_a_flag_of_each_of_its_commands(option: Option) -> None:
    assert option.commands <= set(COMMANDS)
    for command in option.commands:
        assert option.flag in flags_of(command), (option.key, command)
    for command in set(COMMANDS) - option.commands:
        assert option.flag not in flags_of(command) or command in ("refs", "history"), (
            f"{option.flag} is on {command}, which the table does not list")


@pytest.mark.parametrize("option", [o for o in KEYS.values() if o.commands],
                         ids=lambda o: o.key)
def test_a_flag_and_its_config_key_give_the_same_value(option: Option, tmp_path: Path) -> None:
    """--KEY WORD on the command line, KEY = VALUE in a file and `config show`'s line for
    it read back all make one value."""
    if option.key not in SAMPLES:
        settings = merge(Config())
        assert settings.origins[option.key] == "default"
        shown = validate(tomllib.loads(render_settings(settings)), base=tmp_path)
        assert shown.get(option.key) == option.default
        return
    words, toml = SAMPLES[option.key]
    command = sorted(option.commands)[0]
    args = parse(command, option.flag, *words)
    from_flag = merge(Config(), overrides_from_args(args), cwd=tmp_path)
    assert from_flag.origins[option.key] == "command line"
    value = from_flag[option.key]
    assert value != option.default
    from_file = load_config(_write(tmp_path / "citecheck.toml", f"{option.key} = {toml}\n"))
    assert from_file.values[option.key] == value
    shown = validate(tomllib.loads(render_settings(from_flag)), base=tmp_path)
    assert shown[option.key] == value


def test_config_show_lists_every_key() -> None:
    lines = render_settings(merge(Config())).splitlines()
    for key in KEYS:
        assert any(line.startswith((f"{key} = ", f"# {key} = (not set)")) for line in lines), key
    assert len([line for line in lines if " = " in line]) == len(KEYS)


@pytest.mark.parametrize("key", sorted(KEYS))
def test_a_bad_value_in_a_file_names_the_file_and_key(key: str, tmp_path: Path) -> None:
    # An inline table suits no key but accept-status, which wants nothing else.
    bad = "1" if key == "accept-status" else "{ nested = 1 }"
    path = _write(tmp_path / "citecheck.toml", f"{key} = {bad}\n")
    with pytest.raises(ConfigError, match=f"^{path}: {key}"):
        load_config(path)


@pytest.mark.parametrize(("flag", "word"), [
    ("--concurrency", "0"), ("--retries", "x"), ("--fail-on", "gone"),
    ("--fail-on-archive", "lost"), ("--max-age", "soon"), ("--resolve", "news.test"),
    ("--canary", "ftp://x"), ("--format", "xml"), ("--archive-url", "archive.test"),
    ("--user-agent", ""), ("--wiki", "no such page"), ("--show", "some"),
])
def test_a_bad_word_on_the_command_line_is_a_one_line_usage_error(
    flag: str, word: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    command = "audit" if flag == "--max-age" else "check"
    with pytest.raises(SystemExit) as exited:
        main([command, str(tmp_path / "refs.json"), f"{flag}={word}"])
    assert exited.value.code == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and f"argument {flag}" in err, err


def test_the_defaults_are_the_library_defaults() -> None:
    fields = {f.name for f in dataclasses.fields(CheckOptions)}
    assert {o.field for o in OPTIONS if o.field} <= fields
    # But one: the library runs in its caller's process unless asked, the command line
    # on every usable core.
    assert merge(Config()).check_options() == dataclasses.replace(
        CheckOptions(), workers=usable_cores())
    assert all(o.in_config for o in OPTIONS if o.field)


def test_closed_lists_match_what_they_name() -> None:
    from citecheck.audit.render import RENDERERS
    from citecheck.report import FORMATTERS, get_formatter

    assert tuple(FORMATTERS) == REPORT_FORMATS
    # Each name finds its own class (imported only when asked for).
    assert all(get_formatter(name).name == name for name in FORMATTERS)
    assert set(KEYS["changes-format"].kind.choices or ()) == set(RENDERERS)


def test_an_option_added_to_the_table_is_a_flag_a_key_and_sets_its_field(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Adding an option is one entry in the table, plus its use (here: a field the
    engine already reads)."""
    added = Option("max-bytes", POSITIVE_INT, "largest body read for a page",
                   default=DEFAULT_MAX_BYTES, field="max_bytes", group=NETWORK, metavar="N")
    monkeypatch.setattr(table, "OPTIONS", (*OPTIONS, added))
    monkeypatch.setattr(table, "KEYS", {**KEYS, added.key: added})
    monkeypatch.chdir(tmp_path)  # no config file of the repository applies
    args = parse("check", "refs.json", "--max-bytes", "1000")
    settings = settings_from_args(args)
    assert settings.check_options().max_bytes == 1000
    assert "max-bytes = 1000  # command line: largest body read" in render_settings(settings)
    _write(tmp_path / "citecheck.toml", "max-bytes = 5\n")
    assert settings_from_args(parse("fix", "refs.json")).check_options().max_bytes == 5
    with pytest.raises(ConfigError, match="max-bytes: must be at least 1"):
        load_config(_write(tmp_path / "citecheck.toml", "max-bytes = 0\n"))
    with pytest.raises(SystemExit):
        parse("audit", "refs.json", "--max-bytes", "0")


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path
