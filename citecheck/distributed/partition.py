"""Split references into lanes by registered domain, and each lane into chunks.

A *lane* is a set of registered domains that no other lane holds; its chunks run one
after another, never two at once. So a host is only ever talked to by the one worker
running its lane's current chunk, and that worker's engine applies the per-host
limits: politeness holds across the whole cluster without any shared state.

Lanes are balanced by greedy bin packing on reference counts (largest domain first into
the lightest lane). A *giant* domain, holding at least an even lane's share, gets a
lane of its own: it sets the length of the run anyway, and sharing its lane would only
queue smaller sites behind it. Chunks are small enough that results stream back and a
lost worker costs little; references citing one URL always share a chunk, so the
engine still fetches each URL once.
"""

from __future__ import annotations

import heapq
from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit

from citecheck.distributed.suffixes import registered_domain
from citecheck.models import Reference
from citecheck.plan import fetch_key, url_problem

DEFAULT_CHUNK_SIZE = 200
# References that need no request (no or bad URL) share this pseudo-domain.
NO_HOST = ""


@dataclass(frozen=True)
class Chunk:
    lane: int
    seq: int  # position in its lane: chunk seq+1 starts only after seq finished
    indexes: tuple[int, ...]  # input positions of its references


@dataclass(frozen=True)
class Lane:
    number: int
    domains: tuple[str, ...]
    size: int  # references
    chunks: tuple[Chunk, ...]


def domain_of(reference: Reference) -> str:
    """The registered domain a reference's check talks to (NO_HOST when none)."""
    if reference.problems or url_problem(reference.url) is not None or reference.url is None:
        return NO_HOST
    host = urlsplit(reference.url.strip()).hostname or ""
    return registered_domain(host) if host else NO_HOST


def _by_domain(references: Sequence[Reference]) -> dict[str, dict[str, list[int]]]:
    """domain -> fetch key -> input positions, in input order."""
    groups: dict[str, dict[str, list[int]]] = {}
    for index, reference in enumerate(references):
        domain = domain_of(reference)
        key = fetch_key(reference.url) if domain != NO_HOST and reference.url else f"#{index}"
        groups.setdefault(domain, {}).setdefault(key, []).append(index)
    return groups


def _pack(sizes: dict[str, int], lanes: int) -> list[list[str]]:
    """Domains into at most ``lanes`` bins: giants alone, the rest largest-first greedy."""
    total = sum(sizes.values())
    count = max(1, min(lanes, len(sizes)))
    share = total / count
    ordered = sorted(sizes, key=lambda d: (-sizes[d], d))  # name breaks ties: deterministic
    giants = [d for d in ordered if sizes[d] >= share][: count - 1] if count > 1 else []
    bins: list[list[str]] = [[d] for d in giants]
    rest = [d for d in ordered if d not in set(giants)]
    free = count - len(bins)
    heap: list[tuple[int, int, list[str]]] = [(0, i, []) for i in range(free)]
    for domain in rest:
        load, order, members = heapq.heappop(heap)
        members.append(domain)
        heapq.heappush(heap, (load + sizes[domain], order, members))
    bins.extend(members for _, _, members in sorted(heap, key=lambda item: item[1]) if members)
    return bins


def plan_lanes(
    references: Sequence[Reference], lanes: int, chunk_size: int = DEFAULT_CHUNK_SIZE
) -> tuple[Lane, ...]:
    """Lanes for ``references``, heaviest first (they set the length of the run)."""
    if chunk_size < 1:
        raise ValueError("chunk_size must be at least 1")
    groups = _by_domain(references)
    sizes = {d: sum(len(ix) for ix in urls.values()) for d, urls in groups.items()}
    bins = _pack(sizes, lanes)
    bins.sort(key=lambda members: -sum(sizes[d] for d in members))
    planned = []
    for number, members in enumerate(bins):
        chunks: list[Chunk] = []
        current: list[int] = []
        for domain in members:
            for indexes in groups[domain].values():
                if current and len(current) + len(indexes) > chunk_size:
                    chunks.append(Chunk(number, len(chunks), tuple(current)))
                    current = []
                current.extend(indexes)
        if current:
            chunks.append(Chunk(number, len(chunks), tuple(current)))
        size = sum(sizes[d] for d in members)
        planned.append(Lane(number, tuple(members), size, tuple(chunks)))
    return tuple(planned)
