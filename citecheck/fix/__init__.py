"""``citecheck fix``: a pure plan of text edits from the results, then an atomic apply."""

from citecheck.fix.apply import SourceFile, apply_edits, load_source, render_diff
from citecheck.fix.edits import Edit, FixConflictError, FixError, apply_text
from citecheck.fix.planner import FIXABLE_FORMATS, can_fix, plan_fixes
from citecheck.fix.policy import Change, FixOptions, decide

__all__ = [
    "FIXABLE_FORMATS",
    "Change",
    "Edit",
    "FixConflictError",
    "FixError",
    "FixOptions",
    "SourceFile",
    "apply_edits",
    "apply_text",
    "can_fix",
    "decide",
    "load_source",
    "plan_fixes",
    "render_diff",
]
