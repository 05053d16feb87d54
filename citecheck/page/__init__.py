"""page stage: what a fetched body says (title, language, error/parked signals).

How the checker uses it:
- stream a body until :func:`enough_bytes` is True (PDFs: never, read to the cap), then
  :func:`analyse_page` (never raises); ``error_signal`` -> soft-404, ``parked_signal`` ->
  parked;
- after a redirect: :func:`parked_redirect` on the final URL (parked) and
  :func:`redirect_is_moved_home` (moved-home), :func:`redirect_to_wall` (a sign-in,
  paywall or consent page: blocked);
- on a 2xx page, fetch once a URL that cannot exist: :func:`probe_url_for` (a sibling
  in the cited URL's directory; cache per host *and directory* when you can) or
  :func:`root_probe_url_for` (per host), with a random token of at least 6 letters or
  digits; if the probe also answers 2xx, :func:`same_template` (probe, page) True means
  the cited page is that error template: soft-404.
"""

from citecheck.page.analyse import analyse_page, readable_text
from citecheck.page.fingerprint import probe_url_for, root_probe_url_for, same_template
from citecheck.page.parked import parked_redirect
from citecheck.page.redirects import meta_refresh_target, redirect_is_moved_home, redirect_to_wall
from citecheck.page.stream import enough_bytes
from citecheck.page.types import PageAnalysis, PageFingerprint, TitleCandidate

__all__ = [
    "PageAnalysis",
    "PageFingerprint",
    "TitleCandidate",
    "analyse_page",
    "enough_bytes",
    "meta_refresh_target",
    "parked_redirect",
    "probe_url_for",
    "readable_text",
    "redirect_is_moved_home",
    "redirect_to_wall",
    "root_probe_url_for",
    "same_template",
]
