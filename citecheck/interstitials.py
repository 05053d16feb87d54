"""Pages a server sends in place of the cited one, often with status 200.

A bot challenge, a sign-in or consent wall, an application shell that shows nothing
without JavaScript, or a bare HTTP error page: none of them is evidence about the cited
page, so its title must never be compared with the cited one (that made a `mismatch` of
every Cloudflare challenge served as 200). Each recogniser says why, or None.

Only signs that normal article pages do not carry count: whole short titles, and body
markers that appear on block pages alone (Cloudflare's challenge options, Imperva's
incident ID, DataDome's captcha host), never the scripts those services also put on the
pages they let through.
"""

from __future__ import annotations

from collections.abc import Sequence

from citecheck.match import MATCH_AT, normalise, title_score
from citecheck.models import LinkStatus
from citecheck.net.types import FetchResult
from citecheck.page import PageAnalysis, redirect_to_wall
from citecheck.page.affix import split_pieces

# Titles of bot challenges (matched whole, or inside a title this short).
_CHALLENGE_TITLES = (
    "just a moment",
    "attention required! | cloudflare",
    "access denied",
    "access to this page has been denied",
    "are you a robot?",
    "are you a human?",
    "verify you are human",
    "human verification",
    "security check",
    "security verification",
    "bot verification",
    "robot check",
    "checking your browser",
    "one more step",
    "ddos-guard",
    "ddos protection",
    "pardon our interruption",
    "request blocked",
    "request rejected",
    "captcha",
)
_SHORT_TITLE = 60
# Byte strings only block pages carry (lower-case; looked for in the body's first bytes).
_CHALLENGE_MARKERS = (
    (b"_cf_chl_opt", "Cloudflare challenge"),
    (b"cf-browser-verification", "Cloudflare challenge"),
    (b"incapsula incident id", "Imperva (Incapsula) block page"),
    (b"captcha-delivery.com", "DataDome captcha"),
    (b"px-captcha", "PerimeterX (HUMAN) captcha"),
    (b"the requested url was rejected. please consult with your administrator",
     "F5 request rejected page"),
)
_MARKER_BYTES = 64 * 1024

# Whole titles (or a title's first piece) of sign-in, paywall and consent pages.
_WALL_TITLES = frozenset(
    {
        "sign in",
        "sign-in",
        "log in",
        "log-in",
        "login",
        "sign in to continue",
        "log in to continue",
        "log in or sign up",
        "log in or sign up to view",
        "subscribe to continue reading",
        "subscribe to read",
        "subscriber only content",
        "before you continue",
        "before you continue to google",
        "before you continue to google search",
        "before you continue to youtube",
        "we value your privacy",
        "privacy settings",
        "cookie consent",
    }
)

# Bare HTTP error titles on a 2xx page, and the status each means.
_REFUSAL_TITLES = frozenset(
    {"401 unauthorized", "unauthorized", "403 forbidden", "forbidden",
     "429 too many requests", "too many requests", "rate limited"}
)
_OUTAGE_TITLES = frozenset(
    {"500 internal server error", "internal server error", "502 bad gateway", "bad gateway",
     "503 service unavailable", "service unavailable", "service temporarily unavailable",
     "504 gateway time-out", "504 gateway timeout", "gateway timeout", "site maintenance",
     "under maintenance", "maintenance", "maintenance mode", "we'll be back soon",
     "we’ll be back soon", "database error", "error establishing a database connection",
     "account suspended", "this account has been suspended", "site suspended",
     "error", "an error occurred", "something went wrong", "oops! something went wrong"}
)
# A page that shows nothing without JavaScript: this little text, and one of these.
_SHELL_WORDS = 40
_SCRIPT_NOTICES = (
    b"enable javascript",
    b"javascript is required",
    b"javascript is disabled",
    b"requires javascript",
    b"javascript must be enabled",
    b"turn on javascript",
)
# Every notice names JavaScript: the head is searched for that word once, and each
# occurrence's surroundings for the notices, instead of one search per notice.
_SCRIPT_WORD = b"javascript"
_SCRIPT_NOTICE_CONTEXTS = tuple(
    (before, after) for before, after in (n.split(_SCRIPT_WORD, 1) for n in _SCRIPT_NOTICES)
)


# Pieces after the first that are this short are site names ("Financial Times"); a longer
# one makes the first piece a kicker ("Log in: how passkeys replace passwords").
_SITE_NAME_WORDS = 3


class _Served:
    """What the recognisers look at, each worked out once and only when asked."""

    def __init__(self, fetched: FetchResult, page: PageAnalysis | None,
                 cited_titles: Sequence[str]):
        self.fetched = fetched
        self.page = page
        self.cited_titles = cited_titles
        self.title = (page.title or "").casefold().strip(" .:!…") if page else ""
        self._head: bytes | None = None
        self._cited: bool | None = None

    @property
    def head(self) -> bytes:
        """The body's first bytes, lower-cased (for markers and notices)."""
        if self._head is None:
            self._head = self.fetched.body[:_MARKER_BYTES].lower()
        return self._head

    @property
    def pieces(self) -> set[str]:
        """The title whole, and its first piece when the rest is a site's name:
        "Subscribe to read | Financial Times", "Login • Instagram"."""
        pieces = split_pieces(self.title)
        if len(pieces) < 2 or any(len(p.split()) > _SITE_NAME_WORDS for p in pieces[1:]):
            return {self.title}
        return {self.title, pieces[0].strip(" .:!…")}

    @property
    def plainly_cited(self) -> bool:
        """The page's title is a cited title word for word (once normalised): ``cited``
        without comparing titles (title_score's own first test)."""
        title = self.page.title if self.page else None
        if not title or not any(normalise(cited) == normalise(title)
                                for cited in self.cited_titles):
            return False
        self._cited = True
        return True

    @property
    def script_notice(self) -> bool:
        """The head asks the reader to turn JavaScript on ("enable javascript")."""
        head = self.head
        at = head.find(_SCRIPT_WORD)
        while at != -1:
            end = at + len(_SCRIPT_WORD)
            if any(head.startswith(after, end) and head.endswith(before, 0, at)
                   for before, after in _SCRIPT_NOTICE_CONTEXTS):
                return True
            at = head.find(_SCRIPT_WORD, at + 1)
        return False

    @property
    def cited(self) -> bool:
        """The page carries a cited title: it is the cited page whatever else it holds
        (an article titled "Why CAPTCHA tests are getting harder" is what was cited)."""
        if self._cited is None:
            title = self.page.title if self.page else None
            self._cited = bool(title) and any(
                title_score(cited, title) >= MATCH_AT for cited in self.cited_titles
            )
        return self._cited


def served_instead(
    fetched: FetchResult, page: PageAnalysis | None, cited_titles: Sequence[str] = ()
) -> tuple[LinkStatus, str] | None:
    """(status, why) when a 2xx answer is a page served in place of the cited one: a bot
    challenge, a wall or a script shell is `blocked`, a page titled as an HTTP refusal
    `blocked` and as an outage `server-error`; None when it may be the cited page."""
    served = _Served(fetched, page, cited_titles)
    if served.plainly_cited:
        # The cited page, whatever else it holds: only the signs that do not depend on
        # the page (a challenge header, a redirect to a sign-in) can still tell, and the
        # body's markers need not be searched.
        return _challenge_header(served) or _redirect_to_wall(served)
    for recognise in (_challenge, _wall, _script_shell, _error_title):
        found = recognise(served)
        if found is not None:
            return found
    return None


def bot_challenge(fetched: FetchResult, page: PageAnalysis | None) -> str | None:
    """Why an error answer (403, 503...) looks like a bot challenge, or None."""
    found = _challenge(_Served(fetched, page, ()))
    return found[1] if found else None


def _challenge_header(served: _Served) -> tuple[LinkStatus, str] | None:
    if served.fetched.headers.get("cf-mitigated", "").lower() == "challenge":
        return LinkStatus.BLOCKED, "Cloudflare challenge"
    return None


def _challenge(served: _Served) -> tuple[LinkStatus, str] | None:
    header = _challenge_header(served)
    if header is not None:
        return header
    title = served.title
    titled = any(title == m or (m in title and len(title) < _SHORT_TITLE)
                 for m in _CHALLENGE_TITLES)
    # A challenge title says it all: the body's markers are searched only without one.
    marked = None if titled else next(
        (what for needle, what in _CHALLENGE_MARKERS if needle in served.head), None
    )
    if not (titled or marked) or served.cited:
        return None
    page = served.page
    return LinkStatus.BLOCKED, f"bot challenge page ({page.title if titled and page else marked})"


def _wall(served: _Served) -> tuple[LinkStatus, str] | None:
    """A sign-in, paywall or consent page: there for a reader who signs in (blocked,
    never dead)."""
    redirected = _redirect_to_wall(served)
    if redirected is not None:
        return redirected
    if served.pieces & _WALL_TITLES and not served.cited:
        page = served.page
        return LinkStatus.BLOCKED, f"a sign-in or consent page ({page.title if page else ''})"
    return None


def _redirect_to_wall(served: _Served) -> tuple[LinkStatus, str] | None:
    fetched = served.fetched
    if fetched.redirects:
        wall = redirect_to_wall(fetched.url, fetched.final_url or fetched.url)
        if wall:
            return LinkStatus.BLOCKED, wall
    return None


def _script_shell(served: _Served) -> tuple[LinkStatus, str] | None:
    """A page that shows its content only to a browser running JavaScript."""
    page = served.page
    if page is None or not served.script_notice:
        return None
    # Only now the paragraphs (extracting them costs more than the byte search).
    if len(page.main_text.split()) >= _SHELL_WORDS or served.cited:
        return None
    return LinkStatus.BLOCKED, "the page shows its content only with JavaScript"


def _error_title(served: _Served) -> tuple[LinkStatus, str] | None:
    """A 2xx page titled as an HTTP refusal or outage. (Removal notices, "Video
    unavailable", are soft-404 titles: citecheck.page.soft404.)"""
    page = served.page
    if page is None:
        return None
    for titles, status in ((_REFUSAL_TITLES, LinkStatus.BLOCKED),
                           (_OUTAGE_TITLES, LinkStatus.SERVER_ERROR)):
        # (The title comparison only for a title that reads like one: it costs more.)
        if served.pieces & titles and not served.cited:
            return status, f"HTTP {served.fetched.status}, but the page is titled {page.title!r}"
    return None
