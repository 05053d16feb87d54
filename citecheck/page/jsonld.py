"""Titles and publisher names from JSON-LD (schema.org) blocks.

Real pages carry broken JSON-LD (trailing commas, HTML comments, several objects
in one block, CDATA wrappers); a block that cannot be read is skipped, never fatal.
"""

from __future__ import annotations

import json
import re
from collections import deque
from dataclasses import dataclass
from typing import Any

# Types whose headline/name is the page's own title, most specific first.
_ARTICLE_TYPES = frozenset(
    t.lower()
    for t in (
        "Article",
        "NewsArticle",
        "ReportageNewsArticle",
        "AnalysisNewsArticle",
        "OpinionNewsArticle",
        "BackgroundNewsArticle",
        "ReviewNewsArticle",
        "BlogPosting",
        "LiveBlogPosting",
        "ScholarlyArticle",
        "TechArticle",
        "Report",
        "SocialMediaPosting",
        "DiscussionForumPosting",
        "Recipe",
        "Review",
        "VideoObject",
        "AudioObject",
        "PodcastEpisode",
        "Book",
        "Movie",
        "MusicRecording",
        "MusicComposition",
        "Dataset",
        "Event",
        "Product",
        "CreativeWork",
        "Thesis",
        "Legislation",
        "HowTo",
        "QAPage",
    )
)
_PAGE_TYPES = frozenset({"webpage", "itempage", "collectionpage", "profilepage", "aboutpage"})
_SITE_TYPES = frozenset({"website", "organization", "newsmediaorganization", "corporation"})
_MAX_VISITS = 2000
_WRAPPERS = re.compile(r"^\s*(?:<!--|//\s*<!\[CDATA\[|<!\[CDATA\[)|(?:-->|//\s*\]\]>|\]\]>)\s*$")
_TRAILING_COMMA = re.compile(r",\s*([}\]])")


@dataclass(frozen=True)
class JsonLdFacts:
    headlines: tuple[str, ...]
    publisher: str | None


def _load(block: str) -> Any:
    text = _WRAPPERS.sub("", block.strip())
    # RecursionError: json gives up on arrays nested thousands deep (a hostile page).
    try:
        return json.loads(text)
    except (ValueError, RecursionError):
        pass
    try:
        return json.loads(_TRAILING_COMMA.sub(r"\1", text))
    except (ValueError, RecursionError):
        return None


def _types(node: dict[str, Any]) -> set[str]:
    value = node.get("@type")
    if isinstance(value, str):
        return {value.lower().rsplit("/", 1)[-1]}
    if isinstance(value, list):
        return {v.lower().rsplit("/", 1)[-1] for v in value if isinstance(v, str)}
    return set()


def _text(value: Any) -> str | None:
    if isinstance(value, str):
        return value
    if isinstance(value, list) and value and isinstance(value[0], str):
        return value[0]
    if isinstance(value, dict):
        inner = value.get("@value") or value.get("name")
        return inner if isinstance(inner, str) else None
    return None


def _nodes(data: Any) -> list[dict[str, Any]]:
    """Top-level objects, objects of @graph arrays, and nested mainEntity, breadth-first.

    At most _MAX_VISITS values are looked at, whatever the nesting (hostile pages).
    """
    out: list[dict[str, Any]] = []
    queue: deque[Any] = deque([data])
    visits = 0
    while queue and visits < _MAX_VISITS:
        item = queue.popleft()
        visits += 1
        if isinstance(item, list):
            queue.extend(item[:_MAX_VISITS])
        elif isinstance(item, dict):
            out.append(item)
            for key in ("@graph", "mainEntity", "mainEntityOfPage", "itemReviewed"):
                if isinstance(item.get(key), (dict, list)):
                    queue.append(item[key])
    return out


def jsonld_facts(blocks: list[str]) -> JsonLdFacts:
    """Headlines (article types first, then web pages) and the publisher's name."""
    articles: list[str] = []
    pages: list[str] = []
    publisher: str | None = None
    site: str | None = None
    for block in blocks:
        for node in _nodes(_load(block)):
            kinds = _types(node)
            if kinds & _ARTICLE_TYPES:
                title = _text(node.get("headline")) or _text(node.get("name"))
                if title:
                    articles.append(title)
                if publisher is None:
                    publisher = _text(node.get("publisher"))
            elif kinds & _PAGE_TYPES:
                title = _text(node.get("headline")) or _text(node.get("name"))
                if title:
                    pages.append(title)
            elif kinds & _SITE_TYPES and site is None:
                site = _text(node.get("name"))
    return JsonLdFacts(tuple(articles + pages), publisher or site)
