"""The history-store methods whose SQL is the same on SQLite and PostgreSQL.

Written once, with SQLite's placeholders (``?`` and ``:name``); a backend whose driver
takes another style translates them in :meth:`HistoryQueries._sql`. Each backend
provides its own connection handling (``_read``, ``_write``) and the methods that
really differ (run ownership, migrations).
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from contextlib import AbstractContextManager, closing
from datetime import datetime
from typing import TYPE_CHECKING, Any

from citecheck.models import LinkStatus, Result, Verdict
from citecheck.store.clock import to_stored
from citecheck.store.errors import StoreError
from citecheck.store.rows import CheckRow, SqlRow, result_values

if TYPE_CHECKING:
    from citecheck.store.db import RunInfo

# Runs a change report may compare with.
BASELINE_RUNS = "complete = 1 AND offline = 0"
# A check that found the link working ends a URL's failing streak.
_LIVE = (LinkStatus.LIVE.value, LinkStatus.REDIRECTED.value)


class HistoryQueries:
    path: Any  # what messages name: the SQLite file, or the redacted database URL

    def _sql(self, text: str) -> str:
        """``text`` in the driver's placeholder style (SQLite's own: unchanged)."""
        return text

    def _read(
        self, sql: str, params: Mapping[str, object] | tuple[object, ...] = ()
    ) -> list[Any]:
        raise NotImplementedError

    def _write(self) -> AbstractContextManager[Any]:
        raise NotImplementedError

    def _rows(self, sql: str, params: Mapping[str, object] | tuple[object, ...] = ()
              ) -> list[SqlRow]:
        return self._read(self._sql(sql), params)

    # -- runs ---------------------------------------------------------------------

    def run(self, run_id: int) -> RunInfo:
        from citecheck.store.db import RunInfo

        rows = self._rows("SELECT * FROM runs WHERE id = ?", (run_id,))
        if not rows:
            raise StoreError(f"no run {run_id} in {self.path}")
        return RunInfo.from_sql(rows[0])

    def runs(self) -> list[RunInfo]:
        from citecheck.store.db import RunInfo

        return [RunInfo.from_sql(r) for r in self._rows("SELECT * FROM runs ORDER BY id")]

    def latest_incomplete_run(self, inputs: tuple[str, ...]) -> RunInfo | None:
        from citecheck.store.db import RunInfo

        rows = self._rows(
            "SELECT * FROM runs WHERE complete = 0 AND inputs = ? ORDER BY id DESC LIMIT 1",
            (json.dumps(list(inputs)),),
        )
        return RunInfo.from_sql(rows[0]) if rows else None

    def mark_offline(self, run_id: int) -> None:
        """Exclude a run's checks from history: citecheck itself could not reach the net."""
        with self._write() as db:
            db.execute(self._sql("UPDATE runs SET offline = 1 WHERE id = ?"), (run_id,))

    def previous_complete_run(self, run_id: int) -> RunInfo | None:
        """The last audit to finish, complete and online, other than ``run_id``.

        By finishing time, not id: a resumed run is compared with audits that completed
        while it lay interrupted.
        """
        from citecheck.store.db import RunInfo

        rows = self._rows(
            f"SELECT * FROM runs WHERE {BASELINE_RUNS} AND id != ?"
            " ORDER BY finished_at DESC, id DESC LIMIT 1",
            (run_id,),
        )
        return RunInfo.from_sql(rows[0]) if rows else None

    def finish_run(self, run_id: int, finished_at: datetime,
                   final_verdicts: Mapping[str, Verdict], *, offline: bool = False) -> None:
        """Mark a run complete, with the verdicts history gave its references, in one go."""
        with self._write() as db, closing(db.cursor()) as cur:
            cur.executemany(
                self._sql("UPDATE checks SET final_verdict = ? WHERE run_id = ? AND ref_key = ?"),
                [(v.value, run_id, key) for key, v in final_verdicts.items()],
            )
            cur.execute(
                self._sql(
                    "UPDATE runs SET finished_at = ?, complete = 1, offline = ? WHERE id = ?"
                ),
                (to_stored(finished_at), int(offline), run_id),
            )

    # -- checks -------------------------------------------------------------------

    def prune(self, before: datetime) -> int:
        """Delete checks older than ``before``; return how many went.

        Kept whatever the age: each URL's current failing streak (the checks after its
        last success, which confirmation counts), the last complete audit (the next
        change report's baseline) and any interrupted audit after it (resume).
        """
        cutoff = to_stored(before)
        with self._write() as db:
            latest = db.execute(self._sql(
                f"SELECT id FROM runs WHERE {BASELINE_RUNS} ORDER BY finished_at DESC, id DESC"
                " LIMIT 1"
            )).fetchone()
            baseline = latest["id"] if latest else 0
            cur = db.execute(
                self._sql(f"""DELETE FROM checks WHERE checked_at < :cutoff
                    AND run_id < :baseline
                    AND checked_at <= COALESCE((
                        SELECT MAX(s.checked_at) FROM checks s
                        WHERE s.url = checks.url AND s.reused_from IS NULL
                          AND s.link_status IN {_LIVE}), '')"""),
                {"cutoff": cutoff, "baseline": baseline},
            )
            deleted = int(cur.rowcount)
            db.execute(
                self._sql(
                    "DELETE FROM runs WHERE id < ? AND started_at < ?"
                    " AND NOT EXISTS (SELECT 1 FROM checks WHERE checks.run_id = runs.id)"
                ),
                (baseline, cutoff),
            )
        return deleted

    def record(self, run_id: int, result: Result, checked_at: datetime,
               reused_from: int | None = None) -> bool:
        """Commit one finished result of a run; False if the run already had it."""
        values = result_values(result)
        values.update(run_id=run_id, checked_at=to_stored(checked_at), reused_from=reused_from)
        columns = ", ".join(values)
        marks = ", ".join(f":{name}" for name in values)
        with self._write() as db:
            cur = db.execute(
                self._sql(
                    f"INSERT INTO checks ({columns}) VALUES ({marks})"
                    " ON CONFLICT (run_id, ref_key) DO NOTHING"
                ),
                values,
            )
            return bool(cur.rowcount == 1)

    def run_checks(self, run_id: int) -> dict[str, CheckRow]:
        rows = self._rows("SELECT * FROM checks WHERE run_id = ?", (run_id,))
        return {r["ref_key"]: CheckRow.from_sql(r) for r in rows}

    def latest_check(self, ref_key: str) -> CheckRow | None:
        """The newest real check (not a reused copy) of a reference, from an online run."""
        rows = self._rows(
            "SELECT c.* FROM checks c JOIN runs r ON r.id = c.run_id"
            " WHERE c.ref_key = ? AND c.reused_from IS NULL AND r.offline = 0"
            " ORDER BY c.checked_at DESC, c.id DESC LIMIT 1",
            (ref_key,),
        )
        return CheckRow.from_sql(rows[0]) if rows else None

    def url_checks(self, url: str) -> list[CheckRow]:
        """Real checks (no reused copies) of one URL, oldest first, from online runs.

        Several references may cite one URL; each row is kept, and the confirmation
        rules collapse checks made close together.
        """
        rows = self._rows(
            "SELECT c.* FROM checks c JOIN runs r ON r.id = c.run_id"
            " WHERE c.url = ? AND c.reused_from IS NULL AND r.offline = 0"
            " ORDER BY c.checked_at, c.id",
            (url,),
        )
        return [CheckRow.from_sql(r) for r in rows]

    def all_checks(self) -> Iterator[CheckRow]:
        for row in self._rows("SELECT * FROM checks ORDER BY checked_at, id"):
            yield CheckRow.from_sql(row)
