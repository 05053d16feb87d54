"""quote_in: a cited quote is found as a reader would find it on the page."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from citecheck.match.quotes import quote_in, text_key

PAGE = text_key(
    "<the page> The rebels, in a statement on Tuesday, said they “will not leave Eastern "
    "Qalamoun” — ever. وقال قائد في المعارضة: «لَن نُغادر بيوتنا في القلمون الشرقي» "
    "司令官は「私たちは東カラムーンの家を\n離れない」と述べた。"
)


@pytest.mark.parametrize(
    "quote",
    [
        'they "will not leave Eastern Qalamoun" - ever',  # other quotation marks and dash
        "THE REBELS, IN A STATEMENT ON TUESDAY",  # case
        "The rebels … said they will not leave",  # an ellipsis for words left out
        "The rebels [...] will not leave",
        "لن نغادر بيوتنا في القلمون الشرقي",  # without the vowel marks the page has
        "私たちは東カラムーンの家を離れない",  # the page breaks the line inside the sentence
    ],
)
def test_found(quote: str) -> None:
    assert quote_in(quote, PAGE) is True


@pytest.mark.parametrize(
    "quote",
    [
        "the rebels will leave Eastern Qalamoun",
        "said they … The rebels",  # the parts, but in another order
        "لن نغادر بيوتنا في حمص",
        "私たちは家を離れない",
    ],
)
def test_not_found(quote: str) -> None:
    assert quote_in(quote, PAGE) is False


def test_nothing_to_look_for() -> None:
    assert quote_in("… , …", PAGE) is None


@given(st.text(min_size=3, max_size=60))
def test_a_passage_of_the_page_is_always_found_in_it(passage: str) -> None:
    page = f"Before. {passage} After."
    assert quote_in(passage, text_key(page)) in (True, None)
