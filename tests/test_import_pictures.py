"""Pictures of an imported report: read from a DOCX (inline, floating, VML,
in a table, under Word's compatibility wrapper) and from a PDF (raster and
drawn figures), written into the month's ``_images/`` named by content,
placed as figures where they stood with their captions, and counted."""

from __future__ import annotations

import copy
import hashlib
import io
import re
from pathlib import Path

import pytest
from docx import Document
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Inches
from PIL import Image

from dmreport.checks import check_paths
from dmreport.checks.gate import image_kind
from dmreport.core.errors import DmreportError
from dmreport.importer import import_month
from dmreport.importer.blocks import Reading
from dmreport.importer.readers.docx import read_docx
from dmreport.importer.readers.pdf import read_pdf
from dmreport.importer.report import table

MC = 'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"'
VML = 'xmlns:v="urn:schemas-microsoft-com:vml"'
FIGURE = re.compile(
    r"^:::\{figure\} (?P<path>\S+)\n:name: (?P<name>\S+)\n"
    r"(?::alt: (?P<alt>.*)\n)?(?P<body>.*?)^:::$",
    re.S | re.M,
)


def picture_bytes(fmt: str, colour: tuple[int, int, int] = (200, 30, 30), size: int = 64) -> bytes:
    image = Image.new("RGB", (size, size), colour)
    image.paste((10, 10, 240), (8, 8, size // 2, size // 2))
    out = io.BytesIO()
    image.save(out, fmt)
    return out.getvalue()


def title(document) -> None:
    document.add_heading("Data Management Monthly Report", 0)
    document.add_paragraph("March 2018")
    document.add_heading("1.02C.04 Data Release Production", 1)
    document.add_heading("Current accomplishments", 2)


def pictures(reading: Reading) -> list[tuple[str, str, str]]:
    """(format, caption, alt) of each picture block, in order."""
    return [
        (image_kind(b.picture.data) or "?", b.text, b.picture.alt)
        for b in reading.blocks
        if b.kind == "picture" and b.picture is not None
    ]


def picture_file(tmp_path: Path, data: bytes, name: str = "p.bin") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


@pytest.mark.parametrize(
    ("fmt", "kept"),
    [("PNG", "PNG"), ("JPEG", "JPEG"), ("GIF", "GIF"), ("BMP", "PNG"), ("TIFF", "PNG")],
)
def test_docx_inline_picture_with_its_caption(tmp_path: Path, fmt: str, kept: str) -> None:
    document = Document()
    title(document)
    document.add_paragraph("The coadd below was made with w_2018_10.")
    document.add_picture(str(picture_file(tmp_path, picture_bytes(fmt))), width=Inches(2))
    document.add_paragraph("A region of the HSC RC2 coadd.", style="Caption")
    document.add_paragraph("After the figure.")
    path = tmp_path / "report.docx"
    document.save(str(path))
    reading = read_docx(path)
    assert pictures(reading) == [(kept, "A region of the HSC RC2 coadd.", "")]
    kinds = [b.kind for b in reading.blocks]
    assert kinds[-3:] == ["para", "picture", "para"]  # where it stood, the caption joined
    assert reading.origins[reading.blocks[-2].line] == "picture 1"


def _anchored(document) -> None:
    """The last inline picture made floating (``wp:anchor``), as Word writes it."""
    inline = document.element.body.findall(".//" + qn("wp:inline"))[-1]
    anchor = parse_xml(
        f'<wp:anchor {nsdecls("wp", "a", "pic", "r")} distT="0" distB="0" distL="114300" '
        'distR="114300" simplePos="0" relativeHeight="2" behindDoc="0" locked="0" '
        'layoutInCell="1" allowOverlap="1"><wp:simplePos x="0" y="0"/>'
        '<wp:positionH relativeFrom="column"><wp:posOffset>0</wp:posOffset></wp:positionH>'
        '<wp:positionV relativeFrom="paragraph"><wp:posOffset>0</wp:posOffset></wp:positionV>'
        "</wp:anchor>"
    )
    for child in list(inline):
        anchor.append(child)
    wrap = parse_xml(f'<wp:wrapSquare {nsdecls("wp")} wrapText="bothSides"/>')
    anchor.insert(list(anchor).index(anchor.find(qn("wp:docPr"))), wrap)
    anchor.find(qn("wp:docPr")).set("descr", "Qserv   ingest rate,\nper hour")
    inline.getparent().replace(inline, anchor)


def test_docx_floating_table_and_wrapped_pictures(tmp_path: Path) -> None:
    document = Document()
    title(document)
    paragraph = document.add_paragraph("Ingest rates rose this month, as shown. ")
    paragraph.add_run().add_picture(str(picture_file(tmp_path, picture_bytes("PNG"))))
    _anchored(document)
    cell = document.add_table(rows=1, cols=2).rows[0].cells
    cell[0].text = "Before"
    cell[1].paragraphs[0].add_run().add_picture(
        str(picture_file(tmp_path, picture_bytes("JPEG", (0, 120, 0)), "q.jpg"))
    )
    # Word's compatibility wrapper: the same picture as DrawingML and as VML.
    wrapped = document.add_paragraph()
    wrapped.add_run().add_picture(
        str(picture_file(tmp_path, picture_bytes("PNG", (0, 0, 90)), "r.png"))
    )
    drawing = wrapped.runs[0]._r.find(qn("w:drawing"))
    blip = drawing.find(".//" + qn("a:blip"))
    choice = parse_xml(
        f'<mc:AlternateContent {MC} {VML} {nsdecls("w", "r")}><mc:Choice Requires="wps"/>'
        f'<mc:Fallback><w:pict><v:shape><v:imagedata r:id="{blip.get(qn("r:embed"))}"/>'
        "</v:shape></w:pict></mc:Fallback></mc:AlternateContent>"
    )
    choice[0].append(copy.deepcopy(drawing))
    wrapped.runs[0]._r.replace(drawing, choice)
    document.add_paragraph("Figure 3: a plain paragraph that reads as a caption.")
    path = tmp_path / "report.docx"
    document.save(str(path))
    reading = read_docx(path)
    assert pictures(reading) == [
        ("PNG", "", "Qserv ingest rate, per hour"),
        ("JPEG", "", ""),
        ("PNG", "Figure 3: a plain paragraph that reads as a caption.", ""),
    ]
    kinds = [b.kind for b in reading.blocks]
    assert kinds[-5:] == ["para", "picture", "table", "picture", "picture"]


def test_docx_caption_before_its_picture(tmp_path: Path) -> None:
    document = Document()
    title(document)
    document.add_paragraph("Photo 2 – The team at the Project and Community Workshop.")
    document.add_picture(str(picture_file(tmp_path, picture_bytes("JPEG"))))
    document.add_paragraph("Text after the photograph, not its caption.")
    path = tmp_path / "report.docx"
    document.save(str(path))
    reading = read_docx(path)
    assert pictures(reading) == [
        ("JPEG", "Photo 2 – The team at the Project and Community Workshop.", "")
    ]
    assert reading.blocks[-1].text == "Text after the photograph, not its caption."


@pytest.mark.parametrize(
    ("data", "content"),
    [(b"\x01\x00\x00\x00" + b"\x00" * 80, "image/x-emf"), (b"<svg></svg>", "image/svg+xml")],
)
def test_docx_picture_the_site_cannot_show_is_listed(
    tmp_path: Path, data: bytes, content: str
) -> None:
    document = Document()
    title(document)
    document.add_picture(str(picture_file(tmp_path, picture_bytes("PNG"))))
    path = tmp_path / "report.docx"
    document.save(str(path))
    # Swap the picture's part for a vector format Pillow does not read.
    import zipfile

    out = tmp_path / "vector.docx"
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            payload = source.read(item.filename)
            if item.filename.startswith("word/media/"):
                payload = data
            if item.filename == "[Content_Types].xml":
                payload = payload.replace(b'"image/png"', f'"{content}"'.encode())
            target.writestr(item, payload)
    reading = read_docx(out)
    assert pictures(reading) == []
    assert [d.reason.split(":")[0] for d in reading.dropped] == [
        f"a picture the site cannot show ({content})"
    ]


def _report_with_pictures(tmp_path: Path, colours: list[tuple[int, int, int]]) -> Path:
    document = Document()
    document.add_heading("Data Management Monthly Report", 0)
    document.add_paragraph("March 2018")
    document.add_picture(str(picture_file(tmp_path, picture_bytes("PNG", (1, 2, 3)), "logo.png")))
    document.add_heading("High-level Summary", 1)
    document.add_paragraph("The summary of the month.")
    document.add_heading("1.02C.04 Data Release Production", 1)
    document.add_heading("Current accomplishments", 2)
    document.add_paragraph("Completed the RC2 reprocessing (DM-13600).")
    for number, colour in enumerate(colours, 1):
        document.add_picture(
            str(picture_file(tmp_path, picture_bytes("JPEG", colour), f"{number}.jpg"))
        )
        document.add_paragraph(f"Figure {number}: a *plot* of DM-1360{number}.", style="Caption")
    path = tmp_path / "report.docx"
    document.save(str(path))
    return path


def test_import_writes_pictures_by_content(project: Path, tmp_path: Path) -> None:
    source = _report_with_pictures(tmp_path, [(200, 0, 0), (0, 200, 0), (200, 0, 0)])
    result = import_month(source, root=project)
    images = project / "reports" / "2018-03" / "_images"
    names = sorted(path.name for path in images.iterdir())
    assert len(names) == len(result.pictures) == 3  # the cover's, and two distinct plots
    for name in names:
        data = (images / name).read_bytes()
        assert (
            name
            == hashlib.sha256(data).hexdigest()[:16]
            + "."
            + {"PNG": "png", "JPEG": "jpg"}[image_kind(data) or ""]
        )
    page = (project / "reports" / "2018-03" / "data-release-production.md").read_text()
    figures = list(FIGURE.finditer(page))
    assert [f["body"].strip() for f in figures] == [
        "Figure 1: a *plot* of {jira}`DM-13601`.",
        "Figure 2: a *plot* of {jira}`DM-13602`.",
        "Figure 3: a *plot* of {jira}`DM-13603`.",
    ]
    assert figures[0]["path"] == figures[2]["path"] != figures[1]["path"]
    landing = (project / "reports" / "2018-03" / "index.md").read_text()
    assert "{figure} _images/" in landing  # the cover's picture stays on the cover
    assert check_paths(project, [project / "reports" / "2018-03"]) == []
    header, _, row = table([result])
    columns = dict(zip(re.split(r"\s{2,}", header), re.split(r"\s{2,}", row), strict=True))
    assert columns["Pictures"] == "3"
    assert columns["Completeness"] == "partial"
    assert columns["Cover lines"] == "1"  # the picture under the title block


def test_force_replaces_its_own_pictures_only(project: Path, tmp_path: Path) -> None:
    source = _report_with_pictures(tmp_path, [(200, 0, 0)])
    import_month(source, root=project)
    month = project / "reports" / "2018-03"
    again = _report_with_pictures(tmp_path, [(0, 0, 200)])
    result = import_month(again, root=project, force=True)
    assert sorted(p.name for p in (month / "_images").iterdir()) == sorted(
        p.name for p in result.pictures
    )
    foreign = month / "_images" / "photo.png"
    foreign.write_bytes(picture_bytes("PNG", (9, 9, 9)))
    renamed = month / "_images" / ("0" * 16 + ".png")  # named like ours, not by its content
    renamed.write_bytes(picture_bytes("PNG", (8, 8, 8)))
    with pytest.raises(DmreportError) as caught:
        import_month(source, root=project, force=True)
    assert "_images/photo.png" in str(caught.value)
    assert f"_images/{renamed.name}" in str(caught.value)
    assert foreign.exists() and renamed.exists()


def _figure_pdf(path: Path) -> Path:
    """A page with a raster picture, a drawn chart and captions, and a
    logo in the running header of each of two pages."""
    import numpy as np
    from matplotlib.backends.backend_pdf import PdfPages
    from matplotlib.figure import Figure

    logo = np.zeros((40, 120, 3))
    logo[:, :, 2] = 1.0
    with PdfPages(path) as pdf:
        for number in (1, 2):
            figure = Figure(figsize=(8.5, 11))
            figure.figimage(logo, xo=60, yo=1010)  # the header's logo
            figure.text(0.4, 0.95, "LSST DM Monthly Report", fontsize=9)
            figure.text(
                0.1,
                0.88,
                "1.02C.04 Data Release Production" if number == 1 else "Planned activities",
                fontsize=14,
                fontweight="bold",
            )
            figure.text(0.1, 0.85, f"Text of page {number} before the figure.", fontsize=11)
            axes = figure.add_axes((0.15, 0.5, 0.7, 0.3))
            if number == 1:
                axes.imshow(np.random.default_rng(1).random((40, 60)))
            else:
                axes.plot(range(30), [x * x % 17 for x in range(30)], marker="o")
            axes.set_axis_off()
            figure.text(0.1, 0.46, f"Figure {number}: the plot of page {number}.", fontsize=10)
            figure.text(0.1, 0.42, "Text after the caption.", fontsize=11)
            figure.text(0.5, 0.03, str(number), fontsize=9)
            pdf.savefig(figure)
    return path


def test_pdf_pictures_raster_and_drawn(tmp_path: Path) -> None:
    reading = read_pdf(_figure_pdf(tmp_path / "figures.pdf"))
    found = pictures(reading)
    assert [(kind, caption) for kind, caption, _ in found] == [
        ("PNG", "Figure 1: the plot of page 1."),
        ("PNG", "Figure 2: the plot of page 2."),
    ]
    assert [d.reason for d in reading.dropped if d.text == "picture"] == ["running header"] * 2
    for block in reading.blocks:
        if block.picture is not None:
            with Image.open(io.BytesIO(block.picture.data)) as image:
                assert image.width > 400 and image.height > 200  # the plot, rendered


def test_pdf_drawing_never_takes_prose(tmp_path: Path) -> None:
    """Prose beside or over a drawn chart stays text; only its labels go
    into the picture."""
    from matplotlib.backends.backend_pdf import PdfPages
    from matplotlib.figure import Figure

    path = tmp_path / "prose.pdf"
    sentence = "This sentence about the alert pipeline sits right over the chart."
    with PdfPages(path) as pdf:
        figure = Figure(figsize=(8.5, 11))
        figure.text(0.1, 0.9, "1.02C.03 Alert Production", fontsize=14, fontweight="bold")
        figure.text(0.1, 0.81, "Above the chart, a whole sentence of prose.", fontsize=11)
        axes = figure.add_axes((0.15, 0.5, 0.7, 0.3))
        axes.plot(range(30), [x * x % 17 for x in range(30)], marker="o")
        axes.set_xlabel("week")
        axes.text(2, 15, sentence, fontsize=9)
        pdf.savefig(figure)
    reading = read_pdf(path)
    texts = [b.text for b in reading.blocks if b.kind != "picture"]
    assert "Above the chart, a whole sentence of prose." in texts
    assert sentence in texts
    assert "week" not in " ".join(texts)  # the axis's label is the picture's
    assert [b.kind for b in reading.blocks].count("picture") == 1
