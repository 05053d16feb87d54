from __future__ import annotations

import tomllib
from datetime import timedelta
from pathlib import Path

import pytest

from citecheck.cli.config import render_settings
from citecheck.cli.settings import (
    Config,
    discover_config,
    find_config,
    load_config,
    merge,
    overrides_from_args,
    validate,
)
from citecheck.cli.table import KEYS
from citecheck.errors import ConfigError
from citecheck.models import DEFAULT_FAIL_ON, ArchiveStatus, Verdict
from citecheck.options import DEFAULT_CONCURRENCY, CheckOptions, ResolvePin

FULL = """
concurrency = 8
per-host = 1
host-interval = 1
timeout = 2.5
retries = 0
user-agent = "my-bot/1.0"
fail-on = ["dead", "invalid"]
fail-on-archive = "broken,missing"
max-failures = 3
baseline = "ci/baseline.json"
archive-url = "http://127.0.0.1:8080/"
no-archive = false
save-missing = true
format = ["junit", "sarif"]
ignore = ["https://twitter.com/*", "re:[?&]sid="]
accept-status = { "example.com" = [403, 429], "paywall.example.net" = 401 }
ca-cert = "certs/ca.pem"
allow-private = true
canary = ["http://127.0.0.1:9/"]
resolve = ["news.test:8443:127.0.0.2", "Blog.Test.:[::1]"]
total-timeout = 30
no-probe = true
insecure = false
input-format = "WikiText"
quiet = true
verbose = false
archive-live = true
repair-archives = false
no-find-moved = true
update-moved = true
db = "state/history.sqlite3"
max-age = "20h"
confirm-checks = 4
confirm-days = 2
changes-format = "markdown"
changes-output = "changes.md"
show = "all"
executor = "local"
workers = 3
scheduler = "tcp://127.0.0.1:8786"
chunk-size = 50
namespaces = "0,14"
"""


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_every_key_loads_and_normalises(tmp_path):
    config = load_config(_write(tmp_path / "citecheck.toml", FULL))
    v = config.values
    assert set(v) == set(KEYS)  # FULL exercises every key
    assert v["host-interval"] == 1.0 and isinstance(v["host-interval"], float)
    assert v["fail-on"] == {Verdict.DEAD, Verdict.INVALID}
    assert v["fail-on-archive"] == {ArchiveStatus.BROKEN, ArchiveStatus.MISSING}
    assert v["baseline"] == str(tmp_path / "ci" / "baseline.json")  # relative to the file
    assert v["archive-url"] == "http://127.0.0.1:8080"
    assert v["accept-status"] == {"example.com": (403, 429), "paywall.example.net": (401,)}
    assert v["format"] == ("junit", "sarif")
    assert [str(pin) for pin in v["resolve"]] == ["news.test:8443:127.0.0.2", "blog.test:[::1]"]
    assert v["input-format"] == "wikitext"
    assert v["db"] == tmp_path / "state" / "history.sqlite3"
    assert v["max-age"] == timedelta(hours=20) and v["confirm-days"] == timedelta(days=2)
    options = merge(config).check_options()
    assert (options.total_timeout, options.probe_soft_404) == (30.0, False)
    assert options.workers == 3


def test_pyproject_table(tmp_path):
    path = _write(tmp_path / "pyproject.toml",
                  '[project]\nname = "x"\n\n[tool.citecheck]\ntimeout = 3\n')
    assert load_config(path).values == {"timeout": 3.0}
    with pytest.raises(ConfigError, match=r"toml: \[tool.citecheck\] unknown key 'tmeout'"):
        load_config(_write(tmp_path / "pyproject.toml", "[tool.citecheck]\ntmeout = 3\n"))


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("timout = 3", "unknown key 'timout' \\(did you mean 'timeout'\\?\\)"),
        ("per_host = 3", "unknown key 'per_host' \\(did you mean 'per-host'\\?\\)"),
        ("zzz = 1", "unknown key 'zzz'$"),
        ('concurrency = "8"', 'concurrency: expected an integer, got "8"'),
        ("concurrency = 0", "concurrency: must be at least 1, got 0"),
        ("retries = true", "retries: expected an integer, got true"),
        ("timeout = 0", "timeout: must be more than 0, got 0"),
        ("timeout = nan", "timeout: must be more than 0"),
        ("no-archive = 1", "no-archive: expected true or false, got 1"),
        ('fail-on = ["dead", "gone"]', "fail-on: unknown value 'gone'"),
        ("fail-on = [1]", "fail-on: expected a list of strings"),
        ('format = ["xml"]', "format: unknown format 'xml'"),
        ('archive-url = "ftp://x"', "archive-url: expected an http\\(s\\) URL"),
        ('ignore = ["re:("]', "ignore: invalid regular expression"),
        ('accept-status = { "e.com" = ["403"] }', "accept-status.e.com: expected a list"),
        ('accept-status = { "e.com" = [999] }', "accept-status.e.com: 999 is not an HTTP status"),
        ("accept-status = [403]", "accept-status: expected a table"),
        ('user-agent = ""', "user-agent: expected a non-empty string"),
        ('resolve = ["news.test:example.org"]', "resolve: address 'example.org' is not an IP"),
        ('resolve = ["news.test"]', "resolve: expects HOST\\[:PORT\\]:ADDR"),
        ("resolve = [1]", "resolve: expected a list of"),
        ("resolve = 1", "resolve: expected a list of"),
    ],
)
def test_errors_name_the_file_and_key(tmp_path, text, message):
    path = _write(tmp_path / "citecheck.toml", text + "\n")
    with pytest.raises(ConfigError, match=f"^{path}: {message}"):
        load_config(path)


def test_broken_and_missing_files(tmp_path):
    with pytest.raises(ConfigError, match="cannot read TOML"):
        load_config(_write(tmp_path / "citecheck.toml", "timeout = = 3"))
    with pytest.raises(ConfigError, match="config file not found"):
        load_config(tmp_path / "nope.toml")
    with pytest.raises(ConfigError, match=r"\[tool.citecheck\] must be a table"):
        load_config(_write(tmp_path / "pyproject.toml", "[tool]\ncitecheck = 3\n"))


def test_discovery_walks_up_and_prefers_citecheck_toml(tmp_path):
    deep = tmp_path / "a" / "b" / "c"
    deep.mkdir(parents=True)
    assert find_config(deep) is None or not str(find_config(deep)).startswith(str(tmp_path))
    _write(tmp_path / "pyproject.toml", "[tool.citecheck]\nretries = 1\n")
    assert find_config(deep) == tmp_path / "pyproject.toml"
    # A pyproject without the table is passed by on the way up.
    _write(tmp_path / "a" / "pyproject.toml", '[project]\nname = "x"\n')
    assert find_config(deep) == tmp_path / "pyproject.toml"
    _write(tmp_path / "a" / "b" / "citecheck.toml", "retries = 2\n")
    _write(tmp_path / "a" / "b" / "pyproject.toml", "[tool.citecheck]\nretries = 3\n")
    assert find_config(deep) == tmp_path / "a" / "b" / "citecheck.toml"
    assert discover_config(start=deep).values == {"retries": 2}
    explicit = _write(tmp_path / "other.toml", "retries = 4\n")
    assert discover_config(explicit, start=deep).values == {"retries": 4}


def test_merge_cli_over_config_over_defaults(tmp_path):
    config = load_config(_write(tmp_path / "citecheck.toml", "timeout = 3\nretries = 1\n"))
    settings = merge(config, {"retries": 5, "per_host": None, "fail_on": "dead"}, cwd=tmp_path)
    assert settings["timeout"] == 3.0 and settings.origins["timeout"] == "config"
    assert settings["retries"] == 5 and settings.origins["retries"] == "command line"
    assert settings["concurrency"] == DEFAULT_CONCURRENCY
    assert settings.origins["per-host"] == "default"
    assert settings["fail-on"] == {Verdict.DEAD}
    with pytest.raises(ConfigError, match=r"^command line: max-failures: must be at least 0"):
        merge(config, {"max_failures": -1})


def test_overrides_from_an_argparse_namespace(tmp_path):
    import argparse

    pin = ResolvePin("x", None, "1.2.3.4")
    args = argparse.Namespace(per_host=4, fail_on=frozenset({Verdict.DEAD}), no_archive=None,
                              resolve=[pin], format="json,junit", command="check")
    overrides = overrides_from_args(args)
    assert overrides == {"per-host": 4, "fail-on": frozenset({Verdict.DEAD}),
                         "format": "json,junit", "resolve": [pin]}
    config = load_config(_write(tmp_path / "citecheck.toml", "no-archive = true\nper-host = 1\n"))
    settings = merge(config, overrides)
    assert settings["per-host"] == 4 and settings["no-archive"] is True
    assert settings["format"] == ("json", "junit") and settings["fail-on"] == {Verdict.DEAD}
    assert settings["resolve"] == (pin,)


def test_settings_build_run_options(tmp_path):
    config = load_config(_write(tmp_path / "citecheck.toml", FULL))
    settings = merge(config, {"no_archive": True})
    options = settings.check_options(CheckOptions(max_bytes=1234))
    assert options.concurrency == 8 and options.per_host == 1 and options.timeout == 2.5
    assert options.archive is False and options.save_missing is True
    assert options.max_bytes == 1234  # not a config key: kept from the base
    assert options.canaries == ("http://127.0.0.1:9/",)
    assert options.ca_cert == str(tmp_path / "certs" / "ca.pem")
    assert options.resolve == (ResolvePin("news.test", 8443, "127.0.0.2"),
                               ResolvePin("blog.test", None, "::1"))
    # Pins on the command line (parsed by argparse) replace the file's, like any key.
    cli_pin = ResolvePin("x.test", None, "127.0.0.3")
    assert merge(config, {"resolve": [cli_pin]}).check_options().resolve == (cli_pin,)
    rules = settings.ignore_rules()
    assert rules.accepted_for("www.example.com") == {403, 429}
    with pytest.raises(ConfigError, match="does not exist"):
        settings.gate_options()  # the configured baseline file is missing
    gate = settings.gate_options(use_baseline=False)
    assert gate.max_failures == 3 and gate.fail_on == {Verdict.DEAD, Verdict.INVALID}
    defaults = merge(Config()).gate_options()
    assert defaults.fail_on == DEFAULT_FAIL_ON and defaults.baseline is None


def test_show_renders_valid_toml_that_round_trips(tmp_path):
    config = load_config(_write(tmp_path / "citecheck.toml", FULL))
    text = render_settings(merge(config, {"timeout": 9}))
    assert f"# config file: {tmp_path / 'citecheck.toml'}" in text
    assert "timeout = 9.0  # command line: seconds per request" in text
    assert 'fail-on = ["dead", "invalid"]  # config' in text
    reparsed = validate(tomllib.loads(text), base=tmp_path)
    assert reparsed == {**config.values, "timeout": 9.0}
    defaults = render_settings(merge(Config()))
    assert "# baseline = (not set)" in defaults and "# config file: none found" in defaults
    assert validate(tomllib.loads(defaults))["fail-on"] == DEFAULT_FAIL_ON
