"""From fetch evidence to a `link.status` (DESIGN.md, Verdicts): pure functions."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from citecheck.models import ErrorKind, LinkResult, LinkStatus
from citecheck.net.types import FetchResult
from citecheck.page import (
    PageAnalysis,
    parked_redirect,
    redirect_is_moved_home,
    redirect_to_wall,
    same_template,
)
from citecheck.page.usurped import mentions_gambling

# Statuses that say "not for you" rather than "not here".
BLOCKED_STATUSES = frozenset({401, 402, 403, 407, 429, 451, 999})
_CHALLENGE_TITLES = (
    "just a moment...",
    "attention required! | cloudflare",
    "access denied",
    "are you a robot?",
    "are you a human?",
    "verify you are human",
    "human verification",
    "security check",
    "ddos-guard",
    "pardon our interruption",
    "request blocked",
    "captcha",
)

# Whole titles of sign-in, paywall and consent pages served in place of the cited one.
_WALL_TITLES = frozenset(
    {
        "sign in",
        "sign-in",
        "log in",
        "log-in",
        "login",
        "sign in to continue",
        "log in to continue",
        "subscribe to continue reading",
        "subscribe to read",
        "before you continue",
        "before you continue to google",
        "before you continue to google search",
        "before you continue to youtube",
    }
)


@dataclass(frozen=True)
class ProbeEvidence:
    """What the host answered for a random URL that cannot exist (soft-404 probe)."""

    status: int | None
    final_url: str | None
    redirected: bool
    page: PageAnalysis | None


def bot_challenge(fetched: FetchResult, page: PageAnalysis | None) -> str | None:
    """Why the response looks like a bot challenge, or None."""
    if fetched.headers.get("cf-mitigated", "").lower() == "challenge":
        return "Cloudflare challenge"
    title = (page.title or "").casefold() if page else ""
    for marker in _CHALLENGE_TITLES:
        if title == marker or (marker in title and len(title) < 60):
            return f"bot challenge page ({page.title if page else marker})"
    return None


def wall_page(fetched: FetchResult, page: PageAnalysis | None) -> str | None:
    """Why the answer is a sign-in, paywall or consent page instead of the cited one
    (the page is there for a reader who signs in: blocked, never dead), or None."""
    if fetched.redirects:
        wall = redirect_to_wall(fetched.url, fetched.final_url or fetched.url)
        if wall:
            return wall
    title = (page.title or "").casefold().strip(" .:!") if page else ""
    if title in _WALL_TITLES:
        return f"a sign-in or consent page ({page.title if page else title})"
    return None


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
    challenge = bot_challenge(fetched, page)
    if challenge:
        return LinkStatus.BLOCKED, challenge
    wall = wall_page(fetched, page)
    if wall:
        return LinkStatus.BLOCKED, wall
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
