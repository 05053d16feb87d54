"""The watchdog cuts the sockets of fetches past their deadline, and only those.

Sockets here are socket pairs (no network): shutting one end makes a read on the
other side's peer return at once, which is what a blocked fetch sees.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator

import pytest

from citecheck.net.watchdog import Watchdog


@pytest.fixture
def dog() -> Iterator[Watchdog]:
    """A watchdog, closed (its thread stopped) even when the test fails."""
    watchdog = Watchdog()
    try:
        yield watchdog
    finally:
        watchdog.close()


def _blocked_read_returns_eof(sock: socket.socket, within: float = 5.0) -> bool:
    """True when a read on ``sock`` ends because the socket was shut down (not by timeout)."""
    sock.settimeout(within)
    try:
        return sock.recv(1) == b""
    except TimeoutError:
        return False


def test_a_fetch_past_its_deadline_is_cut(dog: Watchdog) -> None:
    ours, _peer = socket.socketpair()
    with ours, _peer:
        dog.arm(time.monotonic() + 0.1)
        dog.watch(ours)
        assert _blocked_read_returns_eof(ours)
        dog.disarm()


def test_a_disarmed_fetch_is_never_cut_even_after_its_deadline(dog: Watchdog) -> None:
    ours, peer = socket.socketpair()
    with ours, peer:
        dog.arm(time.monotonic() + 0.05)
        dog.watch(ours)
        dog.disarm()
        # Another fetch keeps the watchdog awake past the first deadline.
        other, other_peer = socket.socketpair()
        with other, other_peer:
            dog.arm(time.monotonic() + 0.3)
            dog.watch(other)
            assert _blocked_read_returns_eof(other)
        # The connection of the fetch that ended in time still works both ways.
        peer.sendall(b"x")
        ours.settimeout(5)
        assert ours.recv(1) == b"x"


def test_cancel_all_cuts_every_armed_fetch_of_every_thread(dog: Watchdog) -> None:
    pairs = [socket.socketpair() for _ in range(8)]
    results: list[bool] = []
    armed = threading.Barrier(len(pairs) + 1)

    def fetch(sock: socket.socket) -> None:
        dog.arm(time.monotonic() + 60)  # far away: only the cancel can cut it
        dog.watch(sock)
        armed.wait()
        results.append(_blocked_read_returns_eof(sock))
        dog.disarm()

    threads = [threading.Thread(target=fetch, args=(a,)) for a, _ in pairs]
    for thread in threads:
        thread.start()
    armed.wait()
    dog.cancel_all()
    for thread in threads:
        thread.join()
    assert results == [True] * len(pairs)
    for a, b in pairs:
        a.close()
        b.close()


def test_deadlines_are_per_thread(dog: Watchdog) -> None:
    """A short deadline in one thread never cuts another thread's fetch."""
    short, short_peer = socket.socketpair()
    long_, long_peer = socket.socketpair()
    outcome: dict[str, bool] = {}

    def fetch(name: str, sock: socket.socket, deadline: float, hold: float) -> None:
        dog.arm(time.monotonic() + deadline)
        dog.watch(sock)
        outcome[name] = _blocked_read_returns_eof(sock, within=hold)
        dog.disarm()

    a = threading.Thread(target=fetch, args=("short", short, 0.1, 5.0))
    b = threading.Thread(target=fetch, args=("long", long_, 60.0, 1.0))
    a.start()
    b.start()
    a.join()
    b.join()
    assert outcome == {"short": True, "long": False}
    for sock in (short, short_peer, long_, long_peer):
        sock.close()


def test_engine_objects_hold_no_thread_locals() -> None:
    """CPython 3.11 frees a garbage-collected ``threading.local`` under the lock that
    ``sys._current_frames()`` holds while it allocates (Dask's worker profiler calls it
    every 10 ms): a collection there deadlocks the process with the GIL held. A Dask
    worker hung so, every response unread in its sockets. Objects made per run (the
    engine, its watchdog) must keep per-thread state in plain dicts instead."""
    from citecheck.net.client import HttpClient
    from citecheck.options import CheckOptions

    client = HttpClient(CheckOptions())
    try:
        for owner in (client, client.watchdog):
            held = [name for name, value in vars(owner).items()
                    if isinstance(value, threading.local)]
            assert held == [], f"{type(owner).__name__} holds threading.local: {held}"
    finally:
        client.close()
