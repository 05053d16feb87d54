"""Citation Style 1/2 vocabulary: which templates cite, and the parameter aliases.

Shared by the wikitext reader and by ``fix``, so both agree on what a parameter
means and which spelling a template already uses.
"""

from __future__ import annotations

import re

# Citation templates that are not of the form "cite <something>".
_OTHER_CITATION_TEMPLATES = frozenset({"citation", "vcite web", "vcite news", "vcite journal"})
# Templates that annotate the citation they follow (inside the same <ref> or line).
WEBARCHIVE_TEMPLATES = frozenset({"webarchive", "web archive", "wayback", "webcite"})
DEAD_LINK_TEMPLATES = frozenset({"dead link", "deadlink", "dead-link", "404", "broken link"})
# Annotations that may stand between a citation and its {{webarchive}}.
PASSIVE_TEMPLATES = frozenset({
    "cbignore", "bot ignore", "subscription required", "registration required",
    "self-published source", "better source needed", "failed verification",
    "verification needed", "page needed", "rp",
})  # fmt: skip

# Reference field -> template parameters, preferred (written) spelling first.
FIELD_PARAMS: dict[str, tuple[str, ...]] = {
    "url": ("url", "URL"),
    "title": ("title",),
    "script_title": ("script-title", "script_title"),
    "trans_title": ("trans-title", "trans_title"),
    "website": ("website",),
    "work": ("work", "newspaper", "journal", "magazine", "periodical", "encyclopedia"),
    "publisher": ("publisher", "agency"),
    "date": ("date", "year"),
    "access_date": ("access-date", "accessdate", "access_date"),
    "archive_url": ("archive-url", "archiveurl", "archive_url"),
    "archive_date": ("archive-date", "archivedate", "archive_date"),
    "url_status": ("url-status", "url_status", "deadurl", "dead-url", "dead_url"),
    "language": ("language", "lang"),
}
# Old parameters that said "is the URL dead?" with yes/no instead of a status word.
YES_NO_STATUS_PARAMS = frozenset({"deadurl", "dead-url", "dead_url"})


def normalise_template_name(name: str) -> str:
    """``Cite_Web``, `` cite  web`` and ``Template:Cite web`` are the same template."""
    cleaned = re.sub(r"<!--.*?-->", "", name, flags=re.DOTALL)
    cleaned = " ".join(cleaned.replace("_", " ").split()).lower()
    if cleaned.startswith("template:"):
        cleaned = cleaned[len("template:") :].strip()
    return cleaned


def is_citation_template(name: str) -> bool:
    norm = normalise_template_name(name)
    return norm.startswith("cite ") or norm in _OTHER_CITATION_TEMPLATES


def status_from_param(param: str, value: str) -> str | None:
    """The ``url_status`` a parameter value declares (``deadurl=yes`` means dead)."""
    word = value.strip().lower()
    if not word:
        return None
    if param.lower() in YES_NO_STATUS_PARAMS:
        if word in ("yes", "y", "true"):
            return "dead"
        if word in ("no", "n", "false"):
            return "live"
    return word


def status_to_param(param: str, status: str) -> str:
    """How to write ``status`` into ``param`` (yes/no for the deprecated dead-url forms)."""
    if param.lower() in YES_NO_STATUS_PARAMS and status in ("dead", "live"):
        return "yes" if status == "dead" else "no"
    return status
