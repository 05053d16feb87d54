"""URL comparison the way web archives key captures.

Archives file a capture under a canonical key (SURT): scheme, ``www.``, letter case of
the host and the order of query parameters do not matter there, and citations add
their own noise (fragments, trailing slashes, campaign parameters). Two URLs that
differ only in those ways name the same page for citecheck's purposes.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, quote, unquote, urlencode, urlsplit, urlunsplit

# Campaign/click identifiers added by newsletters, ads and social sites. They never
# select content, and archives key each variant separately.
_TRACKING_EXACT = frozenset({"fbclid", "gclid", "gclsrc", "dclid", "msclkid", "mc_cid", "mc_eid"})
_TRACKING_PREFIX = ("utm_",)
_WWW = re.compile(r"^www\d?\.")
_DEFAULT_PORTS = {"http": 80, "https": 443}


def is_tracking_param(name: str) -> bool:
    lowered = name.lower()
    return lowered in _TRACKING_EXACT or lowered.startswith(_TRACKING_PREFIX)


def strip_tracking(url: str) -> str:
    """``url`` without tracking parameters and fragment; other parameters keep their order."""
    parts = urlsplit(url)
    pairs = parse_qsl(parts.query, keep_blank_values=True)
    kept = [(k, v) for k, v in pairs if not is_tracking_param(k)]
    query = parts.query if len(kept) == len(pairs) else urlencode(kept)
    return urlunsplit((parts.scheme, parts.netloc, parts.path, query, ""))


def has_tracking(url: str) -> bool:
    return any(is_tracking_param(k) for k, _ in parse_qsl(urlsplit(url).query, True))


def comparable(url: str) -> str:
    """A key equal for URLs that name the same page (see module docstring).

    Scheme, ``www.``, host case, default port, trailing slash, fragment, parameter
    order, percent-encoding of unreserved characters and tracking parameters are
    all ignored.
    """
    parts = urlsplit(url.strip() if "://" in url else "http://" + url.strip())
    host = (parts.hostname or "").rstrip(".")
    host = _WWW.sub("", host)
    try:
        port = parts.port
    except ValueError:  # a port that is not a number: keep the text, it cannot match
        port = None
        host = parts.netloc.lower()
    scheme = parts.scheme.lower()
    if port is not None and port != _DEFAULT_PORTS.get(scheme):
        host = f"{host}:{port}"
    path = quote(unquote(parts.path), safe="/:@!$&'()*+,;=~-._")
    path = path.rstrip("/")
    pairs = sorted(
        (k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
        if not is_tracking_param(k)
    )
    query = urlencode(pairs)
    return f"{host}{path}" + (f"?{query}" if query else "")


def same_page(a: str, b: str) -> bool:
    return comparable(a) == comparable(b)


def toggle_trailing_slash(url: str) -> str | None:
    """The other spelling of ``url``'s path (``/a`` <-> ``/a/``); None for the site root."""
    parts = urlsplit(url)
    if parts.path in ("", "/"):
        return None
    path = parts.path[:-1] if parts.path.endswith("/") else parts.path + "/"
    return urlunsplit((parts.scheme, parts.netloc, path, parts.query, ""))


def lookup_variants(url: str) -> tuple[str, ...]:
    """The spellings to ask an archive for, most likely first, without duplicates.

    Archives' keys already ignore scheme, ``www.`` and fragment, but not the trailing
    slash or tracking parameters, so those variants are looked up separately.
    """
    cleaned = strip_tracking(url)
    without_fragment = urlunsplit(urlsplit(url)._replace(fragment=""))
    variants = [without_fragment, cleaned]
    toggled = toggle_trailing_slash(cleaned)
    if toggled:
        variants.append(toggled)
    unique: list[str] = []
    for variant in variants:
        if variant not in unique:
            unique.append(variant)
    return tuple(unique)
