"""`citecheck check` end to end on the simulated web: every link status, verdict, exit code."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from citecheck.cli import main
from citecheck.exitcodes import ExitCode
from tests.conftest import fast_args, write_refs
from tests.support.simweb import (
    SimWeb,
    free_port,
    page,
    redirect,
    sequence,
    stall,
    status,
)

SCHEMA = json.loads(
    (Path(__file__).parents[1] / "citecheck" / "schemas" / "report.schema.json").read_text()
)


def script_scenarios(web: SimWeb) -> dict[str, tuple[dict, str, str]]:
    """id -> (reference, expected link.status, expected verdict)."""
    refused_port = free_port(web.address)
    web.route("news.test", "/", page("News Home"))
    scenarios: dict[str, tuple[dict, str, str]] = {}

    def add(ref_id: str, url: str, title: str | None, link: str, verdict: str) -> None:
        scenarios[ref_id] = ({"id": ref_id, "url": url, "title": title}, link, verdict)

    add("live", web.route("news.test", "/live", page("Rebels leave Qalamoun")),
        "Rebels leave Qalamoun", "live", "ok")
    add("no-title-cited", web.route("news.test", "/plain", page("Anything")), None, "live", "ok")
    add("not-found", web.route("news.test", "/gone", status(404)), "Gone story",
        "not-found", "dead")
    add("gone-410", web.route("news.test", "/gone410", status(410)), "Gone", "not-found", "dead")
    web.route("news.test", "/chain2", redirect("/chain3", 302))
    web.route("news.test", "/chain3", page("Chain article"))
    add("chain", web.route("news.test", "/chain", redirect("/chain2", 301)), "Chain article",
        "redirected", "ok")
    add("moved-home", web.route("news.test", "/old-story", redirect("/", 301)), "Old story",
        "moved-home", "dead")
    add("mismatch", web.route("news.test", "/reused", page("Football results for Sunday")),
        "Rebels give up all eastern Qalamoun region", "live", "mismatch")
    add("rate-limited", web.route("news.test", "/busy", sequence(
        status(429, headers=[("Retry-After", "1")]), page("Busy page"))),
        "Busy page", "live", "ok")
    add("flaky", web.route("blog.test", "/flaky", sequence(status(503), page("Flaky post"))),
        "Flaky post", "live", "ok")
    add("server-error", web.route("blog.test", "/down", status(500)), "Down",
        "server-error", "unreachable")
    add("forbidden", web.route("blog.test", "/members", status(403)), "Members",
        "blocked", "blocked")
    # A lapsed domain now promoting gambling is usurped (parked); a story about that
    # spam, cited as such, is not.
    add("usurped", web.route("blog.test", "/2018/qalamoun", page(
        "SLOT GACOR HARI INI: Link Situs Slot Online Maxwin")),
        "Syrian army takes eastern Qalamoun", "parked", "dead")
    add("gambling-story", web.route("blog.test", "/2024/spam", page(
        "Police shut 500 slot online and situs judi sites")),
        "Police shut 500 slot online and situs judi sites", "live", "ok")
    # <meta http-equiv="refresh"> at once is a redirect; a slow one is a page that reloads.
    add("refresh-home", web.route("news.test", "/stub-story", page(
        "Redirecting", head_extra='<meta http-equiv="refresh" content="0; url=/">')),
        "Stub story", "moved-home", "dead")
    web.route("news.test", "/refreshed-new", page("Refreshed article"))
    add("refresh-moved", web.route("news.test", "/refreshed-old", page(
        None, head_extra="<meta http-equiv='refresh' content=\"1;URL='/refreshed-new'\">")),
        "Refreshed article", "redirected", "ok")
    # The Refresh header, and a stub page whose only content is a redirect script.
    add("refresh-header", web.route("news.test", "/gone-post", lambda req: req.send(
        200, b"<html><body>Moved</body></html>", [("Refresh", "0; url=/")])),
        "Gone post", "moved-home", "dead")
    add("script-home", web.route("news.test", "/old-post", page(
        None, "<p>Redirecting</p><script>window.location.href = '/';</script>")),
        "Old post", "moved-home", "dead")
    add("refresh-slow", web.route("blog.test", "/live-blog", page(
        "Live blog", head_extra='<meta http-equiv="refresh" content="600; url=/">')),
        "Live blog", "live", "ok")
    # A paywall that sends a client to sign in: the story is there for subscribers.
    web.route("news.test", "/login?next=/premium-story", page("Sign in"))
    add("sign-in-wall", web.route("news.test", "/premium-story",
                                  redirect("/login?next=/premium-story", 302)),
        "Premium story", "blocked", "blocked")
    add("challenge", web.route("blog.test", "/challenge", status(
        503, "Just a moment...", headers=[("cf-mitigated", "challenge")])), "Challenge",
        "blocked", "blocked")
    # Served with 200 in place of the story: never compared with the cited title.
    add("challenge-200", web.route("blog.test", "/challenge-200", page(
        "Attention Required! | Cloudflare", "<p>Please complete the security check.</p>")),
        "Syrian army takes eastern Qalamoun", "blocked", "blocked")
    add("imperva-200", web.route("blog.test", "/imperva", page(
        None, "<p>Request unsuccessful. Incapsula incident ID: 938001080155425431-1</p>")),
        "Syrian army takes eastern Qalamoun", "blocked", "blocked")
    add("script-shell", web.route("blog.test", "/app/story/7", page(
        "React App", "<noscript>You need to enable JavaScript to run this app.</noscript>"
        "<div id='root'></div>")),
        "Syrian army takes eastern Qalamoun", "blocked", "blocked")
    add("maintenance-200", web.route("blog.test", "/2018/maintenance", page(
        "Site Maintenance", "<p>We'll be back soon!</p>")),
        "Syrian army takes eastern Qalamoun", "server-error", "unreachable")
    add("removed-200", web.route("blog.test", "/p/BfX", page(
        "Sorry, this page isn't available. • Example",
        "<p>The link you followed may be broken, or the page may have been removed.</p>")),
        "Syrian army takes eastern Qalamoun", "soft-404", "dead")
    add("stalled", web.route("slow.test", "/stall", stall(10)), "Slow", "timeout", "unreachable")
    add("refused-port", f"http://news.test:{refused_port}/x", "Nobody home",
        "unreachable", "unreachable")
    add("nxdomain", "http://no-such-host.invalid/story", "Lost", "unreachable", "dead")
    add("to-private", web.route("news.test", "/leak", redirect(f"http://127.0.0.1:{web.http_port}/")),
        "Leak", "refused", "dead")
    add("to-javascript", web.route("news.test", "/js", redirect("javascript:alert(1)")), "JS",
        "refused", "dead")
    add("literal-private", "http://10.0.0.1/admin", "Admin", "invalid", "invalid")
    add("ftp", "ftp://news.test/file.txt", "File", "invalid", "invalid")
    add("no-url", None, "Unknown URL", "invalid", "invalid")  # type: ignore[arg-type]
    web.route("news.test", "/secure", page("Secure story"))
    add("https", web.url("news.test", "/secure", https=True), "Secure story", "live", "ok")
    # A site that answers 200 with the same "not available" page for anything.
    web.route("shop.test", "*", page("Shop - this product is not available"))
    add("soft-404", web.url("shop.test", "/product/123"), "Blue kettle 1.7 litres",
        "soft-404", "dead")
    return scenarios


def run_cli(args: list[str]) -> int:
    return main(args)


def test_every_link_status_and_verdict(simweb: SimWeb, ca_path: Path, tmp_path: Path) -> None:
    scenarios = script_scenarios(simweb)
    refs = write_refs(tmp_path / "refs.json", [s[0] for s in scenarios.values()])
    out = tmp_path / "report.json"
    code = run_cli(["check", str(refs), *fast_args(simweb, ca_path),
                    "--format", "json", "--output", str(out)])
    report = json.loads(out.read_text())
    jsonschema.validate(report, SCHEMA)
    got = {r["id"]: (r["link"]["status"], r["verdict"]) for r in report["results"]}
    expected = {key: (link, verdict) for key, (_, link, verdict) in scenarios.items()}
    assert got == expected
    assert code == ExitCode.FAILED
    by_id = {r["id"]: r for r in report["results"]}
    assert by_id["chain"]["link"]["redirects"] == [
        simweb.url("news.test", "/chain2"), simweb.url("news.test", "/chain3")]
    assert by_id["rate-limited"]["link"]["attempts"] == 2
    assert by_id["not-found"]["reasons"][0] == "HTTP 404"
    assert by_id["mismatch"]["title"]["found"] == "Football results for Sunday"
    assert by_id["mismatch"]["title"]["match"] == "mismatch"
    assert by_id["live"]["title"]["match"] == "match"
    assert by_id["no-url"]["reasons"] == ["no URL cited"]
    assert "DNS name does not exist" in by_id["nxdomain"]["reasons"][0]
    assert report["summary"]["total"] == len(scenarios)
    assert report["summary"]["failed"] == sum(
        1 for _, _, v in scenarios.values() if v in ("dead", "mismatch", "invalid"))
    # The guard refused before connecting: the loopback target saw nothing.
    assert not simweb.requests_to("127.0.0.1")


def test_exit_zero_when_nothing_fails(simweb: SimWeb, tmp_path: Path) -> None:
    url = simweb.route("news.test", "/fine", page("Fine"))
    refs = write_refs(tmp_path / "refs.json", [{"url": url, "title": "Fine"}])
    assert run_cli(["check", str(refs), *fast_args(simweb), "--format", "json",
                    "--output", str(tmp_path / "r.json")]) == ExitCode.OK


def test_fail_on_narrows_the_gate(simweb: SimWeb, tmp_path: Path) -> None:
    url = simweb.route("news.test", "/gone", status(404))
    refs = write_refs(tmp_path / "refs.json", [{"url": url}])
    base = ["check", str(refs), *fast_args(simweb), "--format", "json",
            "--output", str(tmp_path / "r.json")]
    assert run_cli(base) == ExitCode.FAILED
    assert run_cli([*base, "--fail-on", "mismatch"]) == ExitCode.OK


def test_offline_machine_judges_nothing_dead(simweb: SimWeb, tmp_path: Path, capsys) -> None:
    refs = write_refs(tmp_path / "refs.json", [
        {"url": "http://gone-one.invalid/a", "title": "A"},
        {"url": "https://gone-two.invalid/b", "title": "B"},
    ])
    out = tmp_path / "r.json"
    dead_canary = f"http://canary.test:{free_port(simweb.address)}/"
    code = run_cli(["check", str(refs), *simweb.resolve_args(), "--no-archive", "--quiet",
                    "--retries", "0", "--canary", dead_canary,
                    "--format", "json", "--output", str(out)])
    assert code == ExitCode.OFFLINE
    report = json.loads(out.read_text())
    assert {r["verdict"] for r in report["results"]} == {"unreachable"}
    assert any("could not reach the network" in n for n in report["notes"])


def test_table_goes_to_stdout_and_json_to_a_file(simweb: SimWeb, tmp_path: Path, capsys) -> None:
    url = simweb.route("news.test", "/gone", status(404))
    refs = write_refs(tmp_path / "refs.json", [{"id": "the-ref", "url": url, "title": "X"}])
    out = tmp_path / "r.json"
    code = run_cli(["check", str(refs), *fast_args(simweb), "--format", "table,json",
                    "--output", "-", "--output", str(out)])
    assert code == ExitCode.FAILED
    stdout = capsys.readouterr().out
    assert "the-ref" in stdout and "dead" in stdout and "HTTP 404" in stdout
    assert json.loads(out.read_text())["results"][0]["verdict"] == "dead"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('{"references": [', "not valid JSON"),
        ('"just a string"', "expected an object or an array"),
        ('{"refs": []}', '"references" array'),
        # json's decoder recurses per level: deeper than the interpreter allows.
        ('{"references": ' + "[" * 100_000 + "]" * 100_000 + "}", "nested too deeply"),
        ('[{"url": "http://a.test/", "title": ' + "[" * 50_000 + "]" * 50_000 + "}]",
         "nested too deeply"),
    ],
)
def test_unreadable_input_is_exit_2_with_a_clear_message(
    tmp_path: Path, capsys, content: str, message: str
) -> None:
    path = tmp_path / "bad.json"
    path.write_text(content)
    assert run_cli(["check", str(path), "--no-archive", "--quiet"]) == ExitCode.USAGE
    err = capsys.readouterr().err
    assert message in err and str(path) in err and "Traceback" not in err


@pytest.mark.parametrize("encoding", ["utf-16", "utf-32"])
def test_a_utf16_or_utf32_file_is_named_as_such(tmp_path: Path, capsys, encoding: str) -> None:
    path = tmp_path / "refs.json"
    path.write_bytes('{"references": [{"url": "https://a.test/"}]}'.encode(encoding))
    assert run_cli(["check", str(path), "--no-archive", "--quiet"]) == ExitCode.USAGE
    err = capsys.readouterr().err
    assert f"is {encoding.upper()} text" in err and "save it as UTF-8" in err


def test_missing_input_file_is_exit_2(tmp_path: Path, capsys) -> None:
    assert run_cli(["check", str(tmp_path / "nope.json")]) == ExitCode.USAGE
    assert "no such file" in capsys.readouterr().err


def test_unwritable_output_fails_before_checking(simweb: SimWeb, tmp_path: Path, capsys) -> None:
    url = simweb.route("news.test", "/x", page("X"))
    refs = write_refs(tmp_path / "refs.json", [{"url": url}])
    code = run_cli(["check", str(refs), *fast_args(simweb), "--format", "json",
                    "--output", str(tmp_path / "missing-dir" / "r.json")])
    assert code == ExitCode.USAGE
    assert "does not exist" in capsys.readouterr().err
    assert not simweb.requests_to("news.test")


def test_one_bad_entry_among_good_ones(simweb: SimWeb, tmp_path: Path) -> None:
    url = simweb.route("news.test", "/ok", page("Good"))
    refs = write_refs(tmp_path / "refs.json", [
        {"id": "good", "url": url, "title": "Good"},
        {"id": "bad-title", "url": url, "title": 42},
        {"id": "bad-status", "url": url, "url_status": "maybe"},
        "not a URL",  # a string entry is a bare URL (lists of URLs are accepted)
        42,
    ])
    out = tmp_path / "r.json"
    assert run_cli(["check", str(refs), *fast_args(simweb), "--format", "json",
                    "--output", str(out)]) == ExitCode.FAILED
    results = {r["id"]: r for r in json.loads(out.read_text())["results"]}
    assert results["good"]["verdict"] == "ok"
    assert results["bad-title"]["verdict"] == "invalid"
    assert "'title'" in results["bad-title"]["reasons"][0]
    assert "'url_status'" in results["bad-status"]["reasons"][0]
    assert results["ref-4"]["reasons"] == ['field \'url\': "not a URL" is not an http(s) URL']
    assert results["ref-5"]["reasons"] == ["entry is a JSON int, not an object"]
    assert results["good"]["location"]["line"] == 3
    # Two references cite one URL: it is fetched once.
    assert len(simweb.requests_to("news.test", "/ok")) == 1


def test_user_agent_is_honest(simweb: SimWeb, tmp_path: Path) -> None:
    url = simweb.route("news.test", "/ua", page("UA"))
    refs = write_refs(tmp_path / "refs.json", [{"url": url}])
    run_cli(["check", str(refs), *fast_args(simweb), "--format", "json",
             "--output", str(tmp_path / "r.json")])
    agent = simweb.requests_to("news.test", "/ua")[0].user_agent or ""
    assert agent.startswith("citecheck/") and "http" in agent


def test_soft_404_probe_only_where_the_page_does_not_prove_itself(
    simweb: SimWeb, tmp_path: Path
) -> None:
    """A page titled like its cited headline is that article: no request for a URL
    that cannot exist is sent to its site. A page that does not match still gets its
    site probed, and a site's error template is still caught."""
    simweb.route("news.test", "/story", page("Rebels leave eastern Qalamoun"))
    simweb.route("blog.test", "*", page("Blog - this post is not available"))
    refs = write_refs(tmp_path / "refs.json", [
        {"id": "proves", "url": simweb.url("news.test", "/story"),
         "title": "Rebels leave eastern Qalamoun"},
        {"id": "template", "url": simweb.url("blog.test", "/2018/convoy"),
         "title": "Convoy reaches Idlib"},
    ])
    out = tmp_path / "r.json"
    # No search for where the dead page moved: only the link check's requests count here.
    run_cli(["check", str(refs), *fast_args(simweb), "--no-find-moved", "--format", "json",
             "--output", str(out)])
    results = {r["id"]: r for r in json.loads(out.read_text())["results"]}
    assert results["proves"]["verdict"] == "ok"
    assert [r.path for r in simweb.requests_to("news.test")] == ["/story"]
    assert results["template"]["link"]["status"] == "soft-404"
    assert len(simweb.requests_to("blog.test")) == 2  # the page and the probe


def test_verbose_logs_every_request(simweb: SimWeb, tmp_path: Path, capsys) -> None:
    url = simweb.route("news.test", "/v", page("Verbose"))
    refs = write_refs(tmp_path / "refs.json", [{"url": url, "title": "Verbose"}])
    main(["check", str(refs), *fast_args(simweb), "--verbose", "--format", "json",
          "--output", str(tmp_path / "r.json")])
    err = capsys.readouterr().err
    assert f"GET {url} -> 200" in err
    # The soft-404 probe is a request too, and is shown.
    assert "citecheck-" in err


def test_check_loads_only_its_own_command(tmp_path: Path) -> None:
    """The audit, history store and other commands' code is not imported by `check`
    (start-up time of every run); the other commands are still listed and run."""
    # A loopback URL: refused by the address guard, so the run needs no network.
    refs = write_refs(
        tmp_path / "refs.json", [{"id": "a", "url": "http://127.0.0.1:9/x", "title": "A"}]
    )
    script = (
        "import sys\n"
        "from citecheck.cli import main\n"
        f"code = main(['check', {str(refs)!r}, '--no-archive', '--quiet', '--format', 'json',"
        f" '--output', {str(tmp_path / 'r.json')!r}, '--fail-on', 'none',"
        " '--canary', 'http://127.0.0.1:9/'])\n"
        "assert code == 0, code\n"
        "from citecheck.cli.app import COMMANDS\n"
        "commands = {c.module for c in COMMANDS.values()}\n"
        "print(sorted(m for m in sys.modules if m.startswith(('citecheck.audit',"
        " 'citecheck.store')) or m in commands))\n"
        # Nor the parsers of input formats it was not given.
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('mwparserfromhell',"
        " 'bibtexparser', 'markdown_it') or m.startswith('citecheck.sources.')))\n"
    )
    ran = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                         check=True, cwd=tmp_path)
    commands, sources = ran.stdout.strip().splitlines()
    assert commands == "['citecheck.cli.check']"
    loaded = set(ast.literal_eval(sources))
    assert "citecheck.sources.json_refs" in loaded
    assert not loaded & {"mwparserfromhell", "bibtexparser", "markdown_it",
                         "citecheck.sources.wikitext", "citecheck.sources.bibtex"}
    report = json.loads((tmp_path / "r.json").read_text())
    assert report["results"][0]["verdict"] == "invalid"


def test_help_lists_every_command_and_each_one_parses(capsys) -> None:
    from citecheck.cli.app import COMMANDS

    with pytest.raises(SystemExit) as exited:
        main(["--help"])
    assert exited.value.code == 0
    listed = capsys.readouterr().out
    for name, command in COMMANDS.items():
        assert name in listed and command.summary.split()[0] in listed
        with pytest.raises(SystemExit) as exited:
            main([name, "--help"])
        assert exited.value.code == 0
        assert f"usage: citecheck {name}" in capsys.readouterr().out


def test_an_unknown_command_is_a_usage_error(capsys) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["chekc", "refs.json"])
    assert exited.value.code == 2
    assert "invalid choice: 'chekc'" in capsys.readouterr().err


def test_pins_from_the_config_file(simweb: SimWeb, tmp_path: Path) -> None:
    """Many hosts pinned in citecheck.toml instead of one --resolve flag each."""
    url = simweb.route("news.test", "/fine", page("Fine"))
    flags = fast_args(simweb)
    pins = [flags[i + 1] for i, flag in enumerate(flags) if flag == "--resolve"]
    without_pins = [f for i, f in enumerate(flags)
                    if f != "--resolve" and (i == 0 or flags[i - 1] != "--resolve")]
    config = tmp_path / "citecheck.toml"
    config.write_text(f"resolve = {json.dumps(pins)}\n", encoding="utf-8")
    refs = write_refs(tmp_path / "refs.json", [{"url": url, "title": "Fine"}])
    out = tmp_path / "r.json"
    argv = ["check", str(refs), *without_pins, "--format", "json", "--output", str(out)]
    assert run_cli([*argv, "--config", str(config)]) == ExitCode.OK
    assert json.loads(out.read_text())["results"][0]["link"]["status"] == "live"
    assert len(simweb.requests_to("news.test", "/fine")) == 1


def test_a_meta_refresh_loop_ends(simweb: SimWeb, tmp_path: Path) -> None:
    """Two pages that refresh to each other at once: each is fetched once, and the
    reference is judged on what the last one says."""
    simweb.route("news.test", "/loop-a", page(
        "Loop", head_extra='<meta http-equiv="refresh" content="0; url=/loop-b">'))
    simweb.route("news.test", "/loop-b", page(
        "Loop", head_extra='<meta http-equiv="refresh" content="0; url=/loop-a">'))
    refs = write_refs(tmp_path / "refs.json",
                      [{"url": simweb.url("news.test", "/loop-a"), "title": "Loop"}])
    out = tmp_path / "r.json"
    run_cli(["check", str(refs), *fast_args(simweb), "--no-probe", "--format", "json",
             "--output", str(out)])
    link = json.loads(out.read_text())["results"][0]["link"]
    assert link["status"] == "redirected" and link["redirects"] == [
        simweb.url("news.test", "/loop-b")]
    assert len(simweb.requests_to("news.test", "/loop-a")) == 1
    assert len(simweb.requests_to("news.test", "/loop-b")) == 1
