"""citecheck: verify web citations, their archived copies and their titles.

Library use::

    import citecheck
    from citecheck.sources import load_inputs

    report = citecheck.check(load_inputs(["references.json"]).references)
    report = citecheck.check(["https://example.org/page"])  # bare URLs work too
"""

from citecheck._version import __version__
from citecheck.api import check
from citecheck.models import Reference, Report, Result, Verdict
from citecheck.options import CheckOptions

__all__ = ["CheckOptions", "Reference", "Report", "Result", "Verdict", "__version__", "check"]
