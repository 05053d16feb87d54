"""Ignore rules from the config: URL patterns to skip and statuses accepted per host.

``ignore`` entries are globs matched against the whole URL (``https://twitter.com/*``), or
against the URL without its scheme when the pattern has none (``*.example.com/*``), or
regular expressions when prefixed with ``re:`` (searched anywhere in the URL).
``accept-status`` maps a host (and its subdomains) to HTTP statuses that are normal for
it, e.g. ``"example.com" = [403]`` for a site that always answers 403 to bots.
"""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from urllib.parse import urlsplit

from citecheck.errors import ConfigError
from citecheck.models import LinkResult, LinkStatus, Reference, Result, TitleResult, Verdict

REGEX_PREFIX = "re:"


@dataclass(frozen=True)
class UrlRule:
    text: str
    pattern: re.Pattern[str]
    # Globs without a scheme are matched against the URL without its scheme.
    schemeless: bool

    def matches(self, url: str) -> bool:
        if self.schemeless:
            url = url.split("://", 1)[-1]
            return self.pattern.fullmatch(url) is not None
        if self.text.startswith(REGEX_PREFIX):
            return self.pattern.search(url) is not None
        return self.pattern.fullmatch(url) is not None


def compile_rule(text: str, key: str = "ignore") -> UrlRule:
    if text.startswith(REGEX_PREFIX):
        try:
            return UrlRule(text, re.compile(text[len(REGEX_PREFIX):]), schemeless=False)
        except re.error as exc:
            raise ConfigError(f"{key}: invalid regular expression {text!r}: {exc}") from exc
    if not text.strip():
        raise ConfigError(f"{key}: empty pattern")
    return UrlRule(text, re.compile(fnmatch.translate(text)), schemeless="://" not in text)


def _normalise_host(host: str) -> str:
    return host.strip().lower().rstrip(".")


@dataclass(frozen=True)
class IgnoreRules:
    url_rules: tuple[UrlRule, ...] = ()
    # (host, accepted statuses), hosts lower-cased; a host also covers its subdomains.
    accept_status: tuple[tuple[str, frozenset[int]], ...] = ()

    @classmethod
    def parse(
        cls,
        ignore: Iterable[str] = (),
        accept_status: Mapping[str, Iterable[int]] | None = None,
    ) -> IgnoreRules:
        """Build rules from config values, raising ConfigError that names the bad entry."""
        rules = tuple(compile_rule(text) for text in ignore)
        accepted = []
        for host, codes in (accept_status or {}).items():
            name = _normalise_host(host)
            if not name or "/" in name:
                raise ConfigError(f"accept-status: {host!r} is not a host name")
            statuses = frozenset(codes)
            bad = sorted(c for c in statuses if not 100 <= c <= 599)
            if bad:
                raise ConfigError(f"accept-status.{host}: {bad[0]} is not an HTTP status")
            accepted.append((name, statuses))
        return cls(rules, tuple(sorted(accepted)))

    def accepted_for(self, host: str) -> frozenset[int]:
        host = _normalise_host(host)
        found: set[int] = set()
        for name, codes in self.accept_status:
            if host == name or host.endswith("." + name):
                found |= codes
        return frozenset(found)


def skip_reason(reference: Reference, rules: IgnoreRules) -> str | None:
    """Why ``reference`` must not be checked, or None: its own marker, else a matching rule."""
    if reference.skip_reason:
        return reference.skip_reason
    if not reference.url:
        return None
    for rule in rules.url_rules:
        if rule.matches(reference.url):
            return f"ignored by rule {rule.text!r}"
    return None


def skipped_result(reference: Reference, reason: str) -> Result:
    """The result of a reference that is not checked at all: data with a reason."""
    return Result(
        reference=reference,
        verdict=Verdict.SKIPPED,
        reasons=(reason,),
        link=LinkResult(LinkStatus.SKIPPED),
        title=TitleResult(cited=reference.title),
    )


def _host(url: str | None) -> str | None:
    if not url:
        return None
    try:
        return urlsplit(url).hostname
    except ValueError:
        return None


def accepted_status_reason(result: Result, rules: IgnoreRules) -> str | None:
    """Why ``result``'s HTTP status is normal for its host per ``accept-status``, or None."""
    status = result.link.http_status
    if status is None or result.verdict is Verdict.OK:
        return None
    for url in (result.url, result.link.final_url):
        host = _host(url)
        if host and status in rules.accepted_for(host):
            return f"HTTP {status} is accepted for {host} (accept-status)"
    return None


def apply_accept_status(result: Result, rules: IgnoreRules) -> Result:
    """Turn a result whose status is accepted for its host into ``skipped``, keeping evidence.

    ``skipped``, not ``ok``: citecheck did not see the page, it was told not to judge it.
    """
    reason = accepted_status_reason(result, rules)
    if reason is None:
        return result
    return replace(result, verdict=Verdict.SKIPPED, reasons=(reason, *result.reasons))
