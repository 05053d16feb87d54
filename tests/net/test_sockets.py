"""The engine's sockets: what they skip, and that they still behave as sockets."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator

import pytest

from citecheck.net.sockets import (
    READ_BUFFER,
    EngineSocket,
    clear_send_started,
    open_socket,
    send_started,
)

ADDRESS = "127.0.0.11"
RESPONSE = b"HTTP/1.1 200 OK\r\n" + b"x" * 40_000


@pytest.fixture
def listener() -> Iterator[socket.socket]:
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.bind((ADDRESS, 0))
    server.listen()
    try:
        yield server
    finally:
        server.close()


def _serve_once(server: socket.socket, payload: bytes, sent: threading.Event) -> threading.Thread:
    def run() -> None:
        conn, _ = server.accept()
        with conn:
            conn.sendall(payload)
            sent.set()
            conn.recv(1)  # hold the connection open until the client closes it

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread


def test_open_socket_connects_with_the_options_and_timeout(listener: socket.socket) -> None:
    port = listener.getsockname()[1]
    options = [(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)]
    sent = threading.Event()
    thread = _serve_once(listener, b"hello", sent)
    with open_socket(ADDRESS, port, 2.5, None, options) as sock:
        assert isinstance(sock, EngineSocket)
        assert sock.gettimeout() == 2.5
        assert sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY)
        assert sock.getpeername() == (ADDRESS, port)
        assert sock.recv(5) == b"hello"
    thread.join(2)


def test_open_socket_to_a_closed_port_is_refused(listener: socket.socket) -> None:
    port = listener.getsockname()[1]
    listener.close()  # nothing listens there any more
    with pytest.raises(ConnectionRefusedError):
        open_socket(ADDRESS, port, 1.0)


def test_settimeout_still_changes_the_timeout(listener: socket.socket) -> None:
    port = listener.getsockname()[1]
    sent = threading.Event()
    thread = _serve_once(listener, b"", sent)
    with open_socket(ADDRESS, port, 1.0) as sock:
        sock.settimeout(1.0)  # unchanged: skipped
        assert sock.gettimeout() == 1.0
        sock.settimeout(0.2)
        assert sock.gettimeout() == 0.2
        with pytest.raises(TimeoutError):
            sock.recv(1)  # the server sends nothing: the new timeout applies
        sock.settimeout(None)
        assert sock.gettimeout() is None and sock.getblocking()
    thread.join(2)


def test_a_response_reader_takes_what_has_arrived_in_one_read(listener: socket.socket) -> None:
    port = listener.getsockname()[1]
    sent = threading.Event()
    thread = _serve_once(listener, RESPONSE, sent)
    with open_socket(ADDRESS, port, 2.0) as sock:
        assert sent.wait(2)
        reader = sock.makefile("rb")
        assert reader.readline() == b"HTTP/1.1 200 OK\r\n"
        # What that one read brought in is buffered: far more than the 8 KiB a
        # default reader asks for, up to READ_BUFFER.
        buffered = reader.peek()
        assert 8192 < len(buffered) <= READ_BUFFER
        assert reader.read(40_000) == b"x" * 40_000
        reader.close()
    thread.join(2)


def test_a_send_records_when_its_bytes_began_to_go(listener: socket.socket) -> None:
    port = listener.getsockname()[1]
    sent = threading.Event()
    thread = _serve_once(listener, b"", sent)
    with open_socket(ADDRESS, port, 2.0) as sock:
        clear_send_started()
        assert send_started() is None
        before = time.monotonic()
        sock.sendall(b"GET / HTTP/1.1\r\n\r\n")
        began = send_started()
        assert began is not None and before <= began <= time.monotonic()
    thread.join(2)


def test_a_send_larger_than_the_socket_buffer_arrives_whole(listener: socket.socket) -> None:
    """The first write takes what fits; the rest goes the usual way, under the timeout."""
    payload = bytes(range(256)) * 16_384  # 4 MiB: more than a send buffer holds
    received = bytearray()

    def read_all() -> None:
        conn, _ = listener.accept()
        with conn:
            while len(received) < len(payload):
                chunk = conn.recv(1 << 16)
                if not chunk:
                    return
                received.extend(chunk)

    reader = threading.Thread(target=read_all, daemon=True)
    reader.start()
    with open_socket(ADDRESS, listener.getsockname()[1], 5.0) as sock:
        sock.sendall(payload)
        reader.join(10)
    assert bytes(received) == payload
