"""The engine's requests session: headers, TLS trust, proxies, guarded pools.

Everything here is read once per engine, when it is built: the CA bundle to
trust (``--ca-cert`` first, then the usual environment variables), the proxies
from the environment, and the adapter whose connections go through the
address guard and the per-host pacing.
"""

from __future__ import annotations

import os
import ssl
import urllib.request
import warnings
from collections.abc import Callable
from functools import lru_cache
from urllib.parse import urlsplit

import certifi
import requests
import urllib3.exceptions

from citecheck.net.connection import GuardedAdapter
from citecheck.net.guard import AddressGuard
from citecheck.net.resolver import Resolver
from citecheck.net.watchdog import Watchdog
from citecheck.options import CheckOptions

ACCEPT = "text/html,application/xhtml+xml,application/pdf;q=0.9,*/*;q=0.8"
_MIN_POOLS = 1024
# The variables requests reads for a CA bundle, in its order.
_CA_BUNDLE_VARIABLES = ("REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE", "SSL_CERT_FILE")


def tls_verify(options: CheckOptions) -> bool | str:
    """What to verify server certificates against: False (``--insecure``), the
    ``--ca-cert`` file, else a CA bundle named in the environment, else certifi's."""
    if options.insecure:
        # The user asked for it; one warning per request would drown the report.
        warnings.filterwarnings("ignore", category=urllib3.exceptions.InsecureRequestWarning)
        return False
    if options.ca_cert:
        return options.ca_cert
    # Without --ca-cert, honour the usual CA bundle variables like requests does.
    for var in _CA_BUNDLE_VARIABLES:
        path = os.environ.get(var)
        if path and os.path.isfile(path):
            return path
    return certifi.where()


def build_session(
    options: CheckOptions,
    resolver: Resolver,
    guard: AddressGuard,
    watchdog: Watchdog,
    pacer: Callable[[Callable[[], object]], None],
    tls_context: ssl.SSLContext,
) -> requests.Session:
    session = requests.Session()
    session.trust_env = False  # proxies and CA bundles are resolved once, explicitly
    session.headers.clear()
    session.headers.update(
        {
            "User-Agent": options.user_agent,
            "Accept": ACCEPT,
            "Accept-Encoding": "gzip, deflate",
            "Accept-Language": "en;q=0.9, *;q=0.5",
            "Connection": "keep-alive",
        }
    )
    adapter = GuardedAdapter(
        resolver,
        guard,
        watchdog,
        # Pools are closed when their host's work is done (release_host); this
        # bound is for what a run does not announce (redirect targets, archives).
        # A bound below the hosts in use made the pool manager close and reopen
        # pools constantly, under its one lock (17 ms per request at 1,000 hosts).
        pool_connections=max(_MIN_POOLS, options.concurrency * 8),
        pool_maxsize=max(options.per_host, 4),
        pacer=pacer,
        tls_context=tls_context,
    )
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    return session


class Proxies:
    """The proxies of the environment (``http_proxy``, ``no_proxy``...), read once:
    looking them up per request cost about 0.1 ms."""

    def __init__(self, environment: dict[str, str] | None = None):
        found = urllib.request.getproxies() if environment is None else environment
        self._items = tuple(sorted(found.items()))

    def __bool__(self) -> bool:
        return bool(self._items)

    def for_url(self, url: str) -> dict[str, str]:
        """The proxies requests should use for ``url`` ({} when it goes direct)."""
        if not self._items:
            return {}
        parts = urlsplit(url)
        return _proxies_for_host(parts.scheme, parts.hostname or "", self._items)


@lru_cache(maxsize=4096)
def _proxies_for_host(
    scheme: str, host: str, env_proxies: tuple[tuple[str, str], ...]
) -> dict[str, str]:
    proxies = dict(env_proxies)
    no_proxy = proxies.pop("no", None) or proxies.pop("no_proxy", None)
    if requests.utils.should_bypass_proxies(f"{scheme}://{host}/", no_proxy=no_proxy):
        return {}
    return {k: v for k, v in proxies.items() if k in (scheme, "all", f"all://{host}")}
