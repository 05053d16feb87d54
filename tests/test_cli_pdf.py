"""A cited PDF: its title comes from the document's metadata, read to the PDF byte cap."""

from __future__ import annotations

import io
import json
from pathlib import Path

from pypdf import PdfWriter
from pypdf.generic import DecodedStreamObject, NameObject

from citecheck.cli import main
from tests.conftest import fast_args, write_refs
from tests.support.simweb import SimWeb, raw_page


def make_pdf(title: str, padding: int) -> bytes:
    """A one-page PDF whose metadata (in the trailer, at the end) holds ``title``."""
    writer = PdfWriter()
    page = writer.add_blank_page(width=200, height=200)
    # Incompressible filler: the Info dictionary ends up past the first megabyte,
    # as in real reports with images.
    filler = DecodedStreamObject()
    filler.set_data(bytes(range(256)) * (padding // 256))
    page[NameObject("/Filler")] = writer._add_object(filler)
    writer.add_metadata({"/Title": title})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_pdf_title_is_read_past_the_html_byte_cap(simweb: SimWeb, tmp_path: Path) -> None:
    pdf = make_pdf("Annual report on displacement in Syria 2018", 2_500_000)
    assert len(pdf) > 2_000_000
    url = simweb.route("news.test", "/report.pdf", raw_page(pdf, "application/pdf"))
    refs = write_refs(tmp_path / "refs.json", [
        {"id": "pdf", "url": url, "title": "Annual report on displacement in Syria 2018"},
    ])
    out = tmp_path / "r.json"
    main(["check", str(refs), *fast_args(simweb), "--format", "json", "--output", str(out)])
    result = json.loads(out.read_text())["results"][0]
    assert result["link"]["status"] == "live"
    assert result["title"]["found"] == "Annual report on displacement in Syria 2018"
    assert result["title"]["source"] == "pdf"
    assert result["verdict"] == "ok"
