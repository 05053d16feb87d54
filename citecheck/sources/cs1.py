"""Citation templates: which templates cite, and what their parameters mean.

The vocabulary is data (``citecheck/data/citation_templates.toml``): the CS1/CS2
templates and their redirects, the citation templates of other language editions
with their parameter names, the archive templates and the templates that build a
URL. This module loads it once and answers questions about it; it is shared by the
wikitext reader and by ``fix``, so both agree on what a parameter means and which
spelling a template already uses.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib import resources
from types import MappingProxyType
from typing import Any


@dataclass(frozen=True)
class CitationFamily:
    """Templates of one language edition that share one set of parameter names."""

    language: str
    names: frozenset[str]  # normalised template names
    prefixes: tuple[str, ...]  # "cite ": any template whose name starts so
    params: MappingProxyType[str, tuple[str, ...]]  # field -> parameter names, preferred first

    def cites(self, name: str) -> bool:
        return name in self.names or name.startswith(self.prefixes)


@dataclass(frozen=True)
class ArchiveTemplate:
    """A template that gives the citation it follows an archived copy."""

    names: frozenset[str]
    archive_url: tuple[str, ...]  # parameters holding the archive URL itself...
    archive_date: tuple[str, ...]
    original_url: tuple[str, ...]  # ...or the original URL and a capture timestamp
    timestamp: tuple[str, ...]
    title: tuple[str, ...]
    snapshot: str | None  # "…/web/{timestamp}/{url}"

    def snapshot_url(self, url: str, timestamp: str) -> str | None:
        if self.snapshot is None or not re.fullmatch(r"\d{4,14}", timestamp):
            return None
        return self.snapshot.format(timestamp=timestamp, url=url)


@dataclass(frozen=True)
class UrlTemplate:
    """A template whose rendered text is a URL built from an id."""

    names: frozenset[str]
    id_params: tuple[str, ...]
    page_params: tuple[str, ...]
    url: str
    page_suffix: str


@cache
def _data() -> dict[str, Any]:
    data = resources.files("citecheck").joinpath("data", "citation_templates.toml")
    return tomllib.loads(data.read_text("utf-8"))


def _names(values: Iterable[str]) -> frozenset[str]:
    return frozenset(normalise_template_name(v) for v in values)


@cache
def families() -> tuple[CitationFamily, ...]:
    return tuple(
        CitationFamily(
            language=entry["language"],
            names=_names(entry.get("names", ())),
            prefixes=tuple(entry.get("prefixes", ())),
            params=MappingProxyType({k: tuple(v) for k, v in entry["params"].items()}),
        )
        for entry in _data()["family"]
    )


@cache
def archive_templates() -> tuple[ArchiveTemplate, ...]:
    return tuple(
        ArchiveTemplate(
            names=_names(entry["names"]),
            archive_url=tuple(entry.get("archive_url", ())),
            archive_date=tuple(entry.get("archive_date", ())),
            original_url=tuple(entry.get("original_url", ())),
            timestamp=tuple(entry.get("timestamp", ())),
            title=tuple(entry.get("title", ())),
            snapshot=entry.get("snapshot"),
        )
        for entry in _data()["archive"]
    )


@cache
def url_templates() -> tuple[UrlTemplate, ...]:
    return tuple(
        UrlTemplate(
            names=_names(entry["names"]),
            id_params=tuple(entry["id"]),
            page_params=tuple(entry.get("page", ())),
            url=entry["url"],
            page_suffix=entry.get("page_suffix", ""),
        )
        for entry in _data()["url_template"]
    )


@cache
def month_names() -> MappingProxyType[str, tuple[str, ...]]:
    """Month names by language (January first)."""
    return MappingProxyType({lang: tuple(names) for lang, names in _data()["months"].items()})


def normalise_template_name(name: str) -> str:
    """``Cite_Web``, `` cite  web`` and ``Template:Cite web`` are the same template."""
    cleaned = re.sub(r"<!--.*?-->", "", name, flags=re.DOTALL)
    cleaned = " ".join(cleaned.replace("_", " ").split()).lower()
    for namespace in ("template:", "vorlage:", "modèle:", "plantilla:", "قالب:"):
        if cleaned.startswith(namespace):
            cleaned = cleaned[len(namespace) :].strip()
    return cleaned


def _english() -> CitationFamily:
    return next(f for f in families() if f.language == "en")


# Templates that flag the citation they follow as dead.
DEAD_LINK_TEMPLATES: frozenset[str] = _names(_data()["annotations"]["dead_link"])
# Annotations that may stand between a citation and its {{webarchive}}.
PASSIVE_TEMPLATES: frozenset[str] = _names(_data()["annotations"]["passive"])
# Reference field -> CS1 parameters, preferred (written) spelling first.
FIELD_PARAMS: MappingProxyType[str, tuple[str, ...]] = _english().params
WEBARCHIVE_TEMPLATES: frozenset[str] = frozenset().union(*(a.names for a in archive_templates()))
# Old parameters that said "is the URL dead?" with yes/no instead of a status word.
YES_NO_STATUS_PARAMS = frozenset(_data()["status"]["yes_no_params"])
_YES = frozenset(_data()["status"]["yes"])
_NO = frozenset(_data()["status"]["no"])


def is_citation_template(name: str) -> bool:
    """Whether ``name`` is an English CS1/CS2 citation (the templates ``fix`` writes to)."""
    return _english().cites(normalise_template_name(name))


def citation_family(name: str, language: str | None = None) -> CitationFamily | None:
    """The family of citation template ``name``: English CS1 first, then the wiki's own
    language, or (``language`` unknown) every language's, merged where names collide."""
    return _family_of(normalise_template_name(name), language)


@cache
def _family_of(norm: str, language: str | None) -> CitationFamily | None:
    english = _english()
    if english.cites(norm):
        return english
    matches = [
        f for f in families()
        if f is not english and (language is None or f.language == language) and f.cites(norm)
    ]  # fmt: skip
    if len(matches) <= 1:
        return matches[0] if matches else None
    merged: dict[str, list[str]] = {}
    for family in matches:  # {{Cita web}} is Spanish and Italian: their names differ
        for fld, params in family.params.items():
            merged.setdefault(fld, []).extend(p for p in params if p not in merged.get(fld, ()))
    return CitationFamily(
        "+".join(f.language for f in matches), frozenset({norm}), (),
        MappingProxyType({k: tuple(v) for k, v in merged.items()}),
    )  # fmt: skip


def archive_template(name: str) -> ArchiveTemplate | None:
    norm = normalise_template_name(name)
    return next((a for a in archive_templates() if norm in a.names), None)


def url_template(name: str) -> UrlTemplate | None:
    norm = normalise_template_name(name)
    return next((u for u in url_templates() if norm in u.names), None)


def status_from_param(param: str, value: str) -> str | None:
    """The ``url_status`` a parameter value declares (``deadurl=yes`` means dead)."""
    word = value.strip().lower()
    if not word:
        return None
    if param.lower() in YES_NO_STATUS_PARAMS:
        if word in _YES:
            return "dead"
        if word in _NO:
            return "live"
    return word


def status_to_param(param: str, status: str) -> str:
    """How to write ``status`` into ``param`` (yes/no for the deprecated dead-url forms)."""
    if param.lower() in YES_NO_STATUS_PARAMS and status in ("dead", "live"):
        return "yes" if status == "dead" else "no"
    return status
