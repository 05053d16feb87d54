"""Which politeness key a URL is under: its host's, or an endpoint of the host with its own."""

from __future__ import annotations

from citecheck.net.limiter import EndpointLimits, host_key


def test_endpoint_keys_the_most_specific_prefix_wins() -> None:
    limits = EndpointLimits()
    assert limits.add("Web.Archive.org.", "/cdx/") == "web.archive.org/cdx/"
    assert limits.add("web.archive.org", "/cdx/search/") == "web.archive.org/cdx/search/"
    assert limits.add("web.archive.org", "/cdx/") == "web.archive.org/cdx/"  # once
    assert limits.key_for("https://web.archive.org/cdx/search/cdx?url=a") == (
        "web.archive.org/cdx/search/")
    assert limits.key_for("https://WEB.archive.org./cdx/x") == "web.archive.org/cdx/"
    assert limits.key_for("https://web.archive.org/web/2018/https://a/") == "web.archive.org"
    # Another host's same path is that host's.
    assert limits.key_for("https://example.org/cdx/") == "example.org"


def test_host_key_is_the_bare_lower_case_host() -> None:
    assert host_key("http://Example.ORG.:8080/x") == "example.org"
    assert host_key("http://[::1]:80/") == "::1"
    assert host_key("mailto:someone") == ""
