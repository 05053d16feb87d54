"""The benchmark counts a tool's every process: CPU of what it leaves behind, memory of all."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]

# A "tool" that leaves a child behind, burning ~0.4 s of CPU after the tool has exited
# (as citecheck's fork server outlives citecheck for a moment), while the tool itself
# holds ~60 MB and burns almost nothing.
TOOL = """
import os, time
if os.fork() == 0:
    time.sleep(0.3)
    end = time.process_time() + 0.4
    while time.process_time() < end:
        pass
    os._exit(0)
ballast = b"x" * (60 * 1024 * 1024)  # written: resident, not lazily mapped zeros
time.sleep(1.0)  # memory is sampled 4 times a second: long enough to be seen
"""

# Measured in a process of its own: it becomes a child subreaper, as the runner does.
MEASURE = """
import json, sys
from pathlib import Path
from benchmarks import proctree
from benchmarks.runner import run_child
proctree.become_subreaper()
work = Path(sys.argv[1])
cost = run_child([sys.executable, "-c", sys.argv[2]], None, 30, work / "tool.log", None)
print(json.dumps({"cpu": cost.cpu_s, "rss": cost.peak_rss_mb, "pss": cost.peak_pss_mb,
                  "processes": cost.processes, "exit": cost.exit_code}))
"""


def test_the_cpu_of_a_process_left_behind_and_the_memory_of_all_are_counted(
    tmp_path: Path,
) -> None:
    out = subprocess.run([sys.executable, "-c", MEASURE, str(tmp_path), TOOL], cwd=REPO,
                         capture_output=True, text=True, timeout=60, check=True)
    cost = json.loads(out.stdout)
    assert cost["exit"] == 0
    assert cost["cpu"] >= 0.35  # the orphan's 0.4 s, reaped by the runner
    assert cost["processes"] == 2
    assert cost["rss"] >= 60 and cost["pss"] >= 55
