from __future__ import annotations

import pytest

from citecheck.errors import ConfigError
from citecheck.gating import (
    IgnoreRules,
    apply_accept_status,
    failure_kind,
    skip_reason,
    skipped_result,
)
from citecheck.models import DEFAULT_FAIL_ON, LinkStatus, Reference
from citecheck.models import Verdict as V
from tests.gating.gating_helpers import result


def _ref(url: str | None, **kw) -> Reference:
    return Reference(id="r", url=url, **kw)


RULES = IgnoreRules.parse(
    ["https://twitter.com/*", "*.example.org/private/*", r"re:[?&]sessionid="],
    {"Example.COM": [403, 429], "paywall.example.net.": [401]},
)


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://twitter.com/a/status/1", "ignored by rule 'https://twitter.com/*'"),
        ("http://twitter.com/a", None),  # the glob names the scheme
        ("https://www.example.org/private/x", "ignored by rule '*.example.org/private/*'"),
        ("http://docs.example.org/private/", "ignored by rule '*.example.org/private/*'"),
        ("https://example.org/public/x", None),
        ("https://a.example/page?x=1&sessionid=abc", r"ignored by rule 're:[?&]sessionid='"),
        ("https://a.example/page?nosessionid=abc", None),
    ],
)
def test_url_rules(url, expected):
    assert skip_reason(_ref(url), RULES) == expected


def test_reader_marker_wins_and_no_url_is_not_skipped():
    assert skip_reason(_ref("https://twitter.com/x", skip_reason="citecheck: ignore"),
                       RULES) == "citecheck: ignore"
    assert skip_reason(_ref(None), RULES) is None
    assert skip_reason(_ref("https://twitter.com/x"), IgnoreRules()) is None


def test_skipped_result_is_data_with_the_reason():
    ref = _ref("https://twitter.com/x", title="A tweet")
    reason = skip_reason(ref, RULES)
    skipped = skipped_result(ref, reason)
    assert skipped.verdict is V.SKIPPED and skipped.reasons == (reason,)
    assert skipped.link.status is LinkStatus.SKIPPED and skipped.title.cited == "A tweet"
    assert failure_kind(skipped, DEFAULT_FAIL_ON) is None


def test_accept_status_per_host_and_subdomain():
    blocked = result("b", V.BLOCKED, url="https://www.example.com/a", http_status=403)
    changed = apply_accept_status(blocked, RULES)
    assert changed.verdict is V.SKIPPED
    assert changed.reasons[0] == "HTTP 403 is accepted for www.example.com (accept-status)"
    assert changed.link == blocked.link  # the evidence is kept
    dead = result("d", V.DEAD, url="https://notexample.com/a", http_status=403)
    assert apply_accept_status(dead, RULES) is dead  # suffix match needs a dot
    other_code = result("e", V.DEAD, url="https://example.com/a", http_status=404)
    assert apply_accept_status(other_code, RULES) is other_code
    ok = result("o", V.OK, url="https://example.com/a", http_status=403)
    assert apply_accept_status(ok, RULES) is ok
    assert RULES.accepted_for("PAYWALL.example.net") == {401}


@pytest.mark.parametrize(
    ("ignore", "accept", "message"),
    [
        (["re:("], {}, r"ignore: invalid regular expression 're:\('"),
        ([" "], {}, "ignore: empty pattern"),
        ([], {"example.com": [99]}, "accept-status.example.com: 99 is not an HTTP status"),
        ([], {"example.com/x": [403]}, "accept-status: 'example.com/x' is not a host name"),
    ],
)
def test_bad_rules(ignore, accept, message):
    with pytest.raises(ConfigError, match=message):
        IgnoreRules.parse(ignore, accept)
