"""`fix --update-moved`: the dead URL replaced by the verified new address of its page."""

from __future__ import annotations

from dataclasses import replace

from citecheck.fix import FixOptions, apply_text, plan_fixes
from citecheck.fix.after import results_after
from citecheck.models import ArchiveStatus, LinkStatus, MovedTo, Result, Verdict
from citecheck.sources.json_refs import ReferencesJsonReader
from citecheck.sources.wikitext import WikitextReader
from tests.fix.fix_data import capture, result

OLD = "http://example.com/2019/old"
NEW = "https://example.com/news/new-home"
MOVED = MovedTo(NEW, "wayback redirect of 2019-03-02", 0.97)
UPDATE = FixOptions(update_moved=True)


def _moved(res: Result) -> Result:
    return replace(res, link=replace(res.link, moved_to=MOVED))


def _fixed_with_capture(text: str) -> str:
    """``text`` fixed for its one citation, dead with a capture of 2018-04-27 and moved."""
    ref = WikitextReader().read(text, file="a.wiki").references[0]
    res = _moved(result(ref, archive=capture(OLD, "20180427093000")))
    return apply_text(text, plan_fixes([res], text, "a.wiki", "wikitext", UPDATE))


def test_wikitext_url_replaced_and_the_archive_of_the_old_url_kept() -> None:
    text = ("<ref>{{cite web |url=" + OLD + " |title=Old |archive-url=https://web.archive.org/"
            "web/2018/" + OLD + " |archive-date=2018-01-01}}</ref>\n")
    ref = WikitextReader().read(text, file="a.wiki").references[0]
    res = _moved(result(ref, archive=capture(OLD, status=ArchiveStatus.OK)))
    # Off by default: the usual fix (the link is dead, its cited archive works) only.
    assert [e.new for e in plan_fixes([res], text, "a.wiki", "wikitext")] == [
        " |url-status=dead"]
    fixed = apply_text(text, plan_fixes([res], text, "a.wiki", "wikitext", UPDATE))
    assert fixed == text.replace(f"|url={OLD} ", f"|url={NEW} ").replace(
        "|archive-date=2018-01-01}}", "|archive-date=2018-01-01 |url-status=live}}")


def test_wikitext_move_adds_the_old_urls_capture_when_none_is_cited() -> None:
    text = "<ref>{{cite web|url=" + OLD + "|title=Old|access-date=2019-01-02}}</ref>"
    assert _fixed_with_capture(text) == (
        "<ref>{{cite web|url=" + NEW + "|title=Old|access-date=2019-01-02"
        "|archive-url=https://web.archive.org/web/20180427093000/" + OLD +
        "|archive-date=2018-04-27|url-status=live}}</ref>")


def test_wikitext_bare_link_gets_the_new_url_and_the_old_urls_archive() -> None:
    text = "<ref>[" + OLD + " Old story]</ref>"
    assert _fixed_with_capture(text) == (
        "<ref>[" + NEW + " Old story] {{webarchive |url=https://web.archive.org/"
        "web/20180427093000/" + OLD + " |date=2018-04-27}}</ref>")


def test_references_json_url_updated_and_the_result_after_is_ok() -> None:
    text = '{"references": [\n  {"id": "a", "url": "' + OLD + '", "title": "Old"}\n]}\n'
    ref = ReferencesJsonReader().read(text, file="r.json").references[0]
    res = _moved(result(ref))
    fixed = apply_text(text, plan_fixes([res], text, "r.json", "json", UPDATE))
    assert fixed == text.replace(OLD, NEW).replace('"Old"}', '"Old", "url_status": "live"}')
    after = results_after([res], {("r.json", "a")}, UPDATE)[0]
    assert after.verdict is Verdict.OK and after.url == NEW
    assert after.link.status is LinkStatus.LIVE


def test_no_move_for_a_link_that_is_not_dead() -> None:
    text = '{"references": [{"id": "a", "url": "' + OLD + '", "title": "Old"}]}'
    ref = ReferencesJsonReader().read(text, file="r.json").references[0]
    res = _moved(result(ref, Verdict.BLOCKED, LinkStatus.BLOCKED))
    assert plan_fixes([res], text, "r.json", "json", UPDATE) == ()
