"""The text reader and the page structure, trait by trait: wrapped
paragraphs, headings with and without blank lines, every WBS heading form,
bullets, numbered and indented items, line endings and spaces, running
headers and footers, footnote marks, titles of every era, tables."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from dmreport.core.errors import DmreportError
from dmreport.importer import convert_export
from dmreport.importer.blocks import Block
from dmreport.importer.readers import read_source
from dmreport.importer.readers.text import blocks_from_lines
from dmreport.importer.vocabulary import wbs_heading

PROSE = (
    "The calibration team compared the flat fields taken in the lab with those from the "
    "sky and found agreement at the level of two parts in a thousand over the focal plane."
)


def kinds(blocks: list[Block]) -> list[tuple[str, str]]:
    return [(b.kind, b.text) for b in blocks]


def convert(root: Path, text: str, name: str = "export.txt") -> dict[str, str]:
    source = root / name
    source.write_text(text, encoding="utf-8")
    pages, _ = convert_export(source, None, root)
    return {page.filename: page.text for page in pages}


def report(*lines: str, title: str = "Data Management Monthly Report\nMay 2021") -> str:
    return title + "\n\n" + "\n".join(lines) + "\n"


def element(code: str = "1.02C.04: Data Release Production", *body: str) -> list[str]:
    return [code, "Current accomplishments", *body, "Planned activities", "Staffing update"]


# --- paragraphs -----------------------------------------------------------------


@pytest.mark.parametrize("width", [60, 72, 80])
def test_hard_wrapped_paragraph_is_one_paragraph(width: int):
    import textwrap

    lines = ["Technical Progress"]
    for _ in range(3):
        lines += [*textwrap.wrap(PROSE, width), ""]
    found = blocks_from_lines(lines)
    assert kinds(found) == [("para", "Technical Progress")] + [("para", PROSE)] * 3


def test_real_line_break_is_kept_in_a_wrapped_paragraph():
    import textwrap

    lines = [
        *textwrap.wrap(PROSE, 70),
        "",
        *textwrap.wrap(PROSE, 70),
        "",
        "Slides:",
        "on the wiki",
        "",
    ]
    found = blocks_from_lines(lines * 2)
    assert ("para", "Slides:\non the wiki") in kinds(found)


def test_full_item_line_then_a_new_paragraph():
    import textwrap

    item = "- The calibration team compared flat fields from the lab with sky flats"
    lines = [*textwrap.wrap(PROSE, len(item)), "", *textwrap.wrap(PROSE, len(item)), ""]
    lines += [item, "The next paragraph starts here.", ""]
    found = blocks_from_lines(lines)
    assert [b.kind for b in found] == ["para", "para", "item", "para"]
    assert found[-1].text == "The next paragraph starts here."


def test_item_line_wrapped_mid_sentence_without_indent():
    import textwrap

    lines = [*textwrap.wrap(PROSE, 70), "", *textwrap.wrap(PROSE, 70), ""]
    lines += [
        "- The flats were compared with those from the sky, a test that ran on the",
        "new cluster.",
    ]
    found = blocks_from_lines(lines)
    assert kinds(found)[-1] == (
        "item",
        "The flats were compared with those from the sky, a test that ran on the new cluster.",
    )


def test_word_export_line_is_a_paragraph():
    found = blocks_from_lines([PROSE, PROSE + " Again.", "Short line."])
    assert [b.kind for b in found] == ["para", "para", "para"]


def test_markdown_soft_breaks_join():
    found = blocks_from_lines(["First half of", "the sentence.", "", "Next."], markdown=True)
    assert kinds(found) == [("para", "First half of the sentence."), ("para", "Next.")]


def test_hyphen_at_a_wrapped_line_end_is_kept():
    import textwrap

    text = PROSE.replace("agreement", "Hyper Suprime-Cam agreement")
    lines = [line for line in textwrap.wrap(text, 40, break_on_hyphens=True)]
    found = blocks_from_lines([*lines, "", *lines, "", *lines])
    assert found[0].text == text


# --- headings ---------------------------------------------------------------------


@pytest.mark.parametrize("blank", ["", "\n"], ids=["glued", "spaced"])
def test_heading_glued_or_not_starts_a_section(tmp_path: Path, project: Path, blank: str):
    text = report(
        "High-level Summary" + blank,
        "Community Interactions, Meetings and Workshops" + blank,
        "The team met the brokers.",
        "Technical Progress" + blank,
        "The pipelines ran.",
    )
    pages = convert(project, text)
    assert re.findall(r"^#+ .*$", pages["summary.md"], re.M) == [
        "# High-level Summary",
        "## Community Interactions, Meetings and Workshops",
        "## Technical Progress",
    ]


@pytest.mark.parametrize(
    ("line", "code", "title"),
    [
        ("1.02C.04 Data Release Production", "1.02C.04", "Data Release Production"),
        ("1.02C.04 - Data Release Production", "1.02C.04", "Data Release Production"),
        ("1.02C.04 – Data Release Production", "1.02C.04", "Data Release Production"),
        ("1.02C.04: Data Release Production", "1.02C.04", "Data Release Production"),
        ("02C.04: Data Release Production", "1.02C.04", "Data Release Production"),
        ("02C.04 DATA RELEASE PRODUCTION", "1.02C.04", "DATA RELEASE PRODUCTION"),
        ("WBS 1.02C.04.05 Detection and Deblending", "1.02C.04.05", "Detection and Deblending"),
        ("1.02c.4.5 Detection", "1.02C.04.05", "Detection"),
        ("**1.02C.10: SQuaRE**", "1.02C.10", "SQuaRE"),
    ],
)
def test_wbs_heading_forms(line: str, code: str, title: str):
    found = wbs_heading(line)
    assert found is not None
    assert (found.code, found.title) == (code, title)


@pytest.mark.parametrize(
    "line", ["02C.04.05 was completed this month.", "1.02C is the DM subsystem.", "2020.01 notes"]
)
def test_sentences_are_not_wbs_headings(line: str):
    assert wbs_heading(line) is None


@pytest.mark.parametrize(
    "heading",
    [
        "1.02C.04 - Data Release Production",
        "02C.04: Data Release Production",
        "1.02C.04 DATA RELEASE PRODUCTION",
    ],
)
def test_wbs_heading_form_makes_one_page(project: Path, heading: str):
    pages = convert(project, report(*element(heading, "- Work.")))
    assert sorted(pages) == ["data-release-production.md", "index.md"]
    text = pages["data-release-production.md"]
    assert text.startswith('---\nwbs: "1.02C.04"\ntitle: "Data Release Production"\n---\n')
    assert "\n# 1.02C.04: Data Release Production\n" in text


def test_sub_element_is_a_section_of_its_element_by_code(project: Path):
    pages = convert(
        project,
        report(
            *element(
                "1.02C.04: Data Release Production",
                "1.02C.04.05 Deblending work (renamed this month)",
                "- The deblender was rewritten.",
            )
        ),
    )
    assert (
        "### 1.02C.04.05 Deblending work (renamed this month)"
        in pages["data-release-production.md"]
    )


def test_renamed_element_keeps_its_title_and_is_noted(project: Path):
    source = project / "export.txt"
    source.write_text(report(*element("1.02C.10: SQuaRE", "Work.")), encoding="utf-8")
    pages, result = convert_export(source, None, project)
    square = next(p.text for p in pages if p.filename == "square.md")
    assert 'title: "SQuaRE"' in square
    assert any(
        "registry: 'Science Quality and Reliability Engineering'" in w for w in result.warnings
    )
    assert f"{source}:4:" in result.warnings[0]


@pytest.mark.parametrize(
    ("written", "shown"),
    [
        ("CURRENT ACCOMPLISHMENTS", "Current accomplishments"),
        ("Current Accomplishments", "Current Accomplishments"),
        ("Accomplishments", "Accomplishments"),
        ("Plans", "Planned activities"),
        ("Staffing", "Staffing"),
        ("STAFFING UPDATE", "Staffing update"),
    ],
)
def test_sections_whatever_their_capitals(project: Path, written: str, shown: str):
    pages = convert(project, report("1.02C.04: Data Release Production", written, "- Work."))
    assert f"\n## {shown}\n" in pages["data-release-production.md"]


def test_unknown_element_is_an_error_naming_the_line(project: Path):
    source = project / "export.txt"
    source.write_text(
        report(
            *element("1.02C.04: Data Release Production", "Work."),
            *element("1.02C.77: Nowhere", "More work."),
        ),
        "utf-8",
    )
    with pytest.raises(DmreportError, match=r"1\.02C\.77 \(Nowhere\) is not in the WBS registry"):
        convert_export(source, None, project)
    with pytest.raises(DmreportError) as caught:
        convert_export(source, None, project)
    assert caught.value.line == 9


def test_sub_element_outside_its_element_is_an_error(project: Path):
    source = project / "export.txt"
    source.write_text(
        report(*element("1.02C.03: Alert Production", "02C.04.05 Detection")), "utf-8"
    )
    with pytest.raises(DmreportError, match=r"sub-element 1\.02C\.04\.05") as caught:
        convert_export(source, None, project)
    assert caught.value.line == 6


def test_text_before_any_part_is_the_cover(project: Path):
    """A cover is never a reason to refuse: it is kept, in order, on the
    landing page, and what it states is read into its front matter."""
    source = project / "export.txt"
    cover = [
        "Prepared by W. O'Mullane for the Project Office, 12 April 2017",
        "Reporting period: 1-31 March 2017",
        "Distribution: DM Leadership Team",
        "Document handle: LSST-DM-2017-03",
        "Archived in DocuShare, Collection-5321.",
    ]
    source.write_text(report(*cover, "High-level Summary", "Words."), "utf-8")
    pages, _ = convert_export(source, None, project)
    landing = pages[0].text
    front, body = landing.split("\n---\n", 1)
    assert 'prepared_by: "W. O\'Mullane for Project Office"' in front
    assert 'reporting_period: "1-31 March 2017"' in front
    assert "issued: 2017-04-12" in front
    assert 'distribution: "DM Leadership Team"' in front
    assert 'handle: "LSST-DM-2017-03"' in front
    assert 'original: "Collection-5321"' in front
    kept = body.split("## From the original report", 1)[1]
    assert [line for line in kept.splitlines() if line] == cover


# --- lists ------------------------------------------------------------------------


@pytest.mark.parametrize("bullet", ["•", "-", "*", "o", "◦", "▪", "–"])
def test_every_bullet_is_an_item(bullet: str):
    found = blocks_from_lines(["Intro.", f"{bullet} First item", f"{bullet} Second item"])
    assert kinds(found)[1:] == [("item", "First item"), ("item", "Second item")]


@pytest.mark.parametrize(
    ("lines", "levels"),
    [
        (["- a", "  - b", "    - c", "- d"], [0, 1, 2, 0]),
        (["- a", "\t- b", "\t\t- c", "- d"], [0, 1, 2, 0]),
        (["• a", "o b", "▪ c", "o d", "• e"], [0, 1, 2, 1, 0]),
        (["•\ta", "\to\tb", "•\tc"], [0, 1, 0]),
        (["1. a", "2. b", "   a) c", "3. d"], [0, 0, 1, 0]),
        (["- a", "- b", "1. c", "2. d"], [0, 0, 0, 0]),
    ],
    ids=["spaces", "tabs", "word-glyphs", "word-tabs", "numbered", "sibling-lists"],
)
def test_item_levels(lines: list[str], levels: list[int]):
    found = blocks_from_lines(lines)
    assert [b.level for b in found] == levels
    assert all(b.kind == "item" for b in found)


def test_numbered_items_keep_their_numbers(project: Path):
    pages = convert(
        project, report(*element("1.02C.04: Data Release Production", "3. Third", "4. Fourth"))
    )
    assert "\n3. Third\n4. Fourth\n" in pages["data-release-production.md"]


# --- characters -------------------------------------------------------------------


def test_crlf_tabs_and_non_breaking_spaces(tmp_path: Path):
    source = tmp_path / "export.txt"
    source.write_bytes("Intro line.\r\n•\tTen\u00a0TB of disk\r\n\r\nEnd.\r\n".encode())
    reading = read_source(source)
    assert kinds(reading.blocks) == [
        ("para", "Intro line."),
        ("item", "Ten TB of disk"),
        ("para", "End."),
    ]
    assert reading.lines[1] == "•\tTen\u00a0TB of disk"  # the source, as written


def test_byte_order_mark_is_not_text(tmp_path: Path):
    source = tmp_path / "export.txt"
    source.write_bytes("\ufeffFirst.\n".encode())
    assert kinds(read_source(source).blocks) == [("para", "First.")]


# --- pages, running headers and footers -------------------------------------------


def paged(pages: list[list[str]]) -> list[str]:
    return "\n\f".join("\n".join(page) for page in pages).split("\n")


def test_running_header_footer_and_page_numbers_are_dropped_and_listed(tmp_path: Path):
    texts = ["The mount was tested.", "Alerts were sent.", "Nothing else happened."]
    pages = [
        ["DM Monthly Report", "", text, "", f"Page {n} of 3"] for n, text in enumerate(texts, 1)
    ]
    source = tmp_path / "export.txt"
    source.write_text("\n\f".join("\n".join(p) for p in pages) + "\n", "utf-8")
    reading = read_source(source)
    assert [b.text for b in reading.blocks] == texts
    assert [(d.reason, d.text) for d in reading.dropped] == [
        (reason, text)
        for n in (1, 2, 3)
        for reason, text in (
            ("running header", "DM Monthly Report"),
            ("page number", f"Page {n} of 3"),
        )
    ]
    assert reading.where(3) == "3 (page 1)"


def test_bare_page_numbers_without_form_feeds(tmp_path: Path):
    source = tmp_path / "export.txt"
    source.write_text(
        "First page text.\n\n1\n\nSecond page text.\n\n2\n\n- 3 items remain\n", "utf-8"
    )
    reading = read_source(source)
    assert [d.text for d in reading.dropped] == ["1", "2"]
    assert [b.text for b in reading.blocks][-1] == "3 items remain"


def test_a_repeated_item_is_text_not_a_running_header(tmp_path: Path):
    source = tmp_path / "export.txt"
    source.write_text(
        "Data Management Monthly Report\nMay 2021\n\n- Survey data management\n\n"
        "Words.\n\n- Survey data management\n\nData Management Monthly Report\n",
        "utf-8",
    )
    reading = read_source(source)
    assert [d.line for d in reading.dropped] == [10]  # the title, repeated
    assert [b.text for b in reading.blocks if b.kind == "item"] == ["Survey data management"] * 2


def test_title_page_metadata_change_record_and_contents_are_set_aside(project: Path):
    text = report(
        "Author: DM Project Office",
        "Status: Published Date of issue: 2021-06-04",
        "Change Record",
        "Version\tDate\tDescription",
        "1.0\t2021-06-04\tFirst issue.",
        "Contents",
        "High-level Summary . . . . . 3",
        "Milestone Summary 4",
        "High-level Summary",
        "Words of the month.",
    )
    source = project / "export.txt"
    source.write_text(text, "utf-8")
    _, result = convert_export(source, None, project)
    assert [r.reason for r in result.replaced] == [
        "title block (the month's landing page shows it)",
        "title block (the month's landing page shows it)",
        "change record",
        "change record",
        "change record",
        "table of contents",
        "table of contents",
        "table of contents",
    ]
    assert result.month == "2021-05"


def test_a_line_on_one_page_only_is_kept(tmp_path: Path):
    pages = [["Header", "", "Only here.", "", "1"], ["Header", "", "Text.", "", "2"]]
    source = tmp_path / "export.txt"
    source.write_text("\n\f".join("\n".join(p) for p in pages) + "\n", "utf-8")
    assert [b.text for b in read_source(source).blocks] == ["Only here.", "Text."]


# --- footnotes --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("mark", "definition"),
    [
        ("LCR-2190²", "² A change request."),
        ("DMTN-135[2]", "[2] A change request."),
        ("RFC-650*", "* A change request."),
    ],
    ids=["superscript", "bracket", "star"],
)
def test_footnote_mark_after_a_handle_is_a_reference(project: Path, mark: str, definition: str):
    handle = mark.rstrip("²*[]2").rstrip("[")
    pages = convert(
        project, report("High-level Summary", f"We adopted {mark} this month.", "", definition)
    )
    summary = pages["summary.md"]
    number = re.search(r"\[\^(\d+)\] this month", summary)
    assert number, summary
    assert f"[^{number[1]}]: A change request." in summary
    assert f"`{handle}`" in summary or f"`{handle.split('-')[1]}`" in summary
    assert not re.search(rf"(?<!`){handle}", summary)


def test_footnote_cut_by_a_page_break_is_joined(project: Path):
    pages = convert(
        project,
        report(
            "High-level Summary",
            "Commissioning of LATISS¹ went on.",
            "",
            "¹ The Auxiliary Telescope's",
            "",
            "spectrograph.",
            "",
            "Next paragraph.",
        ),
    )
    summary = pages["summary.md"]
    assert "[^1]: The Auxiliary Telescope's spectrograph." in summary
    assert "\n\nNext paragraph.\n" in summary


def test_pdf_text_footnote_between_the_halves_of_a_paragraph():
    pages = [
        ["Body starts here and goes on until the", "", "¹ A note that goes on", "", "Footer", "1"],
        ["Footer top", "", "end of the sentence on the next page.", "", "onto this page.", "",
         "Footer", "2"],
    ]  # fmt: skip
    lines = paged(pages)
    found = blocks_from_lines(lines, skip={5, 6, 7, 13, 14})
    assert kinds(found) == [
        ("para", "Body starts here and goes on until the"),
        ("footnote", "¹ A note that goes on onto this page."),
        (
            "para",
            "end of the sentence on the next page.",
        ),  # joined to the body when placed in pages
    ]


# --- titles of other eras -----------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "month"),
    [
        ("LSST Data Management Monthly Report\nMarch 2017", "2017-03"),
        ("Data Management Monthly Progress Report: Sept. 2018", "2018-09"),
        ("Vera C. Rubin Observatory\nData Management Monthly Report\n2021-04", "2021-04"),
        ("VERA C. RUBIN OBSERVATORY DATA MANAGEMENT MONTHLY REPORT — JANUARY, 2022", "2022-01"),
        ("# Rubin Observatory DM Monthly Report\n\n06/2020", "2020-06"),
        ("LSST DM Monthly Report for 2016 December", "2016-12"),
    ],
)
def test_title_of_any_era_names_the_month(project: Path, title: str, month: str):
    source = project / "export.txt"
    source.write_text(report("High-level Summary", "A quiet month.", title=title), "utf-8")
    _, result = convert_export(source, None, project)
    assert result.month == month


def test_title_without_a_month_is_a_clear_error(project: Path):
    source = project / "export.txt"
    source.write_text(
        report("High-level Summary", "Words.", title="Data Management Monthly Report"), "utf-8"
    )
    with pytest.raises(DmreportError, match=r"cannot be told.*--month"):
        convert_export(source, None, project)


def test_a_dated_title_names_its_month_with_a_warning(project: Path):
    title = "Data Management Monthly Report\nIssued 3 February 2020"
    source = project / "export.txt"
    source.write_text(report("High-level Summary", "Words.", title=title), "utf-8")
    _, result = convert_export(source, None, project)
    assert result.month == "2020-02"
    assert any("read from the title's date" in warning for warning in result.warnings)
    _, result = convert_export(source, "2020-01", project)  # --month says otherwise
    assert result.month == "2020-01"


# --- tables and milestone records ----------------------------------------------------


@pytest.mark.parametrize(
    "rows",
    [
        [
            "Milestone\tTitle\tDue",
            "LDM-503-11a\tRehearsal\t2019-10-31",
            "LDM-503-EFDb\tReplica\t2019-09-30",
        ],
        [
            "| Milestone | Title | Due |",
            "|---|---|---|",
            "| LDM-503-11a | Rehearsal | 2019-10-31 |",
            "| LDM-503-EFDb | Replica | 2019-09-30 |",
        ],
    ],
    ids=["tabs", "pipes"],
)
def test_milestone_table_becomes_records(project: Path, rows: list[str]):
    pages = convert(project, report("Milestone Summary", "Milestones Delayed", *rows))
    text = pages["milestones.md"]
    assert re.findall(r"^```\{milestone\} (\S+)$", text, re.M) == ["LDM-503-11a", "LDM-503-EFDb"]
    assert ":due: 2019-10-31" in text and ":due: 2019-09-30" in text


def test_dates_column_becomes_the_records_dates(project: Path):
    rows = [
        "Milestone\tTitle\tStatus\tDates\tExplanation",
        "DM-NET-9\tWAN upgraded\tcompleted\tCompleted 2021-05-12\tDone early.",
        "DM-DRP-40\tCoadds\tdelayed\tDue 2021-03-31, Forecast 2021-07-31\tWaiting on data.",
    ]
    pages = convert(project, report("Milestone Summary", *rows))
    text = pages["milestones.md"]
    assert (
        "```{milestone} DM-NET-9\n:title: WAN upgraded\n:status: completed\n:wbs: 1.02C.08\n"
        ":completed: 2021-05-12\n\nDone early.\n```"
    ) in text
    assert ":due: 2021-03-31\n:forecast: 2021-07-31\n\nWaiting on data.\n```" in text


def test_milestone_code_ending_in_lower_case_is_its_own_record(project: Path):
    pages = convert(
        project,
        report(
            "Milestone Summary",
            "Milestones Delayed",
            *("LDM-503-11: First rehearsal", "Due 2019-06-30", "Done soon."),
            *("LDM-503-11a: Second rehearsal", "Due 2019-10-31", "Later."),
            *("LDM-503-EFDb - Replica", "Due 2019-09-30", "Waiting."),
        ),
    )
    ids = re.findall(r"^```\{milestone\} (\S+)$", pages["milestones.md"], re.M)
    assert ids == ["LDM-503-11", "LDM-503-11a", "LDM-503-EFDb"]


def test_table_outside_the_milestones_stays_a_table(project: Path):
    pages = convert(
        project,
        report(*element("1.02C.04: Data Release Production", "Run\tHours\tNodes", "RC2\t120\t40")),
    )
    assert (
        "| Run | Hours | Nodes |\n| --- | --- | --- |\n| RC2 | 120 | 40 |"
        in pages["data-release-production.md"]
    )


# --- covers, posts, teams and addresses ---------------------------------------------


def _pages(project: Path, text: str, month: str | None = None) -> dict[str, str]:
    source = project / "export.txt"
    source.write_text(text, "utf-8")
    pages, _ = convert_export(source, month, project)
    return {page.filename: page.text for page in pages}


def test_a_forum_post_is_a_summary_only_month(project: Path):
    """A post of the High-level Summary: its preface on the landing page, the
    rest the summary, the month marked as surviving in part."""
    preface = [
        "DM status report, May 2021 - Data Management - Community Forum",
        "swinbank",
        "The DM monthly status report covering May 2021 has been posted to DocuShare, "
        "collection-7788 (https://docushare.lsst.org/docushare/dsweb/View/Collection-7788).",
    ]
    body = "The Science Pipelines 22.0 release was tagged this month, with many fixes for users."
    pages = _pages(project, "\n\n".join([*preface, body]) + "\n", "2021-05")
    assert sorted(pages) == ["index.md", "summary.md"]
    assert "completeness: summary-only" in pages["index.md"]
    assert "Only the High-level Summary of this month survives" in pages["index.md"]
    assert body in pages["summary.md"] and preface[1] in pages["index.md"]


@pytest.mark.parametrize(
    ("team", "page"),
    [
        ("The AP Team:", "alert-production.md"),
        ("Princeton DRP group", "data-release-production.md"),
        ("The SUIT Team:", "science-user-interface.md"),
        ("NCSA team", "data-facility.md"),
    ],
)
def test_a_team_section_is_its_element_page(project: Path, team: str, page: str):
    text = report("High-level Summary", "Words of the month.", team, "- Work of the team.")
    pages = _pages(project, text)
    assert page in pages and "- Work of the team." in pages[page] and team in pages[page]


def test_an_address_in_text_is_a_link(project: Path):
    text = report(
        "High-level Summary",
        "Release notes at https://pipelines.lsst.io. The data: www.lsst.org/content/dm-data.",
    )
    summary = _pages(project, text)["summary.md"]
    assert "[https://pipelines.lsst.io](https://pipelines.lsst.io)." in summary
    assert "[www.lsst.org/content/dm-data](https://www.lsst.org/content/dm-data)." in summary


@pytest.mark.parametrize("ligature", [chr(c) for c in range(0xFB00, 0xFB07)])
def test_ligatures_are_their_letters(ligature: str, tmp_path: Path) -> None:
    """A PDF's (or its text export's) ligature glyph is read as its letters,
    so the word is found and searched as written."""
    import unicodedata

    source = tmp_path / "export.txt"
    source.write_text(f"Report\n\nWe met the o{ligature}ce team.\n", encoding="utf-8")
    text = " ".join(block.text for block in read_source(source).blocks)
    assert f"o{unicodedata.normalize('NFKC', ligature)}ce" in text
