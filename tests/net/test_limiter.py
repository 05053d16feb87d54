"""HostLimiter's second gate: the sends to one host are spaced by its interval,
whatever happened between taking the slot and sending."""

from __future__ import annotations

import itertools
import threading
import time

from citecheck.net.limiter import HostLimiter
from tests.support.liveness import finishes


def test_sends_to_one_host_are_spaced_even_when_slots_were_taken_together() -> None:
    limiter = HostLimiter(per_host=8, interval=0.05)
    sent: list[float] = []
    start = threading.Barrier(8)

    def request() -> None:
        start.wait()  # eight requests reach the gate at the same moment
        limiter.paced_send("news.test", lambda: sent.append(time.monotonic()))

    threads = [threading.Thread(target=request) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    sent.sort()
    assert len(sent) == 8
    assert min(b - a for a, b in itertools.pairwise(sent)) >= 0.05


def test_the_interval_runs_from_when_a_send_started() -> None:
    """One send to a host at a time; the next may start once the interval since the
    previous one *started* is up (the server sees request starts), not the interval
    after that send was done (which added the send's own time to every interval).

    Told by liveness, not by the clock: the interval is an hour, and the first send
    reports that its bytes began to go an hour ago, so the second goes as soon as the
    first is done; counted from its end, it would wait an hour."""
    hour = 3600.0
    limiter = HostLimiter(per_host=2, interval=hour)
    events: list[str] = []
    began, release = threading.Event(), threading.Event()

    def first_send() -> float:
        events.append("first began")
        began.set()
        release.wait(60)
        events.append("first done")
        return time.monotonic() - hour  # as the engine's sockets report it

    def second_send() -> None:
        events.append("second")

    first = threading.Thread(target=limiter.paced_send, args=("news.test", first_send))
    first.start()
    finishes(lambda: began.wait(60))
    second = threading.Thread(target=limiter.paced_send, args=("news.test", second_send))
    second.start()
    second.join(0.2)  # a chance to go while the first send is still going: it must not
    assert events == ["first began"]
    release.set()
    finishes(first.join)
    finishes(second.join)
    assert events == ["first began", "first done", "second"]


def test_the_interval_runs_from_when_the_bytes_began_to_go() -> None:
    """A send that reports when its bytes began to go (the engine's sockets do) is timed
    from then: a thread held up between the pacer and the socket cannot send two
    requests back to back."""
    limiter = HostLimiter(per_host=2, interval=0.05)
    began: list[float] = []

    def held_up_send() -> float:
        time.sleep(0.03)  # e.g. waiting for the GIL on the way to the socket
        began.append(time.monotonic())
        return began[-1]

    limiter.paced_send("news.test", held_up_send)
    limiter.paced_send("news.test", lambda: began.append(time.monotonic()))
    assert began[1] - began[0] >= 0.05


def test_a_send_that_does_not_say_when_it_began_is_timed_from_its_end() -> None:
    """Through a socket that does not report (a proxy's), the safe side."""
    limiter = HostLimiter(per_host=2, interval=0.05)
    done: list[float] = []

    def slow_send() -> None:
        time.sleep(0.1)
        done.append(time.monotonic())

    limiter.paced_send("news.test", slow_send)
    limiter.paced_send("news.test", lambda: done.append(time.monotonic()))
    assert done[1] - done[0] >= 0.05


def test_hosts_do_not_wait_for_each_other() -> None:
    limiter = HostLimiter(per_host=2, interval=30.0)
    limiter.paced_send("a.test", lambda: None)
    sent: list[str] = []
    # Another host, right away: a wait for a.test's 30 s interval would hang here.
    worker = threading.Thread(target=limiter.paced_send, args=("b.test", lambda: sent.append("b")))
    worker.start()
    worker.join(timeout=10)
    assert sent == ["b"]


def test_no_interval_means_no_gate() -> None:
    limiter = HostLimiter(per_host=1, interval=0.0)
    sent: list[int] = []
    for i in range(100):
        limiter.paced_send("news.test", lambda i=i: sent.append(i))
    assert sent == list(range(100))


def test_slots_are_handed_out_a_little_before_the_interval_is_up() -> None:
    """The scheduler may start the next job up to 10 ms (at most half the interval)
    early, so that its setup overlaps the wait; paced_send still spaces the sends."""
    now = [0.0]
    limiter = HostLimiter(per_host=4, interval=0.1, clock=lambda: now[0])
    assert limiter.try_acquire("news.test")
    now[0] = 0.0899
    assert not limiter.try_acquire("news.test")
    now[0] = 0.0901
    assert limiter.try_acquire("news.test")
    short = HostLimiter(per_host=4, interval=0.004, clock=lambda: now[0])
    now[0] = 0.0
    assert short.try_acquire("news.test")
    now[0] = 0.0019
    assert not short.try_acquire("news.test")  # never more than half the interval early
    now[0] = 0.0021
    assert short.try_acquire("news.test")


def test_idle_hosts_are_forgotten_so_memory_follows_the_hosts_in_use() -> None:
    """A dump-sized run touches millions of hosts; the limiter keeps only those that
    could still hold a request back, and the ones given their own limits."""
    now = [0.0]
    limiter = HostLimiter(per_host=2, interval=0.5, clock=lambda: now[0])
    limiter.configure("archive.test", concurrency=1, interval=5.0)
    for i in range(20_000):
        host = f"site{i}.test"
        assert limiter.try_acquire(host)
        limiter.paced_send(host, lambda: None)
        now[0] += 0.001  # 1 ms per host: each one's 0.5 s interval runs out later
        limiter.release(host)
    # Without forgetting: 20,001. Sweeps keep the hosts of the last interval (~500).
    assert limiter.hosts_remembered() <= 4096
    # archive.test was given its own limits: they survived every sweep.
    assert limiter.try_acquire("archive.test")
    assert not limiter.try_acquire("archive.test")


def test_a_host_still_inside_its_interval_is_not_forgotten() -> None:
    now = [0.0]
    limiter = HostLimiter(per_host=1, interval=10.0, clock=lambda: now[0])
    assert limiter.try_acquire("busy.test")
    limiter.paced_send("busy.test", lambda: None)
    limiter.release("busy.test")
    for i in range(10_000):  # sweeps run while busy.test's 10 s interval lasts
        assert limiter.try_acquire(f"other{i}.test")
        limiter.release(f"other{i}.test")
        now[0] += 0.0001
    assert now[0] < 10.0
    assert not limiter.try_acquire("busy.test")  # its interval still holds
    now[0] = 10.0
    assert limiter.try_acquire("busy.test")


def test_a_held_host_starts_nothing_until_the_hold_is_over() -> None:
    now = [0.0]
    limiter = HostLimiter(per_host=4, interval=0.0, clock=lambda: now[0])
    limiter.hold("busy.test", 5.0)
    limiter.hold("busy.test", 1.0)  # a shorter hold does not shorten the first
    assert not limiter.try_acquire("busy.test")
    assert limiter.wait_time("busy.test") == 5.0
    assert limiter.try_acquire("other.test")  # other hosts are not held
    now[0] = 5.0
    assert limiter.try_acquire("busy.test")


def test_the_scheduler_waits_out_a_hold_on_a_timer_without_spinning() -> None:
    """A host that asks for a pause (429) while the dispatcher has it ready: the next job
    starts when the pause is over, and the dispatcher does not poll the host meanwhile."""
    import time

    from citecheck.net.scheduler import HostScheduler

    class CountingLimiter(HostLimiter):
        tries = 0

        def try_acquire(self, host: str) -> bool:
            self.tries += 1
            return super().try_acquire(host)

    limiter = CountingLimiter(per_host=2, interval=0.0)
    started: list[float] = []

    def answered_429(_slot: str) -> None:
        started.append(time.monotonic())
        limiter.hold("h", 0.5)

    def later(_slot: str) -> None:
        started.append(time.monotonic())

    HostScheduler(limiter, workers=1).run([("h", answered_429), ("h", later)])
    assert started[1] - started[0] >= 0.5
    assert limiter.tries <= 5  # polling every 2 ms would have been ~250


def test_a_host_starts_its_next_job_when_a_slot_is_given_back_not_when_the_job_ends(
    monkeypatch,
) -> None:
    """One slot per host: the first job gives its slot back (its response is read) and
    goes on working (the page's analysis). The next job of that host starts then, not
    when the first job ends. The scheduler's safety timer is set to an hour, so only
    being told of the release can start it in time."""
    import citecheck.net.scheduler as scheduler_module
    from citecheck.net.scheduler import HostScheduler

    monkeypatch.setattr(scheduler_module, "_MAX_IDLE_WAIT", 3600.0)
    limiter = HostLimiter(per_host=1, interval=0.0)
    second_started = threading.Event()
    order: list[str] = []

    def first(slot: str) -> None:
        limiter.release(slot)
        second_started.wait(30)
        order.append("first ended")

    def second(slot: str) -> None:
        order.append("second started")
        second_started.set()
        limiter.release(slot)

    finishes(lambda: HostScheduler(limiter, workers=2).run([("h", first), ("h", second)]))
    assert order == ["second started", "first ended"]


def test_the_scheduler_stops_listening_to_the_limiter_when_its_run_ends() -> None:
    from citecheck.net.scheduler import HostScheduler

    limiter = HostLimiter(per_host=2, interval=0.0)
    told: list[str] = []
    stop = limiter.on_release(told.append)
    HostScheduler(limiter, workers=2).run([("h", limiter.release), ("h", limiter.release)])
    assert told == ["h", "h"]
    stop()
    limiter.try_acquire("h")
    limiter.release("h")
    assert told == ["h", "h"]  # neither this listener nor the finished scheduler's is left
    assert limiter.listening() == 0


def test_the_timekeeper_takes_work_that_becomes_ready_when_no_other_worker_is_idle(
    monkeypatch,
) -> None:
    """Two workers: one runs the first job of a one-slot host, the other sleeps as the
    timekeeper until an hour-long hold ends. When the first job gives its slot back, the
    timekeeper is woken to start the host's next job (it is the only idle worker)."""
    import citecheck.net.scheduler as scheduler_module
    from citecheck.net.scheduler import HostScheduler

    monkeypatch.setattr(scheduler_module, "_MAX_IDLE_WAIT", 3600.0)
    limiter = HostLimiter(per_host=1, interval=0.0)
    limiter.hold("later.test", 3600.0)  # its job waits an hour: a worker keeps its timer
    second_started = threading.Event()
    scheduler = HostScheduler(limiter, workers=2)

    def first(slot: str) -> None:
        # Only once the other worker sleeps as the timekeeper (white-box: its wake-up
        # time is set while it waits).
        for _ in range(30_000):  # at most ~30 s: then the assertion below says what failed
            if scheduler._timekeeper_until is not None:
                break
            time.sleep(0.001)
        limiter.release(slot)
        second_started.wait(30)

    def second(slot: str) -> None:
        second_started.set()
        limiter.release(slot)

    scheduler.start([("h", first), ("h", second), ("later.test", lambda slot: None)])
    try:
        assert second_started.wait(30), "the timekeeper slept on while work was ready"
    finally:
        scheduler.stop()
        finishes(scheduler.join)
