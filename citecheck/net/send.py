"""Sending one GET: through requests, or straight to its urllib3 pool when that is the same.

requests spends about as much CPU per request as everything else in a fetch
together (prepare_request, setting merges, hooks, the cookie jar, the adapter):
measured in benchmarks/transport_cpu.py (mode ``threads`` against
``threads-requests``). When none of what it adds applies - no proxy, no cookie
stored for the host, no credentials in the URL - the request goes straight to
the same urllib3 pool the session's adapter uses (same guarded connections,
same TLS context, same retry setting, same error types). The URL and the
headers sent are the ones requests itself would send: its own ``prepare_url``
(IDNA, requoting, dot segments) and ``merge_setting`` make them, not a copy of
their rules. Otherwise the request goes through the session as usual.
"""

from __future__ import annotations

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
        prepared = PreparedRequest()
        prepared.prepare_url(url, None)  # the URL exactly as requests would send it
        parts = urlsplit(prepared.url)
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
            prepared.path_url,
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
            prepared.prepare_headers(merged)
            extract_cookies_to_jar(self.session.cookies, prepared, raw)
            self._cookie_domains.update(
                c.domain.lstrip(".").lower() for c in self.session.cookies
            )
        return raw

    def _cookie_applies(self, host: str) -> bool:
        """Whether a cookie stored for one of the jar's domains could be sent to ``host``."""
        labels = host.lower().rstrip(".").split(".")
        return any(".".join(labels[i:]) in self._cookie_domains for i in range(len(labels)))
