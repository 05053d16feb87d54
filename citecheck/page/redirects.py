"""Redirects that replace a missing page with the site's home or a generic page (moved-home)."""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, unquote, urljoin, urlsplit

# Paths that are a site's front page, whatever the language prefix ("/en/", "/es-mx").
_HOME_FILE = re.compile(r"^(?:index|default|home|start|main|portal)(?:\.[a-z]{2,5})?$", re.I)
_LANG = re.compile(r"^[a-z]{2}(?:[-_][a-z]{2,4})?$", re.IGNORECASE)
# Generic destinations: search, error and listing pages (sign-in walls: _WALL_SEGMENT).
_GENERIC_SEGMENT = re.compile(
    r"^(?:search|suche"
    r"|buscar|busqueda|recherche|ricerca|404|410|error|errors|not-?found|page-?not-?found"
    r"|notfound|missing|gone|unavailable|archive|archives|news|noticias|nachrichten|actualites"
    r"|articles?|blog|blogs|posts?|stories|category|categories|tag|tags|topics?|sections?"
    r"|sitemap|expired|removed|deleted)(?:\.[a-z]{2,5})?$",
    re.IGNORECASE,
)
# Trailing segments that only pick a view of the same article ("/story/amp" -> "/story").
_VIEW_SEGMENT = re.compile(
    r"^(?:amp|print|full|all|view|comments|\d{1,2}|index\.[a-z]{2,5})$", re.IGNORECASE
)
# Pages that stand between a reader and the article: sign-in, paywall and consent walls.
# A redirect to one says "not for you", not "not here": the link is blocked, not dead.
_WALL_SEGMENT = re.compile(
    r"^(?:log-?in|sign-?in|signin|sign-?on|signon|servicelogin|sso|auth|authenticate"
    r"|authorize|oauth2?|account|myaccount|register|registration|sign-?up|session"
    r"|subscribe|subscription|subscriptions|paywall|consent|collectconsent|cookie-?consent"
    r"|privacy-?gate|gdpr|anmelden|connexion|iniciar-sesion|accedi|entrar)(?:\.[a-z]{2,5})?$",
    re.IGNORECASE,
)
# First host labels of sign-in and consent services (consent.yahoo.com, accounts.google.com).
_WALL_HOST_LABELS = frozenset(
    {"consent", "login", "signin", "auth", "accounts", "account", "sso", "guce", "myaccount"}
)
_SEARCH_PARAMS = frozenset({"q", "s", "query", "search", "keyword", "keywords", "k"})
_ERROR_PARAMS = frozenset({"error", "err", "404", "notfound", "aspxerrorpath"})


def _segments(path: str) -> list[str]:
    return [unquote(s) for s in path.split("/") if s]


def _registrable(host: str) -> str:
    # "www.example.co.uk" and "example.co.uk" are one site; compare without www./m.
    host = host.lower().rstrip(".")
    for prefix in ("www.", "m.", "amp.", "mobile."):
        if host.startswith(prefix):
            return host[len(prefix) :]
    return host


def _is_home(segments: list[str]) -> bool:
    rest = list(segments)
    if rest and _LANG.match(rest[0]):
        rest = rest[1:]
    return not rest or (len(rest) == 1 and bool(_HOME_FILE.match(rest[0])))


def redirect_is_moved_home(original_url: str, final_url: str) -> bool:
    """True when a redirect from ``original_url`` ended on a site's front page, a login /
    search / error page, or a listing that is an ancestor of the original path."""
    try:
        orig, final = urlsplit(original_url), urlsplit(final_url)
        orig_host, final_host = orig.hostname or "", final.hostname or ""
    except ValueError:
        return False
    orig_segs, final_segs = _segments(orig.path), _segments(final.path)
    if _is_home(orig_segs) and not orig.query:
        # The citation itself was a front page: a redirect to a front page is fine.
        return False
    if _is_home(final_segs):
        # "?p=123" on a home path is still an article on many CMSs (WordPress): not home.
        params = {k.lower() for k, _ in parse_qsl(final.query, keep_blank_values=True)}
        return not params or bool(params & (_SEARCH_PARAMS | _ERROR_PARAMS))
    if any(_GENERIC_SEGMENT.match(s) for s in final_segs[-1:]):
        # A generic last segment is a generic page, unless it was the cited one too.
        same_site = _registrable(orig_host) == _registrable(final_host)
        return not (same_site and orig_segs[-1:] == final_segs[-1:])
    if _registrable(orig_host) == _registrable(final_host) and len(final_segs) < len(orig_segs):
        # "/news/2018/04/story" -> "/news/": a listing that contains the old article.
        lowered = [s.lower() for s in orig_segs]
        dropped = orig_segs[len(final_segs) :]
        is_ancestor = [s.lower() for s in final_segs] == lowered[: len(final_segs)]
        return is_ancestor and not all(_VIEW_SEGMENT.match(s) for s in dropped)
    return False


def redirect_to_wall(original_url: str, final_url: str) -> str | None:
    """Why a redirect from ``original_url`` ended on a sign-in, paywall or consent page
    rather than on the cited page, or None. Such a site still has the page for a reader
    who signs in or consents: the link is blocked, never dead."""
    try:
        orig, final = urlsplit(original_url), urlsplit(final_url)
        final_host = (final.hostname or "").lower()
    except ValueError:
        return None
    label = final_host.split(".", 1)[0]
    if label in _WALL_HOST_LABELS and final_host != (orig.hostname or "").lower():
        return f"redirected to a sign-in or consent page ({final_host})"
    orig_segs = [s.lower() for s in _segments(orig.path)]
    for segment in _segments(final.path)[-2:]:
        if _WALL_SEGMENT.match(segment) and segment.lower() not in orig_segs:
            return f"redirected to a sign-in, subscription or consent page (/{segment})"
    return None


# A refresh this soon is a redirect (a browser goes at once); a later one is a page that
# reloads itself or offers a link, and the reader sees the page first.
_IMMEDIATE_REFRESH_SECONDS = 5.0
# "url=" is optional, as browsers read it ("0; /moved" works too). Matched against the
# right-stripped value up to \Z: a trailing `\s*$` after the lazy URL rescanned every
# run of blanks inside it (a page's 64 KB refresh value or header: 13 s, GIL held).
_REFRESH_URL = re.compile(
    r"""^\s*(?:url\s*=\s*)?(?P<q>["']?)(?P<url>.*?)(?P=q)\Z""", re.IGNORECASE | re.DOTALL
)


def meta_refresh_target(content: str | None, base_url: str) -> str | None:
    """The absolute http(s) URL an immediate ``<meta http-equiv="refresh">`` sends the
    reader to (``content`` as written: "0; url=/moved"), or None: no URL, a delay over 5 s,
    the page itself, or something unparseable."""
    if not content:
        return None
    delay, _, rest = content.replace(",", ";", 1).partition(";")
    try:
        seconds = float(delay.strip() or "0")
    except ValueError:
        return None
    if not 0 <= seconds <= _IMMEDIATE_REFRESH_SECONDS:
        return None
    match = _REFRESH_URL.match(rest.rstrip())
    return _elsewhere(match.group("url"), base_url) if match else None


# What a page that only sends the browser on runs: location.href = "/x",
# window.location = '/x', location.replace("/x"), location.assign('/x').
_SCRIPT_REDIRECT = re.compile(
    r"""\blocation(?:\.href)?\s*=\s*(?P<q1>["'])(?P<a>[^"'\s]+)(?P=q1)"""
    r"""|\blocation\.(?:replace|assign)\(\s*(?P<q2>["'])(?P<b>[^"'\s]+)(?P=q2)\s*\)"""
)


def script_redirect_target(markup: str, base_url: str) -> str | None:
    """Where a script in ``markup`` sends the browser (a literal URL only), or None.
    For stub pages: the caller asks only when the page has next to no text."""
    match = _SCRIPT_REDIRECT.search(markup)
    if match is None:
        return None
    return _elsewhere(match.group("a") or match.group("b"), base_url)


def _elsewhere(raw: str, base_url: str) -> str | None:
    """``raw`` made absolute against ``base_url``, if it is another http(s) page."""
    raw = raw.strip()
    if not raw:
        return None
    try:
        target = urljoin(base_url, raw)
        parts = urlsplit(target)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    if target.split("#", 1)[0] == base_url.split("#", 1)[0]:
        return None
    return target
