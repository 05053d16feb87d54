"""The streaming stop rule: when has a body prefix given all the evidence there is?"""

from __future__ import annotations

import re

from citecheck.page.media import is_markup, media_type
from citecheck.page.pdf import looks_like_pdf

_HEAD_END = re.compile(rb"</head\s*>|<body[\s>]", re.IGNORECASE)
_H1_END = re.compile(rb"</h1\s*>", re.IGNORECASE)
# On the title corpus the head ends a median 11 KB into the page (95th percentile 240 KB,
# inline scripts and styles; at most 940 KB), and the main <h1> sits a median 18 KB
# (95th percentile 157 KB) after it; error-page text is in the first few KB. Stop after
# the first </h1> once MIN_BODY_BYTES of body are in, or at MAX_BODY_BYTES of body.
MIN_BODY_BYTES = 8192
MAX_BODY_BYTES = 163_840
# A document that never ends its head nor starts a body is read this far (the engine's
# byte cap applies first when it is lower).
MAX_HEADLESS_BYTES = 1_048_576


def enough_bytes(prefix: bytes, content_type: str | None) -> bool:
    """True once ``prefix`` holds the evidence analyse_page uses; False to keep reading.

    PDFs need the whole file (metadata may sit at the end): always False. Bodies of
    media types without titles (images, JSON, ...) need nothing: True at once.
    """
    ctype = media_type(content_type)
    if looks_like_pdf(prefix[:1024], ctype):
        return False
    if not is_markup(ctype):
        return True
    head_end = _HEAD_END.search(prefix)
    if head_end is None:
        return len(prefix) >= MAX_HEADLESS_BYTES
    body_bytes = len(prefix) - head_end.end()
    if body_bytes >= MAX_BODY_BYTES:
        return True
    return body_bytes >= MIN_BODY_BYTES and _H1_END.search(prefix, head_end.end()) is not None
