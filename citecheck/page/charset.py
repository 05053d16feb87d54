"""Turn a response body into text: BOM, HTTP charset, <meta> charset, then detection.

Order of evidence (close to the WHATWG encoding sniffing algorithm, with one
deliberate deviation): a BOM wins; bytes that are valid UTF-8 and contain
non-ASCII text are UTF-8 whatever was declared, because servers and templates
often keep a stale legacy declaration (gb2312, Shift_JIS, windows-1251) on pages
that were converted to UTF-8, while legacy-encoded text almost never happens to
be valid UTF-8; then the HTTP charset, then the document's <meta>; a page that
declares nothing is detected with charset-normalizer.
"""

from __future__ import annotations

import codecs
import re
from functools import lru_cache

from charset_normalizer import from_bytes

# The <meta> prescan looks at the start of the document only, like browsers do.
_PRESCAN_BYTES = 4096
# Detection is statistical; this much text is plenty and keeps it fast.
_DETECT_BYTES = 65536
_META_CHARSET = re.compile(
    rb"""<meta[^>]+?charset\s*=\s*["']?\s*([A-Za-z0-9_.:+-]{1,40})""",
    re.IGNORECASE,
)
_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# Labels whose real-world meaning is a superset codec (as browsers treat them):
# pages labelled latin-1 are windows-1252, gb2312 pages use GBK/GB18030 characters,
# Shift_JIS pages use Microsoft's extensions, EUC-KR pages use UHC (cp949).
_SUPERSETS = {
    "ascii": "cp1252",
    "latin_1": "cp1252",
    "iso8859_1": "cp1252",
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "shift_jis": "cp932",
    "euc_kr": "cp949",
    "big5": "big5hkscs",
    "iso8859_11": "cp874",
    "tis_620": "cp874",
}
# A document cannot declare a UTF-16/32 charset inside itself once it has been read
# as ASCII-compatible bytes; browsers then use UTF-8 (WHATWG "get an encoding").
_UNUSABLE_IN_META = frozenset(
    {"utf_16", "utf_16_le", "utf_16_be", "utf_32", "utf_32_le", "utf_32_be"}
)
_NO_BOM = {
    "utf_16": "utf_16_le",
    "utf_16_le": "utf_16_le",
    "utf_16_be": "utf_16_be",
    "utf_32": "utf_32_le",
    "utf_32_le": "utf_32_le",
    "utf_32_be": "utf_32_be",
}
_EXTRA_LABELS = {
    "x-sjis": "cp932",
    "windows-31j": "cp932",
    "ks_c_5601-1987": "cp949",
    "x-euc-jp": "euc_jp",
    "iso-8859-8-i": "iso8859_8",
    "x-mac-roman": "mac_roman",
    "x-cp1251": "cp1251",
    "x-user-defined": "cp1252",
    "unicode": "utf-8",
}


@lru_cache(maxsize=512)  # a few labels, asked for on every page
def codec_for(label: str | None) -> str | None:
    """The Python codec for a charset label, or None for a label nobody knows."""
    if not label:
        return None
    label = label.strip().strip("\"'").lower()
    # Real labels are short printable ASCII; anything else (NULs, paths) is nobody's codec.
    if not label or len(label) > 40 or not label.isascii() or not label.isprintable():
        return None
    label = _EXTRA_LABELS.get(label, label)
    try:
        name = codecs.lookup(label).name
    except (LookupError, ValueError):
        return None
    name = name.replace("-", "_")
    return _SUPERSETS.get(name, name)


def _utf8_text(body: bytes) -> str | None:
    """``body`` decoded, when it is valid UTF-8 (a sequence cut by the end of a streamed
    prefix is fine) with non-ASCII text; else None. Decoded once: checking first and
    decoding again costs twice as much on the pages most of the web serves."""
    if body.isascii():
        return None
    decoder = codecs.getincrementaldecoder("utf-8")("strict")
    try:
        text = decoder.decode(body, final=False)
    except UnicodeDecodeError:
        return None
    cut = decoder.getstate()[0]
    # The cut sequence reads as body.decode("utf-8", "replace") reads it at the end.
    return text + cut.decode("utf-8", "replace") if cut else text


def _meta_charset(body: bytes) -> str | None:
    match = _META_CHARSET.search(body[:_PRESCAN_BYTES])
    if not match:
        return None
    codec = codec_for(match.group(1).decode("ascii", "replace"))
    if codec in _UNUSABLE_IN_META:
        return "utf_8"
    return codec


def _decodes(body: bytes, codec: str) -> bool:
    try:
        codecs.getincrementaldecoder(codec)("strict").decode(body, final=False)
    except (UnicodeDecodeError, LookupError):
        return False
    return True


# Detection cannot tell windows-1252 from its Central European sibling on short French
# or Spanish text (both decode it without "chaos"); browsers default to windows-1252,
# and so does citecheck when the two tie.
_TIE = 0.01


def _detect(body: bytes) -> str | None:
    matches = from_bytes(body[:_DETECT_BYTES])
    best = matches.best()
    if best is None:
        return None
    for match in matches:
        if (
            match.encoding == "cp1252"
            and match.chaos <= best.chaos + _TIE
            and match.coherence >= best.coherence - _TIE
        ):
            return "cp1252"
    return codec_for(best.encoding)


def decode_body(body: bytes, declared_charset: str | None) -> tuple[str, str]:
    """Decode ``body`` to text; returns (text, codec name). Never raises."""
    for bom, codec in _BOMS:
        if body.startswith(bom):
            return body[len(bom) :].decode(codec, "replace"), codec
    utf8 = _utf8_text(body)
    if utf8 is not None:
        return utf8, "utf_8"
    declared: str | None = codec_for(declared_charset)
    if declared in _UNUSABLE_IN_META:
        # Without a BOM: UTF-16/32 text has NUL bytes (little-endian is what servers send);
        # ASCII-looking bytes under such a label are really ASCII-compatible.
        declared = _NO_BOM.get(declared) if body[:2].count(0) else None
    candidates: list[str | None] = [declared, _meta_charset(body)]
    for candidate in candidates:
        if candidate and _decodes(body, candidate):
            return body.decode(candidate, "replace"), candidate
    if body.isascii():
        return body.decode("ascii"), "ascii"
    detected = _detect(body)
    if detected and _decodes(body, detected):
        return body.decode(detected, "replace"), detected
    # Something was declared but does not fit the bytes exactly (a few stray bytes):
    # the declaration is still the best guess.
    fallback = next((c for c in candidates if c), None) or detected or "cp1252"
    try:
        return body.decode(fallback, "replace"), fallback
    except (UnicodeError, LookupError):
        return body.decode("cp1252", "replace"), "cp1252"
