"""Decoding bodies: BOM, HTTP charset, <meta>, detection, and stale declarations."""

from __future__ import annotations

import pytest

from citecheck.page import analyse_page
from citecheck.page.charset import codec_for, decode_body

ARABIC = "الحكومة السورية تعلن اتفاقاً مع فصائل المعارضة في القلمون الشرقي بعد أسابيع من المفاوضات"
RUSSIAN = "Подольски завершил карьеру в сборной Германии после чемпионата мира по футболу"
JAPANESE = "バルセロナ、マンＵに先勝…ＣＬ準々決勝第１戦で攻撃陣が躍動した試合の詳しい内容"
CHINESE = "武汉的声音：有英勇的你，才有英雄的城！全国人民共同努力战胜疫情的故事"
KOREAN = "서울시는 오늘 새로운 대중교통 정책을 발표하고 시민들의 의견을 듣기로 했습니다"


def html(title: str, meta: str = "", body: str = "") -> str:
    return (
        f"<html><head>{meta}<title>{title}</title></head>"
        f"<body><p>{body or title}</p><p>{title}</p></body></html>"
    )


@pytest.mark.parametrize(
    ("text", "codec"),
    [
        (ARABIC, "windows-1256"),
        (ARABIC, "iso-8859-6"),
        (RUSSIAN, "windows-1251"),
        (RUSSIAN, "koi8-r"),
        (JAPANESE, "shift_jis"),
        (CHINESE, "gbk"),
        (KOREAN, "euc-kr"),
    ],
)
def test_undeclared_legacy_charsets_are_detected(text: str, codec: str) -> None:
    body = html(text).encode(codec)
    result = analyse_page(body, content_type="text/html", declared_charset=None, url="")
    assert result.title == text


@pytest.mark.parametrize(
    ("text", "codec"),
    [(ARABIC, "windows-1256"), (RUSSIAN, "koi8-r"), (JAPANESE, "shift_jis"), (CHINESE, "gb2312")],
)
def test_declared_charsets_are_used(text: str, codec: str) -> None:
    from_http = html(text).encode(codec)
    result = analyse_page(from_http, content_type="text/html", declared_charset=codec, url="")
    assert result.title == text
    meta = html(text, f'<meta http-equiv="Content-Type" content="text/html; charset={codec}">')
    result = analyse_page(meta.encode(codec), content_type=None, declared_charset=None, url="")
    assert result.title == text
    short_meta = html(text, f'<meta charset="{codec}">').encode(codec)
    assert decode_body(short_meta, None)[0].count(text) == 3


@pytest.mark.parametrize("declared", ["gb2312", "shift_jis", "windows-1251", "iso-8859-1"])
def test_utf8_pages_with_a_stale_declaration_are_read_as_utf8(declared: str) -> None:
    # Four corpus pages do this: converted to UTF-8, the old declaration kept.
    body = html(JAPANESE + " " + RUSSIAN, f'<meta charset="{declared}">').encode("utf-8")
    result = analyse_page(body, content_type="text/html", declared_charset=declared, url="")
    assert result.title == JAPANESE + " " + RUSSIAN
    assert result.charset == "utf_8"


def test_bom_beats_declarations() -> None:
    body = "\ufeff".encode() + html(RUSSIAN, '<meta charset="koi8-r">').encode("utf-8")
    text, codec = decode_body(body, "windows-1251")
    assert codec == "utf-8"
    assert RUSSIAN in text
    utf16 = html(ARABIC).encode("utf-16")
    assert (
        analyse_page(utf16, content_type="text/html", declared_charset=None, url="").title == ARABIC
    )


@pytest.mark.parametrize(
    "label", ["", "nonsense", "utf-", "x" * 500, "\x00", "../../etc", "charset=utf-8", "ü"]
)
def test_garbage_charset_names_do_not_raise(label: str) -> None:
    body = html("Caf\xe9 cr\xe8me").encode("cp1252")
    assert codec_for(label) in (None, "utf_8")
    result = analyse_page(body, content_type="text/html", declared_charset=label, url="")
    assert result.title == "Café crème"
    meta = html("Caf\xe9", f'<meta charset="{label[:30]}">').encode("cp1252")
    assert (
        analyse_page(meta, content_type="text/html", declared_charset=None, url="").title == "Café"
    )


def test_latin1_label_means_windows_1252() -> None:
    body = html("\u201cQuoted\u201d \u2013 caf\xe9").encode("cp1252")
    result = analyse_page(body, content_type="text/html", declared_charset="iso-8859-1", url="")
    assert result.title == "“Quoted” – café"


def test_prefix_cut_inside_a_utf8_character_is_still_utf8() -> None:
    body = html(RUSSIAN).encode("utf-8")
    cut = body[: body.index("сборной".encode()) + 1]
    _, codec = decode_body(cut, None)
    assert codec == "utf_8"


@pytest.mark.parametrize("text", [RUSSIAN, JAPANESE, ARABIC, "Café " * 3])
def test_a_utf8_prefix_decodes_as_a_whole_decode_with_replacement(text: str) -> None:
    """Decoded once while checking it is UTF-8: every cut, through a character or not,
    reads as bytes.decode("utf-8", "replace") reads it."""
    body = html(text).encode("utf-8")
    first_non_ascii = next(i for i, byte in enumerate(body) if byte >= 0x80)
    for end in range(first_non_ascii + 1, len(body) + 1):
        decoded, codec = decode_body(body[:end], None)
        assert codec == "utf_8"
        assert decoded == body[:end].decode("utf-8", "replace")


def test_utf16_declared_without_bom() -> None:
    body = html(ARABIC).encode("utf-16-le")
    for label in ("utf-16", "utf-16le"):
        result = analyse_page(body, content_type="text/html", declared_charset=label, url="")
        assert result.title == ARABIC
    big = html(ARABIC).encode("utf-16-be")
    assert (
        analyse_page(big, content_type="text/html", declared_charset="utf-16be", url="").title
        == ARABIC
    )
