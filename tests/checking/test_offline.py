"""The offline detector on its own: no network, no threads needed to drive it."""

from __future__ import annotations

import threading

import pytest

from citecheck.checking.offline import Network, OfflineDetector
from citecheck.models import ErrorKind


class Canaries:
    """The canary check the detector asks for, counting how often it is asked."""

    def __init__(self, answer: bool) -> None:
        self.answer = answer
        self.asked = 0

    def __call__(self) -> bool:
        self.asked += 1
        return self.answer


@pytest.mark.parametrize("kind", [k for k in ErrorKind if k.is_network_level()])
def test_network_level_failures_wait_until_the_network_is_known(kind: ErrorKind) -> None:
    detector: OfflineDetector[str] = OfflineDetector()
    assert detector.hold(kind, "a")
    assert detector.state is Network.UNKNOWN


@pytest.mark.parametrize("kind", [None, *(k for k in ErrorKind if not k.is_network_level())])
def test_other_outcomes_are_never_held(kind: ErrorKind | None) -> None:
    detector: OfflineDetector[str] = OfflineDetector()
    assert not detector.hold(kind, "a")
    assert detector.release(Canaries(False)) == []
    assert not detector.offline  # nothing held: no reason to doubt the network


def test_once_a_server_answered_nothing_is_held() -> None:
    detector: OfflineDetector[str] = OfflineDetector()
    assert detector.hold(ErrorKind.DNS_FAILURE, "early")
    detector.answered()
    assert detector.state is Network.ONLINE
    assert not detector.hold(ErrorKind.CONNECT_REFUSED, "late")
    canaries = Canaries(False)
    assert detector.release(canaries) == ["early"]
    assert canaries.asked == 0  # a server answered: the canaries are not needed
    assert not detector.offline


def test_offline_only_when_the_canaries_fail_too() -> None:
    detector: OfflineDetector[str] = OfflineDetector()
    detector.hold(ErrorKind.DNS_NXDOMAIN, "a")
    detector.hold(ErrorKind.CONNECT_TIMEOUT, "b")
    canaries = Canaries(False)
    assert detector.release(canaries) == ["a", "b"]
    assert canaries.asked == 1
    assert detector.offline and detector.state is Network.OFFLINE
    # An answer after the verdict (a moved-page check) does not undo it.
    detector.answered()
    assert detector.offline


def test_a_canary_answer_means_online() -> None:
    detector: OfflineDetector[str] = OfflineDetector()
    detector.hold(ErrorKind.RESET, "a")
    assert detector.release(Canaries(True)) == ["a"]
    assert not detector.offline and detector.state is Network.UNKNOWN
    assert detector.release(Canaries(False)) == []  # released once
    assert not detector.offline


def test_holds_from_many_threads_are_all_released() -> None:
    detector: OfflineDetector[int] = OfflineDetector()
    threads = [threading.Thread(target=detector.hold, args=(ErrorKind.DNS_FAILURE, n))
               for n in range(50)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(detector.release(Canaries(True))) == list(range(50))
