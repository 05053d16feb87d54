"""Sending one GET: through requests, or straight to its urllib3 pool when that is the same.

Through requests, a request costs a third more CPU than straight to urllib3
(prepare_request, setting merges, hooks, the cookie jar, the adapter):
benchmarks/transport_cpu.py, ``threads`` against ``threads-requests`` in one
run, 3,000 URLs, 128 in flight, page analysis included: 1.00-1.29 against
1.36-1.76 ms per URL over 7 interleaved pairs (ratio 0.70-0.84). When none of
what requests adds applies - no proxy, no cookie stored for the host, no
credentials in the URL - the request goes straight to the same urllib3 pool the
session's adapter uses (same guarded connections, same TLS context, same retry
setting, same error types). The URL and the headers sent are the ones requests
itself would send: its own ``prepare_url`` (IDNA, requoting, dot segments) and
``merge_setting`` make them, not a copy of their rules (but for a quick test of
the URLs it leaves as they are, held to prepare_url by a property test);
tests/net/test_send.py compares the two paths on the wire. Otherwise the
request goes through the session as usual.
"""

from __future__ import annotations

import re
import ssl
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlsplit

import requests
import urllib3
from requests.cookies import extract_cookies_to_jar
from requests.models import PreparedRequest
from requests.sessions import merge_setting
from requests.structures import CaseInsensitiveDict

from citecheck.net.connection import GuardedAdapter, HostTrackingPoolManager
from citecheck.net.session import Proxies

# URLs requests sends as written (its prepare_url returns them unchanged: a property
# test holds this rule to requests' own code): lower-case scheme and host, a path,
# and only characters that neither urllib3's parse_url nor requote_uri rewrite - no
# '%' escapes to normalise, no '#', no user info, a port in range. "/." (a dot
# segment, or a name starting with a dot) and an empty query are left to
# prepare_url. Checking costs ~0.5 us; prepare_url ~13 us, about 3% of the direct
# path's CPU per request.
_AS_WRITTEN = re.compile(
    r"https?://[a-z0-9.\-]+(?::(?P<port>[1-9][0-9]{0,4}))?/[A-Za-z0-9\-._~/?=&+,;:@!$'()*]*"
)


def prepared_url(url: str) -> str:
    """``url`` as requests would send it (requoted, IDNA host, dot segments removed)."""
    plain = "/." not in url and not url.endswith("?") and _AS_WRITTEN.fullmatch(url)
    if plain and int(plain["port"] or 0) <= 65_535:
        return url
    prepared = PreparedRequest()
    prepared.prepare_url(url, None)
    assert prepared.url is not None
    return prepared.url


@dataclass(frozen=True)
class Sent:
    """A response whose headers are in and whose body is still to be read."""

    raw: urllib3.BaseHTTPResponse
    headers: dict[str, str]  # names lower-cased


class Sender:
    def __init__(
        self,
        session: requests.Session,
        proxies: Proxies,
        verify: bool | str,
        tls_context: ssl.SSLContext,
        *,
        direct: bool = True,
    ):
        """``direct=False`` sends everything through requests (for measuring the
        difference, and for tests that compare the two ways)."""
        self.session = session
        self.proxies = proxies
        self.verify = verify
        self.direct = direct
        adapter = session.get_adapter("http://")
        assert isinstance(adapter, GuardedAdapter)
        self.pool_manager: HostTrackingPoolManager = adapter.poolmanager
        self._retries = adapter.max_retries
        # The TLS settings requests would pass for this `verify` (the engine's one TLS
        # context: no CA path, which urllib3 would load for every connection).
        self._pool_kwargs: dict[str, object] = {
            "cert_reqs": "CERT_NONE" if verify is False else "CERT_REQUIRED",
            "ssl_context": tls_context,
        }
        # Session headers are all str (set in build_session).
        self._base_headers: dict[str, str] = {k: str(v) for k, v in session.headers.items()}
        # Domains the session's jar holds cookies for: their hosts go through requests.
        self._cookie_domains: set[str] = set()

    def send(self, url: str, headers: Mapping[str, str] | None, timeout: float) -> Sent:
        """Send a GET for ``url`` (no redirect followed, body not read)."""
        if self.direct and self._direct_ok(url):
            raw = self._send_direct(url, headers, timeout)
            # itermerged: repeated headers joined with ", " as requests does, in one pass.
            return Sent(raw, {k.lower(): v for k, v in raw.headers.itermerged()})
        request = requests.Request("GET", url, headers=dict(headers or {}))
        response = self.session.send(
            self.session.prepare_request(request),
            stream=True,
            timeout=(timeout, timeout),
            verify=self.verify,
            proxies=self.proxies.for_url(url),
            allow_redirects=False,
        )
        return Sent(response.raw, {k.lower(): v for k, v in response.headers.items()})

    def _direct_ok(self, url: str) -> bool:
        parts = urlsplit(url)
        if "@" in parts.netloc:  # credentials: requests turns them into a header
            return False
        if self.proxies and self.proxies.for_url(url):
            return False
        return not (self._cookie_domains and self._cookie_applies(parts.hostname or ""))

    def _send_direct(
        self, url: str, headers: Mapping[str, str] | None, timeout: float
    ) -> urllib3.BaseHTTPResponse:
        parts = urlsplit(prepared_url(url))
        scheme = parts.scheme.lower()
        pool = self.pool_manager.connection_from_host(
            parts.hostname, parts.port, scheme,
            pool_kwargs=self._pool_kwargs if scheme == "https" else None,
        )
        merged: Mapping[str, str] = self._base_headers
        if headers:
            merged = merge_setting(headers, merged, dict_class=CaseInsensitiveDict)
        raw = pool.urlopen(
            "GET",
            (parts.path or "/") + (f"?{parts.query}" if parts.query else ""),
            headers=merged,
            redirect=False,
            assert_same_host=False,
            preload_content=False,
            decode_content=False,
            retries=self._retries,
            timeout=urllib3.Timeout(connect=timeout, read=timeout),
        )
        if "set-cookie" in raw.headers:
            # Keep the session's cookie behaviour: store them as requests would,
            # and send later requests to this host through requests.
            prepared = requests.Request("GET", url, headers=dict(merged)).prepare()
            extract_cookies_to_jar(self.session.cookies, prepared, raw)
            self._cookie_domains.update(
                c.domain.lstrip(".").lower() for c in self.session.cookies
            )
        return raw

    def _cookie_applies(self, host: str) -> bool:
        """Whether a cookie stored for one of the jar's domains could be sent to ``host``."""
        labels = host.lower().rstrip(".").split(".")
        return any(".".join(labels[i:]) in self._cookie_domains for i in range(len(labels)))
