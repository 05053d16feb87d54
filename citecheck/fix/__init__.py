"""``citecheck fix``: a pure plan of text edits from the results, then an atomic apply."""

from citecheck.fix.apply import SourceFile, apply_edits, load_source, render_diff
from citecheck.fix.edits import Edit, FixConflictError, FixError, apply_text
from citecheck.fix.planner import FIXABLE_FORMATS, can_fix, plan_fixes
from citecheck.fix.policy import DEFAULT_FIX_OPTIONS, Change, FixOptions, decide
from citecheck.fix.run import FileFix, fix_file

__all__ = [
    "DEFAULT_FIX_OPTIONS",
    "FIXABLE_FORMATS",
    "Change",
    "Edit",
    "FileFix",
    "FixConflictError",
    "FixError",
    "FixOptions",
    "SourceFile",
    "apply_edits",
    "apply_text",
    "can_fix",
    "decide",
    "fix_file",
    "load_source",
    "plan_fixes",
    "render_diff",
]
