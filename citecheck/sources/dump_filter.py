"""Which pages of a dump to read: namespaces, title patterns, redirects, a page limit."""

from __future__ import annotations

import fnmatch
import re
import zlib
from dataclasses import dataclass

from citecheck.errors import ConfigError

REGEX_PREFIX = "re:"
ARTICLES = frozenset({0})


@dataclass(frozen=True)
class TitlePattern:
    """A glob matched against the whole title, or ``re:REGEX`` searched anywhere in it.

    Titles in dumps use spaces, so underscores in a glob (as in URLs) mean spaces.
    """

    text: str
    pattern: re.Pattern[str]

    @classmethod
    def parse(cls, text: str) -> TitlePattern:
        if text.startswith(REGEX_PREFIX):
            try:
                return cls(text, re.compile(text[len(REGEX_PREFIX):]))
            except re.error as exc:
                raise ConfigError(f"invalid title regular expression {text!r}: {exc}") from exc
        if not text.strip():
            raise ConfigError("empty title pattern")
        glob = text.strip().replace("_", " ")
        return cls(text, re.compile(fnmatch.translate(glob)))

    def matches(self, title: str) -> bool:
        if self.text.startswith(REGEX_PREFIX):
            return self.pattern.search(title) is not None
        return self.pattern.fullmatch(title) is not None


@dataclass(frozen=True)
class Shard:
    """Part ``index`` of ``count`` (from 0): the pages whose title hashes to it.

    A pure function of the title (CRC-32, stable across runs, machines and Python
    versions), so the shards of a dump are disjoint and together hold every page.
    """

    index: int
    count: int

    @classmethod
    def parse(cls, text: str) -> Shard:
        """``I/N`` with 0 <= I < N."""
        head, _, tail = text.partition("/")
        try:
            index, count = int(head), int(tail)
        except ValueError:
            raise ConfigError(f"shard: expected I/N such as 0/8, got {text!r}") from None
        if count < 1 or not 0 <= index < count:
            raise ConfigError(f"shard: {text!r} needs 0 <= I < N")
        return cls(index, count)

    def holds(self, title: str) -> bool:
        return zlib.crc32(title.encode("utf-8")) % self.count == self.index


@dataclass(frozen=True)
class DumpFilter:
    """``namespaces`` None reads every namespace; ``limit`` counts pages that pass."""

    namespaces: frozenset[int] | None = ARTICLES
    titles: tuple[TitlePattern, ...] = ()
    limit: int | None = None
    redirects: bool = False  # redirect pages hold no citations worth checking
    shard: Shard | None = None

    @classmethod
    def build(
        cls,
        *,
        namespaces: str | None = None,
        titles: tuple[str, ...] = (),
        limit: int | None = None,
        redirects: bool = False,
        shard: str | None = None,
    ) -> DumpFilter:
        """From command-line text: ``namespaces`` ``"0,14"`` or ``"all"``, ``shard`` ``"I/N"``."""
        if limit is not None and limit < 1:
            raise ConfigError("the page limit must be at least 1")
        return cls(
            namespaces=parse_namespaces(namespaces) if namespaces is not None else ARTICLES,
            titles=tuple(TitlePattern.parse(t) for t in titles),
            limit=limit,
            redirects=redirects,
            shard=Shard.parse(shard) if shard is not None else None,
        )

    @property
    def selects_titles(self) -> bool:
        """Whether titles alone rule out pages (so a multistream index can skip streams)."""
        return bool(self.titles) or self.shard is not None

    def title_wanted(self, title: str) -> bool:
        if self.shard is not None and not self.shard.holds(title):
            return False
        return not self.titles or any(p.matches(title) for p in self.titles)

    def wants(self, title: str, namespace: int, redirect: bool) -> bool:
        if redirect and not self.redirects:
            return False
        if self.namespaces is not None and namespace not in self.namespaces:
            return False
        return self.title_wanted(title)


def parse_namespaces(text: str) -> frozenset[int] | None:
    if text.strip().lower() in ("all", "*"):
        return None
    try:
        found = frozenset(int(part) for part in text.split(",") if part.strip())
    except ValueError:
        message = f"namespaces: expected numbers like 0,14 or 'all', got {text!r}"
        raise ConfigError(message) from None
    if not found:
        raise ConfigError("namespaces: none given")
    return found
