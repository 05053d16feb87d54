"""From fetch evidence to a `link.status` (DESIGN.md, Verdicts): pure functions."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from citecheck.interstitials import bot_challenge, served_instead
from citecheck.models import ErrorKind, LinkResult, LinkStatus
from citecheck.net.types import FetchResult
from citecheck.page import (
    PageAnalysis,
    parked_redirect,
    redirect_is_moved_home,
    same_template,
)
from citecheck.page.usurped import mentions_gambling

# Statuses that say "not for you" rather than "not here".
BLOCKED_STATUSES = frozenset({401, 402, 403, 407, 429, 451, 999})


@dataclass(frozen=True)
class ProbeEvidence:
    """What the host answered for a random URL that cannot exist (soft-404 probe)."""

    status: int | None
    final_url: str | None
    redirected: bool
    page: PageAnalysis | None


def classify_link(
    fetched: FetchResult,
    page: PageAnalysis | None,
    probe: ProbeEvidence | None = None,
    cited_titles: Sequence[str] = (),
) -> LinkResult:
    """``cited_titles``: what the references citing the URL call it (a page they say is
    about gambling is never judged a usurped domain for talking of it)."""
    status, error = _status(fetched, page, probe, cited_titles)
    return LinkResult(
        status=status,
        http_status=fetched.status,
        final_url=fetched.final_url,
        redirects=fetched.redirects,
        error=error,
        error_kind=fetched.error_kind,
        attempts=fetched.attempts,
        elapsed_ms=fetched.elapsed_ms,
    )


def _status(
    fetched: FetchResult,
    page: PageAnalysis | None,
    probe: ProbeEvidence | None,
    cited_titles: Sequence[str] = (),
) -> tuple[LinkStatus, str | None]:
    kind = fetched.error_kind
    if kind is not None:
        return _error_status(kind), fetched.error
    code = fetched.status
    assert code is not None  # a FetchResult has a status or an error kind
    if code in BLOCKED_STATUSES:
        return LinkStatus.BLOCKED, bot_challenge(fetched, page)
    if code in (404, 410):
        return LinkStatus.NOT_FOUND, None
    if code == 408:
        return LinkStatus.TIMEOUT, "HTTP 408 (request timeout)"
    if 500 <= code < 600:
        challenge = bot_challenge(fetched, page)
        if challenge:
            return LinkStatus.BLOCKED, challenge
        return LinkStatus.SERVER_ERROR, None
    if 400 <= code < 500:
        return LinkStatus.NOT_FOUND, None
    if 300 <= code < 400:
        return LinkStatus.UNREACHABLE, f"HTTP {code} without a usable Location header"
    if not 200 <= code < 300:
        return LinkStatus.UNREACHABLE, f"unexpected HTTP status {code}"
    # A 2xx page: look closer before calling it live.
    final_url = fetched.final_url or fetched.url
    if page is not None and page.parked_signal:
        return LinkStatus.PARKED, f"parked or for-sale domain: {page.parked_signal}"
    parked_target = parked_redirect(final_url) if fetched.redirects else None
    if parked_target:
        return LinkStatus.PARKED, f"redirected to a domain sales service: {parked_target}"
    usurped = page.usurped_signal if page is not None else None
    if usurped and not any(mentions_gambling(title) for title in cited_titles):
        return LinkStatus.PARKED, f"usurped domain: {usurped}"
    # A page served in place of the cited one (citecheck.interstitials): no evidence.
    instead = served_instead(fetched, page, cited_titles)
    if instead is not None:
        return instead
    if fetched.redirects and redirect_is_moved_home(fetched.url, final_url):
        return LinkStatus.MOVED_HOME, None
    if page is not None and page.error_signal:
        return LinkStatus.SOFT_404, f"soft 404: {page.error_signal}"
    if probe is not None and probe.status is not None and 200 <= probe.status < 300:
        if fetched.redirects and probe.redirected and probe.final_url == final_url:
            return LinkStatus.MOVED_HOME, None
        if page is not None and probe.page is not None and same_template(probe.page, page):
            return LinkStatus.SOFT_404, (
                "soft 404: the page is the same as the site's answer for a URL that cannot exist"
            )
    if fetched.redirects:
        return LinkStatus.REDIRECTED, None
    return LinkStatus.LIVE, None


def _error_status(kind: ErrorKind) -> LinkStatus:
    if kind in (ErrorKind.CONNECT_TIMEOUT, ErrorKind.READ_TIMEOUT, ErrorKind.DEADLINE):
        return LinkStatus.TIMEOUT
    if kind in (ErrorKind.GUARD, ErrorKind.BAD_SCHEME):
        return LinkStatus.REFUSED
    return LinkStatus.UNREACHABLE
