"""Link status from fetch evidence: sign-in, paywall and consent walls are `blocked`."""

from __future__ import annotations

import pytest

from citecheck.linkstatus import classify_link
from citecheck.models import LinkStatus
from citecheck.net.types import FetchResult
from citecheck.page import analyse_page

STORY = "https://news.example.com/2018/04/03/rebels-leave-qalamoun"


def fetched(title: str, *, final_url: str = STORY, redirects: tuple[str, ...] = ()) -> tuple:
    body = (f"<html><head><title>{title}</title></head><body><h1>{title}</h1>"
            + "<p>Some words of text on the page.</p>" * 20 + "</body></html>").encode()
    result = FetchResult(url=STORY, final_url=final_url, status=200, body=body,
                         headers={"content-type": "text/html; charset=utf-8"},
                         redirects=redirects, attempts=1)
    page = analyse_page(body, content_type="text/html", declared_charset="utf-8",
                        url=final_url)
    return result, page


@pytest.mark.parametrize("title", ["Sign in", "Log In", "Before you continue to YouTube"])
def test_a_sign_in_or_consent_page_in_place_of_the_story_is_blocked(title: str) -> None:
    link = classify_link(*fetched(title))
    assert link.status is LinkStatus.BLOCKED
    assert link.error is not None and "sign-in or consent" in link.error


def test_a_redirect_to_a_login_wall_is_blocked_not_moved_home() -> None:
    login = "https://news.example.com/login?next=/2018/04/03/rebels-leave-qalamoun"
    link = classify_link(*fetched("Subscriber access", final_url=login, redirects=(login,)))
    assert link.status is LinkStatus.BLOCKED
    consent = "https://consent.example.com/v2/collectConsent?sessionId=1"
    link = classify_link(*fetched("Example is part of a family", final_url=consent,
                                  redirects=(consent,)))
    assert link.status is LinkStatus.BLOCKED


def test_an_article_about_logging_in_is_live() -> None:
    link = classify_link(*fetched("Log in safely: five tips for your bank account"))
    assert link.status is LinkStatus.LIVE
    home = "https://news.example.com/"
    assert classify_link(*fetched("News", final_url=home, redirects=(home,))).status is (
        LinkStatus.MOVED_HOME)


def test_a_page_promoting_gambling_in_place_of_the_story_is_usurped() -> None:
    spam = fetched("SLOT GACOR HARI INI: Link Situs Slot Online Maxwin")
    link = classify_link(*spam, cited_titles=["Rebels leave Qalamoun"])
    assert link.status is LinkStatus.PARKED
    assert link.error is not None and "usurped domain" in link.error
    # Cited as a page about that spam (a news story, a study), it is what was cited.
    link = classify_link(*spam, cited_titles=["Slot gacor sites flood expired domains"])
    assert link.status is LinkStatus.LIVE


def served(title: str | None, text: str, status: int = 200) -> tuple:
    head = f"<title>{title}</title>" if title is not None else ""
    body = f"<html><head>{head}</head><body>{text}</body></html>".encode()
    result = FetchResult(url=STORY, final_url=STORY, status=status, body=body,
                         headers={"content-type": "text/html; charset=utf-8"}, attempts=1)
    return result, analyse_page(body, content_type="text/html", declared_charset="utf-8",
                                url=STORY)


@pytest.mark.parametrize(
    ("title", "text", "status"),
    [
        # Bot challenges served with 200, by title and by the markers only they carry.
        ("Access to this page has been denied", "<p>Press &amp; Hold to confirm.</p>",
         LinkStatus.BLOCKED),
        ("Robot Check", "<p>Enter the characters you see below.</p>", LinkStatus.BLOCKED),
        ("Request Rejected", "<p>The requested URL was rejected. Please consult with your "
         "administrator.</p>", LinkStatus.BLOCKED),
        (None, "<script>window._cf_chl_opt={cvId: '3'};</script>", LinkStatus.BLOCKED),
        ("example.com", "<script src='https://geo.captcha-delivery.com/captcha/'></script>",
         LinkStatus.BLOCKED),
        # Walls, by the title's first piece.
        ("Subscribe to read | Financial Times", "<p>Subscribe for full access.</p>",
         LinkStatus.BLOCKED),
        ("Login • Instagram", "<p>Log in to see photos.</p>", LinkStatus.BLOCKED),
        # An application shell: nothing to read without JavaScript.
        ("Loading", "<noscript>Please enable JavaScript to view this site.</noscript>",
         LinkStatus.BLOCKED),
        # Bare HTTP error and removal pages served with 200.
        ("403 Forbidden", "<center>nginx</center>", LinkStatus.BLOCKED),
        ("502 Bad Gateway", "<center>nginx</center>", LinkStatus.SERVER_ERROR),
        ("Account Suspended", "<p>Contact your hosting provider.</p>",
         LinkStatus.SERVER_ERROR),
        ("Video unavailable", "<p>This video has been removed by the uploader.</p>",
         LinkStatus.SOFT_404),
    ],
)
def test_a_page_served_in_place_of_the_story_is_no_evidence(
    title: str | None, text: str, status: LinkStatus
) -> None:
    link = classify_link(*served(title, text), cited_titles=["Rebels leave Qalamoun"])
    assert link.status is status, link.error


ARTICLE_TEXT = "<p>" + " ".join(f"word{i}" for i in range(120)) + "</p>"


def test_an_article_behind_a_bot_manager_or_with_a_script_notice_is_live() -> None:
    # Bot managers put scripts on the pages they let through too, and articles carry
    # "enable JavaScript" notices for their comment widgets: the cited title decides.
    cited = "Rebels leave Qalamoun after weeks of talks"
    for extra in ("<script>window._cf_chl_opt={};</script>",
                  "<noscript>Please enable JavaScript to view the comments.</noscript>"):
        link = classify_link(*served(cited, ARTICLE_TEXT + extra), cited_titles=[cited])
        assert link.status is LinkStatus.LIVE, link.error
    # A long article is no shell, whatever its title.
    link = classify_link(*served("Other", ARTICLE_TEXT + "<noscript>enable JavaScript</noscript>"),
                         cited_titles=[cited])
    assert link.status is LinkStatus.LIVE
    # An article *about* an error is what was cited.
    link = classify_link(*served("Bad Gateway", ARTICLE_TEXT), cited_titles=["Bad Gateway"])
    assert link.status is LinkStatus.LIVE


def test_a_kicker_that_reads_like_a_wall_is_an_article() -> None:
    for title in ("Log in: how passkeys replace passwords for good",
                  "Privacy settings | What changed for your phone this year"):
        link = classify_link(*served(title, ARTICLE_TEXT), cited_titles=["Something else"])
        assert link.status is LinkStatus.LIVE, (title, link.error)
    # Cited as such, a title that is a wall's or a challenge's is the cited page.
    link = classify_link(*served("Why CAPTCHA tests are getting harder", ARTICLE_TEXT),
                         cited_titles=["Why CAPTCHA tests are getting harder"])
    assert link.status is LinkStatus.LIVE
    link = classify_link(*served("Cookie consent | Example", ARTICLE_TEXT),
                         cited_titles=["Cookie consent"])
    assert link.status is LinkStatus.LIVE


@pytest.mark.parametrize(
    "notice",
    ["Enable JavaScript", "JavaScript is required", "JavaScript is disabled in your browser",
     "This site requires JavaScript", "JavaScript must be enabled", "Turn on JavaScript"],
)
def test_a_script_notice_is_found_among_other_mentions_of_javascript(notice: str) -> None:
    # Pages name JavaScript in script types and links before (and after) any notice.
    text = ("<script type='text/javascript'>var js = 'javascript';</script>"
            f"<a href='javascript:void(0)'>menu</a><noscript>{notice}.</noscript>"
            "<script type='text/javascript'></script>")
    link = classify_link(*served("Loading", text), cited_titles=["Rebels leave Qalamoun"])
    assert link.status is LinkStatus.BLOCKED
    assert link.error == "the page shows its content only with JavaScript"
    # Mentions of JavaScript that are no notice leave a short page alone.
    plain = text.replace(notice, "Menu")
    link = classify_link(*served("Loading", plain), cited_titles=["Rebels leave Qalamoun"])
    assert link.status is LinkStatus.LIVE, link.error


def test_a_page_titled_as_cited_is_still_blocked_by_a_challenge_header_or_a_wall() -> None:
    cited = "Rebels leave Qalamoun after weeks of talks"
    result, page = served(cited, "<script>window._cf_chl_opt={};</script>")
    challenged = FetchResult(url=STORY, final_url=STORY, status=200, body=result.body,
                             headers={**result.headers, "cf-mitigated": "challenge"},
                             attempts=1)
    link = classify_link(challenged, page, cited_titles=[cited])
    assert (link.status, link.error) == (LinkStatus.BLOCKED, "Cloudflare challenge")
    login = "https://news.example.com/login?next=/2018/04/03/rebels-leave-qalamoun"
    walled = FetchResult(url=STORY, final_url=login, status=200, body=result.body,
                         headers=result.headers, redirects=(login,), attempts=1)
    link = classify_link(walled, page, cited_titles=[cited])
    assert link.status is LinkStatus.BLOCKED
    # Without either, the markers in its body do not make the cited page a challenge.
    assert classify_link(result, page, cited_titles=[cited]).status is LinkStatus.LIVE
