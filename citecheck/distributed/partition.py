"""Split references into chunks by registered domain; a giant domain's chunks form a chain.

Every registered domain lives in exactly one *chain* of chunks, and the chunks of a
chain run one after another, never two at once. So a host is only ever talked to by
the one worker running the current chunk of its chain, and that worker's engine
applies the per-host limits: politeness holds across the whole cluster without any
shared state.

Balance: domains smaller than a chunk are packed greedily by reference count (largest
first, into the least-filled open chunk that still has room), so one chunk holds many
small sites and each is independent of every other chunk: any free worker may take it.
A *giant* domain (at least a chunk's worth of references) is alone in its chain, cut
into chunks along URL boundaries; it sets the length of the run, so the executor
starts its chunks first and the small sites fill the other workers meanwhile.
Chunks are small enough that results stream back and a lost worker costs little;
references citing one URL always share a chunk, so the engine fetches each URL once.
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
    chain: int
    seq: int  # position in its chain: chunk seq+1 starts only after seq finished
    domains: tuple[str, ...]
    indexes: tuple[int, ...]  # input positions of its references


@dataclass(frozen=True)
class Chain:
    number: int
    chunks: tuple[Chunk, ...]
    size: int  # references
    giant: bool  # one domain holding at least a chunk's worth of references


def domain_of(reference: Reference) -> str:
    """The registered domain a reference's check talks to (NO_HOST when none)."""
    if reference.problems or reference.url is None or url_problem(reference.url) is not None:
        return NO_HOST
    host = urlsplit(reference.url.strip()).hostname or ""
    return registered_domain(host) if host else NO_HOST


def _by_domain(references: Sequence[Reference]) -> dict[str, list[list[int]]]:
    """domain -> the input positions citing each of its URLs, in input order."""
    groups: dict[str, dict[str, list[int]]] = {}
    for index, reference in enumerate(references):
        domain = domain_of(reference)
        key = fetch_key(reference.url) if domain != NO_HOST and reference.url else f"#{index}"
        groups.setdefault(domain, {}).setdefault(key, []).append(index)
    return {domain: list(urls.values()) for domain, urls in groups.items()}


def _cut(url_groups: list[list[int]], size: int) -> list[list[int]]:
    """Consecutive runs of URL groups of about ``size`` references (a group is never split)."""
    runs: list[list[int]] = []
    current: list[int] = []
    for indexes in url_groups:
        if current and len(current) + len(indexes) > size:
            runs.append(current)
            current = []
        current.extend(indexes)
    if current:
        runs.append(current)
    return runs


def _pack(sizes: dict[str, int], capacity: int) -> list[list[str]]:
    """Small domains into bins of at most ``capacity`` references, largest domain first."""
    bins: list[list[str]] = []
    open_bins: list[tuple[int, int]] = []  # (load, bin number): least filled on top
    for domain in sorted(sizes, key=lambda d: (-sizes[d], d)):  # name breaks ties
        size = sizes[domain]
        if open_bins and open_bins[0][0] + size <= capacity:
            load, number = heapq.heappop(open_bins)
        else:
            load, number = 0, len(bins)
            bins.append([])
        bins[number].append(domain)
        if load + size < capacity:
            heapq.heappush(open_bins, (load + size, number))
    return bins


def plan_chains(
    references: Sequence[Reference], chunk_size: int = DEFAULT_CHUNK_SIZE
) -> tuple[Chain, ...]:
    """Chains for ``references``: giants first (largest first), then packed small sites."""
    if chunk_size < 1:
        raise ValueError("chunk_size must be at least 1")
    groups = _by_domain(references)
    sizes = {d: sum(len(ix) for ix in urls) for d, urls in groups.items()}
    giants = sorted((d for d in sizes if sizes[d] >= chunk_size), key=lambda d: (-sizes[d], d))
    small = {d: n for d, n in sizes.items() if n < chunk_size}
    chains: list[Chain] = []
    for domain in giants:
        number = len(chains)
        chunks = tuple(
            Chunk(number, seq, (domain,), tuple(run))
            for seq, run in enumerate(_cut(groups[domain], chunk_size))
        )
        chains.append(Chain(number, chunks, sizes[domain], giant=True))
    packed = _pack(small, chunk_size)
    packed.sort(key=lambda members: -sum(small[d] for d in members))
    for members in packed:
        number = len(chains)
        indexes = tuple(i for d in members for urls in groups[d] for i in urls)
        chunk = Chunk(number, 0, tuple(members), indexes)
        chains.append(Chain(number, (chunk,), len(indexes), giant=False))
    return tuple(chains)


@dataclass(frozen=True)
class Share:
    """What one worker process of a local run checks: whole registered domains."""

    domains: tuple[str, ...]
    indexes: tuple[int, ...]  # input positions of its references, in input order


def split_by_domain(references: Sequence[Reference], parts: int) -> tuple[Share, ...]:
    """``references`` in at most ``parts`` shares, every registered domain whole in one.

    Unlike chains, shares run side by side for the whole run, so they are balanced by
    reference count: the largest domain first, each into the least-loaded share. A
    share is never empty (fewer domains than ``parts``: fewer shares).
    """
    if parts < 1:
        raise ValueError("parts must be at least 1")
    groups = _by_domain(references)
    sizes = {d: sum(len(ix) for ix in urls) for d, urls in groups.items()}
    count = min(parts, len(sizes))
    loads: list[tuple[int, int]] = [(0, n) for n in range(count)]  # (references, share)
    members: list[list[str]] = [[] for _ in range(count)]
    for domain in sorted(sizes, key=lambda d: (-sizes[d], d)):  # name breaks ties
        load, number = heapq.heappop(loads)
        members[number].append(domain)
        heapq.heappush(loads, (load + sizes[domain], number))
    return tuple(
        Share(tuple(domains), tuple(sorted(i for d in domains for urls in groups[d] for i in urls)))
        for domains in members
    )
