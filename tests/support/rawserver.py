"""A TCP server on loopback whose handler writes raw bytes: for responses no HTTP server sends."""

from __future__ import annotations

import contextlib
import socket
import threading
from collections.abc import Callable

RawHandler = Callable[[socket.socket], None]


class RawServer:
    def __init__(self, handler: RawHandler, address: str = "127.0.0.4"):
        self._handler = handler
        self._sock = socket.socket()
        self._sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._sock.bind((address, 0))
        self._sock.listen(64)
        self.address = address
        self.port = int(self._sock.getsockname()[1])
        self._stop = threading.Event()
        self.connections = 0
        self._thread = threading.Thread(target=self._serve, daemon=True)

    def start(self) -> RawServer:
        self._thread.start()
        return self

    def _serve(self) -> None:
        self._sock.settimeout(0.2)
        while not self._stop.is_set():
            try:
                conn, _ = self._sock.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            self.connections += 1
            threading.Thread(target=self._run, args=(conn,), daemon=True).start()

    def _run(self, conn: socket.socket) -> None:
        # The peer may vanish at any time; that is what these tests are about.
        with conn, contextlib.suppress(OSError):
            conn.settimeout(10)
            _read_request(conn)
            self._handler(conn)

    def stop(self) -> None:
        self._stop.set()
        self._sock.close()
        self._thread.join(timeout=2)


def _read_request(conn: socket.socket) -> bytes:
    data = b""
    while b"\r\n\r\n" not in data and len(data) < 65536:
        chunk = conn.recv(4096)
        if not chunk:
            break
        data += chunk
    return data
