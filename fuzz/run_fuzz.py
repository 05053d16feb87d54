"""A longer fuzzing run over every reader, the config loader and the page analyser.

Not part of CI (the property tests in tests/ run a short version of the same
idea on every commit). Run it when touching a parser:

    .venv/bin/python fuzz/run_fuzz.py --examples 20000

Each target must either succeed or raise the one error type its contract allows
(InputError for readers, ConfigError for config); anything else is a bug and
is printed with the input that caused it.
"""

from __future__ import annotations

import argparse
import contextlib
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from citecheck.cli.settings import load_config
from citecheck.errors import ConfigError, InputError
from citecheck.page import analyse_page
from citecheck.sources import READERS

# Text that looks a bit like each format, so the fuzzer gets past the first token.
FRAGMENTS = [
    "{{cite web", "|url=", "|title=", "}}", "<ref>", "</ref>", "<ref name=a/>", "[[", "]]",
    "{", "}", "[", "]", '"url":', '"references":', "@article{", "url = {", "howpublished",
    "[text](", ")", "<a href=", ">", "</a>", "http://", "https://x.test/", "\n", "|", "=",
    "\\url{", "<!--", "-->", "<nowiki>", "\x00", "\ufeff", "é", "ع", "漢",
]
texty = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=8)), max_size=60).map(
    "".join
)


def fuzz_readers(examples: int) -> None:
    @settings(max_examples=examples, suppress_health_check=list(HealthCheck), deadline=None)
    @given(st.sampled_from(sorted(READERS)), texty)
    def run(name: str, text: str) -> None:
        with contextlib.suppress(InputError):
            READERS[name].read(text, file="fuzz")

    print("readers", flush=True)
    run()


def fuzz_config(examples: int) -> None:
    keys = st.sampled_from(["per-host", "timeout", "fail-on", "ignore", "accept-status",
                            "format", "canary", "baseline", "bogus"])
    values = st.sampled_from(['3', '"x"', "[1, 2]", '["dead"]', "{a = [403]}", "true", "-1",
                              '"re:("', '"*.test"', "1e400"])

    @settings(max_examples=examples, suppress_health_check=list(HealthCheck), deadline=None)
    @given(st.lists(st.tuples(keys, values), max_size=5), texty)
    def run(pairs: list[tuple[str, str]], junk: str) -> None:
        text = "\n".join(f"{k} = {v}" for k, v in pairs) + "\n" + junk
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "citecheck.toml"
            path.write_text(text, encoding="utf-8", errors="replace")
            with contextlib.suppress(ConfigError):
                load_config(path)

    print("config", flush=True)
    run()


def fuzz_pages(examples: int) -> None:
    tags = st.sampled_from([b"<title>", b"</title>", b"<head>", b"</head>", b"<meta ",
                            b'charset="', b'property="og:title" content="', b'">',
                            b"<script type=\"application/ld+json\">", b"</script>", b"{",
                            b"<h1>", b"</h1>", b"\xff\xfe", b"\xef\xbb\xbf", b"%PDF-1.4"])
    body = st.lists(st.one_of(tags, st.binary(max_size=16)), max_size=80).map(b"".join)

    @settings(max_examples=examples, suppress_health_check=list(HealthCheck), deadline=None)
    @given(body, st.sampled_from([None, "text/html", "application/pdf", "text/plain"]),
           st.sampled_from([None, "utf-8", "windows-1256", "bogus", "utf-16"]))
    def run(data: bytes, content_type: str | None, charset: str | None) -> None:
        analyse_page(data, content_type=content_type, declared_charset=charset,
                     url="http://fuzz.test/")

    print("pages", flush=True)
    run()


TARGETS: dict[str, Callable[[int], None]] = {
    "readers": fuzz_readers, "config": fuzz_config, "pages": fuzz_pages,
}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--examples", type=int, default=5000)
    parser.add_argument("targets", nargs="*", metavar="TARGET",
                        help=f"what to fuzz: {', '.join(TARGETS)} (default: all)")
    args = parser.parse_args()
    unknown = [t for t in args.targets if t not in TARGETS]
    if unknown:
        parser.error(f"unknown targets: {', '.join(unknown)}")
    for target in args.targets or TARGETS:
        TARGETS[target](args.examples)
    print("no failures", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
