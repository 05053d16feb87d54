"""The link check: fetch a cited URL, follow its meta refreshes, decide on the soft-404
probe, and classify what came back; and what the live page says for each citing
reference (its title comparison, its text, the cited quote)."""

from __future__ import annotations

import secrets
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace

from citecheck.checking.probes import ProbeCache
from citecheck.linkstatus import ProbeEvidence, classify_link
from citecheck.match import TitleComparison, compare_titles
from citecheck.match.normalise import normalise, tokens
from citecheck.match.quotes import quote_in, text_key
from citecheck.models import ErrorKind, LinkResult, Reference, TitleMatch, TitleResult
from citecheck.moved import Verification
from citecheck.net.client import HttpClient, StopRule
from citecheck.net.types import FetchResult
from citecheck.options import CheckOptions
from citecheck.page import (
    PageAnalysis,
    analyse_page,
    enough_bytes,
    meta_refresh_target,
    probe_url_for,
    readable_text,
)

# A page titled like a cited headline of at least this many words is that article,
# not a site's error template: it needs no soft-404 probe (a request to the site
# for every site cited, often doubling the requests of a run). The probe only shows a
# page to be the template when their titles agree (same_template), so this loses only
# sites that give every URL one title that the citation copied, where the probe could
# not tell a live page from a dead one either. Shorter cited titles (a site's name,
# "Home") could be an error template's own title, so they still probe.
SELF_EVIDENT_WORDS = 3


@dataclass(frozen=True)
class LiveFacts:
    """What the live page says beside its title, for the archive step and the report."""

    text: str = ""  # its main text (PageAnalysis.main_text)
    quote_found: bool | None = None  # the cited quote on it; None: not looked for


NOTHING_LIVE = LiveFacts()


@dataclass(frozen=True)
class LinkEvidence:
    fetched: FetchResult | None
    page: PageAnalysis | None
    link: LinkResult
    # Title comparisons already made (deciding on the soft-404 probe), by reference index.
    comparisons: Mapping[int, TitleComparison] = field(default_factory=dict)
    # The whole page's text as quotes are looked for in it, when a citing reference
    # quotes the page and its text could be read.
    quote_key: str | None = None


def cited_title(reference: Reference) -> str | None:
    return reference.title or reference.trans_title


def analyse(fetched: FetchResult, *, kept: bool = False) -> PageAnalysis | None:
    """The page a response holds, if it holds one. ``kept``: the analysis outlives its
    check (a probe's, cached all run), so its paragraphs are extracted now rather than
    its markup kept for them."""
    if not fetched.got_response or not fetched.body:
        return None
    return analyse_page(
        fetched.body,
        content_type=fetched.content_type,
        declared_charset=fetched.declared_charset,
        url=fetched.final_url or fetched.url,
        # A checked page lives for its check only: its paragraphs are read if needed.
        defer_main_text=not kept,
    )


class LinkChecker:
    """Checks the cited URLs of ``references`` (reference indexes name the citers)."""

    def __init__(
        self,
        references: Sequence[Reference],
        options: CheckOptions,
        client: HttpClient,
        on_answer: Callable[[], None],
    ) -> None:
        self.references = references
        self.options = options
        self.client = client
        # Told whenever a server answered a link's request (offline detection).
        self.on_answer = on_answer
        self.probes = ProbeCache(self._probe)

    def check(self, url: str, slot_host: str | None, citing: Sequence[int]) -> LinkEvidence:
        """Fetch and judge ``url``, which the references at indexes ``citing`` cite."""
        # A quote may stand anywhere on the page: read it whole (up to the byte cap).
        quoted = any(self.references[index].quote for index in citing)
        enough = None if quoted else enough_bytes
        fetched = self.client.fetch(url, enough=enough, slot_held=slot_host)
        page = analyse(fetched)
        fetched, page = self._follow_meta_refresh(fetched, page, enough)
        if (
            fetched.error_kind is ErrorKind.DEADLINE
            and _success(fetched)
            and page is not None
            and self._titled_as_cited(page, citing, {})
        ):
            # The page stopped coming at the deadline, but what came names the cited
            # article: that part is the page (otherwise a part is no evidence: timeout).
            fetched = replace(fetched, error_kind=None, error=None, truncated=True)
        probe = None
        comparisons: dict[int, TitleComparison] = {}
        if (
            self.options.probe_soft_404
            and _success(fetched)
            and page is not None
            and not self._titled_as_cited(page, citing, comparisons)
        ):
            probe = self.probes.evidence(fetched.final_url or url)
        if fetched.got_response:
            self.on_answer()
        cited_titles = [
            title
            for index in citing
            for title in (self.references[index].title, self.references[index].trans_title)
            if title
        ]
        link = classify_link(fetched, page, probe, cited_titles)
        quote_key = None
        if quoted and link.status.is_live():
            text = readable_text(fetched.body, content_type=fetched.content_type,
                                 declared_charset=fetched.declared_charset)
            quote_key = text_key(text) if text else None
        return LinkEvidence(fetched, page, link, comparisons, quote_key)

    def verify(self, index: int, url: str) -> Verification:
        """A candidate new address of reference ``index``'s page, checked as its link
        would be (soft-404 probe included) and its title compared with the cited one."""
        evidence = self.check(url, None, (index,))
        if evidence.page is None or not evidence.link.status.is_live():
            return Verification(evidence.link, TitleMatch.UNKNOWN, None)
        comparison = evidence.comparisons.get(index) or compare_titles(
            self.references[index], evidence.page
        )
        return Verification(evidence.link, comparison.match, comparison.score)

    def title(self, index: int, evidence: LinkEvidence) -> TitleResult:
        """Reference ``index``'s title finding: compared when the page is live."""
        reference = self.references[index]
        if evidence.page is None or not evidence.link.status.is_live():
            found = evidence.page.title if evidence.page else None
            return TitleResult(cited=cited_title(reference), found=found)
        comparison = evidence.comparisons.get(index) or compare_titles(reference, evidence.page)
        return TitleResult(
            cited=cited_title(reference),
            found=comparison.found,
            source=comparison.source,
            match=comparison.match,
            score=comparison.score,
            comparable=comparison.comparable,
            reason=comparison.reason,
        )

    def live_facts(self, index: int, evidence: LinkEvidence, wants_text: bool) -> LiveFacts:
        """The live page's text (only when ``wants_text``: extracting it costs more than
        the rest of the analysis) and whether reference ``index``'s quote is on it."""
        if evidence.page is None or not evidence.link.status.is_live():
            return NOTHING_LIVE
        reference = self.references[index]
        found = None
        if reference.quote and evidence.quote_key is not None:
            found = quote_in(reference.quote, evidence.quote_key)
        return LiveFacts(evidence.page.main_text if wants_text else "", found)

    def _titled_as_cited(
        self, page: PageAnalysis, citing: Sequence[int], comparisons: dict[int, TitleComparison]
    ) -> bool:
        """Whether the page's title matches a headline one of the references at indexes
        ``citing`` gives for it (the comparisons made are kept in ``comparisons``)."""
        for index in citing:
            reference = self.references[index]
            headlines = (t for t in (reference.title, reference.trans_title) if t)
            if not any(len(tokens(normalise(t))) >= SELF_EVIDENT_WORDS for t in headlines):
                continue
            comparisons[index] = compare_titles(reference, page)
            if comparisons[index].match is TitleMatch.MATCH:
                return True
        return False

    def _follow_meta_refresh(
        self, fetched: FetchResult, page: PageAnalysis | None, enough: StopRule | None
    ) -> tuple[FetchResult, PageAnalysis | None]:
        """A page that sends the reader on at once (``<meta http-equiv="refresh">``, 5 s
        or less) is a redirect: follow it like one, so a stub that refreshes to the home
        page is moved-home and one that refreshes to the moved story is that story."""
        seen = {u.split("#", 1)[0] for u in (fetched.url, *fetched.redirects)}
        while (
            _success(fetched)
            and len(fetched.redirects) < self.options.max_redirects
            # The URL's time budget covers its refreshes as it covers its redirects.
            and fetched.elapsed_ms < self.options.total_timeout * 1000
        ):
            # The HTTP header of the same name works like the tag.
            target = meta_refresh_target(
                fetched.headers.get("refresh"), fetched.final_url or fetched.url
            ) or (page.refresh_url if page is not None else None)
            if target is None or target.split("#", 1)[0] in seen:
                break  # a refresh loop: the page stays what it is
            seen.add(target.split("#", 1)[0])
            hop = self.client.fetch(target, enough=enough)
            fetched = replace(
                hop,
                url=fetched.url,
                final_url=hop.final_url or target,
                redirects=(*fetched.redirects, target, *hop.redirects),
                attempts=fetched.attempts + hop.attempts,
                elapsed_ms=fetched.elapsed_ms + hop.elapsed_ms,
            )
            page = analyse(fetched)
        return fetched, page

    def _probe(self, url: str) -> ProbeEvidence:
        """Fetch a URL that cannot exist on ``url``'s site (soft-404 detection)."""
        probe_url = probe_url_for(url, "citecheck-" + secrets.token_hex(8))
        fetched = self.client.fetch(probe_url, enough=enough_bytes, retries=0)
        return ProbeEvidence(
            status=fetched.status,
            final_url=fetched.final_url,
            redirected=bool(fetched.redirects),
            page=analyse(fetched, kept=True),  # cached all run
        )


def _success(fetched: FetchResult) -> bool:
    return fetched.status is not None and 200 <= fetched.status < 300
