"""Registered domains (eTLD+1) from the Public Suffix List bundled with citecheck.

Partitioning work by registered domain keeps every host of a site (``www.bbc.co.uk``,
``news.bbc.co.uk``) in one partition, so one worker at a time talks to it and the
per-host politeness of that worker's engine holds for the whole cluster. The list is
read from ``citecheck/data/public_suffix_list.dat`` (a snapshot shipped with the
package): nothing is fetched at run time, so a partition never depends on the network.

Rules follow https://publicsuffix.org/list/ (normal, ``*.`` wildcard and ``!``
exception rules; the longest matching rule wins, an exception beats a wildcard; a name
no rule matches has the implicit rule ``*``). Both the ICANN and the private sections
are used: ``someone.github.io`` and ``other.github.io`` are separate sites.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

_DATA_PATH = ("data", "public_suffix_list.dat")  # package data of citecheck


def _to_ascii(label: str) -> str:
    """A label as DNS carries it (punycode); unchanged when the IDNA codec refuses it."""
    if label.isascii():
        return label.lower()
    try:
        return label.encode("idna").decode("ascii").lower()
    except UnicodeError:
        return label.lower()


@dataclass(frozen=True)
class SuffixRules:
    """The parsed list: rules as tuples of labels, right-most label first."""

    normal: frozenset[tuple[str, ...]]
    wildcard: frozenset[tuple[str, ...]]  # the part after "*."
    exception: frozenset[tuple[str, ...]]  # the part after "!"

    @classmethod
    def parse(cls, text: str) -> SuffixRules:
        normal: set[tuple[str, ...]] = set()
        wildcard: set[tuple[str, ...]] = set()
        exception: set[tuple[str, ...]] = set()
        for raw in text.splitlines():
            # A rule is the first whitespace-separated word of a line; "//" starts a comment.
            line = raw.strip().split(maxsplit=1)[0] if raw.strip() else ""
            if not line or line.startswith("//"):
                continue
            target = normal
            if line.startswith("!"):
                target, line = exception, line[1:]
            elif line.startswith("*."):
                target, line = wildcard, line[2:]
            labels = tuple(_to_ascii(label) for label in reversed(line.split(".")))
            target.add(labels)
        return cls(frozenset(normal), frozenset(wildcard), frozenset(exception))

    def suffix_length(self, labels: tuple[str, ...]) -> int:
        """How many right-most labels of ``labels`` (right-most first) form the public suffix."""
        best = 1  # the implicit "*" rule
        for n in range(1, len(labels) + 1):
            head = labels[:n]
            if head in self.exception:
                # "!www.ck": www.ck is registrable, so the suffix is one label shorter.
                return n - 1
            if head in self.normal:
                best = max(best, n)
            if head in self.wildcard and len(labels) > n:
                best = max(best, n + 1)
        return best


@lru_cache(maxsize=1)
def bundled_rules() -> SuffixRules:
    text = resources.files("citecheck").joinpath(*_DATA_PATH).read_text(encoding="utf-8")
    return SuffixRules.parse(text)


def registered_domain(host: str, rules: SuffixRules | None = None) -> str:
    """The registrable domain of ``host``: ``news.bbc.co.uk`` -> ``bbc.co.uk``.

    An IP address is its own domain; a host that is itself a public suffix (``co.uk``,
    a single label such as ``localhost``) is returned as it is. Always lower-case ASCII.
    """
    name = host.strip().lower().rstrip(".")
    if name.startswith("[") and name.endswith("]"):
        name = name[1:-1]
    try:
        return str(ipaddress.ip_address(name))
    except ValueError:
        pass
    labels = tuple(_to_ascii(label) for label in reversed(name.split(".")) if label)
    if not labels:
        return name
    rules = rules or bundled_rules()
    suffix = rules.suffix_length(labels)
    if suffix >= len(labels):
        return ".".join(reversed(labels))
    return ".".join(reversed(labels[: suffix + 1]))
