"""Result types of the page stage: what one fetched body tells about its page."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from citecheck.page.maintext import DeferredMainText

# Title sources, best evidence first (the order candidates are ranked in when they tie).
SOURCE_CITATION = "citation_title"
SOURCE_DC = "dc.title"
SOURCE_OG = "og:title"
SOURCE_TWITTER = "twitter:title"
SOURCE_JSONLD = "json-ld"
SOURCE_TITLE = "title"
SOURCE_H1 = "h1"
SOURCE_PDF = "pdf"


@dataclass(frozen=True)
class TitleCandidate:
    """One title the page offers, cleaned, and where it was found."""

    text: str
    source: str


@dataclass(frozen=True)
class PageFingerprint:
    """What two responses from one host must share to be the same (error) template.

    Built from the page's own title and the words of its visible text, so that
    a random nonexistent URL's response can be compared with a cited page's.
    """

    title_key: str | None
    # The start of the visible text (single-spaced words), split into words only when
    # compared: most pages are never compared with a probe.
    text: str
    canonical: str | None

    @cached_property
    def words(self) -> tuple[str, ...]:
        """The first FINGERPRINT_WORDS words of the text, case-folded."""
        return tuple(self.text.casefold().split()[:FINGERPRINT_WORDS])

    @property
    def is_empty(self) -> bool:
        return self.title_key is None and not self.text.strip()


# Words of visible text a fingerprint compares; the start of a page is where error text
# is. Its text is cut at this many words' worth of characters.
FINGERPRINT_WORDS = 400
FINGERPRINT_CHARS = FINGERPRINT_WORDS * 12

EMPTY_FINGERPRINT = PageFingerprint(None, "", None)


@dataclass(frozen=True)
class PageAnalysis:
    """Everything the judge needs from one response body."""

    # The headline as a reader sees it: best candidate, cleaned, site-name affix removed.
    title: str | None
    title_source: str | None
    # Every title found (cleaned, affixes kept), best first.
    candidates: tuple[TitleCandidate, ...]
    site_name: str | None
    language: str | None
    # Non-None when the content looks like an error page (the text says why): soft-404.
    error_signal: str | None
    # Non-None when the content looks like a parked / for-sale domain (says why).
    parked_signal: str | None
    fingerprint: PageFingerprint
    # The URL the body came from (its host is a site-name hint for title matching).
    url: str = ""
    # The charset the body was decoded with (None for PDFs and non-text bodies).
    charset: str | None = None
    canonical_url: str | None = None
    # Where an immediate <meta http-equiv="refresh"> sends the reader (absolute), if any.
    refresh_url: str | None = None
    # Non-None when the page's own title promotes gambling (says why): a usurped domain,
    # unless it is what was cited (see citecheck.page.usurped).
    usurped_signal: str | None = None
    # The words of the page's paragraphs (main_text), or the markup they are taken from
    # the first time they are read: only a doubtful title and the content-drift check
    # read them, and extracting them costs more than the rest of a page's analysis.
    main_text_source: str | DeferredMainText = ""

    @property
    def main_text(self) -> str:
        """The words of the page's paragraphs, without navigation and footers (bounded;
        see citecheck.page.maintext): evidence for a doubtful title, and for content drift."""
        source = self.main_text_source
        return source if isinstance(source, str) else source.text()


EMPTY_ANALYSIS = PageAnalysis(
    title=None,
    title_source=None,
    candidates=(),
    site_name=None,
    language=None,
    error_signal=None,
    parked_signal=None,
    fingerprint=EMPTY_FINGERPRINT,
)
