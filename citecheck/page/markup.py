"""Facts from HTML: the <head> parsed with lxml, the body start scanned with regexes.

Only the <head> goes through a parser (cut at </head> first: parsing a whole
page costs ~50x more). The body is needed for the main <h1> and for the visible
text of error pages; both are taken from its start with regexes, which is enough
for a heading and for words, and costs no tree.
"""

from __future__ import annotations

import html
import re
import threading
from dataclasses import dataclass, field

from lxml import etree

from citecheck.page.jsonld import JsonLdFacts, jsonld_facts
from citecheck.page.text import clean_text
from citecheck.page.types import (
    SOURCE_CITATION,
    SOURCE_DC,
    SOURCE_OG,
    SOURCE_TITLE,
    SOURCE_TWITTER,
)

_HEAD_END = re.compile(r"</head\s*>", re.IGNORECASE)
_BODY_START = re.compile(r"<body[\s>]", re.IGNORECASE)
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*>")
# A document without </head> or <body> is parsed up to here as if it were all head.
_HEADLESS_LIMIT = 262_144
# Body markup scanned for the main <h1>.
BODY_SCAN_CHARS = 131_072
# Body markup turned into visible text: error and parking pages are short, and an article
# shows hundreds of words well within this much markup.
TEXT_SCAN_CHARS = 32_768
_H1_OPEN = re.compile(r"<h1(?:\s[^<>]*)?>", re.IGNORECASE)
_H1_CLOSE = re.compile(r"</h1\s*>", re.IGNORECASE)
# A heading's markup is short; its closing tag is looked for this far only (a page of
# unclosed <h1> tags must not cost a scan to the end for each of them).
_H1_MAX_CHARS = 4096
_H1_LOGO = re.compile(r"""class\s*=\s*["'][^"']*(?:logo|brand|site-?title|masthead)""", re.I)
# "<" is excluded inside a tag so that a run of stray "<" costs linear, not quadratic, time.
TAG = re.compile(r"<[^<>]*>")
# Furigana readings (<rt>, <rp>) are not part of a Japanese headline's text.
_RUBY_TEXT = re.compile(r"<(rt|rp)\b[^>]*>.*?</\1\s*>", re.IGNORECASE | re.DOTALL)
# Inline elements join the text around them; any other tag separates words.
_INLINE = frozenset(
    {
        "a",
        "abbr",
        "b",
        "bdi",
        "bdo",
        "cite",
        "em",
        "i",
        "mark",
        "q",
        "rb",
        "ruby",
        "s",
        "small",
        "span",
        "strong",
        "sub",
        "sup",
        "time",
        "u",
    }
)


def _tag_gap(match: re.Match[str]) -> str:
    name = (
        match.group(0)[1:].lstrip("/").split(None, 1)[0].rstrip(">/").lower()
        if len(match.group(0)) > 2
        else ""
    )
    return "" if name in _INLINE else " "


_META_KEYS = {
    "citation_title": SOURCE_CITATION,
    "dc.title": SOURCE_DC,
    "dcterms.title": SOURCE_DC,
    "og:title": SOURCE_OG,
    "twitter:title": SOURCE_TWITTER,
}
# One parser per thread: lxml serialises the threads that share a parser (on a run
# with a hundred workers, heads waited ~30 ms each for it).
_PARSERS = threading.local()


def _parser() -> etree.HTMLParser:
    parser: etree.HTMLParser | None = getattr(_PARSERS, "parser", None)
    if parser is None:
        parser = etree.HTMLParser(
            recover=True, no_network=True, remove_comments=True, remove_pis=True
        )
        _PARSERS.parser = parser
    return parser


@dataclass
class HeadFacts:
    """What the <head> says, raw (cleaned but not ranked)."""

    titles: list[tuple[str, str]] = field(default_factory=list)  # (source, text)
    site_names: list[str] = field(default_factory=list)
    language: str | None = None
    canonical: str | None = None
    jsonld: JsonLdFacts = field(default_factory=lambda: JsonLdFacts((), None))
    # Script src / link href / iframe src hosts and meta refresh targets (parking signatures).
    resources: list[str] = field(default_factory=list)
    # The first <meta http-equiv="refresh"> content, as written ("0; url=/moved").
    refresh: str | None = None


def split_head(text: str) -> tuple[str, str]:
    """(head markup, body markup); the whole start of a document without either marker."""
    match = _HEAD_END.search(text)
    if match:
        return text[: match.start()], text[match.end() :]
    match = _BODY_START.search(text)
    if match:
        return text[: match.start()], text[match.start() :]
    return text[:_HEADLESS_LIMIT], text[:_HEADLESS_LIMIT]


_NOT_SPACE = re.compile(r"\S")


def _parse(markup: str) -> etree._Element | None:
    # Heads run to hundreds of KB of inline script: no copies that are not needed.
    markup = _XML_DECL.sub("", markup, count=1)
    if "\x00" in markup:
        markup = markup.replace("\x00", "")
    if not _NOT_SPACE.search(markup):
        return None
    try:
        return etree.fromstring(markup, _parser())
    except (etree.ParserError, etree.XMLSyntaxError, ValueError):
        return None


def _locale_to_lang(value: str) -> str:
    return value.replace("_", "-")


def head_facts(head: str) -> HeadFacts:
    facts = HeadFacts()
    root = _parse(head)
    if root is None:
        return facts
    lang = root.get("lang") or root.get("{http://www.w3.org/XML/1998/namespace}lang")
    meta_lang: str | None = None
    og_locale: str | None = None
    jsonld_blocks: list[str] = []
    for el in root.iter("title", "meta", "script", "link", "iframe"):
        tag = el.tag
        if tag == "title":
            text = clean_text(el.text)
            if text:
                facts.titles.append((SOURCE_TITLE, text))
        elif tag == "meta":
            key = (el.get("property") or el.get("name") or el.get("itemprop") or "").lower()
            content = el.get("content")
            if key in _META_KEYS:
                text = clean_text(content)
                if text:
                    facts.titles.append((_META_KEYS[key], text))
            elif key in ("og:site_name", "application-name"):
                text = clean_text(content, 200)
                if text:
                    facts.site_names.append(text)
            elif key == "og:locale" and content:
                og_locale = _locale_to_lang(content.strip())
            equiv = (el.get("http-equiv") or "").lower()
            if equiv == "content-language" and content:
                meta_lang = content.split(",")[0].strip()
            elif equiv == "refresh" and content:
                facts.resources.append(content)
                if facts.refresh is None:
                    facts.refresh = content
        elif tag == "script":
            if (el.get("type") or "").strip().lower() == "application/ld+json" and el.text:
                jsonld_blocks.append(el.text)
            elif el.get("src"):
                facts.resources.append(el.get("src") or "")
        elif tag == "link":
            rel = (el.get("rel") or "").lower()
            if rel == "canonical" and el.get("href"):
                facts.canonical = (el.get("href") or "").strip() or None
            elif el.get("href"):
                facts.resources.append(el.get("href") or "")
        elif tag == "iframe" and el.get("src"):
            facts.resources.append(el.get("src") or "")
    if jsonld_blocks:
        facts.jsonld = jsonld_facts(jsonld_blocks)
        if facts.jsonld.publisher:
            text = clean_text(facts.jsonld.publisher, 200)
            if text:
                facts.site_names.append(text)
    language = (lang or meta_lang or og_locale or "").strip()
    facts.language = language[:35] or None
    return facts


def main_h1(body: str, site_names: list[str]) -> str | None:
    """The first <h1> of the body start that is not the site's logo or name."""
    names = {n.casefold() for n in site_names}
    pos = 0
    for _ in range(4):
        opening = _H1_OPEN.search(body, pos, BODY_SCAN_CHARS)
        if opening is None:
            return None
        pos = opening.end()
        closing = _H1_CLOSE.search(body, pos, pos + _H1_MAX_CHARS)
        if closing is None:
            continue
        if _H1_LOGO.search(opening.group(0)):
            continue
        inner = _RUBY_TEXT.sub("", drop_hidden(body[pos : closing.start()]))
        text = clean_text(TAG.sub(_tag_gap, inner))
        if text and text.casefold() not in names:
            return text
    return None


# Openings of non-rendered elements and comments, and where each kind ends.
_HIDDEN_OPEN = re.compile(
    r"<(?:(script|style|noscript|template|svg|iframe|select)[\s/>]|!--)", re.IGNORECASE
)


def find_close(markup: str, name: str, start: int) -> int:
    """End of the first ``</name ...>`` at or after ``start``, or -1. str.find jumps
    between "</" (fast even through a 100 KB inline script); the name is compared
    case-insensitively."""
    pos = markup.find("</", start)
    size = len(name)
    while pos >= 0:
        if markup[pos + 2 : pos + 2 + size].lower() == name:
            end = markup.find(">", pos + 2 + size)
            return len(markup) if end < 0 else end + 1
        pos = markup.find("</", pos + 2)
    return -1


def drop_hidden(markup: str) -> str:
    """``markup`` without comments and the contents of non-rendered elements.

    A regex finds where such an element opens and str.find jumps to its end: a single
    regex with a lazy ``.*?`` crawls through every script character by character, and
    a lower-cased copy of non-ASCII text costs more than the search itself.
    """
    kept: list[str] = []
    pos = 0
    while True:
        match = _HIDDEN_OPEN.search(markup, pos)
        if match is None:
            break
        kept.append(markup[pos : match.start()])
        end = element_end(markup, match.group(1), match.end())
        if end < 0:
            # Cut off inside a script by the end of the prefix: nothing visible follows.
            return " ".join(kept)
        pos = end
        kept.append(" ")
    kept.append(markup[pos:])
    return "".join(kept)


def element_end(markup: str, name: str | None, start: int) -> int:
    """Where the element ``name`` (None: a comment) opened just before ``start`` ends,
    or -1 when it is still open at the end of ``markup``."""
    if name:
        return find_close(markup, name.lower(), start)
    end = markup.find("-->", start)
    return end + 3 if end >= 0 else -1


# Pages with at most this many words get their entities decoded: only short pages are
# read for error or sales sentences, and decoding a long page's text costs more than the
# rest of its analysis (html.unescape calls back into Python for every entity).
SHORT_TEXT_WORDS = 400
SHORT_TEXT_CHARS = 3000


# What the text's readers need: the soft-404 and parking rules count words up to 350
# and characters up to SHORT_TEXT_CHARS, the fingerprint keeps the first 400 words.
# Past this many words, the rest of a page changes no answer.
TEXT_WORDS_NEEDED = SHORT_TEXT_WORDS + 1
# Markup converted first; when it holds too few words, the whole scanned start.
_TEXT_WINDOW_CHARS = 4096


def visible_text(
    body: str, limit: int = TEXT_SCAN_CHARS, words_needed: int | None = TEXT_WORDS_NEEDED
) -> str:
    """Words of the body start, without scripts, styles and tags, single-spaced.

    Only the first ``words_needed`` words are certain to be there (None: every word
    within ``limit``): a text-rich page yields them from its first few KB, which
    spares converting the rest.

    Entities are decoded when the text is short (SHORT_TEXT_*); a long text keeps
    them, which does not matter for counting and shingling its words.
    """
    if words_needed is not None and min(limit, len(body)) > _TEXT_WINDOW_CHARS:
        markup = drop_hidden(body[:_TEXT_WINDOW_CHARS])
        # End after a tag, so that neither a tag nor a word is cut in two (a window
        # ending inside a script or comment has already lost what follows).
        cut = markup.rfind(">") + 1 or len(markup)
        # maxsplit: the words past the ones needed stay one unsplit remainder.
        parts = TAG.sub(" ", markup[:cut]).split(None, words_needed + 1)
        if len(parts) > words_needed + 1:
            return _single_spaced(parts[: words_needed + 1])
        # Too little text this early (navigation, inline data): the whole scan.
    return _single_spaced(TAG.sub(" ", drop_hidden(body[:limit])).split())


def word_count(text: str) -> int:
    """Words in ``text`` as :func:`visible_text` writes it (single-spaced)."""
    return text.count(" ") + 1 if text else 0


def _single_spaced(words: list[str]) -> str:
    text = " ".join(words)
    if len(words) <= SHORT_TEXT_WORDS and len(text) <= SHORT_TEXT_CHARS and "&" in text:
        text = " ".join(html.unescape(text).split())
    return text
