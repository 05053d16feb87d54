"""One TLS context per engine, with its CA certificates loaded once.

Given CA file paths (which is how requests passes ``verify``), urllib3 builds a
new SSLContext for every connection it opens and loads the whole bundle into it:
16–20 ms of CPU per new HTTPS connection (certifi's ~150 CAs, measured here), so
a run over a thousand HTTPS hosts spent more CPU loading certificates than on
everything else it did. Every pool of the engine shares the context made here
instead; urllib3 still checks each certificate against the URL's host name
(the context's ``check_hostname``, with the name sent as SNI).
"""

from __future__ import annotations

import os
import ssl

from urllib3.util.ssl_ import create_urllib3_context

from citecheck.errors import ConfigError
from citecheck.net.sockets import EngineSSLSocket


def tls_context(verify: bool | str) -> ssl.SSLContext:
    """A client context that trusts the CAs at path ``verify`` (a PEM file or an
    OpenSSL hashed directory), or checks nothing when ``verify`` is False."""
    cert_reqs = ssl.CERT_NONE if verify is False else ssl.CERT_REQUIRED
    context = create_urllib3_context(cert_reqs=cert_reqs)
    context.sslsocket_class = EngineSSLSocket
    if verify is False:
        return context
    if verify is True:
        context.load_default_certs()
        return context
    try:
        if os.path.isdir(verify):
            context.load_verify_locations(capath=verify)
        else:
            context.load_verify_locations(cafile=verify)
    except (OSError, ssl.SSLError) as exc:
        raise ConfigError(f"cannot load CA certificates from {verify}: {exc}") from exc
    return context
