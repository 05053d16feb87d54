"""Partitioning by registered domain: every reference once, every domain in one chain."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace

from hypothesis import given, settings
from hypothesis import strategies as st

from citecheck.distributed.partition import NO_HOST, domain_of, plan_chains
from citecheck.distributed.suffixes import SuffixRules, registered_domain
from citecheck.distributed.worker import slot_options
from citecheck.models import Reference
from citecheck.options import CheckOptions


def refs(urls: list[str | None]) -> list[Reference]:
    return [Reference(id=f"r{i}", url=u) for i, u in enumerate(urls)]


def test_registered_domains_from_the_bundled_list() -> None:
    assert registered_domain("news.bbc.co.uk") == "bbc.co.uk"
    assert registered_domain("WWW.Example.COM.") == "example.com"
    assert registered_domain("a.b.c.example.org") == "example.org"
    # Private section: each github.io site is its own domain.
    assert registered_domain("alice.github.io") == "alice.github.io"
    assert registered_domain("docs.alice.github.io") == "alice.github.io"
    assert registered_domain("münchen.de") == registered_domain("xn--mnchen-3ya.de")
    assert registered_domain("192.0.2.7") == "192.0.2.7"
    assert registered_domain("[2001:db8::1]") == "2001:db8::1"
    assert registered_domain("co.uk") == "co.uk" and registered_domain("localhost") == "localhost"


def test_wildcard_and_exception_rules() -> None:
    rules = SuffixRules.parse("// comment\nuk\nco.uk\n*.ck\n!www.ck\n*.kawasaki.jp\n"
                              "!city.kawasaki.jp\njp\n")
    assert registered_domain("a.b.ck", rules) == "a.b.ck"  # b.ck is a suffix
    assert registered_domain("www.ck", rules) == "www.ck"
    assert registered_domain("x.www.ck", rules) == "www.ck"
    assert registered_domain("city.kawasaki.jp", rules) == "city.kawasaki.jp"
    assert registered_domain("x.y.kawasaki.jp", rules) == "x.y.kawasaki.jp"
    assert registered_domain("shop.example.co.uk", rules) == "example.co.uk"
    assert registered_domain("a.unknown-tld", rules) == "a.unknown-tld"


def test_references_without_a_host_share_a_pseudo_domain() -> None:
    assert domain_of(Reference(id="a", url=None)) == NO_HOST
    assert domain_of(Reference(id="a", url="ftp://x.example/")) == NO_HOST
    assert domain_of(Reference(id="a", url="https://x.example/", problems=("bad",))) == NO_HOST
    assert domain_of(Reference(id="a", url="https://www.x.example:8443/p")) == "x.example"


def test_a_giant_is_alone_and_cut_along_urls() -> None:
    urls = [f"https://www.giant.example/{i // 2}" for i in range(50)]  # each URL cited twice
    urls += [f"https://s{i}.example/" for i in range(30)] + [None, "mailto:x"]
    chains = plan_chains(refs(urls), chunk_size=8)
    giant = chains[0]
    assert giant.giant and all(c.domains == ("giant.example",) for c in giant.chunks)
    assert [c.seq for c in giant.chunks] == list(range(len(giant.chunks)))
    assert all(len(c.indexes) == 8 for c in giant.chunks[:-1])
    for chunk in giant.chunks:  # both citations of a URL in one chunk
        assert all(i ^ 1 in chunk.indexes for i in chunk.indexes)
    small = chains[1:]
    assert all(not c.giant and len(c.chunks) == 1 for c in small)
    assert [c.size for c in small] == sorted((c.size for c in small), reverse=True)
    assert all(c.size <= 8 for c in small)
    assert len(small) == 4  # 31 single-reference domains and the no-host pair, packed full


urls_strategy = st.lists(
    st.one_of(
        st.none(),
        st.builds(
            lambda sub, dom, tld, path: f"https://{sub}{dom}.{tld}/{path}",
            st.sampled_from(["", "www.", "m.", "news."]),
            st.sampled_from(["alpha", "beta", "gamma", "delta", "eps"]),
            st.sampled_from(["com", "co.uk", "github.io", "de"]),
            st.integers(0, 30),
        ),
    ),
    max_size=300,
)


@settings(max_examples=60, deadline=None)
@given(urls=urls_strategy, chunk_size=st.integers(1, 40))
def test_every_reference_once_and_every_domain_in_one_chain(
    urls: list[str | None], chunk_size: int
) -> None:
    references = refs(urls)
    chains = plan_chains(references, chunk_size)
    placed = Counter(i for chain in chains for chunk in chain.chunks for i in chunk.indexes)
    assert placed == Counter(range(len(references)))
    chain_of: dict[str, int] = {}
    for chain in chains:
        for chunk in chain.chunks:
            assert chunk.chain == chain.number
            for index in chunk.indexes:
                domain = domain_of(references[index])
                assert chain_of.setdefault(domain, chain.number) == chain.number
        assert chain.size == sum(len(c.indexes) for c in chain.chunks)
        if not chain.giant:
            assert chain.size <= chunk_size
    url_chunk: dict[str, tuple[int, int]] = {}
    for chain in chains:
        for chunk in chain.chunks:
            for index in chunk.indexes:
                url = references[index].url
                if url:
                    where = (chain.number, chunk.seq)
                    assert url_chunk.setdefault(url, where) == where


def test_the_archive_budget_is_shared_by_all_slots() -> None:
    options = CheckOptions(archive_interval=0.5, archive_concurrency=4, per_host=3)
    assert slot_options(options, 1) == options
    # A Dask worker checks its chunk itself, whatever --workers says for local runs.
    assert slot_options(replace(options, workers=4), 1) == options
    shared = slot_options(replace(options, workers=4), 8)
    assert shared.workers == 1
    assert shared.archive_interval == 4.0 and shared.archive_concurrency == 1
    assert shared.archive_index_interval == options.archive_index_interval * 8
    assert shared.per_host == 3 and shared.host_interval == options.host_interval
