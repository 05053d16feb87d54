"""citecheck: verify web citations, their archived copies and their titles.

Library use::

    import citecheck
    from citecheck.sources import load_inputs

    report = citecheck.check(load_inputs(["references.json"]).references)
    report = citecheck.check(["https://example.org/page"])  # bare URLs work too
"""

from typing import Any

from citecheck._version import __version__
from citecheck.models import Reference, Report, Result, Verdict
from citecheck.options import CheckOptions

__all__ = ["CheckOptions", "Reference", "Report", "Result", "Verdict", "__version__", "check"]


def __getattr__(name: str) -> Any:
    # ``citecheck.check`` on first use: importing any citecheck module (the command
    # line, the models) would otherwise import the whole engine with it.
    if name == "check":
        from citecheck.api import check

        return check
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
