"""The importer's promise as a property: an export generated from varied
blocks, in any of the archive's layouts, is imported with every word and
every block kept; with an odd line added, it is imported with every word or
refused with a located message."""

from __future__ import annotations

import os
import re
import shutil
import textwrap
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from dmreport.core.errors import DmreportError
from dmreport.core.registry import load_wbs
from dmreport.importer import convert_export

REPO = Path(__file__).resolve().parent.parent
WBS = load_wbs(REPO)
PAGES = WBS.pages
WORDS = [
    "pipeline",
    "alert",
    "camera",
    "survey",
    "catalog",
    "cluster",
    "release",
    "butler",
    "query",
    "image",
    "calibration",
    "telescope",
    "network",
    "archive",
    "summit",
    "data",
    "photometry",
    "astrometry",
    "template",
    "schema",
    "broker",
    "notebook",
    "portal",
    "service",
    "storage",
    "node",
    "review",
    "plan",
    "metric",
    "dataset",
    "processing",
    "campaign",
]
SUMMARY_HEADINGS = (
    "Community Interactions, Meetings and Workshops",
    "Technical Progress",
    "Risk Management",
)
SECTIONS = ("Current accomplishments", "Planned activities", "Staffing update")
LAYOUTS = ("blank", "word", "wrapped", "capitals")
MARKDOWN = MarkdownIt("commonmark")
#: Lines an export may hold that fit nowhere, or somewhere unexpected.
JUNK = (
    "1.02C.77: Unknown Element",
    "Notes for the editor",
    "02C.99.01 Nowhere",
    "| a | b |",
    "DM-12345 was fixed",
    "Page 3",
    "1.02C.02: Systems Engineering",
)
MAX_EXAMPLES = int(os.environ.get("DMREPORT_EXAMPLES", "60"))


@dataclass
class Element:
    code: str
    title: str
    slug: str
    #: Per section: its blocks, ("para", text) or ("item", text, level) or ("sub", code title).
    sections: list[list[tuple[str, ...]]] = field(default_factory=list)


@dataclass
class Month:
    summary: list[tuple[str, list[tuple[str, ...]]]]
    elements: list[Element]


def sentence(draw: st.DrawFn, low: int, high: int) -> str:
    words = draw(st.lists(st.sampled_from(WORDS), min_size=low, max_size=high))
    text = " ".join(words)
    return text[:1].upper() + text[1:] + draw(st.sampled_from([".", ".", "", ";"]))


@st.composite
def paragraph(draw: st.DrawFn) -> tuple[str, ...]:
    """Three to five sentences: what a report's paragraph holds (a wrapped
    source needs a few such lines for its width to show)."""
    text = " ".join(sentence(draw, 6, 14).rstrip(";") + "." for _ in range(draw(st.integers(3, 5))))
    return ("para", text.replace("..", "."))


@st.composite
def item(draw: st.DrawFn, level: int) -> tuple[str, ...]:
    return ("item", sentence(draw, 3, 16).rstrip(";"), str(level))


@st.composite
def blocks(draw: st.DrawFn) -> list[tuple[str, ...]]:
    found: list[tuple[str, ...]] = []
    for _ in range(draw(st.integers(1, 3))):
        if draw(st.booleans()):
            found.append(draw(paragraph()))
        else:
            levels = draw(st.lists(st.integers(0, 1), min_size=1, max_size=4))
            levels[0] = 0
            found += [draw(item(level)) for level in levels]
    return found


@st.composite
def months(draw: st.DrawFn) -> Month:
    headings = draw(
        st.lists(st.sampled_from(SUMMARY_HEADINGS), min_size=1, max_size=3, unique=True)
    )
    summary = [(h, [draw(paragraph()) for _ in range(draw(st.integers(1, 2)))]) for h in headings]
    if sum(len(paragraphs) for _, paragraphs in summary) < 2:  # a report, not a note
        summary[0][1].append(draw(paragraph()))
    indexes = draw(st.lists(st.integers(0, len(PAGES) - 1), min_size=1, max_size=3, unique=True))
    chosen = [PAGES[index] for index in sorted(indexes)]
    elements = []
    for page in chosen:
        subs = [e for e in WBS.elements if e.code.startswith(page.code + ".") and not e.slug]
        element = Element(page.code, page.title, page.slug or "")
        for _ in SECTIONS:
            section = draw(blocks())
            if subs and draw(st.booleans()):
                sub = draw(st.sampled_from(subs))
                section = [("sub", f"{sub.code[2:]} {sub.title}"), *section]
            element.sections.append(section)
        elements.append(element)
    return Month(summary, elements)


def render(month: Month, layout: str, width: int) -> str:
    """The month as an export in one of the archive's layouts."""
    caps = layout == "capitals"
    lines: list[str] = []

    def heading(text: str) -> None:
        lines.append(text.upper() if caps else text)
        if layout in ("blank", "capitals"):
            lines.append("")

    def block(kind: str, text: str, level: str = "0") -> None:
        if kind == "para":
            lines.extend(textwrap.wrap(text, width) if layout == "wrapped" else [text])
            if layout != "word":
                lines.append("")
        elif kind == "sub":
            heading(text)
        else:
            indent, bullet = ("\t", "o") if level == "1" else ("", "•")
            if layout != "word":
                indent, bullet = ("  " if level == "1" else "", "-")
            sep = "\t" if layout == "word" else " "
            if layout == "wrapped":
                lines.extend(
                    textwrap.wrap(
                        f"{indent}{bullet} {text}", width, subsequent_indent=indent + "  "
                    )
                )
            else:
                lines.append(f"{indent}{bullet}{sep}{text}")

    for text in ("Vera C. Rubin Observatory", "Data Management Monthly Report", "July 2019"):
        heading(text)
    heading("High-level Summary")
    for title, paragraphs in month.summary:
        heading(title)
        for para in paragraphs:
            block(*para)
    heading("Detailed Project Progress")
    for element in month.elements:
        heading(f"{element.code}: {element.title}")
        for title, section in zip(SECTIONS, element.sections, strict=True):
            heading(title)
            for entry in section:
                block(*entry)
            if layout not in ("word",) and lines and lines[-1]:
                lines.append("")
    newline = "\r\n" if layout == "word" else "\n"
    return newline.join(lines) + newline


def expected_words(month: Month) -> Counter[str]:
    texts = [t for h, ps in month.summary for t in (h, *(p[1] for p in ps))]
    for element in month.elements:
        texts += [b[1] for section in element.sections for b in section]
    return Counter(w.casefold() for t in texts for w in re.findall(r"\w+", t))


def shape(text: str) -> Counter[str]:
    counts: Counter[str] = Counter()
    for token in MARKDOWN.parse(re.sub(r"\A---\n.*?\n---\n", "", text, flags=re.S)):
        if token.type == "paragraph_open" and token.level == 0:
            counts["para"] += 1
        elif token.type == "list_item_open":
            counts["item"] += 1
    return counts


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("property")
    for name in ("conf.py", "index.rst"):
        shutil.copy(REPO / name, root / name)
    for name in ("wbs", "data"):
        shutil.copytree(REPO / name, root / name)
    (root / "reports").mkdir()
    return root


@settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(month=months(), layout=st.sampled_from(LAYOUTS), width=st.integers(60, 90))
def test_generated_export_keeps_every_word_and_block(
    root: Path, month: Month, layout: str, width: int
):
    source = root / "export.txt"
    source.write_bytes(render(month, layout, width).encode("utf-8"))
    pages, result = convert_export(source, None, root)  # a valid export is never refused
    by_name = {page.filename: page.text for page in pages}
    assert [p.filename for p in pages[2:]] == [f"{e.slug}.md" for e in month.elements]
    shown: Counter[str] = Counter()
    for text in by_name.values():
        shown.update(w.casefold() for w in re.findall(r"\w+", text))
    assert expected_words(month) - shown == Counter()
    assert shape(by_name["summary.md"])["para"] == sum(len(ps) for _, ps in month.summary)
    for element in month.elements:
        blocks_ = [b for section in element.sections for b in section]
        counts = shape(by_name[f"{element.slug}.md"])
        assert counts["item"] == sum(1 for b in blocks_ if b[0] == "item"), layout
        assert counts["para"] == sum(1 for b in blocks_ if b[0] == "para"), layout
    assert result.month == "2019-07"


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    month=months(),
    layout=st.sampled_from(LAYOUTS),
    junk=st.sampled_from(JUNK),
    position=st.floats(0, 1),
)
def test_an_odd_line_is_placed_or_refused_with_its_line(
    root: Path, month: Month, layout: str, junk: str, position: float
):
    lines = render(month, layout, 72).splitlines()
    at = 3 + int(position * (len(lines) - 3))
    lines.insert(at, junk)
    source = root / "export.txt"
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    try:
        pages, result = convert_export(source, None, root)
    except DmreportError as error:
        assert re.search(rf"{re.escape(str(source))}:\d+", str(error)), str(error)
        return
    shown: Counter[str] = Counter()
    for page in pages:
        shown.update(w.casefold() for w in re.findall(r"\w+", page.text))
    # A line the layout writes itself (a repeated element heading) is listed
    # in the import table, with its line: its words are accounted for there.
    listed = Counter(w.casefold() for r in result.replaced for w in re.findall(r"\w+", r.text))
    junk_words = Counter(w.casefold() for w in re.findall(r"\w+", junk))
    assert expected_words(month) + junk_words - shown - listed <= Counter({"page": 1, "3": 1})


# -- covers and identifier lists -------------------------------------------------

NAMES = ["W. O'Mullane", "L. Guy", "J. Swinbank", "the DM Leadership Team", "M. Juric"]
CONNECTIVES = [", ", " and ", ", and ", " & ", " to ", "–", "/", "; ", " or "]


@st.composite
def preface_line(draw: st.DrawFn) -> str:
    """A line of a cover or a forum post's preface, as the archive has them."""
    kind = draw(st.sampled_from(["prepared", "period", "tags", "words", "heading", "ids"]))
    if kind == "prepared":
        return f"Prepared by {draw(st.sampled_from(NAMES))} for the Project Office, 4 May 2021"
    if kind == "period":
        return f"Reporting period: {draw(st.integers(1, 9))}-30 April 2021"
    if kind == "tags":
        return "Tags: " + ", ".join(draw(st.lists(st.sampled_from(WORDS), min_size=1, max_size=3)))
    if kind == "heading":
        return " ".join(draw(st.lists(st.sampled_from(WORDS), min_size=1, max_size=3))).title()
    if kind == "ids":
        return "See " + " and ".join(
            f"DM-{n}" for n in draw(st.lists(st.integers(1, 99999), min_size=1, max_size=3))
        )
    return sentence(draw, 3, 20)


@settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(month=months(), preface=st.lists(preface_line(), min_size=1, max_size=6))
def test_any_cover_is_kept_and_never_refused(root: Path, month: Month, preface: list[str]):
    """Lines before the first part: never a reason to refuse, every word of
    them on the landing page (or in the title block the import table lists)."""
    lines = render(month, "blank", 72).splitlines()
    title = [line for line in lines[:3] if line.strip()][:2]  # the report's name and month
    rest = lines[lines.index(title[-1]) + 1 :]
    source = root / "export.txt"
    source.write_text("\n".join([*title, "", *"\n\n".join(preface).splitlines(), "", *rest]) + "\n")
    pages, result = convert_export(source, None, root)
    landing = Counter(w.casefold() for w in re.findall(r"\w+", pages[0].text))
    listed = [*result.replaced, *result.dropped]  # lines the import table lists
    set_aside = Counter(w.casefold() for r in listed for w in re.findall(r"\w+", r.text))
    cover = Counter(w.casefold() for line in preface for w in re.findall(r"\w+", line))
    assert cover - landing - set_aside == Counter()
    shown: Counter[str] = Counter()
    for page in pages[1:]:
        shown.update(w.casefold() for w in re.findall(r"\w+", page.text))
    assert expected_words(month) - shown == Counter()


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    numbers=st.lists(st.integers(1, 99999), min_size=2, max_size=5, unique=True),
    glue=st.lists(st.sampled_from(CONNECTIVES), min_size=4, max_size=4),
)
def test_identifiers_in_any_list_form_keep_every_word(
    root: Path, numbers: list[int], glue: list[str]
):
    listed = f"DM-{numbers[0]}" + "".join(
        f"{g}DM-{n}" for g, n in zip(glue, numbers[1:], strict=False)
    )
    text = (
        "Data Management Monthly Report\nJuly 2019\n\nHigh-level Summary\n\n"
        f"The work of the month is tracked as {listed} in Jira.\n"
    )
    source = root / "export.txt"
    source.write_text(text, encoding="utf-8")
    pages, _ = convert_export(source, None, root)
    summary = next(page.text for page in pages if page.filename == "summary.md")
    roles = {
        t.strip() for m in re.finditer(r"\{jirab?\}`([^`]*)`", summary) for t in m[1].split(",")
    }
    assert {f"DM-{n}" for n in numbers} <= roles
    plain = re.sub(r"\{jirab?\}`[^`]*`", " ", summary)
    for word in re.findall(r"[a-z]+", "".join(glue[: len(numbers) - 1])):
        assert re.search(rf"\b{word}\b", plain), (word, summary)
