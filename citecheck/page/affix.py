"""Site-name affixes of titles: "Headline - Reuters", "Reuters | Headline", "見出し - CNET Japan".

A page title often carries the publication's name (and sometimes a section) before
or after the headline. It is removed only when the affix is *known* to be a site
name: the page's og:site_name / publisher, the citer's website/work/publisher, the
URL's host, or the part another title candidate of the same page lacks.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from urllib.parse import urlsplit

# Separators between a headline and an affix. Spaced ASCII hyphens and pipes are the
# common ones; CJK titles use full-width bars and unspaced hyphens (in the last word:
# the lookahead is bounded by the title cap, or every dash would rescan to the end).
_SEPARATOR = re.compile(
    r"(?:\s+(?:[|\-–—~·•»«:/✩★]|::|--|\\\\)\s+|\s*[|｜│]\s*|\s*[-–—]\s*(?=\S{0,1000}$)|:\s+"
    # "Cracking the Code- Business News": a dash glued to the headline, then a space.
    r"|(?<=\w)[-–—]\s+)"
)
_SEPARATOR_CHARS = " \t|｜│-–—~·•»«:/✩★\\"
# Registrable-domain suffixes that are not part of a site's name.
_HOST_NOISE = frozenset(
    {
        "www",
        "m",
        "amp",
        "mobile",
        "en",
        "com",
        "org",
        "net",
        "co",
        "uk",
        "de",
        "fr",
        "es",
        "jp",
        "ne",
        "or",
        "ac",
        "gov",
        "edu",
        "info",
        "news",
        "html",
        "cn",
        "ru",
        "it",
        "br",
        "mx",
        "ar",
        "pe",
        "cl",
        "ch",
        "at",
        "ca",
        "au",
        "in",
        "io",
        "tv",
        "us",
    }
)
_MIN_SITE_KEY = 3
# An affix stripped from a title must leave a headline at least this long (in key chars).
_MIN_REST_KEY = 4


_NOT_ALNUM = re.compile(r"[\W_]+")


# Site names, words of title pieces and hosts recur across the references of a run:
# the same few thousand strings are keyed again and again.
@lru_cache(maxsize=16_384)
def key(text: str) -> str:
    """Letters and digits only, compatibility-normalised and case-folded (for comparing names)."""
    return _NOT_ALNUM.sub("", unicodedata.normalize("NFKC", text).casefold())


# A URL up to the end of its authority ("https://user@host:port"): what its host is read
# from, and the same for every page of a site (urlsplit finds the same netloc in it).
_AUTHORITY = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://[^/?#]*")


def _authority(url: str | None) -> str | None:
    if not url:
        return None
    found = _AUTHORITY.match(url)
    return found.group(0) if found else url


def host_keys(url: str | None) -> tuple[str, ...]:
    """Name keys a URL's host suggests: "www.bettycrocker.com" -> ("bettycrocker.com",
    "bettycrocker"); "sport.aktualne.cz" -> ("aktualne.cz", "aktualne")."""
    authority = _authority(url)
    return _host_keys(authority) if authority else ()


@lru_cache(maxsize=4096)
def _host_keys(authority: str) -> tuple[str, ...]:
    try:
        host = (urlsplit(authority).hostname or "").lower()
    except ValueError:
        return ()
    return _keys_of_host(host)


@lru_cache(maxsize=4096)
def _keys_of_host(host: str) -> tuple[str, ...]:
    labels = [label for label in host.split(".") if label]
    if len(labels) < 2:
        return ()
    out: list[str] = []
    names = [label for label in labels[:-1] if label not in _HOST_NOISE]
    if names:
        main = names[-1]
        out.append(key(main + "." + labels[-1]) if labels[-1] else main)
        out.append(key(main))
        if len(names) > 1:
            out.append(key(names[-2] + names[-1]))
    return tuple(k for k in out if len(k) >= _MIN_SITE_KEY)


def _is_site(segment: str, site_keys: tuple[str, ...]) -> bool:
    segment_key = key(segment)
    if len(segment_key) < _MIN_SITE_KEY:
        return False
    words = [key(w) for w in segment.split()]
    for site in site_keys:
        if segment_key == site:
            return True
        # "CNN Politics" for cnn.com: the site's name as a whole word of a short piece.
        if len(words) <= 3 and site in (words[0], words[-1]):
            return True
        # "HelloGigglesHelloGiggles", "BettyCrocker.com": a long site name plus a little.
        if (
            len(site) >= 5
            and (segment_key.startswith(site) or segment_key.endswith(site))
            and len(segment_key) <= 2 * len(site) + 4
            and len(words) <= 4
        ):
            return True
        if len(segment_key) >= 5 and site.startswith(segment_key):
            return True
    return False


def split_pieces(title: str) -> list[str]:
    """Title pieces at separators (separators dropped): "A | B - C" -> ["A", "B", "C"]."""
    return list(_pieces(title))


# A title is split again by each step that compares it (affixes, variants, the lead).
@lru_cache(maxsize=8192)
def _pieces(title: str) -> tuple[str, ...]:
    return tuple(p for p in _SEPARATOR.split(title) if p and p.strip(_SEPARATOR_CHARS))


def site_keys_of(names: tuple[str, ...] | list[str], url: str | None = None) -> tuple[str, ...]:
    """Keys of a page's site names (its own, the citer's) and of its URL's host."""
    return _site_keys(tuple(names), _authority(url))


# Every page of a site, and every reference to it, asks with the same names and host.
@lru_cache(maxsize=4096)
def _site_keys(names: tuple[str, ...], authority: str | None) -> tuple[str, ...]:
    keys = [key(n) for n in names]
    if authority:
        keys.extend(_host_keys(authority))
    return tuple(dict.fromkeys(k for k in keys if len(k) >= _MIN_SITE_KEY))


# Chinese portals are named "...网" (net) or "...报" (daily): "标题-新华网", "标题_人民网".
_CJK_PORTAL_SUFFIX = re.compile(
    r"\s*[-_|｜–—]\s*[^\s\-_|｜–—]{1,10}(?:网|網|日报|日報|新闻|新聞|报|報)$"
)


# A page's headline is stripped again for each reference compared with it.
@lru_cache(maxsize=8192)
def strip_site_affixes(title: str, site_keys: tuple[str, ...]) -> str:
    """``title`` without leading/trailing pieces that are a known site name (at most two
    pieces per side: "Headline | Section | Site" keeps only a section next to the site)."""
    portal = _CJK_PORTAL_SUFFIX.search(title)
    if portal and len(key(title[: portal.start()])) >= _MIN_REST_KEY:
        title = title[: portal.start()]
    if not site_keys:
        return title
    text = title
    for _ in range(2):
        stripped = _strip_once(text, site_keys)
        if stripped == text:
            break
        text = stripped
    return text


def _strip_once(title: str, site_keys: tuple[str, ...]) -> str:
    # A whole site name at either end, whatever separates it ("Headline ✩ Mozilla Hacks –
    # the Web developer blog"): compare keys of growing word runs at the ends.
    words = title.split()
    tkey = key(title)
    for site in site_keys:
        if len(site) < 4 or len(tkey) - len(site) < _MIN_REST_KEY:
            continue
        if tkey.endswith(site):
            for cut in range(len(words) - 1, 0, -1):
                if key(" ".join(words[cut:])) == site:
                    rest = " ".join(words[:cut]).rstrip(_SEPARATOR_CHARS)
                    if len(key(rest)) >= _MIN_REST_KEY and rest != " ".join(words[:cut]):
                        return rest
                    break
        if tkey.startswith(site):
            for cut in range(1, len(words)):
                if key(" ".join(words[:cut])) == site:
                    rest = " ".join(words[cut:]).lstrip(_SEPARATOR_CHARS)
                    if len(key(rest)) >= _MIN_REST_KEY and rest != " ".join(words[cut:]):
                        return rest
                    break
    pieces = split_pieces(title)
    if len(pieces) < 2:
        return title
    last, first = pieces[-1], pieces[0]
    if _is_site(last.strip(), site_keys):
        cut = title.rfind(last.strip())
        rest = title[:cut].rstrip(_SEPARATOR_CHARS)
        if len(key(rest)) >= _MIN_REST_KEY:
            return rest
    if _is_site(first.strip(), site_keys):
        cut = title.find(first.strip()) + len(first.strip())
        rest = title[cut:].lstrip(_SEPARATOR_CHARS)
        if len(key(rest)) >= _MIN_REST_KEY:
            return rest
    return title


# Separators that set off a site name (not ":", which sets off a kicker or subtitle).
_PAIR_SEPARATORS = frozenset("|｜│-–—~·•»«/✩★")


def _sets_off_site(separator: str) -> bool:
    # "X : Site" (a spaced colon, common on Japanese sites) sets off a site name;
    # "X: subtitle" does not.
    return bool(set(separator) & _PAIR_SEPARATORS) or separator.startswith((" :", "::"))


def affix_from_pair(short: str, long: str) -> str | None:
    """When ``long`` is ``short`` plus a separated affix, the affix ("X" and "X | Site" ->
    "Site"); the affix is evidence of the site's name."""
    if len(long) <= len(short) or not short:
        return None
    if long.startswith(short):
        rest = long[len(short) :]
        affix = rest.strip(_SEPARATOR_CHARS)
        if affix and _sets_off_site(rest[: len(rest) - len(rest.lstrip(_SEPARATOR_CHARS))]):
            return affix
    if long.endswith(short):
        rest = long[: len(long) - len(short)]
        affix = rest.strip(_SEPARATOR_CHARS)
        if affix and _sets_off_site(rest[len(rest.rstrip(_SEPARATOR_CHARS)) :]):
            return affix
    return None


_PIPE_TAIL = re.compile(r"\s*[|｜│]\s*([^|｜│]{1,45})$")


def shared_pipe_tail(texts: list[str]) -> str | None:
    """A short piece after a final pipe that two titles of the page end with ("La voix des
    nuls | ARTE Radio" as og:title and <title>): the site's name, even when unnamed."""
    tails: dict[str, int] = {}
    for text in texts:
        tail = _pipe_tail(text)
        if tail:
            tails[tail] = tails.get(tail, 0) + 1
    shared = [tail for tail, count in tails.items() if count >= 2]
    return shared[0] if shared else None


# A page's <title> and og:title are often one text: its tail is found once.
@lru_cache(maxsize=4096)
def _pipe_tail(text: str) -> str | None:
    """The key of a short piece after a final pipe that may be a site's name, or None."""
    match = _PIPE_TAIL.search(text)
    if match and len(match.group(1).split()) <= 7:
        tail = key(match.group(1))
        if tail and len(key(text)) >= 2 * len(tail):
            return tail
    return None
