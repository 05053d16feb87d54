"""BibTeX and BibLaTeX: entries that give a URL (``url``, ``howpublished``/``note`` \\url{}).

The access date is ``urldate``, or what a note says (``Accessed: 2021-05-19``,
``Last accessed May 19, 2021``, ``Zugriff am 19.05.2021``, ``consulté le 19 mai
2021``). Entries commented out with ``%`` are skipped, as biber skips them.
"""

from __future__ import annotations

import logging
import re

from bibtexparser.entrypoint import parse_string
from bibtexparser.model import Entry
from pylatexenc.latex2text import LatexNodes2Text

from citecheck.errors import InputError
from citecheck.models import Reference
from citecheck.sources.base import InputProblem, Reader, ReadResult
from citecheck.sources.dates import MONTHS, to_iso
from citecheck.sources.textutil import LineIndex, clean_text, quoted_passage, unique_id

_URL_COMMAND = re.compile(r"\\(?:url|href)\s*\{\s*([^{}\s]+)\s*\}")
_BARE_URL = re.compile(r"https?://[^\s{}\\]+")
_LATEX_ESCAPE = re.compile(r"\\([_%&#$~])")
_ACCESSED = re.compile(
    r"(?:(?:last\s+)?accessed(?:\s+on)?|retrieved(?:\s+on)?|visited(?:\s+on)?|"
    r"(?:letzter\s+)?zugriff(?:\s+am)?|abgerufen(?:\s+am)?|consulté\s+le|accedido(?:\s+el)?)"
    r"\s*:?\s*(?P<date>[^;()\n]+)",
    re.IGNORECASE,
)
_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
_MONTH_NUMBER = {m[:3].lower(): i + 1 for i, m in enumerate(MONTHS)}
_BABEL = {
    "english": "en", "american": "en", "british": "en", "french": "fr", "german": "de",
    "ngerman": "de", "spanish": "es", "italian": "it", "portuguese": "pt", "dutch": "nl",
    "russian": "ru", "arabic": "ar", "turkish": "tr", "polish": "pl", "greek": "el",
    "hebrew": "he", "persian": "fa", "ukrainian": "uk", "japanese": "ja", "chinese": "zh",
}  # fmt: skip
_LATEX = LatexNodes2Text(math_mode="verbatim")
# bibtexparser logs every block it gives up on; we report those as InputProblems.
logging.getLogger("bibtexparser").setLevel(logging.CRITICAL)


class BibtexReader(Reader):
    name = "bibtex"

    def read(self, text: str, *, file: str) -> ReadResult:
        try:
            library = parse_string(text)
        except (ValueError, IndexError, RecursionError) as exc:
            raise InputError(f"cannot parse BibTeX: {exc}", file=file) from exc
        lines = LineIndex(text)
        failed = [b for b in library.failed_blocks if not _commented_out(text, lines, b.start_line)]
        problems = [
            InputProblem(
                file, (block.start_line or 0) + 1, f"unreadable entry skipped: {_why(block.error)}"
            )
            for block in failed
        ]
        entries = [e for e in library.entries if not _commented_out(text, lines, e.start_line)]
        if not entries and failed:
            raise InputError("no BibTeX entry could be read", file=file)
        refs: list[Reference] = []
        ids: set[str] = set()
        for entry in entries:
            ref = _reference(entry, text, file, lines, ids)
            if ref is not None:
                refs.append(ref)
        return ReadResult(tuple(refs), tuple(problems))


def _reference(
    entry: Entry, text: str, file: str, lines: LineIndex, ids: set[str]
) -> Reference | None:
    fields = {key.lower(): str(field.value) for key, field in entry.fields_dict.items()}
    url = _url(fields)
    if url is None:
        return None  # a printed source without a link: nothing to check
    start = text.find("@", lines.line_start((entry.start_line or 0) + 1))
    start = max(start, 0)
    raw = entry.raw or ""
    end = start + len(raw) if text.startswith(raw, start) else start
    return Reference(
        id=unique_id(entry.key or f"ref-{len(ids) + 1}", ids),
        url=url,
        title=_latex(fields.get("title")),
        language=_language(_latex(fields.get("language") or fields.get("langid"))),
        publisher=_latex(
            fields.get("publisher") or fields.get("organization") or fields.get("institution")
        ),
        work=_latex(fields.get("journal") or fields.get("journaltitle") or fields.get("booktitle")),
        date=_date(fields),
        access_date=to_iso(_latex(fields.get("urldate"))) or _noted_access_date(fields),
        quote=quoted_passage(_raw_quote(fields.get("note"))),
        location=lines.location(file, start, end),
    )


def _raw_quote(note: str | None) -> str | None:
    """A note with its LaTeX quotation marks (``...'') kept as they are, the rest of its
    markup decoded: the marks are what say it is a quote."""
    if not note:
        return None
    stripped = note.strip()
    if stripped.startswith("``") and stripped.endswith("''"):
        inner = _latex(stripped[2:-2])
        return f"``{inner}''" if inner else None
    return _latex(note)


def _commented_out(text: str, lines: LineIndex, start_line: int | None) -> bool:
    """Whether the block starting on 0-based ``start_line`` has its ``@`` after a ``%``."""
    start = lines.line_start((start_line or 0) + 1)
    at = text.find("@", start)
    return at >= 0 and "%" in text[start:at]


def _why(error: Exception | None) -> str:
    reason = getattr(error, "abort_reason", None) or (str(error) if error else "")
    return reason or "syntax error (braces or commas)"


def _noted_access_date(fields: dict[str, str]) -> str | None:
    """The access date a note gives in words: ``Accessed: 2021-05-19`` and the like."""
    for key in ("note", "addendum", "howpublished", "annote"):
        plain = _latex(fields.get(key)) or ""
        for match in _ACCESSED.finditer(plain):
            day = to_iso(match["date"].strip().rstrip(".,").strip())
            if day and _ISO_DAY.fullmatch(day):
                return day
    return None


def _url(fields: dict[str, str]) -> str | None:
    if fields.get("url", "").strip():
        value = _URL_COMMAND.sub(r"\1", fields["url"]).strip().strip("{}")
        return _LATEX_ESCAPE.sub(r"\1", value) or None
    for key in ("howpublished", "note", "addendum"):
        value = fields.get(key, "")
        match = _URL_COMMAND.search(value) or _BARE_URL.search(value)
        if match:
            found = match.group(1) if match.re is _URL_COMMAND else match.group(0)
            return _LATEX_ESCAPE.sub(r"\1", found)
    return None


def _latex(value: str | None) -> str | None:
    """Plain text of a LaTeX field value: accents resolved, protective braces dropped."""
    if value is None:
        return None
    try:
        plain = _LATEX.latex_to_text(value)
    except (ValueError, IndexError, RecursionError):  # unbalanced input pylatexenc rejects
        plain = value.replace("{", "").replace("}", "")
    return clean_text(plain)


def _language(name: str | None) -> str | None:
    """ISO 639-1 for the babel language names BibLaTeX uses; other values as written."""
    if name is None:
        return None
    return _BABEL.get(name.lower(), name)


def _date(fields: dict[str, str]) -> str | None:
    if fields.get("date", "").strip():
        return to_iso(fields["date"].strip())
    year = fields.get("year", "").strip()
    if not re.fullmatch(r"\d{4}", year):
        return clean_text(year)
    month = fields.get("month", "").strip().lower()
    number = int(month) if month.isdigit() else _MONTH_NUMBER.get(month[:3])
    return f"{year}-{number:02d}" if number and 1 <= number <= 12 else year
