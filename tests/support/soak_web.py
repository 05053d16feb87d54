"""A seeded misbehaving web for the soak test, run in its own process.

Both the server process and the test build the same plan from the seed, so
the test knows every URL and the server holds no state of the test process
(its sockets and threads cannot be mistaken for the client's).
"""

from __future__ import annotations

import random
import sys
from dataclasses import dataclass

from tests.support.simweb import (
    Handler,
    SimWeb,
    drip,
    gzip_bomb,
    page,
    redirect,
    stall,
    status,
)

ADDRESS = "127.0.0.6"
HOSTS = tuple(f"h{i}.test" for i in range(40))
MISBEHAVIOURS = ("stall", "500", "404", "loop", "drip", "bomb", "403")


@dataclass(frozen=True)
class PlannedPage:
    host: str
    path: str
    behaviour: str  # "page" or one of MISBEHAVIOURS


def plan(seed: int, count: int) -> list[PlannedPage]:
    rng = random.Random(seed)
    bad_hosts = set(rng.sample(HOSTS, len(HOSTS) // 5))
    pages = []
    for i in range(count):
        host = rng.choice(HOSTS)
        bad = host in bad_hosts and rng.random() < 0.5
        pages.append(PlannedPage(host, f"/p{i}", rng.choice(MISBEHAVIOURS) if bad else "page"))
    return pages


def handler_for(item: PlannedPage) -> Handler:
    return {
        "page": lambda: page(f"Page {item.path[2:]}"),
        "stall": lambda: stall(3),
        "500": lambda: status(500),
        "404": lambda: status(404),
        "loop": lambda: redirect(item.path),
        "drip": lambda: drip(200, 0.05),
        "bomb": lambda: gzip_bomb(50_000_000),
        "403": lambda: status(403),
    }[item.behaviour]()


def main() -> None:
    seed, count = int(sys.argv[1]), int(sys.argv[2])
    web = SimWeb(address=ADDRESS, hosts=HOSTS)
    for item in plan(seed, count):
        web.route(item.host, item.path, handler_for(item))
    web.start()
    print(web.http_port, flush=True)
    sys.stdin.read()  # serve until the test closes our stdin
    web.stop()


if __name__ == "__main__":
    main()
