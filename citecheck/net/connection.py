"""urllib3 connections that resolve, guard and connect in one step.

requests gives no hook between name resolution and connect, so the engine
mounts an adapter whose connection pools create these connections: they
resolve the host (honouring `--resolve` pins), ask the address guard about
every address, and connect only to an address the guard allowed. TLS still
uses the URL's host name for SNI and certificate checks.
"""

from __future__ import annotations

import contextlib
import http.client
import queue
import socket
import ssl
from collections.abc import Callable
from typing import Any

from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool
from urllib3.exceptions import ConnectTimeoutError, NewConnectionError
from urllib3.poolmanager import PoolManager

from citecheck.net.errors import GuardRefusal
from citecheck.net.guard import AddressGuard
from citecheck.net.headers import EngineHTTPResponse
from citecheck.net.idle import IdleConnections
from citecheck.net.resolver import Resolver
from citecheck.net.sockets import clear_send_started, open_socket, send_started
from citecheck.net.watchdog import Watchdog


class _GuardedConnectionMixin:
    # Headers parsed without the email parser (citecheck.net.headers).
    response_class: type[http.client.HTTPResponse] = EngineHTTPResponse
    # Bound per engine by `_bind_classes`: urllib3 gives no way to pass extra
    # constructor arguments through its pool manager.
    citecheck_resolver: Resolver
    citecheck_guard: AddressGuard
    citecheck_watchdog: Watchdog | None
    # Sends a request's first bytes when politeness allows (given the send to run).
    citecheck_pacer: Callable[[Callable[[], object]], None] | None

    host: str
    port: int
    timeout: Any
    source_address: Any
    socket_options: Any
    proxy: Any
    _tunnel_host: str | None

    def _new_conn(self) -> socket.socket:
        if self.proxy is not None or self._tunnel_host:
            # Connecting to a proxy the user configured; the target was guarded
            # by the engine before the request (the proxy resolves it).
            sock: socket.socket = super()._new_conn()  # type: ignore[misc]
            self._watch(sock)
            return sock
        resolution = self.citecheck_resolver.resolve(self.host, self.port)
        allowed = []
        refusals = []
        for address in resolution.addresses:
            reason = None if resolution.pinned else self.citecheck_guard.refusal(self.host, address)
            if reason is None:
                allowed.append(address)
            else:
                refusals.append(reason)
        if not allowed:
            raise GuardRefusal(refusals[0])
        error: Exception | None = None
        timeout = self.timeout
        if timeout is not None and not isinstance(timeout, (int, float)):
            timeout = socket.getdefaulttimeout()  # urllib3's "default" sentinel
        for address in allowed:
            try:
                sock = open_socket(
                    str(address), self.port, timeout, self.source_address, self.socket_options
                )
            except TimeoutError as exc:
                error = ConnectTimeoutError(
                    self, f"Connection to {self.host} ({address}) timed out"  # type: ignore[arg-type]
                )
                error.__cause__ = exc
            except OSError as exc:
                error = NewConnectionError(
                    self,  # type: ignore[arg-type]  # the mixin is always an HTTPConnection
                    f"Failed to establish a new connection to {address}: {exc}",
                )
                error.__cause__ = exc
            else:
                self._watch(sock)
                return sock
        assert error is not None
        raise error

    def _watch(self, sock: socket.socket) -> None:
        if self.citecheck_watchdog is not None:
            self.citecheck_watchdog.watch(sock)

    def putrequest(self, *args: Any, **kwargs: Any) -> Any:
        self._citecheck_paced = False
        return super().putrequest(*args, **kwargs)  # type: ignore[misc]

    def send(self, data: Any) -> None:
        if not getattr(self, "_citecheck_paced", True) and self.citecheck_pacer is not None:
            # Set first: a proxy tunnel's CONNECT, sent while connecting, is not paced.
            self._citecheck_paced = True
            if getattr(self, "sock", None) is None:
                self.connect()  # type: ignore[attr-defined]  # as http.client would, first
            self.citecheck_pacer(lambda: self._send_timed(data))
            return
        super().send(data)  # type: ignore[misc]

    def _send_timed(self, data: Any) -> float | None:
        """Send; return when the bytes began to go out (None if not through an engine
        socket, e.g. a proxy's: the pacer then times the send from its end)."""
        clear_send_started()
        super().send(data)  # type: ignore[misc]
        return send_started()

    def getresponse(self, *args: Any, **kwargs: Any) -> Any:
        # A reused pooled connection was created for an earlier fetch: put its
        # socket under the current fetch's deadline before waiting for headers.
        sock = getattr(self, "sock", None)
        if sock is not None:
            self._watch(sock)
        return super().getresponse(*args, **kwargs)  # type: ignore[misc]


class GuardedHTTPConnection(_GuardedConnectionMixin, HTTPConnection):
    pass


class GuardedHTTPSConnection(_GuardedConnectionMixin, HTTPSConnection):
    pass


def _bind_classes(
    resolver: Resolver,
    guard: AddressGuard,
    watchdog: Watchdog | None,
    pacer: Callable[[Callable[[], object]], None] | None = None,
) -> dict[str, type]:
    attrs = {
        "citecheck_resolver": resolver,
        "citecheck_guard": guard,
        "citecheck_watchdog": watchdog,
        "citecheck_pacer": pacer,
    }
    http_conn = type("BoundGuardedHTTPConnection", (GuardedHTTPConnection,), attrs)
    https_conn = type("BoundGuardedHTTPSConnection", (GuardedHTTPSConnection,), attrs)
    http_pool = type(
        "GuardedHTTPConnectionPool",
        (HTTPConnectionPool,),
        {"ConnectionCls": http_conn, "QueueCls": IdleConnections},
    )
    https_pool = type(
        "GuardedHTTPSConnectionPool",
        (HTTPSConnectionPool,),
        {"ConnectionCls": https_conn, "QueueCls": IdleConnections},
    )
    return {"http": http_pool, "https": https_pool}


class GuardedAdapter(HTTPAdapter):
    """A requests adapter whose direct connections go through the guard."""

    def __init__(
        self,
        resolver: Resolver,
        guard: AddressGuard,
        watchdog: Watchdog | None,
        *,
        pool_connections: int,
        pool_maxsize: int,
        pacer: Callable[[Callable[[], object]], None] | None = None,
        tls_context: ssl.SSLContext | None = None,
    ):
        self._pool_classes = _bind_classes(resolver, guard, watchdog, pacer)
        self._tls_context = tls_context
        # max_retries=0: retries are the engine's job (it honours Retry-After and
        # re-checks the guard), never urllib3's.
        super().__init__(
            pool_connections=pool_connections, pool_maxsize=pool_maxsize, max_retries=0
        )

    def init_poolmanager(self, connections: int, maxsize: int, block: bool = False, **kw: Any):
        # As requests does, with a pool manager that knows each host's pools.
        self._pool_connections = connections
        self._pool_maxsize = maxsize
        self._pool_block = block
        manager = HostTrackingPoolManager(num_pools=connections, maxsize=maxsize, block=block, **kw)
        manager.pool_classes_by_scheme = dict(self._pool_classes)  # type: ignore[assignment]
        self.poolmanager = manager

    # requests passes a CA path for every pool and connection, and urllib3 then loads
    # the bundle into a new context per connection (citecheck.net.tls): give the
    # pools the engine's context, loaded once from that same path, instead.

    def build_connection_pool_key_attributes(
        self, request: Any, verify: Any, cert: Any = None
    ) -> tuple[Any, Any]:
        host_params, pool_kwargs = super().build_connection_pool_key_attributes(
            request, verify, cert
        )
        if self._tls_context is not None and host_params.get("scheme") == "https":
            pool_kwargs.pop("ca_certs", None)
            pool_kwargs.pop("ca_cert_dir", None)
            pool_kwargs["ssl_context"] = self._tls_context
        return host_params, pool_kwargs

    def cert_verify(self, conn: Any, url: str, verify: Any, cert: Any) -> None:
        super().cert_verify(conn, url, verify, cert)
        if self._tls_context is not None and conn.conn_kw.get("ssl_context") is self._tls_context:
            conn.ca_certs = None
            conn.ca_cert_dir = None


def close_idle_connections(pool: HTTPConnectionPool) -> None:
    """Close the connections waiting in ``pool``, leaving the pool usable.

    urllib3 2 no longer closes a pool it lets go of (LRU eviction, removal, clear):
    the pool's idle sockets stay open until the pool object is collected, which an
    exception traceback holding it in a reference cycle postpones to the next
    garbage collection. Closing only the idle ones is safe while another thread
    still uses the pool: it opens a new connection (the pool is not blocking), and
    a connection in use is closed or re-queued when it comes back.
    """
    idle = pool.pool
    if idle is None:  # closed already
        return
    if isinstance(idle, IdleConnections):
        for conn in idle.clear():
            conn.close()
        return
    while True:
        try:
            conn = idle.get(block=False)
        except queue.Empty:
            return
        if conn is not None:
            conn.close()


class HostTrackingPoolManager(PoolManager):
    """A PoolManager that can drop every pool of one host (when its work is done)
    without scanning all of its pools: a run over 100,000 hosts ends 100,000 of them.
    Every pool it lets go of (dropped, evicted, cleared) has its idle connections
    closed at once."""

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self._keys_by_host: dict[str, set[Any]] = {}
        self.pools.dispose_func = close_idle_connections

    def connection_from_pool_key(self, pool_key: Any, request_context: dict[str, Any]) -> Any:
        keys = self._keys_by_host.get(pool_key.key_host)
        if keys is None:
            keys = self._keys_by_host.setdefault(pool_key.key_host, set())
        keys.add(pool_key)
        return super().connection_from_pool_key(pool_key, request_context=request_context)

    def drop_host(self, host: str) -> None:
        """Forget the pools of ``host`` and close their idle connections (later
        requests get new pools)."""
        # A copy (taken at once, under the GIL): another thread may still add to it.
        for key in tuple(self._keys_by_host.pop(host, ())):
            # Removal disposes of the pool (dispose_func). The LRU bound may have
            # removed it already.
            with contextlib.suppress(KeyError):
                del self.pools[key]

    def clear(self) -> None:
        self._keys_by_host.clear()
        super().clear()
