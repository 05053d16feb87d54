"""Shared fixtures: a simulated web on loopback, and helpers to run the CLI."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.simweb import SimWeb

# Test hosts live under .test (RFC 6761) and are reached only through --resolve pins.
SIM_ADDRESS = "127.0.0.2"
SIM_HOSTS = (
    "news.test",
    "blog.test",
    "shop.test",
    "www.news.test",
    "archive.test",
    "canary.test",
    "slow.test",
)


@pytest.fixture
def simweb() -> Iterator[SimWeb]:
    web = SimWeb(address=SIM_ADDRESS, hosts=SIM_HOSTS).start()
    try:
        yield web
    finally:
        web.stop()


@pytest.fixture
def ca_path(simweb: SimWeb, tmp_path: Path) -> Path:
    return simweb.write_ca(tmp_path)


def write_refs(path: Path, references: list[dict]) -> Path:
    path.write_text(json.dumps({"references": references}, indent=2), encoding="utf-8")
    return path


def fast_args(
    web: SimWeb, ca: Path | None = None, *, timeout: float = 1, total_timeout: float = 4
) -> list[str]:
    """CLI flags for quick, deterministic runs against the simulated web."""
    args = [
        *web.resolve_args(),
        "--timeout", str(timeout),
        "--total-timeout", str(total_timeout),
        "--retries", "1",
        "--host-interval", "0",
        "--per-host", "4",
        "--no-archive",
        "--canary", web.url("canary.test", "/"),
        "--quiet",
    ]
    if ca is not None:
        args += ["--ca-cert", str(ca)]
    return args
