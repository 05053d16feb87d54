"""Titles of PDF documents: the document information /Title and the XMP dc:title."""

from __future__ import annotations

import io
import logging

from citecheck.page.text import clean_text

# pypdf logs every repair it makes to a damaged file; those are not our warnings.
logging.getLogger("pypdf").setLevel(logging.ERROR)

PDF_MAGIC = b"%PDF-"


def looks_like_pdf(body: bytes, content_type: str | None) -> bool:
    # Some servers send PDFs as application/octet-stream; the magic number decides.
    return content_type == "application/pdf" or body[:1024].lstrip().startswith(PDF_MAGIC)


# Pages read for a PDF's text (a quote is looked for in it): reports run to hundreds.
MAX_TEXT_PAGES = 200


def _damaged_pdf_errors() -> tuple[type[BaseException], ...]:
    from pypdf.errors import PyPdfError

    # pypdf parses untrusted bytes and raises far more than its own error tree on damaged
    # files (ValueError, KeyError, TypeError, AttributeError, RecursionError...).
    return (PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError,
            RecursionError, AssertionError, OSError, UnicodeError, OverflowError,
            ZeroDivisionError)


def pdf_text(body: bytes) -> str | None:
    """The text of the PDF's pages (at most MAX_TEXT_PAGES), or None if unreadable."""
    from pypdf import PdfReader

    try:
        reader = PdfReader(io.BytesIO(body), strict=False)
        return " ".join(
            page.extract_text() or "" for page in reader.pages[:MAX_TEXT_PAGES]
        )
    except _damaged_pdf_errors():
        return None


def pdf_titles(body: bytes) -> list[str]:
    """Titles the PDF declares (info dictionary first, then XMP), cleaned; [] if unreadable."""
    # Imported here: pypdf is only needed for PDFs, and importing it costs ~90 ms of
    # start-up that an HTML-only run never needs.
    from pypdf import PdfReader

    titles: list[str] = []
    try:
        reader = PdfReader(io.BytesIO(body), strict=False)
        info = reader.metadata
        if info is not None and info.title:
            titles.append(str(info.title))
        xmp = reader.xmp_metadata
        if xmp is not None and xmp.dc_title:
            titles.extend(str(v) for v in xmp.dc_title.values())
    # A PDF we cannot read simply has no title; nothing else runs inside this block.
    except _damaged_pdf_errors():
        pass
    out: list[str] = []
    for title in titles:
        text = clean_text(title)
        if text and text not in out:
            out.append(text)
    return out
