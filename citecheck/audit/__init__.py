"""Scheduled audits: history, confirmation of failures and change reports."""

from citecheck.audit.changes import Change, ChangeKind, ChangeReport
from citecheck.audit.history import apply_history
from citecheck.audit.rules import ConfirmationRules
from citecheck.audit.run import AuditOutcome, run_audit

__all__ = [
    "AuditOutcome",
    "Change",
    "ChangeKind",
    "ChangeReport",
    "ConfirmationRules",
    "apply_history",
    "run_audit",
]
