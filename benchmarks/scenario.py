"""A reproducible simulated web: hosts, scripted routes and the references that cite them.

Everything is drawn from one seeded ``random.Random``, so a (seed, size) pair
always yields the same references, latencies and outcomes. The scenario is the
single source of truth: the server serves it, the runner writes every tool's
input from it, and correctness is scored against its ``truth`` verdicts.

Hosts are named ``site-A-B-C.test`` and served on ``127.A.B.C``: the name
encodes the address, so lychee (which has no ``--resolve``) reaches every host
through one ``--remap`` rule instead of one regex per host. Each host is a site of
its own (its own registered domain, as the sites a wiki cites are), not a subdomain
of one: citecheck --workers splits sites between processes by registered domain.
"""

from __future__ import annotations

import hashlib
import json
import math
import random
from dataclasses import asdict, dataclass, field
from pathlib import Path

# Outcome -> share of references. ~77% are live pages with titles (incl. drift and
# redirects to the moved article); the rest are the failures a citation audit meets.
OUTCOME_MIX: dict[str, float] = {
    "live": 0.68,
    "drift": 0.04,  # live, but the page's title no longer matches the cited one
    "redirect": 0.05,  # 301 to the article's new address on the same host
    "moved_home": 0.02,  # 301 to the site's home page
    "missing": 0.08,  # 404, or a 200 "not found" page on soft-404 hosts
    "server_error": 0.03,
    "timeout": 0.01,
    "blocked": 0.03,
}
# What citecheck should conclude for each outcome (DESIGN.md verdicts).
TRUTH_VERDICT = {
    "live": "ok",
    "drift": "mismatch",
    "redirect": "ok",
    "moved_home": "dead",
    "not_found": "dead",
    "soft_404": "dead",
    "server_error": "unreachable",
    "timeout": "unreachable",
    "blocked": "blocked",
}
# What a link-only checker can see: did the URL answer with a usable page?
TRUTH_LINK_OK = {
    "live": True,
    "drift": True,
    "redirect": True,
    "moved_home": False,
    "not_found": False,
    "soft_404": False,
    "server_error": False,
    "timeout": False,
    "blocked": False,
}
# Outcomes a link-only checker cannot tell from a live page (they answer 200).
HIDDEN_FROM_LINK_CHECKERS = frozenset({"drift", "moved_home", "soft_404"})

LATENCY_MEDIAN_MS = 80.0
LATENCY_SIGMA = 0.8  # log-normal: p99 ~ 0.5 s, the largest of 100k draws ~ 3 s
LATENCY_MIN_MS = 5.0
LATENCY_MAX_MS = 4000.0
ZIPF_EXPONENT = 1.0
SOFT_404_HOST_SHARE = 0.3

_WORD_TEXT = (
        "offensive qalamoun eastern report council election river bridge museum archive "
        "ministry festival census harbour railway treaty protest budget university "
        "hospital airport province refugees ceasefire drought summit forest mining "
        "parliament court verdict league stadium orchestra novel exhibition satellite "
        "reactor vaccine pipeline monsoon glacier earthquake aid convoy border talks"
)
_WORDS = tuple(_WORD_TEXT.split())
# A drifted page now carries another article: its headline shares no words with
# the cited one (only the site name), as when a URL is reused for new content.
_DRIFT_TEXT = (
    "recipe garden weekend travel deals gadget review celebrity fashion horoscope "
    "podcast lottery weather traffic coupon fitness diet quiz puzzle crossword"
)
_DRIFT_WORDS = tuple(_DRIFT_TEXT.split())


@dataclass(frozen=True)
class Host:
    index: int
    name: str
    address: str
    site: str
    soft_404: bool


@dataclass(frozen=True)
class Route:
    """How the server answers one path of one host."""

    status: int
    latency_ms: float
    title: str | None = None
    location: str | None = None  # path on the same host, for redirects
    stall: bool = False  # never answer (until the client gives up)


@dataclass(frozen=True)
class Ref:
    id: str
    host: int
    path: str
    outcome: str
    cited_title: str

    @property
    def truth(self) -> str:
        return TRUTH_VERDICT[self.outcome]


@dataclass
class Scenario:
    seed: int
    size: int
    hosts: list[Host]
    refs: list[Ref]
    # routes[host index][path]
    routes: list[dict[str, Route]] = field(default_factory=list)
    port: int = 0

    def url(self, ref: Ref, *, by_address: bool = False) -> str:
        host = self.hosts[ref.host]
        name = host.address if by_address else host.name
        return f"http://{name}:{self.port}{ref.path}"

    def to_json(self) -> dict[str, object]:
        return {
            "seed": self.seed,
            "size": self.size,
            "port": self.port,
            "hosts": [asdict(h) for h in self.hosts],
            "refs": [asdict(r) for r in self.refs],
            "routes": [
                {path: _route_to_list(route) for path, route in table.items()}
                for table in self.routes
            ],
        }

    @classmethod
    def from_json(cls, data: dict[str, object]) -> Scenario:
        hosts = [Host(**h) for h in data["hosts"]]  # type: ignore[arg-type, union-attr]
        refs = [Ref(**r) for r in data["refs"]]  # type: ignore[arg-type, union-attr]
        routes = [
            {path: _route_from_list(v) for path, v in table.items()}
            for table in data["routes"]  # type: ignore[union-attr]
        ]
        return cls(int(data["seed"]), int(data["size"]), hosts, refs, routes,  # type: ignore[arg-type]
                   int(data["port"]))  # type: ignore[arg-type]

    def save(self, path: Path) -> None:
        path.write_text(json.dumps(self.to_json(), separators=(",", ":")))

    @classmethod
    def load(cls, path: Path) -> Scenario:
        return cls.from_json(json.loads(path.read_text()))


def _route_to_list(route: Route) -> list[object]:
    # Compact on disk: a 100k scenario stays a few MB.
    return [route.status, round(route.latency_ms, 2), route.title, route.location, route.stall]


def _route_from_list(values: list[object]) -> Route:
    status, latency, title, location, stall = values
    return Route(int(status), float(latency), title, location, bool(stall))  # type: ignore[arg-type]


def default_host_count(size: int) -> int:
    """Hosts for a run of ``size`` references: ~10 references per host, at most 2,000."""
    return max(10, min(2000, size // 10))


def host_address(index: int) -> str:
    """127.10.0.1, 127.10.0.2, ... (avoids 127.0.0.x, which tests and other tools use)."""
    return f"127.{10 + index // 62500}.{(index // 250) % 250}.{index % 250 + 1}"


def host_name(address: str) -> str:
    _, a, b, c = address.split(".")
    return f"site-{a}-{b}-{c}.test"


def zipf_weights(count: int, exponent: float = ZIPF_EXPONENT) -> list[float]:
    """Share of references for host ranks 1..count (rank 1 holds the most)."""
    raw = [1.0 / (rank**exponent) for rank in range(1, count + 1)]
    total = sum(raw)
    return [w / total for w in raw]


def draw_latency(rng: random.Random) -> float:
    value = math.exp(rng.gauss(math.log(LATENCY_MEDIAN_MS), LATENCY_SIGMA))
    return min(LATENCY_MAX_MS, max(LATENCY_MIN_MS, value))


def latency_for_unknown(host: int, path: str) -> float:
    """A stable latency for paths nobody scripted (soft-404 probes, robots.txt)."""
    digest = hashlib.blake2b(f"{host}{path}".encode(), digest_size=8).digest()
    return draw_latency(random.Random(int.from_bytes(digest, "big")))


def home_title(host: Host) -> str:
    return f"{host.site} — home"


def not_found_title(host: Host) -> str:
    return f"Page not found | {host.site}"


def _headline(rng: random.Random, vocabulary: tuple[str, ...] = _WORDS) -> str:
    words = rng.sample(vocabulary, rng.randint(4, 8))
    return " ".join(words).capitalize() + f" {rng.randint(1990, 2025)}"


def generate(
    size: int,
    *,
    seed: int = 9,
    hosts: int | None = None,
    exponent: float = ZIPF_EXPONENT,
    mix: dict[str, float] | None = None,
) -> Scenario:
    rng = random.Random(f"citecheck-bench:{seed}:{size}")
    count = hosts or default_host_count(size)
    mix = mix or OUTCOME_MIX
    host_list = []
    for index in range(count):
        address = host_address(index)
        host_list.append(
            Host(
                index=index,
                name=host_name(address),
                address=address,
                site=f"The {rng.choice(_WORDS).capitalize()} Times {index}",
                soft_404=rng.random() < SOFT_404_HOST_SHARE,
            )
        )
    routes: list[dict[str, Route]] = [{} for _ in host_list]
    for host in host_list:
        routes[host.index]["/"] = Route(200, draw_latency(rng), home_title(host))
    weights = zipf_weights(count, exponent)
    # Host ranks are shuffled so the busiest host is not always the first address.
    ranked = list(range(count))
    rng.shuffle(ranked)
    host_for_ref = rng.choices(ranked, weights=weights, k=size)
    outcomes = rng.choices(list(mix), weights=list(mix.values()), k=size)
    refs = []
    for number, (host_index, outcome) in enumerate(zip(host_for_ref, outcomes, strict=True)):
        host = host_list[host_index]
        title = _headline(rng)
        path = f"/a/{number}-{'-'.join(title.lower().split()[:3])}"
        table = routes[host_index]
        latency = draw_latency(rng)
        if outcome == "missing":
            outcome = "soft_404" if host.soft_404 else "not_found"
        if outcome == "live":
            table[path] = Route(200, latency, f"{title} | {host.site}")
        elif outcome == "drift":
            table[path] = Route(200, latency, f"{_headline(rng, _DRIFT_WORDS)} | {host.site}")
        elif outcome == "redirect":
            moved = f"/moved{path}"
            table[path] = Route(301, latency, location=moved)
            table[moved] = Route(200, draw_latency(rng), f"{title} | {host.site}")
        elif outcome == "moved_home":
            table[path] = Route(301, latency, location="/")
        elif outcome == "not_found":
            table[path] = Route(404, latency, not_found_title(host))
        elif outcome == "soft_404":
            table[path] = Route(200, latency, not_found_title(host))
        elif outcome == "server_error":
            table[path] = Route(503, latency, "Service unavailable")
        elif outcome == "timeout":
            table[path] = Route(200, latency, stall=True)
        elif outcome == "blocked":
            table[path] = Route(403, latency, "Access denied")
        else:
            raise ValueError(f"unknown outcome {outcome!r}")
        refs.append(Ref(f"ref-{number + 1}", host_index, path, outcome, title))
    return Scenario(seed, size, host_list, refs, routes)


def route_for(scenario: Scenario, host: int, path: str) -> Route:
    """The scripted route, or what the host answers for a path it never had."""
    route = scenario.routes[host].get(path.split("?", 1)[0])
    if route is not None:
        return route
    info = scenario.hosts[host]
    latency = latency_for_unknown(host, path)
    if info.soft_404:
        return Route(200, latency, not_found_title(info))
    return Route(404, latency, not_found_title(info))


# -- tool inputs -----------------------------------------------------------------------


def write_references_json(scenario: Scenario, path: Path) -> None:
    references = [
        {
            "id": ref.id,
            "url": scenario.url(ref),
            "title": ref.cited_title,
            "website": scenario.hosts[ref.host].site,
            "access_date": "2024-05-01",
        }
        for ref in scenario.refs
    ]
    path.write_text(json.dumps({"source": f"bench-{scenario.size}", "references": references}))


def write_markdown(scenario: Scenario, path: Path, *, by_address: bool = False) -> None:
    """The same citations as a Markdown reference list (lychee's natural input)."""
    lines = [f"# Bench {scenario.size}", ""]
    for ref in scenario.refs:
        lines.append(f"- [{ref.cited_title}]({scenario.url(ref, by_address=by_address)})")
    path.write_text("\n".join(lines) + "\n")


def write_url_list(scenario: Scenario, path: Path, *, by_address: bool = True) -> None:
    path.write_text(
        "\n".join(scenario.url(ref, by_address=by_address) for ref in scenario.refs) + "\n"
    )


def resolve_pins(scenario: Scenario) -> list[str]:
    return [f"{h.name}:{scenario.port}:{h.address}" for h in scenario.hosts]


LYCHEE_REMAP = r"http://site-(\d+)-(\d+)-(\d+)\.test:(\d+)/ http://127.$1.$2.$3:$4/"
