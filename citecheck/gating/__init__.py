"""CI gating: which failures count (fail-on, baselines, max-failures) and ignore rules."""

from citecheck.gating.baseline import (
    DEFAULT_BASELINE_PATH,
    Baseline,
    BaselineEntry,
    load_baseline,
    parse_baseline,
    write_baseline,
)
from citecheck.gating.gate import (
    GateOptions,
    GateOutcome,
    decide_exit,
    evaluate_gate,
    gate_of,
    parse_archive_statuses,
    parse_verdicts,
    with_gate,
)
from citecheck.gating.kinds import failure_kind
from citecheck.gating.rules import (
    IgnoreRules,
    accepted_status_reason,
    apply_accept_status,
    skip_reason,
    skipped_result,
)

__all__ = [
    "DEFAULT_BASELINE_PATH",
    "Baseline",
    "BaselineEntry",
    "GateOptions",
    "GateOutcome",
    "IgnoreRules",
    "accepted_status_reason",
    "apply_accept_status",
    "decide_exit",
    "evaluate_gate",
    "failure_kind",
    "gate_of",
    "load_baseline",
    "parse_archive_statuses",
    "parse_baseline",
    "parse_verdicts",
    "skip_reason",
    "skipped_result",
    "with_gate",
    "write_baseline",
]
