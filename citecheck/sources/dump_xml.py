"""Pages of a MediaWiki XML export, one at a time, in bounded memory.

``lxml.etree.iterparse`` builds the tree as it reads; each ``<page>`` is turned into a
``DumpPage`` when its end tag arrives and is then cleared and detached from the root,
so the tree never holds more than the page being read (plus the small ``<siteinfo>``).
The export namespace changes with the schema version (export-0.10, 0.11...), so tags
are matched by local name. Entities are not resolved and nothing is fetched: a dump
is data, and a hostile one must not make citecheck read files or the network.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, BinaryIO

from citecheck.errors import InputError

if TYPE_CHECKING:
    # Imported where a dump is read: a run without dumps never loads lxml for them
    # (the parent of worker processes only reads inputs and writes the report).
    from lxml import etree


@dataclass(frozen=True)
class DumpPage:
    title: str
    namespace: int
    page_id: int | None
    revision_id: int | None
    text: str
    redirect: str | None  # the target title when the page is a redirect

    @property
    def context(self) -> str:
        """"Title@revid": which article (and which revision of it) a reference is from."""
        return f"{self.title}@{self.revision_id}" if self.revision_id is not None else self.title


def _local(tag: object) -> str:
    """An element's name without its namespace: lxml writes tags as ``{uri}name``
    (comments and processing instructions have no string tag). Worked out from the
    string, not with etree.QName: this runs for every element of a dump, and importing
    lxml here on each call (it is imported lazily) was the costlier part."""
    return tag.rpartition("}")[2] if isinstance(tag, str) else ""


def _child(element: etree._Element, name: str) -> etree._Element | None:
    for child in element:
        if _local(child.tag) == name:
            return child
    return None


def _int(element: etree._Element | None) -> int | None:
    if element is None or element.text is None:
        return None
    try:
        return int(element.text.strip())
    except ValueError:
        return None


def page_from_element(element: etree._Element) -> DumpPage:
    title_el = _child(element, "title")
    title = (title_el.text or "").strip() if title_el is not None else ""
    namespace = _int(_child(element, "ns"))
    redirect_el = _child(element, "redirect")
    # A full-history export has many revisions; the last one is the current text.
    revisions = [child for child in element if _local(child.tag) == "revision"]
    revision = revisions[-1] if revisions else None
    text_el = _child(revision, "text") if revision is not None else None
    return DumpPage(
        title=title,
        namespace=namespace if namespace is not None else 0,
        page_id=_int(_child(element, "id")),
        revision_id=_int(_child(revision, "id")) if revision is not None else None,
        text=(text_el.text or "") if text_el is not None else "",
        redirect=redirect_el.get("title") if redirect_el is not None else None,
    )


def iter_pages(stream: BinaryIO, *, name: str) -> Iterator[DumpPage]:
    """Every ``<page>`` of the export read from ``stream``, in document order."""
    from lxml import etree

    parser = etree.iterparse(
        stream,
        events=("end",),
        tag="{*}page",
        huge_tree=True,  # an article's text may exceed libxml2's 10 MB default node limit
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        remove_comments=True,
    )
    try:
        for _, element in parser:
            page = page_from_element(element)
            # Free what was read: the page's subtree, and the emptied pages before it.
            element.clear(keep_tail=False)
            parent = element.getparent()
            if parent is not None:
                while element.getprevious() is not None:
                    del parent[0]
            yield page
    except etree.XMLSyntaxError as exc:
        raise InputError(f"not a readable MediaWiki XML dump: {exc}", file=name) from exc
    except (OSError, EOFError) as exc:  # bz2: damaged or cut-off compressed data
        raise InputError(f"compressed dump is damaged or truncated: {exc}", file=name) from exc
