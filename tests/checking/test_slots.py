"""Where a run keeps its results: spooled to a file for the report, or only counted."""

from __future__ import annotations

import pickle

import pytest

import citecheck.checking.slots as slots
from citecheck.checking.slots import ResultList, ResultSpool, ResultTally, result_store
from citecheck.models import (
    LinkResult,
    LinkStatus,
    Reference,
    Result,
    TitleMatch,
    TitleResult,
    Verdict,
)


def _result(reference: Reference, status: int) -> Result:
    return Result(reference, Verdict.OK if status == 200 else Verdict.DEAD, (f"HTTP {status}",),
                  LinkResult(LinkStatus.LIVE, http_status=status, final_url=reference.url),
                  TitleResult(cited=reference.title, found="Café – naïve", match=TitleMatch.MATCH,
                              score=0.93))


REFERENCES = [Reference(f"ref-{n}", url=f"https://news.test/{n}", title=f"Story {n}")
              for n in range(5)]


def test_the_spool_gives_back_the_finished_results_in_input_order() -> None:
    spool = ResultSpool(REFERENCES)
    for index in (3, 0, 4):  # completion order is not input order
        spool.put(index, _result(REFERENCES[index], 200 + index))
    finished = spool.finished()
    assert spool.done == 3 and len(finished) == 3
    assert [r.id for r in finished] == ["ref-0", "ref-3", "ref-4"]
    assert list(finished) == [_result(REFERENCES[i], 200 + i) for i in (0, 3, 4)]
    # Each result has the run's own Reference back, not a copy.
    assert all(r.reference is REFERENCES[i] for r, i in zip(finished, (0, 3, 4), strict=True))
    assert finished[1] == _result(REFERENCES[3], 203) and finished[-1].id == "ref-4"
    assert finished[:2] == tuple(finished)[:2]
    assert finished == tuple(finished) and finished != ()


@pytest.mark.parametrize("store", [ResultSpool, lambda refs: ResultList(len(refs))],
                         ids=["spool", "list"])
def test_a_slot_filled_again_keeps_the_later_result_and_counts_once(store) -> None:  # type: ignore[no-untyped-def]
    spool = store(REFERENCES)
    spool.put(1, _result(REFERENCES[1], 200))
    spool.put(1, _result(REFERENCES[1], 404))
    assert spool.done == 1 and spool.filled(1) and not spool.filled(0)
    assert [r.link.http_status for r in spool.finished()] == [404]


def test_spooled_results_travel_to_another_process_as_a_tuple() -> None:
    spool = ResultSpool(REFERENCES)
    spool.put(2, _result(REFERENCES[2], 200))
    copied = pickle.loads(pickle.dumps(spool.finished()))
    assert isinstance(copied, tuple) and copied == (_result(REFERENCES[2], 200),)


def test_the_tally_counts_and_keeps_nothing() -> None:
    tally = ResultTally(len(REFERENCES))
    tally.put(0, _result(REFERENCES[0], 200))
    tally.put(0, _result(REFERENCES[0], 200))
    tally.put(4, _result(REFERENCES[4], 200))
    assert tally.done == 2 and tally.filled(4) and not tally.filled(1)
    assert tally.finished() == ()


def test_the_list_gives_back_the_finished_results_in_input_order() -> None:
    kept = ResultList(len(REFERENCES))
    for index in (3, 0, 4):
        kept.put(index, _result(REFERENCES[index], 200 + index))
    assert kept.done == 3 and kept.filled(3) and not kept.filled(1)
    assert kept.finished() == tuple(_result(REFERENCES[i], 200 + i) for i in (0, 3, 4))


def test_a_run_spools_its_results_only_from_a_size_on(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(slots, "SPOOL_FROM", len(REFERENCES))
    assert isinstance(result_store(REFERENCES[:-1]), ResultList)
    assert isinstance(result_store(REFERENCES), ResultSpool)
