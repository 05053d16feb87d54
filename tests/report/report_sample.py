"""The one shared sample report every format's golden test renders.

It holds every verdict, every link status and every archive status, titles in Arabic and
with characters that are special in Markdown, HTML, CSV and XML, a reference located by
file and line and one with no location at all. Timestamps and the version are fixed so the
goldens are stable.
"""

from __future__ import annotations

from citecheck.models import (
    ArchiveResult,
    ArchiveStatus,
    ErrorKind,
    HistoryInfo,
    LinkResult,
    LinkStatus,
    Location,
    MovedTo,
    Reference,
    Report,
    Result,
    TitleMatch,
    TitleResult,
    Verdict,
)

REFS = "refs/references.json"
WIKI = "wiki/Eastern Qalamoun offensive.wikitext"
WAYBACK = "https://web.archive.org/web"


def _ref(
    n: int, url: str | None, title: str | None, file: str | None = REFS, **kw: object
) -> Reference:
    location = Location(file=file, line=3 + 7 * n) if file else Location()
    return Reference(id=f"ref-{n}", url=url, title=title, location=location, **kw)  # type: ignore[arg-type]


def _result(
    ref: Reference,
    verdict: Verdict,
    reasons: tuple[str, ...],
    link: LinkResult,
    found: str | None = None,
    match: TitleMatch = TitleMatch.UNKNOWN,
    score: float | None = None,
    archive: ArchiveResult | None = None,
    history: HistoryInfo | None = None,
) -> Result:
    title = TitleResult(
        cited=ref.title,
        found=found,
        source="title" if found else None,
        match=match,
        score=score,
    )
    return Result(
        reference=ref,
        verdict=verdict,
        reasons=reasons,
        link=link,
        title=title,
        archive=archive or ArchiveResult(),
        history=history or HistoryInfo(),
    )


def sample_results() -> tuple[Result, ...]:
    arabic = "هجوم القلمون الشرقي (2018) | الجزيرة نت"
    r: list[Result] = []
    ref = _ref(1, "https://example.com/news/2018/04/qalamoun", "Rebels leave Eastern Qalamoun")
    r.append(_result(
        ref, Verdict.OK, ("title matches",),
        LinkResult(LinkStatus.LIVE, 200, ref.url, attempts=1, elapsed_ms=120),
        found="Rebels leave Eastern Qalamoun", match=TitleMatch.MATCH, score=1.0,
        archive=ArchiveResult(ArchiveStatus.OK, f"{WAYBACK}/20180427093000/{ref.url}",
                              "20180427093000", "Rebels leave Eastern Qalamoun", TitleMatch.MATCH),
    ))
    ref = _ref(2, "https://www.aljazeera.net/news/2018/4/22/القلمون", arabic, file=WIKI,
               language="ar", trans_title="Eastern Qalamoun offensive (2018)")
    r.append(_result(
        ref, Verdict.OK, ("redirected to the same article", "title matches"),
        LinkResult(LinkStatus.REDIRECTED, 200, "https://www.aljazeera.net/news/2018/4/22/qalamoun",
                   redirects=("https://www.aljazeera.net/news/2018/4/22/qalamoun",),
                   attempts=1, elapsed_ms=340),
        found="هجوم القلمون الشرقي (2018)", match=TitleMatch.MATCH, score=0.97,
        archive=ArchiveResult(ArchiveStatus.SUGGESTED, f"{WAYBACK}/20180423000000/{ref.url}",
                              "20180423000000", "هجوم القلمون الشرقي (2018)", TitleMatch.MATCH),
    ))
    ref = _ref(3, "https://example.org/a|b?q=*x*&y=_z_#[frag]",
               "Pipes | *stars* _under_ `code` [link](x) <b>bold</b> & @octocat")
    r.append(_result(
        ref, Verdict.DEAD, ("HTTP 404",),
        LinkResult(LinkStatus.NOT_FOUND, 404, ref.url, attempts=1, elapsed_ms=84),
        archive=ArchiveResult(ArchiveStatus.SUGGESTED, f"{WAYBACK}/20170101000000/{ref.url}",
                              "20170101000000", ref.title, TitleMatch.MATCH),
        history=HistoryInfo(3, "2026-11-01T00:00:00Z", True),
    ))
    ref = _ref(4, "https://news.example.net/story/1", "Ceasefire agreed, 1,500 fighters leave",
               file=WIKI)
    r.append(_result(
        ref, Verdict.DEAD, ("page says it does not exist (soft 404)",),
        LinkResult(LinkStatus.SOFT_404, 200, ref.url, attempts=1, elapsed_ms=210,
                   moved_to=MovedTo("https://news.example.net/2018/ceasefire-agreed",
                                    "wayback redirect of 2019-03-02", 0.93)),
        found="Page not found", match=TitleMatch.MISMATCH, score=0.1,
        archive=ArchiveResult(ArchiveStatus.MISSING, reason="no captures"),
    ))
    ref = _ref(5, "https://blog.example.com/2018/post", "Dumayr deal",
               archive_url=f"{WAYBACK}/20180501000000/https://blog.example.com/2018/post")
    r.append(_result(
        ref, Verdict.DEAD, ("redirected to the site's home page",),
        LinkResult(LinkStatus.MOVED_HOME, 200, "https://blog.example.com/",
                   redirects=("https://blog.example.com/",), attempts=1, elapsed_ms=150),
        found="Blog home", match=TitleMatch.MISMATCH, score=0.2,
        archive=ArchiveResult(
            ArchiveStatus.BROKEN, ref.archive_url, "20180501000000",
            reason="capture is of a 404 page; a usable capture exists: "
                   f"{WAYBACK}/20180420000000/{ref.url}",
            replacement=ArchiveResult(
                ArchiveStatus.SUGGESTED, f"{WAYBACK}/20180420000000/{ref.url}",
                "20180420000000", "A post", TitleMatch.MATCH,
            ),
        ),
    ))
    ref = _ref(6, "http://qalamoun-news.example/", "Qalamoun News")
    r.append(_result(
        ref, Verdict.DEAD, ("domain is parked",),
        LinkResult(LinkStatus.PARKED, 200, ref.url, attempts=1, elapsed_ms=95),
        found="This domain is for sale!", match=TitleMatch.MISMATCH, score=0.05,
        archive=ArchiveResult(ArchiveStatus.MISMATCH, f"{WAYBACK}/20190101000000/{ref.url}",
                              "20190101000000", "Buy this domain", TitleMatch.MISMATCH),
    ))
    ref = _ref(7, "https://example.com/article?id=7", "Syrian army takes Jayrud")
    r.append(_result(
        ref, Verdict.MISMATCH, ("found title does not match the cited title",),
        LinkResult(LinkStatus.LIVE, 200, ref.url, attempts=1, elapsed_ms=77),
        found='<script>alert("x")</script> Totally different & unrelated',
        match=TitleMatch.MISMATCH, score=0.12,
        archive=ArchiveResult(ArchiveStatus.OK, f"{WAYBACK}/20180410000000/{ref.url}",
                              "20180410000000", "Syrian army takes Jayrud", TitleMatch.MATCH),
    ))
    ref = _ref(8, "https://slow.example.com/503", "Server trouble")
    r.append(_result(
        ref, Verdict.UNREACHABLE, ("HTTP 503 after 3 attempts",),
        LinkResult(LinkStatus.SERVER_ERROR, 503, ref.url, attempts=3, elapsed_ms=2100),
    ))
    ref = _ref(9, "https://stalled.example.com/", "Stalled")
    r.append(_result(
        ref, Verdict.UNREACHABLE, ("timed out after 10 s",),
        LinkResult(LinkStatus.TIMEOUT, error="read timed out", error_kind=ErrorKind.READ_TIMEOUT,
                   attempts=3, elapsed_ms=30000),
    ))
    ref = _ref(10, "https://gone.example/", "Gone host")
    r.append(_result(
        ref, Verdict.UNREACHABLE, ("could not connect",),
        LinkResult(LinkStatus.UNREACHABLE, error="connection reset by peer",
                   error_kind=ErrorKind.RESET, attempts=3, elapsed_ms=900),
        archive=ArchiveResult(ArchiveStatus.MISSING),
    ))
    ref = _ref(11, "https://paywalled.example.com/x", "Behind a wall")
    r.append(_result(
        ref, Verdict.BLOCKED, ("HTTP 403: the site refuses automated clients",),
        LinkResult(LinkStatus.BLOCKED, 403, ref.url, attempts=1, elapsed_ms=60),
    ))
    ref = _ref(12, "https://intranet.example.com/", "Internal")
    r.append(_result(
        ref, Verdict.UNREACHABLE, ("refused: resolves to a private address (10.0.0.5)",),
        LinkResult(LinkStatus.REFUSED, error="address 10.0.0.5 is private",
                   error_kind=ErrorKind.GUARD, attempts=1, elapsed_ms=3),
    ))
    # No location at all: some readers (a live wiki page) cannot give one.
    ref = Reference(id="ref-13", url="javascript:alert(1)", title="Bad scheme\nsecond line",
                    problems=("url: scheme 'javascript' is not http(s)",))
    r.append(_result(
        ref, Verdict.INVALID, ("url: scheme 'javascript' is not http(s)",),
        LinkResult(LinkStatus.INVALID),
    ))
    ref = _ref(14, "https://twitter.com/someone/status/1", None,
               skip_reason="ignored by rule 'https://twitter.com/*'")
    r.append(_result(
        ref, Verdict.SKIPPED, ("ignored by rule 'https://twitter.com/*'",),
        LinkResult(LinkStatus.SKIPPED),
    ))
    return tuple(r)


def build_sample_report(**overrides: object) -> Report:
    fields: dict[str, object] = {
        "results": sample_results(),
        "inputs": (REFS, WIKI),
        "started_at": "2026-11-25T18:00:00+00:00",
        "finished_at": "2026-11-25T18:00:42+00:00",
        "tool_version": "0.0.0-test",
        "notes": ("1 reference skipped by ignore rules",),
    }
    fields.update(overrides)
    return Report(**fields)  # type: ignore[arg-type]
