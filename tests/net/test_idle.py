"""The pools' idle-connection queue behaves as urllib3 needs its queue to."""

from __future__ import annotations

import queue
import threading

import pytest

from citecheck.net.idle import IdleConnections


def _filled(maxsize: int) -> IdleConnections:
    idle = IdleConnections(maxsize)
    for _ in range(maxsize):  # as urllib3's pool does when it is created
        idle.put(None)
    return idle


def test_free_slots_then_empty_without_blocking() -> None:
    idle = _filled(2)
    assert idle.qsize() == 2
    assert idle.get(block=False) is None
    assert idle.get(block=False) is None
    with pytest.raises(queue.Empty):
        idle.get(block=False)


def test_a_returned_connection_is_reused_before_a_free_slot() -> None:
    idle = _filled(3)
    idle.get(block=False)
    idle.get(block=False)
    first, second = object(), object()
    idle.put(first, block=False)
    idle.put(None, block=False)  # urllib3 puts None back for a connection it dropped
    assert idle.get(block=False) is first
    idle.put(first, block=False)
    idle.get(block=False)
    idle.put(second, block=False)
    assert idle.get(block=False) is second  # last in, first out
    assert idle.connections() == []


def test_full_raises_at_once() -> None:
    idle = _filled(1)
    with pytest.raises(queue.Full):
        idle.put(object(), block=False)
    with pytest.raises(queue.Full):
        idle.put(None)


def test_clear_returns_the_connections_and_leaves_it_usable() -> None:
    idle = _filled(2)
    idle.get(block=False)
    conn = object()
    idle.put(conn, block=False)
    assert idle.clear() == [conn]
    assert idle.qsize() == 0
    with pytest.raises(queue.Empty):
        idle.get(block=False)
    idle.put(conn, block=False)  # a connection in use comes back to the emptied queue
    assert idle.get(block=False) is conn


def test_blocking_get_waits_for_a_put_or_times_out() -> None:
    idle = IdleConnections(1)
    with pytest.raises(queue.Empty):
        idle.get(timeout=0.01)
    conn = object()
    got: list[object] = []
    taker = threading.Thread(target=lambda: got.append(idle.get()))
    taker.start()
    idle.put(conn, block=False)
    taker.join(10)
    assert got == [conn]
