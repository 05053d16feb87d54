"""page stage: what a fetched body says (title, language, error/parked signals).

The checker streams a body until :func:`enough_bytes` says the evidence is in, then
calls :func:`analyse_page`; for soft-404 detection it fetches :func:`probe_url_for`
once per host and compares with :func:`same_template`.
"""

from citecheck.page.analyse import analyse_page
from citecheck.page.fingerprint import probe_url_for, root_probe_url_for, same_template
from citecheck.page.parked import parked_redirect
from citecheck.page.redirects import redirect_is_moved_home
from citecheck.page.stream import enough_bytes
from citecheck.page.types import PageAnalysis, PageFingerprint, TitleCandidate

__all__ = [
    "PageAnalysis",
    "PageFingerprint",
    "TitleCandidate",
    "analyse_page",
    "enough_bytes",
    "parked_redirect",
    "probe_url_for",
    "redirect_is_moved_home",
    "root_probe_url_for",
    "same_template",
]
