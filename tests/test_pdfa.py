"""Every PDF of the real site is a PDF/A-2b, read back with pypdf: the XMP
identifies it (part 2, conformance B) with its title and dates, the
catalog has an sRGB output intent, and every font is embedded."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from pypdf import PdfReader
from pypdf.generic import DictionaryObject

from dmreport.outputs.documents import pdf_documents
from dmreport.outputs.latex import FrontInfo, front, xmpdata

MONTH = "2020-01"
EMBEDDED = ("/FontFile", "/FontFile2", "/FontFile3")


def xmp(reader: PdfReader) -> str:
    return reader.trailer["/Root"]["/Metadata"].get_object().get_data().decode()


def xmp_value(text: str, name: str) -> str:
    """The text of an XMP property, the first item of a list."""
    found = re.search(rf"<{name}>(.*?)</{name}>", text, re.S)
    if found is None:
        found = re.search(rf'{name}="([^"]*)"', text)
        return found[1] if found else ""
    items = re.findall(r"<rdf:li[^>]*>([^<]*)</rdf:li>", found[1])
    return items[0] if items else found[1].strip()


def fonts(resources: object, seen: set[int]) -> list[tuple[str, bool]]:
    """(name, embedded) of each font a page's resources use, forms included."""
    if resources is None:
        return []
    found = []
    res = resources.get_object()  # type: ignore[attr-defined]
    for font in (res.get("/Font") or {}).values():
        font = font.get_object()
        if id(font) in seen:
            continue
        seen.add(id(font))
        descriptor = font.get("/FontDescriptor")
        if font.get("/Subtype") == "/Type0":
            descriptor = font["/DescendantFonts"][0].get_object().get("/FontDescriptor")
        descriptor = descriptor.get_object() if descriptor is not None else DictionaryObject()
        found.append((str(font.get("/BaseFont")), any(key in descriptor for key in EMBEDDED)))
    for xobject in (res.get("/XObject") or {}).values():
        xobject = xobject.get_object()
        if xobject.get("/Subtype") == "/Form":
            found += fonts(xobject.get("/Resources"), seen)
    return found


@pytest.fixture(scope="module", params=["month", "volume"])
def document(request: pytest.FixtureRequest, site: Path) -> tuple[str, PdfReader]:
    if request.param == "month":
        return MONTH, PdfReader(site / "reports" / MONTH / f"dmreport-{MONTH}.pdf")
    return MONTH[:4], PdfReader(site / "reports" / f"dmreport-{MONTH[:4]}.pdf")


def test_xmp_identifies_pdfa_2b_with_title_and_dates(document: tuple[str, PdfReader]) -> None:
    name, reader = document
    text = xmp(reader)
    assert xmp_value(text, "pdfaid:part") == "2"
    assert xmp_value(text, "pdfaid:conformance") == "B"
    title = xmp_value(text, "dc:title")
    assert title == reader.metadata["/Title"]
    assert title.startswith("Data Management Monthly Report")
    assert xmp_value(text, "dc:date") == "2020-01-31"  # the date of issue
    created = reader.metadata["/CreationDate"]  # D:YYYYMMDDHHmmSS, the source commit's
    stamp = xmp_value(text, "xmp:CreateDate")
    assert stamp.replace("-", "").replace("T", "").replace(":", "")[:14] == created[2:16]
    assert xmp_value(text, "xmp:Identifier") == f"dmreport-{name}"
    assert "1.02C.03" in re.sub(r"\s+", " ", text)  # the keywords, in dc:subject


def test_srgb_output_intent(document: tuple[str, PdfReader]) -> None:
    _, reader = document
    intents = reader.trailer["/Root"]["/OutputIntents"]
    intent = intents[0].get_object()
    assert intent["/S"] == "/GTS_PDFA1"
    assert "sRGB" in intent["/OutputConditionIdentifier"] + intent.get("/Info", "")
    profile = intent["/DestOutputProfile"].get_object()
    assert profile["/N"] == 3
    assert b"sRGB" in profile.get_data()[:1000]


def test_every_font_embedded(document: tuple[str, PdfReader]) -> None:
    _, reader = document
    seen: set[int] = set()
    used = [font for page in reader.pages for font in fonts(page.get("/Resources"), seen)]
    assert len(used) >= 5  # the text's faces and the charts'
    assert [name for name, embedded in used if not embedded] == []


def test_cover_facts_and_import_on_the_title_page(project: Path, repo: Path) -> None:
    """What the original's cover says (the importer's front matter) is on the
    title page; the handle identifies the PDF; the issue names the original."""
    shutil.copytree(repo / "reports" / MONTH, project / "reports" / MONTH)
    index = project / "reports" / MONTH / "index.md"
    cover = (
        "issued: 2020-01-31\nprepared_by: W. O'Mullane for the DM team\n"
        "reporting_period: 2020-01-01 to 2020-01-31\nhandle: DMTN-999\n"
        "completeness: partial\noriginal: https://docushare.lsst.org/docushare/dsweb/Get/X-1\n"
    )
    index.write_text(index.read_text().replace("issued: 2020-01-31\n", cover))
    document = next(d for d in pdf_documents(project) if d.name == MONTH)
    page = front(document, FrontInfo(("2020-01",))).replace("\\sphinxhyphen{}", "-")
    for line in (
        "Prepared by: W. O'Mullane for the DM team",
        "Reporting period: 2020-01-01 to 2020-01-31",
        "Document handle: DMTN-999",
        "Completeness: partial",
    ):
        assert line in page, line
    (issue,) = document.changes
    assert issue.description == (
        "Issued 2020-01-31; imported from the archived report "
        "(https://docushare.lsst.org/docushare/dsweb/Get/X-1)"
    )
    assert "\\Identifier{DMTN-999}" in xmpdata(document, FrontInfo(("2020-01",)))
