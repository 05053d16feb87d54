"""The tools under test: how each is invoked on the scenario and how its output is scored.

Every tool gets the same references and the same politeness (global
concurrency, per-host concurrency, interval between starts to one host,
timeout, no retries) and reaches the same loopback address for each host:

- citecheck reads references.json (host names) with one `--resolve NAME:PORT:ADDR`
  pin per host, which also lifts its address guard for exactly those hosts;
- lychee reads the same citations as Markdown (host names) and one `--remap`
  rule rewrites `site-A-B-C.test` to `127.A.B.C` (it has no --resolve);
- LinkChecker reads the URLs with the addresses written in (it has neither).

Outputs are mapped onto citecheck's verdicts as far as each tool can express
them; link-only checkers call every 2xx page "ok".
"""

from __future__ import annotations

import csv
import json
import shutil
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from benchmarks.bound import Politeness
from benchmarks.scenario import (
    LYCHEE_REMAP,
    Scenario,
    resolve_pins,
    write_markdown,
    write_references_json,
    write_url_list,
)

BIN = Path(sys.executable).parent
ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Invocation:
    argv: list[str]
    stdin: Path | None
    output: Path
    # LinkChecker drops root privileges to "nobody" and then cannot write files
    # in our work directory: it reports on stdout instead.
    output_is_stdout: bool = False
    env: dict[str, str] | None = None  # added to the environment


class Tool:
    name = ""

    @property
    def label(self) -> str:
        """How results name this run of the tool."""
        return self.name

    def available(self) -> bool:
        raise NotImplementedError

    def version(self) -> str:
        raise NotImplementedError

    def prepare(self, scenario: Scenario, limits: Politeness, work: Path) -> Invocation:
        raise NotImplementedError

    def verdicts(self, output: Path) -> dict[str, str]:
        """Verdict (in citecheck's vocabulary) per URL path."""
        raise NotImplementedError


class ExternalTool(Tool):
    """A peer installed as a command: the `bench` extra's copy first, else PATH."""

    def _binary(self) -> str | None:
        candidate = BIN / self.name
        return str(candidate) if candidate.exists() else shutil.which(self.name)

    def available(self) -> bool:
        return self._binary() is not None


def _path(url: str) -> str:
    return urlsplit(url).path


def link_verdict(code: int | None, *, timed_out: bool = False) -> str:
    """What a link-only checker's answer means in citecheck's verdicts."""
    if timed_out or code is None:
        return "unreachable"
    if 200 <= code < 300:
        return "ok"
    if code in (401, 402, 403, 407, 429, 451, 999):
        return "blocked"
    if 400 <= code < 500:
        return "dead"
    return "unreachable"


class Citecheck(Tool):
    name = "citecheck"

    def __init__(self, workers: int | None = None, find_moved: bool = False):
        # None: citecheck's own default (the usable cores).
        self.workers = workers
        # The moved-page search asks each dead link's site for its sitemaps and feed
        # (~4 more requests per dead link here) - requests no peer makes. Like the
        # archive step it is an extra stage, off unless asked (--find-moved).
        self.find_moved = find_moved

    @property
    def label(self) -> str:
        label = self.name if self.workers is None else f"{self.name} --workers {self.workers}"
        return label + (" (find-moved)" if self.find_moved else "")

    def available(self) -> bool:
        return True

    def version(self) -> str:
        text = (ROOT / "citecheck" / "_version.py").read_text()
        return text.split("__version__", 1)[1].split('"')[1]

    def prepare(self, scenario: Scenario, limits: Politeness, work: Path) -> Invocation:
        refs = work / "references.json"
        write_references_json(scenario, refs)
        output = work / ("citecheck.json" if self.workers is None
                         else f"citecheck-workers-{self.workers}.json")
        argv = [
            sys.executable, "-m", "citecheck", "check", str(refs),
            "--format", "json", "--output", str(output), "--quiet",
            "--no-archive",  # the archive step is benchmarked on its own
            "--concurrency", str(limits.concurrency),
            "--per-host", str(limits.per_host),
            "--host-interval", f"{limits.interval:g}",
            "--timeout", f"{limits.timeout:g}",
            "--retries", "0",
            "--fail-on", "none",
        ]
        # One pin per host, in a config file: thousands of --resolve flags would cost
        # argparse seconds (its option parsing is quadratic in the number of flags).
        config = work / "citecheck.toml"
        config.write_text(f"resolve = {json.dumps(resolve_pins(scenario))}\n", encoding="utf-8")
        argv += ["--config", str(config)]
        if self.workers is not None:
            argv += ["--workers", str(self.workers)]
        if not self.find_moved:
            argv.append("--no-find-moved")
        # Measure the citecheck of this checkout, not whichever one is installed.
        return Invocation(argv, None, output, env={"PYTHONPATH": str(ROOT)})

    def verdicts(self, output: Path) -> dict[str, str]:
        report = json.loads(output.read_text())
        return {_path(r["url"]): r["verdict"] for r in report["results"]}


class Lychee(ExternalTool):
    name = "lychee"

    def version(self) -> str:
        import subprocess

        binary = self._binary()
        assert binary is not None
        out = subprocess.run([binary, "--version"], capture_output=True, text=True, check=False)
        return out.stdout.strip().split()[-1]

    def prepare(self, scenario: Scenario, limits: Politeness, work: Path) -> Invocation:
        source = work / "references.md"
        write_markdown(scenario, source)
        output = work / "lychee.json"
        binary = self._binary()
        assert binary is not None
        argv = [
            binary, "--no-progress", "--format", "json", "--output", str(output),
            "--max-concurrency", str(limits.concurrency),
            "--host-concurrency", str(limits.per_host),
            "--host-request-interval", f"{round(limits.interval * 1000)}ms",
            "--timeout", str(max(1, round(limits.timeout))),
            "--max-retries", "0",
            "--remap", LYCHEE_REMAP,
            "--config", str(work / "lychee-empty.toml"),  # ignore any lychee.toml around
            str(source),
        ]
        (work / "lychee-empty.toml").write_text("")
        return Invocation(argv, None, output)

    def verdicts(self, output: Path) -> dict[str, str]:
        report = json.loads(output.read_text())
        found: dict[str, str] = {}
        for entries in report.get("error_map", {}).values():
            for entry in entries:
                status = entry.get("status") or {}
                code = status.get("code")
                found[_path(entry["url"])] = link_verdict(int(code) if code else None)
        for entries in report.get("timeout_map", {}).values():
            for entry in entries:
                found[_path(entry["url"])] = "unreachable"
        # Without --verbose lychee lists only problems: every other URL passed.
        found["*"] = "ok"
        return found


class LinkChecker(ExternalTool):
    name = "linkchecker"

    def version(self) -> str:
        from importlib.metadata import version

        return version("linkchecker")

    def prepare(self, scenario: Scenario, limits: Politeness, work: Path) -> Invocation:
        urls = work / "urls.txt"
        write_url_list(scenario, urls, by_address=True)
        output = work / "linkchecker.csv"
        config = work / "linkcheckerrc"
        # LinkChecker limits requests per second per host (no per-host concurrency);
        # above 10/s the server must send a "LinkChecker" header, which ours does.
        rate = 1.0 / limits.interval if limits.interval > 0 else 1000.0
        config.write_text(
            "[checking]\n"
            f"threads={limits.concurrency}\n"
            f"timeout={limits.timeout:g}\n"
            f"maxrequestspersecond={rate:g}\n"
            "recursionlevel=0\n"
            "robotstxt=0\n"
            "[output]\nstatus=0\nwarnings=0\n"
        )
        binary = self._binary()
        assert binary is not None
        argv = [
            binary, "--config", str(config), "--stdin", "--no-status", "--no-warnings",
            "-r0", "--no-robots", "-v", "-o", "csv/utf-8",
        ]
        return Invocation(argv, urls, output, output_is_stdout=True)

    def verdicts(self, output: Path) -> dict[str, str]:
        found: dict[str, str] = {}
        with output.open(encoding="utf-8") as handle:
            rows = (line for line in handle if not line.startswith("#"))
            for row in csv.DictReader(rows, delimiter=";"):
                url = row.get("urlname") or row.get("url") or ""
                result = (row.get("result") or "").strip()
                code = result.split(" ", 1)[0]
                timed_out = "timeout" in result.lower() or "timed out" in result.lower()
                found[_path(url)] = link_verdict(
                    int(code) if code.isdigit() else None, timed_out=timed_out
                )
        return found


ALL_TOOLS: Sequence[Tool] = (Citecheck(), Lychee(), LinkChecker())
