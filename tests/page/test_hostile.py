"""Hostile bodies: analysis stays fast (no quadratic or exponential regex paths) and
never raises. References may be untrusted input in CI, and so are the pages they cite."""

from __future__ import annotations

import time

import pytest

from citecheck.page import analyse_page, enough_bytes
from citecheck.page.soft404 import is_error_title

# Each body takes milliseconds; the bound only catches a return of super-linear work.
SECONDS = 2.0

HOSTILE = {
    "stray-lt": b"<" * 300_000,
    "unclosed-h1": b"<html><head></head><body>" + b"<h1>" * 100_000,
    "unclosed-scripts": b"<head></head><body>" + b"<script>" * 50_000,
    "comments": b"<!--" * 100_000,
    "close-markers-in-script": b"<head></head><body><script>" + b"</" * 200_000,
    "paragraphs": b"<head></head><body>" + b"<p>" * 200_000,
    "meta-charsets": b"<meta charset=" * 20_000,
    "error-title-punctuation": b"<head><title>404 " + b"!" * 20_000 + b"x</title></head>",
    "deep-json-ld": b'<head><script type="application/ld+json">'
    + b"[" * 100_000
    + b"]" * 100_000
    + b"</script><title>T</title></head>",
    "wide-json-ld": b'<head><script type="application/ld+json">['
    + b",".join([b"[" + b",".join([b"[1,2,3]"] * 300) + b"]"] * 300)
    + b"]</script><title>T</title></head>",
    "huge-title": b"<head><title>" + b"word " * 200_000 + b"</title></head>",
    "many-hosts": b"<head></head><body>" + b"<img src=//a.b.c/x>" * 30_000,
    "long-host": b"<head></head><body>//" + b"a" * 500_000,
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_bodies_are_analysed_quickly(name: str) -> None:
    body = HOSTILE[name]
    start = time.perf_counter()
    result = analyse_page(body, content_type="text/html", declared_charset=None, url="http://x/")
    enough_bytes(body, "text/html")
    assert time.perf_counter() - start < SECONDS
    assert result.title is None or len(result.title) <= 1000


def test_error_title_check_is_linear() -> None:
    start = time.perf_counter()
    assert not is_error_title("404 " + "! " * 20_000 + "zz")
    assert is_error_title("404 " + "!" * 20_000)
    assert time.perf_counter() - start < SECONDS
