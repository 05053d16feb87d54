"""The soft-404 probe cache: one probe per site section, its answer shared."""

from __future__ import annotations

import threading

import pytest

from citecheck.checking.probes import ProbeCache, probe_key
from citecheck.linkstatus import ProbeEvidence


def test_probe_key_is_the_site_section() -> None:
    assert probe_key("https://News.test/world/story-1") == "https://news.test/world"
    assert probe_key("https://news.test/world/2020/story") == "https://news.test/world"
    assert probe_key("https://news.test/story-1") == "https://news.test/"
    assert probe_key("http://news.test:8080/") == "http://news.test:8080/"


def test_one_probe_per_section_even_when_asked_at_once() -> None:
    asked: list[str] = []
    gate = threading.Event()

    def probe(url: str) -> ProbeEvidence:
        asked.append(url)
        gate.wait(5)
        return ProbeEvidence(status=404, final_url=url, redirected=False, page=None)

    cache = ProbeCache(probe)
    answers: list[ProbeEvidence] = []
    threads = [threading.Thread(target=lambda u=u: answers.append(cache.evidence(u)))
               for u in ("https://a.test/news/1", "https://a.test/news/2",
                         "https://a.test/shop/9")]
    for thread in threads:
        thread.start()
    gate.set()
    for thread in threads:
        thread.join()
    assert sorted(probe_key(u) for u in asked) == ["https://a.test/news", "https://a.test/shop"]
    assert len(answers) == 3 and len(cache) == 2


def test_a_failed_probe_fails_its_waiters_too() -> None:
    def probe(url: str) -> ProbeEvidence:
        raise KeyboardInterrupt

    cache = ProbeCache(probe)
    with pytest.raises(KeyboardInterrupt):
        cache.evidence("https://a.test/x")
    with pytest.raises(KeyboardInterrupt):
        cache.evidence("https://a.test/y")  # same section: the same outcome, no new probe
