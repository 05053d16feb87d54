"""CPU per HTTPS fetch through citecheck's engine, on new and on kept connections.

    python -m benchmarks.tls_cpu --hosts 40

Every host is new on the first round (a new pool, TCP connection and TLS handshake
each); the second round reuses the kept connections. The CA bundle is certifi's plus
the test CA, as on a real machine. Also timed: loading that bundle into a context,
which urllib3 does for every new connection when given a CA path (as requests gives
it) and citecheck's engine does once (citecheck/net/tls.py). The servers run in this
process, so the server side of each handshake is in the numbers too.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

import certifi

from citecheck.net.client import HttpClient
from citecheck.net.resolver import parse_resolve_pin
from citecheck.net.tls import tls_context
from citecheck.options import CheckOptions
from tests.support.simweb import SimWeb, page

ADDRESS = "127.0.0.9"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--hosts", type=int, default=40)
    args = parser.parse_args(argv)
    hosts = tuple(f"h{i}.test" for i in range(args.hosts))
    web = SimWeb(address=ADDRESS, hosts=hosts).start()
    work = Path(tempfile.mkdtemp(prefix="citecheck-tls-"))
    bundle = work / "bundle.pem"
    bundle.write_text(Path(certifi.where()).read_text() + web.write_ca(work).read_text())
    pins = tuple(parse_resolve_pin(f"{h}:{ADDRESS}") for h in hosts)
    engine = HttpClient(
        CheckOptions(resolve=pins, ca_cert=str(bundle), host_interval=0.0, retries=0)
    )
    try:
        for host in hosts:
            web.route(host, "/", page(f"Secure {host}"))
        for label in ("new connection", "kept connection"):
            started = time.process_time()
            for host in hosts:
                fetched = engine.fetch(web.url(host, "/", https=True))
                assert fetched.status == 200, (host, fetched.error)
            cpu = (time.process_time() - started) / len(hosts) * 1000
            print(f"fetch on a {label:15s} {cpu:6.2f} ms CPU")
    finally:
        engine.close()
        web.stop()
    started = time.process_time()
    for _ in range(10):
        tls_context(str(bundle))
    print(f"loading the CA bundle    {(time.process_time() - started) * 100:6.2f} ms CPU "
          "(once per engine; per new connection in urllib3 given a CA path)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
