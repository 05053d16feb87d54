"""Run one audit in a separate process (for the concurrency and kill -9 tests).

usage: audit_worker.py DB BASE_URL COUNT ISO_TIME [--first PATH]
Audits COUNT references BASE_URL/p0 … and prints the run id when it finishes.
"""

from __future__ import annotations

import sys
from dataclasses import replace
from datetime import datetime

from citecheck.api import check
from citecheck.audit.run import run_audit
from citecheck.models import Reference
from citecheck.store.db import HistoryStore
from tests.audit.audit_support import LOCAL, ManualClock


def main(argv: list[str]) -> int:
    db, base, count, moment = argv[:4]
    refs = [Reference(id=f"ref-{i}", url=f"{base}/p{i}") for i in range(int(count))]
    if len(argv) > 5 and argv[4] == "--first":
        refs.insert(0, Reference(id="first", url=f"{base}{argv[5]}"))
    with HistoryStore(db) as store:
        out = run_audit(refs, replace(LOCAL, per_host=1, timeout=30), store,
                        ManualClock(datetime.fromisoformat(moment)), check,
                        inputs=("refs.json",))
    print(out.run_id, flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
