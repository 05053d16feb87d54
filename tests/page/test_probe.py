"""Soft-404 sibling probe, moved-home redirects, parking redirects and the stop rule."""

from __future__ import annotations

import pytest

from citecheck.page import (
    PageAnalysis,
    analyse_page,
    enough_bytes,
    parked_redirect,
    probe_url_for,
    redirect_is_moved_home,
    redirect_to_wall,
    root_probe_url_for,
    same_template,
)
from citecheck.page.redirects import meta_refresh_target, script_redirect_target
from citecheck.page.stream import MAX_BODY_BYTES, MAX_HEADLESS_BYTES, MIN_BODY_BYTES

NAV = " ".join(f"<a href='/s/{i}'>Section number {i}</a>" for i in range(40))


def page(title: str, text: str, url: str = "https://news.example.com/a") -> object:
    markup = f"<html><head><title>{title}</title></head><body><nav>{NAV}</nav>{text}</body></html>"
    return analyse_page(markup.encode(), content_type="text/html", declared_charset=None, url=url)


def article(n: int) -> str:
    return "".join(
        f"<p>Story {n} paragraph {i}: the council voted {n * 7 + i} to {i} on plan {n}, "
        f"and residents of district {n + i} reacted with letters number {i * n}.</p>"
        for i in range(25)
    )


HOME_TEXT = "<h2>Top stories</h2>" + "".join(f"<p>Teaser {i} of today.</p>" for i in range(30))


def test_page_like_the_probe_is_the_error_template() -> None:
    probe = page("Example News – Home", HOME_TEXT, "https://news.example.com/x9f2kq")
    cited = page("Example News – Home", HOME_TEXT, "https://news.example.com/2018/04/story")
    assert same_template(probe, cited)  # type: ignore[arg-type]


def test_error_template_echoing_the_path_still_matches() -> None:
    body = "<h1>Nothing here</h1><p>We looked everywhere for {0} but found nothing.</p>"
    probe = page("Nothing found for x9f2kq", body.format("x9f2kq"), "https://e.org/n/x9f2kq")
    cited = page(
        "Nothing found for story-slug", body.format("story-slug"), "https://e.org/n/story-slug"
    )
    assert same_template(probe, cited)  # type: ignore[arg-type]


def test_real_article_differs_from_the_probe() -> None:
    probe = page("Page not found | Example News", "<p>Sorry.</p>")
    for n in range(3):
        cited = page(f"Council votes on plan {n} | Example News", article(n))
        assert not same_template(probe, cited)  # type: ignore[arg-type]


def test_one_title_for_every_page_but_different_text_is_not_the_template() -> None:
    probe = page("Example News", "<p>Sorry, nothing here.</p>" + HOME_TEXT)
    cited = page("Example News", article(1))
    assert not same_template(probe, cited)  # type: ignore[arg-type]


def test_empty_responses_prove_nothing() -> None:
    empty = analyse_page(b"", content_type="text/html", declared_charset=None, url="")
    assert not same_template(empty, empty)


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (
            "https://h.example/news/2018/04/story.html?x=1#f",
            "https://h.example/news/2018/04/TOK.html",
        ),
        ("https://h.example/news/2018/04/story/", "https://h.example/news/2018/04/TOK/"),
        ("https://h.example/news/2018-04-03-slug", "https://h.example/news/TOK"),
        ("https://h.example/", "https://h.example/TOK"),
        ("https://h.example", "https://h.example/TOK"),
        ("http://h.example:8080/a", "http://h.example:8080/TOK"),
    ],
)
def test_probe_url(url: str, expected: str) -> None:
    assert probe_url_for(url, "TOK") == expected


def test_root_probe_url() -> None:
    assert root_probe_url_for("https://h.example/a/b?c", "TOK") == "https://h.example/TOK"


@pytest.mark.parametrize(
    ("original", "final"),
    [
        ("https://example.com/news/2018/04/story", "https://example.com/"),
        ("https://example.com/news/2018/04/story", "https://www.example.com/en/"),
        ("https://example.com/news/2018/04/story", "https://example.com/index.php"),
        ("https://example.com/story/123", "https://example.com/search?q=story"),
        ("https://example.com/news/2018/04/story", "https://example.com/news/"),
        ("https://example.com/articles/123-slug", "https://example.com/404.html"),
        ("https://old.example.com/a/b", "https://other.example.net/"),
        ("https://example.com/a/b", "https://example.com/?error=404"),
    ],
)
def test_moved_home(original: str, final: str) -> None:
    assert redirect_is_moved_home(original, final)


@pytest.mark.parametrize(
    ("original", "final"),
    [
        ("http://example.com/news/2018/04/story", "https://www.example.com/news/2018/04/story"),
        ("https://example.com/story/123", "https://example.com/story/123/slug-of-the-story"),
        ("https://example.com/news/story/amp", "https://example.com/news/story"),
        ("https://example.com/", "https://www.example.com/en/"),
        ("https://example.com/?p=123", "https://example.com/2018/04/story/"),
        ("https://example.com/a", "https://example.com/?p=123"),
        ("https://example.com/blog", "https://example.com/blog/"),
        ("https://t.co/abc", "https://example.com/news/2018/story"),
        ("https://example.com/x", "not a url ::"),
    ],
)
def test_not_moved_home(original: str, final: str) -> None:
    assert not redirect_is_moved_home(original, final)


@pytest.mark.parametrize(
    ("content", "target"),
    [
        ("0; url=/", "https://ex.com/"),
        ("0;URL='https://other.example/new'", "https://other.example/new"),
        ('3; URL="moved/a"', "https://ex.com/news/moved/a"),
        ("0; /new", "https://ex.com/new"),
        ("0,url=/a", "https://ex.com/a"),
        ("300; url=/", None),  # a page that reloads itself later: not a redirect
        ("0", None),
        ("", None),
        ("soon; url=/", None),
        ("0; url=javascript:alert(1)", None),
        ("0; url=https://ex.com/news/old-story", None),  # the page itself
    ],
)
def test_meta_refresh_target(content: str, target: str | None) -> None:
    assert meta_refresh_target(content, "https://ex.com/news/old-story") == target


@pytest.mark.parametrize(
    ("markup", "target"),
    [
        ("<script>window.location.href = '/';</script>", "https://ex.com/"),
        ('<script>location.replace("https://other.example/new")</script>',
         "https://other.example/new"),
        ("<script>document.location='moved'</script>", "https://ex.com/news/moved"),
        ('<script>location = "https://" + host + path;</script>', None),  # not a literal
        ("<script>location.href = 'javascript:void(0)'</script>", None),
        ("<p>No script here</p>", None),
    ],
)
def test_script_redirect_target(markup: str, target: str | None) -> None:
    assert script_redirect_target(markup, "https://ex.com/news/old-story") == target


def test_a_redirect_script_counts_only_on_a_page_with_next_to_no_text() -> None:
    script = "<script>window.location.href = '/';</script>"
    stub = f"<html><head><title>Redirecting</title>{script}</head><body>Moving</body></html>"
    article = ("<html><head><title>Story</title></head><body>"
               + "<p>Words of a real article about the offensive.</p>" * 20
               + f"<a onclick=\"location.href='/login'\">Log in</a>{script}</body></html>")
    assert analyse(stub).refresh_url == "https://ex.com/"
    assert analyse(article).refresh_url is None


def analyse(markup: str) -> PageAnalysis:
    return analyse_page(markup.encode(), content_type="text/html", declared_charset=None,
                        url="https://ex.com/old")


def test_an_immediate_meta_refresh_is_read_from_the_head() -> None:
    body = (b'<html><head><title>Moved</title><META HTTP-EQUIV="Refresh" CONTENT="0;'
            b' URL=/new-home"></head><body>Redirecting</body></html>')
    page = analyse_page(body, content_type="text/html", declared_charset=None,
                        url="https://ex.com/old")
    assert page.refresh_url == "https://ex.com/new-home"


@pytest.mark.parametrize(
    ("original", "final"),
    [
        ("https://example.com/story/123", "https://example.com/login?next=/story/123"),
        ("https://news.yahoo.com/story-123.html",
         "https://consent.yahoo.com/v2/collectConsent?sessionId=3_cc-session_x"),
        ("https://www.youtube.com/watch?v=abc",
         "https://consent.youtube.com/m?continue=https%3A%2F%2Fwww.youtube.com%2Fwatch"),
        ("https://www.nytimes.com/2018/04/03/world/story.html",
         "https://myaccount.nytimes.com/auth/login?response_type=cookie"),
        ("https://www.ft.com/content/abc", "https://www.ft.com/subscribe/offer?uuid=abc"),
        ("https://example.de/artikel/1", "https://example.de/anmelden?ziel=/artikel/1"),
        ("https://example.com/a/b", "https://example.com/account/sign-in.html"),
    ],
)
def test_redirects_to_a_sign_in_paywall_or_consent_page(original: str, final: str) -> None:
    """The page is still there for a reader who signs in or consents: blocked, not dead
    (and not moved-home, which is dead)."""
    assert redirect_to_wall(original, final)
    assert not redirect_is_moved_home(original, final)


@pytest.mark.parametrize(
    ("original", "final"),
    [
        ("https://example.com/news/register-to-vote", "https://example.com/news/register-vote"),
        ("https://example.com/login", "https://example.com/login/"),  # cited as such
        ("https://example.com/a", "https://example.com/search?q=a"),
        ("https://example.com/accounts/2018/report", "https://example.com/accounts/2018/r.pdf"),
        ("https://login.example.com/docs/a", "https://login.example.com/docs/b"),
        ("https://example.com/x", "not a url ::"),
    ],
)
def test_not_a_wall(original: str, final: str) -> None:
    assert redirect_to_wall(original, final) is None


@pytest.mark.parametrize(
    "url",
    [
        "https://sedo.com/search/details/?domain=example.com",
        "https://www.hugedomains.com/domain_profile.cfm?d=example.com",
        "https://dan.com/buy-domain/example.com",
        "https://www.afternic.com/forsale/example.com",
        "https://www.godaddy.com/domainsearch/find?domainToCheck=example.com",
        "http://ww1.parkingcrew.net/?x",
    ],
)
def test_parked_redirects(url: str) -> None:
    assert parked_redirect(url)


@pytest.mark.parametrize(
    "url",
    ["https://www.godaddy.com/help", "https://example.com/sedo.com", "https://notsedo.com/", "::"],
)
def test_not_parked_redirects(url: str) -> None:
    assert parked_redirect(url) is None


def test_stop_rule_for_html() -> None:
    head = b"<html><head><title>t</title></head>"
    assert not enough_bytes(b"<html><head><title>t</title>", "text/html")
    assert not enough_bytes(head + b"<body>" + b"x" * 100, "text/html")
    with_h1 = head + b"<body><h1>Headline</h1>" + b"x" * MIN_BODY_BYTES
    assert enough_bytes(with_h1, "text/html")
    assert not enough_bytes(head + b"<h1>Headline</h1>", "text/html")
    assert enough_bytes(head + b"y" * MAX_BODY_BYTES, None)
    assert not enough_bytes(b"<p>" * 200_000, "text/html")
    assert enough_bytes(b"<p>" * (MAX_HEADLESS_BYTES // 3 + 1), "text/html")
    # A document without </head> has its head end where the body starts.
    assert enough_bytes(b"<title>t</title><BODY class=x><h1>H</h1>" + b"z" * MIN_BODY_BYTES, None)


def test_stop_rule_for_pdf_and_other_types() -> None:
    assert not enough_bytes(b"%PDF-1.7\n" + b"x" * 10_000_000, "application/pdf")
    assert not enough_bytes(b"%PDF-1.4\n", "application/octet-stream")
    assert enough_bytes(b"\x89PNG", "image/png")
    assert enough_bytes(b"{}", "application/json")
    assert not enough_bytes(b"", "text/html")
