"""Does the content of a 200 response say "this page does not exist"? (soft-404)

Three kinds of evidence, from strongest to weakest:
- the title, or the page's main <h1>, *is* an error message: a separated piece of it
  ("Page not found | Site", "404", "ページが見つかりません") holds nothing but error words;
- a short page whose visible text carries an error sentence ("the page you requested
  could not be found");
Long pages need the title or heading: an article *about* 404 errors mentions them in
its text, and many article templates hide an error message for client-side routing.
"""

from __future__ import annotations

import re
from functools import lru_cache

from citecheck.page.affix import split_pieces
from citecheck.page.markup import SHORT_TEXT_CHARS, word_count
from citecheck.page.types import TitleCandidate

# Phrases that, alone in a title piece or heading, mean "error page". Lower-case;
# matched on case-folded text.
_ERROR_WORDS = [
    # English
    r"(?:the |that |this )?page (?:was |is )?(?:not found|cannot be found|can'?t be found"
    r"|could not be found|couldn'?t be found|does ?n[o']t exist|not available|is missing"
    r"|unavailable)",
    r"(?:file|document|content|article|story|resource|url|post|item) not found",
    r"not found",
    r"page missing",
    r"error",
    r"oops!?",
    r"sorry!?",
    r"whoops!?",
    r"we can'?t find (?:that|this|the) page",
    r"nothing (?:was )?found",
    r"lost\?",
    r"this page (?:doesn'?t|does not) exist",
    r"http (?:error )?\d{3}",
    r"page unavailable",
    r"(?:page|content) no longer available",
    # Removal notices of social and video sites, served with 200.
    r"(?:this )?(?:page|content|video|post|account) (?:(?:isn't|is not|not|is no longer"
    r"|no longer) available|(?:is )?unavailable)(?: right now| anymore)?",
    r"(?:this )?account does ?n[o']t exist",
    r"gone",
    # Spanish
    r"(?:la )?p[áa]gina no (?:encontrada|existe|disponible)",
    r"no se (?:ha )?encontr[óo]"
    r"(?: la p[áa]gina)?",
    r"error",
    r"ups",
    r"lo sentimos",
    r"no encontrad[oa]",
    # French
    r"page (?:introuvable|non trouv[ée]e|inexistante)",
    r"erreur",
    r"cette page n'existe pas",
    r"oups",
    # German
    r"seite (?:wurde )?nicht gefunden",
    r"fehler",
    r"seite existiert nicht",
    r"(?:die )?seite (?:ist )?nicht (?:vorhanden|verf[üu]gbar)",
    r"hoppla",
    # Portuguese
    r"p[áa]gina n[ãa]o (?:encontrada|existe|dispon[íi]vel)",
    r"erro",
    r"n[ãa]o encontrad[ao]",
    # Italian
    r"pagina non (?:trovata|esiste|disponibile)",
    r"errore",
    r"non trovat[ao]",
    # Dutch, Polish, Turkish, Swedish
    r"pagina niet gevonden",
    r"nie znaleziono strony",
    r"strona nie istnieje",
    r"sayfa bulunamad[ıi]",
    r"sidan (?:kunde inte hittas|hittades inte)",
    # Russian, Ukrainian
    r"страница не найдена",
    r"ошибка",
    r"страница не существует",
    r"не найдено",
    r"сторінку не знайдено",
    r"сторінка не знайдена",
    # Arabic
    r"(?:ال)?صفحة (?:المطلوبة )?غير موجودة",
    r"لم يتم العثور على الصفحة",
    r"خطأ",
    r"عذرا",
    r"الصفحة غير متوفرة",
    # Chinese
    r"页面不存在",
    r"找不到(?:该|此)?页面",
    r"页面未找到",
    r"网页不存在",
    r"頁面不存在",
    r"找不到(?:該|此)?(?:網頁|頁面)",
    r"页面找不到了",
    r"错误",
    r"錯誤",
    r"抱歉",
    r"您访问的页面不存在",
    # Japanese
    r"ページが見つかりません(?:でした)?",
    r"お探しのページは見つかりませんでした",
    r"ページが存在しません",
    r"指定されたページは存在しません",
    r"エラー",
    r"お探しのページ(?:は|が)?(?:見つかりません|存在しません)?",
    # Korean
    r"페이지를 찾을 수 없습니다",
    r"오류",
]
# Something must name the failure, not just say "error" or "sorry".
_CORE = re.compile(
    r"404|410|not found|can'?t be found|cannot be found|could not be found|couldn'?t be found"
    r"|does ?n[o']t exist|no longer available|no encontrad|no existe|introuvable|non trouv"
    r"|n'existe pas|nicht gefunden|existiert nicht|nicht vorhanden|n[ãa]o encontrad|n[ãa]o existe"
    r"|non trovat|non esiste|niet gevonden|nie znaleziono|nie istnieje|bulunamad|hittas|hittades"
    r"|не найден|не существует|не знайден|غير موجودة|لم يتم العثور|غير متوفرة|不存在|找不到|未找到"
    r"|見つかりません|存在しません|찾을 수 없습니다|page missing|page unavailable"
    r"|nothing (?:was )?found|we can'?t find"
    r"|(?:page|content|video|post) (?:(?:isn't|is not|not|is no longer) available"
    r"|(?:is )?unavailable)"
)
_ERROR_WORDS_RE = re.compile("|".join(_ERROR_WORDS))
# Letters left once the error words are gone: the piece says something else too.
_LETTER = re.compile(r"[^\W\d_]")

# Sentences of error pages' text; only trusted on short pages. Each pattern comes with
# substrings it cannot match without: a big alternation scanned over a page of text
# costs ~0.5 ms, the substring tests a few microseconds. Matched on lower-cased text.
_SENTENCES: tuple[tuple[tuple[str, ...], re.Pattern[str]], ...] = tuple(
    (triggers, re.compile(pattern))
    for triggers, pattern in (
        (
            ("looking for", "requested"),
            r"(?:page|url|file|document|content|article) (?:you (?:are|were|'re) looking for"
            r"|you requested|requested)[^.!?]{0,60}(?:not (?:be )?found|could not|couldn'?t"
            r"|can'?t be|cannot be|does ?n[o']t exist|no longer|(?:has been|was) (?:moved"
            r"|removed|deleted)|is not available)",
        ),
        (("404",), r"\b404\b[^.!?]{0,20}(?:not found|error|page)|(?:error|err) 404"),
        (("page not found",), r"page not found"),
        (("exist",), r"this page (?:doesn'?t|does not) exist"),
        (("find",), r"we (?:can'?t|cannot|couldn'?t) find (?:the|that|this) page"),
        (
            ("gina",),
            r"p[áa]gina no (?:encontrada|existe)|la p[áa]gina que (?:buscas|busca"
            r"|est[áa]s buscando) no (?:existe|est[áa] disponible)"
            r"|p[áa]gina n[ãa]o (?:encontrada|existe)|a p[áa]gina que (?:voc[êe] )?(?:procura"
            r"|est[áa] procurando) n[ãa]o existe",
        ),
        (
            ("page",),
            r"page (?:introuvable|non trouv[ée]e)|la page (?:que vous (?:recherchez"
            r"|cherchez)|demand[ée]e) n'existe (?:pas|plus)",
        ),
        (
            ("seite",),
            r"seite (?:wurde )?nicht gefunden|die (?:angeforderte|gesuchte|aufgerufene) seite"
            r" (?:existiert nicht|wurde nicht gefunden|konnte nicht gefunden werden)",
        ),
        (
            ("pagina",),
            r"pagina non (?:trovata|esiste)|la pagina che (?:stai cercando|hai richiesto)"
            r" non esiste",
        ),
        (("страница",), r"страница не найдена|запрашиваемая страница не (?:найдена|существует)"),
        (
            ("صفحة",),
            r"(?:ال)?صفحة (?:المطلوبة |التي تبحث عنها )?غير موجودة|لم يتم العثور على الصفحة",
        ),
        (
            ("页", "頁", "網頁"),
            r"页面不存在|找不到(?:该|此|您要的)?页面|页面未找到|您访问的页面不存在|網頁不存在"
            r"|頁面不存在",
        ),
        (
            ("ページ",),
            r"ページが見つかりません|お探しのページは(?:見つかりませんでした|存在しません)"
            r"|ページが存在しません",
        ),
        (("페이지",), r"페이지를 찾을 수 없습니다"),
    )
)


def error_sentence(text: str) -> str | None:
    """The first error-page sentence in ``text`` (lower-cased), or None."""
    for triggers, pattern in _SENTENCES:
        if any(t in text for t in triggers):
            match = pattern.search(text)
            if match:
                return match.group(0)
    return None


# A page with more words than this in its body start is an article, whatever it says.
_SHORT_PAGE_WORDS = 350


# Pieces of an error title besides the error words are site or section names.
_MAX_OTHER_PIECE_WORDS = 5


# A page's <title>, og:title and twitter:title are often one text: judged once.
@lru_cache(maxsize=4096)
def is_error_title(text: str) -> bool:
    """True when some piece of ``text`` is made of error words only and names a failure,
    and the other pieces are short (site names): "Page not found | The Guardian", but not
    "Not Found: the search for the missing jet"."""
    folded = text.casefold().replace("’", "'")
    if not _CORE.search(folded):
        return False
    error_piece = False
    for piece in split_pieces(folded):
        # Removing the error words (rather than one regex with nested repetition, which
        # backtracks exponentially on long runs of punctuation) and looking for letters.
        if not _LETTER.search(_ERROR_WORDS_RE.sub(" ", piece)):
            error_piece = error_piece or bool(_CORE.search(piece))
        elif len(piece.split()) > _MAX_OTHER_PIECE_WORDS:
            return False
    return error_piece


def error_signal(
    candidates: tuple[TitleCandidate, ...], h1: str | None, visible_words: str
) -> str | None:
    """Why the page looks like an error page, or None."""
    for cand in candidates:
        if cand.source in ("title", "og:title", "twitter:title") and is_error_title(cand.text):
            return f"{cand.source} says the page is missing: {cand.text[:80]!r}"
    if h1 and len(h1) <= 120 and is_error_title(h1):
        return f"main heading says the page is missing: {h1[:80]!r}"
    words = word_count(visible_words)
    # Characters too: CJK text has few spaces, so its "words" undercount a long page.
    if words <= _SHORT_PAGE_WORDS and len(visible_words) <= SHORT_TEXT_CHARS:
        sentence = error_sentence(visible_words.lower().replace("’", "'"))
        if sentence:
            return f"short page ({words} words) says {sentence[:80]!r}"
    return None
