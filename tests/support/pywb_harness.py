"""A real pywb on loopback serving WARC captures that the tests write with warcio.

pywb pins old libraries and monkey-patches the interpreter with gevent, so it lives in
its own virtualenv and runs as a subprocess; it is never imported here. Its location:

- ``CITECHECK_PYWB``: path to its ``wayback`` executable (``wb-manager`` must sit next to it);
- else ``<repo>/.ci/pywb-venv/bin/wayback`` (what .ci/run installs);
- else ``/work/pywb-venv/bin/wayback``, then ``wayback`` on PATH (development machines).
"""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import signal
import socket
import subprocess
import time
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import requests
from warcio.statusandheaders import StatusAndHeaders
from warcio.timeutils import timestamp_to_iso_date
from warcio.warcwriter import WARCWriter

REPO_ROOT = Path(__file__).resolve().parents[2]
ENV_VAR = "CITECHECK_PYWB"
# The collection whose URLs look like the Internet Archive's (/web/TS/URL, /web/cdx).
WAYBACK_COLLECTION = "web"
# The loopback address the stand-in archive binds to (tests never leave 127.0.0.x).
BIND_ADDRESS = "127.0.0.5"

# Replay like the Internet Archive: no frame, redirect to the exact capture.
CONFIG_YAML = """\
framed_replay: false
redirect_to_exact: true
enable_memento: true
"""


class PywbMissing(RuntimeError):
    """pywb is not installed where the tests look for it."""


@dataclass(frozen=True)
class WarcCapture:
    """One archived HTTP response, written as a WARC ``response`` record."""

    url: str
    timestamp: str  # 14 digits
    body: bytes = b""
    status: str = "200 OK"
    content_type: str | None = "text/html; charset=utf-8"
    extra_headers: tuple[tuple[str, str], ...] = ()


def html_page(title: str, text: str = "", *, charset: str = "utf-8") -> bytes:
    """A small but realistic HTML document (head with title, some body text)."""
    doc = (
        "<!DOCTYPE html>\n<html><head>"
        f'<meta charset="{charset}">'
        f"<title>{title}</title></head>\n"
        f"<body><h1>{title}</h1><p>{text or 'Article text.'}</p></body></html>\n"
    )
    return doc.encode(charset)


def write_warc(path: Path, captures: Iterable[WarcCapture]) -> None:
    with path.open("wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        for cap in captures:
            headers: list[tuple[str, str]] = []
            if cap.content_type:
                headers.append(("Content-Type", cap.content_type))
            headers.extend(cap.extra_headers)
            headers.append(("Content-Length", str(len(cap.body))))
            record = writer.create_warc_record(
                cap.url,
                "response",
                payload=io.BytesIO(cap.body),
                http_headers=StatusAndHeaders(cap.status, headers, protocol="HTTP/1.1"),
                warc_headers_dict={"WARC-Date": timestamp_to_iso_date(cap.timestamp)},
            )
            writer.write_record(record)


def find_wayback() -> Path:
    candidates: list[Path] = []
    env = os.environ.get(ENV_VAR)
    if env:
        # An explicit setting must work: never fall back silently from it.
        path = Path(env)
        if not (path.is_file() and os.access(path, os.X_OK)):
            raise PywbMissing(f"{ENV_VAR}={env} is not an executable pywb `wayback`")
        return path
    candidates.append(REPO_ROOT / ".ci" / "pywb-venv" / "bin" / "wayback")
    candidates.append(Path("/work/pywb-venv/bin/wayback"))
    on_path = shutil.which("wayback")
    if on_path:
        candidates.append(Path(on_path))
    for path in candidates:
        if path.is_file() and os.access(path, os.X_OK):
            return path
    raise PywbMissing(
        "pywb is not installed: set CITECHECK_PYWB to its `wayback` executable, or run "
        "`python -m venv .ci/pywb-venv && .ci/pywb-venv/bin/pip install 'pywb==2.10.0'`"
    )


def _free_port(address: str) -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((address, 0))
        return int(sock.getsockname()[1])


@dataclass(frozen=True)
class PywbServer:
    """A running pywb: ``base_url`` is Wayback-compatible (``/web/TS/URL``, ``/web/cdx``)."""

    base_url: str
    root: Path
    process: subprocess.Popen[bytes]

    @property
    def host(self) -> str:
        return self.base_url.split("://", 1)[1]


def build_collections(
    root: Path, wayback: Path, collections: Mapping[str, Sequence[WarcCapture]]
) -> None:
    manager = wayback.with_name("wb-manager")
    for name, captures in collections.items():
        warc = root / f"{name}.warc.gz"
        write_warc(warc, captures)
        for args in (["init", name], ["add", name, str(warc)]):
            subprocess.run(
                [str(manager), *args], cwd=root, check=True, capture_output=True, timeout=120
            )
    (root / "config.yaml").write_text(CONFIG_YAML, encoding="utf-8")


@contextlib.contextmanager
def run_pywb(
    root: Path,
    collections: Mapping[str, Sequence[WarcCapture]],
    *,
    address: str = BIND_ADDRESS,
    port: int | None = None,
) -> Iterator[PywbServer]:
    """Build the collections (name -> captures) under ``root``, serve them, stop afterwards.

    Name one collection ``web`` to get the Internet Archive's URL layout.
    """
    wayback = find_wayback()
    build_collections(root, wayback, collections)
    port = port or _free_port(address)
    log = (root / "pywb.log").open("wb")
    process = subprocess.Popen(
        [str(wayback), "--bind", address, "-p", str(port), "-d", str(root)],
        cwd=root,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    server = PywbServer(f"http://{address}:{port}", root, process)
    try:
        _wait_until_up(server)
        yield server
    finally:
        _stop(process)
        log.close()


@contextlib.contextmanager
def pywb_for_tests(
    root: Path, collections: Mapping[str, Sequence[WarcCapture]]
) -> Iterator[PywbServer]:
    """run_pywb for a test fixture: a missing pywb is reported as tools_missing says
    (skipped on a developer machine, a failure under CI)."""
    from tests.support.tools import tool_missing

    try:
        with run_pywb(root, collections) as server:
            yield server
    except PywbMissing as exc:
        tool_missing("pywb", str(exc))


def _wait_until_up(server: PywbServer, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    with requests.Session() as session:
        session.trust_env = False  # never send loopback traffic through a proxy
        while time.monotonic() < deadline:
            if server.process.poll() is not None:
                log = (server.root / "pywb.log").read_text(errors="replace")[-2000:]
                raise RuntimeError(f"pywb exited with {server.process.returncode}:\n{log}")
            with contextlib.suppress(requests.RequestException):
                if session.get(server.base_url + "/", timeout=2).status_code == 200:
                    return
            time.sleep(0.1)
    _stop(server.process)
    raise RuntimeError(f"pywb did not answer on {server.base_url} within {timeout} s")


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is not None:
        return
    # SIGTERM: pywb in the background may ignore SIGINT.
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=5)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=5)
