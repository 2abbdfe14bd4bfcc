"""The importer: an exported monthly report into ``reports/YYYY-MM/`` MyST pages.

Most tests write a small synthetic export (the real title block, then a few
paragraphs, items and headings separated by blank lines, as in the real
export) and convert it in memory; the seed tests use the real January 2020
export and the committed ``reports/2020-01``.
"""

from __future__ import annotations

import re
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from commands import run_cli

from dmreport.core.errors import DmreportError
from dmreport.core.registry import CITATIONS_FILE, citation_label, load_bib, load_links, load_wbs
from dmreport.importer import ImportResult, convert_export, import_month
from dmreport.importer.fidelity import Word, compare, export_words, page_words
from dmreport.importer.readers import read_source
from dmreport.importer.structure import structure

MONTH = "2020-01"
TITLE_BLOCK = (
    "\n\nVera C. Rubin Observatory\n\nData Management Monthly Report\n\n"
    "January 2020\n\nHigh-level Summary\n\n"
)
SUMMARY = "The month went well."
ALERT_PRODUCTION = ("1.02C.03: Alert Production", "Current accomplishments")


# --- helpers -----------------------------------------------------------------


def export_text(*blocks: str, summary: str = SUMMARY) -> str:
    """An export: title block, one summary paragraph, then ``blocks``
    (paragraphs, items, headings), one per line with blank lines between."""
    return TITLE_BLOCK + "\n\n".join([summary, *blocks]) + "\n"


def write_export(root: Path, *blocks: str, summary: str = SUMMARY) -> Path:
    source = root / "export.txt"
    source.write_text(export_text(*blocks, summary=summary), encoding="utf-8")
    return source


def convert(
    root: Path, *blocks: str, summary: str = SUMMARY
) -> tuple[dict[str, str], ImportResult, Path]:
    """Convert a synthetic export in memory: pages by filename, result, source."""
    source = write_export(root, *blocks, summary=summary)
    pages, result = convert_export(source, MONTH, root)
    return {page.filename: page.text for page in pages}, result, source


def line_of(source: Path, fragment: str) -> int:
    """The export line that holds ``fragment``."""
    for number, line in enumerate(source.read_text("utf-8").splitlines(), 1):
        if fragment in line:
            return number
    raise AssertionError(f"{fragment!r} is not in {source}")


def snapshot(directory: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(directory.iterdir())}


def toctree_entries(index: str) -> list[str]:
    """Page names listed by a landing page's toctrees, in order."""
    entries: list[str] = []
    for body in re.findall(r"^```\{toctree\}\n(.*?)^```$", index, re.S | re.M):
        entries += [line for line in body.splitlines() if line and not line.startswith(":")]
    return entries


def role_text_for(bib_path: Path) -> Callable[[str, str], str]:
    """What a reader sees for a role, as in ``importer.convert_export``."""
    bib = load_bib(bib_path)

    def role_text(name: str, content: str) -> str:
        if name.startswith("cite"):
            return " ".join(citation_label(bib, key) for key in content.split(","))
        if name in ("jira", "jirab"):
            return content
        return f"{name.upper()}-{content}"

    return role_text


def assert_one_line_error(process: subprocess.CompletedProcess[str], path: Path):
    assert process.returncode == 1
    assert "Traceback" not in process.stdout + process.stderr
    lines = process.stderr.strip().splitlines()
    assert len(lines) == 1, process.stderr
    assert lines[0].startswith("error: ")
    assert str(path) in lines[0]


# --- 1. ticket links ---------------------------------------------------------


@pytest.mark.parametrize(
    ("link", "role"),
    [
        ("[[DM-22727](#)]", "{jirab}`DM-22727`"),
        (r"[\[DM-22741\]](#)", "{jirab}`DM-22741`"),
        (r"[\[DM-1, DM-2\]](#)", "{jirab}`DM-1, DM-2`"),
        ("[[DM-23209](#), [DM-23210](#)]", "{jirab}`DM-23209, DM-23210`"),
        ("[DM-21438](#)", "{jira}`DM-21438`"),
        ("[DM-22648, DM-22708](#)", "{jira}`DM-22648, DM-22708`"),
        ("[RFC-650](#)", "{jira}`RFC-650`"),
        (r"[\[RFC-666\]](#)", "{jirab}`RFC-666`"),
        ("[[RFC-620](#), [DM-22559](#)]", "{jirab}`RFC-620, DM-22559`"),
    ],
)
def test_ticket_link_becomes_one_jira_role(project: Path, link: str, role: str):
    pages, result, _ = convert(project, summary=f"Work went on in {link} this month.")
    assert f"Work went on in {role} this month." in pages["summary.md"]
    assert result.tickets == set(re.findall(r"(?:DM|RFC)-\d+", role))


# --- 2. plain ids and document handles -----------------------------------------


@pytest.mark.parametrize(
    ("reference", "role"),
    [
        ("DM-22559", "{jira}`DM-22559`"),
        ("RFC-620", "{jira}`RFC-620`"),
        ("LDM-294", "{ldm}`294`"),
        ("[LDM-294](#)", "{ldm}`294`"),
        ("LSE-163", "{lse}`163`"),
        ("LPM-17", "{lpm}`17`"),
        ("LCR-1923", "{lcr}`1923`"),
        ("DMTR-201", "{dmtr}`201`"),
        ("[DMTN-136](#)", "{dmtn}`136`"),
        ("SQR-001", "{sqr}`001`"),
        ("PSTN-017", "{pstn}`017`"),
        ("[PSTN-017](#)", "{pstn}`017`"),
    ],
)
def test_plain_reference_becomes_role(project: Path, reference: str, role: str):
    pages, result, _ = convert(project, summary=f"As noted in {reference}, it works.")
    assert f"As noted in {role}, it works." in pages["summary.md"]
    handle = reference.strip("[]()#")
    assert handle in result.tickets | result.documents


@pytest.mark.parametrize("text", ["`DM-12345`", "`LDM-294`", "(DM-SST)"])
def test_code_spans_are_not_references(project: Path, text: str):
    pages, result, _ = convert(project, summary=f"See {text} for the details.")
    assert f"See {text} for the details." in pages["summary.md"]
    assert not result.tickets
    assert not result.documents


@pytest.mark.parametrize("milestone", ["DM-NCSA-11", "DM-DRP-8", "IT-725-M", "DLP-802"])
def test_milestone_ids_become_milestone_roles(project: Path, milestone: str):
    # a milestone cited without a record must be one the plan lists (DMR030)
    plan = project / "data" / "milestones.yaml"
    plan.write_text(f"milestones:\n  - id: {milestone}\n    title: A milestone\n", "utf-8")
    pages, result, _ = convert(project, summary=f"See {milestone} for the details.")
    assert f"See {{milestone}}`{milestone}` for the details." in pages["summary.md"]
    assert not result.tickets
    assert result.references["milestone"] == 1


# --- 3. links ----------------------------------------------------------------


def test_registered_link_gets_its_public_url(project: Path):
    url = load_links(project)["Apache Cassandra"]
    pages, result, _ = convert(
        project, summary="We are evaluating [Apache Cassandra](#) for the APDB."
    )
    assert f"evaluating [Apache Cassandra]({url}) for" in pages["summary.md"]
    assert result.references["link"] == 1
    assert not result.unresolved


def test_unknown_link_stays_as_words_and_is_reported(project: Path):
    pages, result, source = convert(
        project, summary="Results are presented in [these slides](#); more soon."
    )
    assert "Results are presented in these slides; more soon." in pages["summary.md"]
    assert result.unresolved == [(line_of(source, "these slides"), "these slides")]


def test_no_placeholder_link_survives(project: Path):
    links = (
        r"[[DM-1](#)] [\[DM-2\]](#) [DM-3](#) [LDM-294](#) [Apache Cassandra](#) "
        "[these slides](#) ([Holman et al, 2018](#)) [Nobody et al, 1999](#) "
        "[[DM-4](#), [DM-5](#)] [Jupyter notebook](#)."
    )
    pages, _, _ = convert(project, *ALERT_PRODUCTION, f"- {links}", summary=links)
    for name, text in pages.items():
        assert "(#)" not in text, name


# --- 4. citations ------------------------------------------------------------


def test_citation_becomes_cite_role_and_page_gains_references(project: Path):
    pages, result, _ = convert(
        project,
        *ALERT_PRODUCTION,
        "The pipelines were improved.",
        summary="The HeliLinC algorithm ([Holman et al, 2018](#)) links objects.",
    )
    summary = pages["summary.md"]
    assert "algorithm ({cite:alp}`holman2018`) links" in summary
    assert summary.endswith("\n## References\n\n```{bibliography}\n```\n")
    assert "References" not in pages["alert-production.md"]
    assert result.citations == {"holman2018"}


def test_unknown_citation_stays_as_text_and_is_reported(project: Path):
    pages, result, source = convert(
        project, summary="As shown by [Nobody et al, 1999](#), nothing happens."
    )
    summary = pages["summary.md"]
    assert "As shown by Nobody et al, 1999, nothing happens." in summary
    assert "cite" not in summary
    assert "## References" not in summary
    [(line, text)] = result.unresolved
    assert line == line_of(source, "Nobody")
    assert "Nobody et al, 1999" in text


# --- 5. page-break healing ---------------------------------------------------


@pytest.mark.parametrize(
    ("cut", "rest", "joined"),
    [
        (
            "The tests ran on the",
            "new cluster at NCSA.",
            "The tests ran on the new cluster at NCSA.",
        ),
        (
            "- Aperture corrections improved on precursor (Hyper",
            "Suprime-Cam) data.",
            "- Aperture corrections improved on precursor (Hyper Suprime-Cam) data.",
        ),
    ],
    ids=["paragraph", "list-item"],
)
def test_page_break_is_healed(project: Path, cut: str, rest: str, joined: str):
    pages, result, source = convert(project, *ALERT_PRODUCTION, cut, rest)
    text = pages["alert-production.md"]
    assert f"\n{joined}\n" in text
    assert result.healed == [(line_of(source, cut), line_of(source, rest))]


def test_complete_paragraphs_are_not_joined(project: Path):
    first, second = "The first paragraph is complete.", "then another one follows."
    pages, result, _ = convert(project, *ALERT_PRODUCTION, first, second)
    assert f"\n{first}\n\n{second}\n" in pages["alert-production.md"]
    assert result.healed == []


# --- 6. footnotes ------------------------------------------------------------


def test_footnote_marker_and_truncated_definition(project: Path):
    definition = (
        "The LSST Atmospheric Transmission Imager and Slitless Spectrograph; "
        "the primary instrument on"
    )
    pages, _, _ = convert(
        project,
        f"¹ {definition}",
        summary="Commissioning for LATISS¹ and the Commissioning Camera.",
    )
    lines = pages["summary.md"].splitlines()
    assert "Commissioning for LATISS[^1] and the Commissioning Camera." in lines
    assert f"[^1]: {definition}" in lines


# --- 7. lists ----------------------------------------------------------------


def test_nested_bullets_and_emphasis_are_kept(project: Path):
    pages, _, _ = convert(
        project,
        "- Attended the meeting, where he:",
        " - supported the booth;",
        " - gave *several* virtual tours.",
        "- Returned home.",
        summary="The DM Project Manager:",
    )
    assert (
        "The DM Project Manager:\n\n"
        "- Attended the meeting, where he:\n"
        "  - supported the booth;\n"
        "  - gave *several* virtual tours.\n"
        "- Returned home.\n"
    ) in pages["summary.md"]


# --- 8. headings -------------------------------------------------------------


def headings(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.startswith("#")]


def test_wbs_line_makes_a_page_with_front_matter_and_sections(project: Path):
    pages, _, _ = convert(
        project,
        "1.02C.03: Alert Production",
        "Current accomplishments",
        "02C.03.04 – Alert Generation Pipeline",
        "- Image differencing was fixed.",
        "Planned activities",
        "More of the same.",
        "Staffing update",
        "No changes.",
    )
    text = pages["alert-production.md"]
    assert text.startswith('---\nwbs: "1.02C.03"\ntitle: "Alert Production"\n---\n')
    assert headings(text) == [
        "# 1.02C.03: Alert Production",
        "## Current accomplishments",
        "### 02C.03.04 – Alert Generation Pipeline",
        "## Planned activities",
        "## Staffing update",
    ]
    assert toctree_entries(pages["index.md"]) == [
        "summary",
        "alert-production",
    ]


def test_sub_element_nests_under_the_element_it_extends(project: Path):
    pages, _, _ = convert(
        project,
        "1.02C.08: International Communications & Base Site",
        "Current accomplishments",
        "02C.08.03 – Long-Haul Networks",
        "Work on the networks went on.",
        "02C.08.03.01 – Chile National WAN",
        "The national WAN is up.",
        "02C.08.03.02 – International Chile–US WAN",
        "The international link is up.",
        "Planned activities",
        "02C.08.03.01 – Chile National WAN",
        "More testing.",
    )
    assert headings(pages["international-communications.md"])[1:] == [
        "## Current accomplishments",
        "### 02C.08.03 – Long-Haul Networks",
        "#### 02C.08.03.01 – Chile National WAN",
        "#### 02C.08.03.02 – International Chile–US WAN",
        "## Planned activities",
        "### 02C.08.03.01 – Chile National WAN",
        "## Staffing update",  # added, empty: the export had none
    ]


def test_missing_standard_sections_are_added_in_order(project: Path):
    pages, _, _ = convert(
        project,
        "1.02C.05: Science User Interface & Tools",
        "This WBS supports the Science Platform Scientist.",
        "Planned activities",
        "- Work on the portal.",
    )
    assert headings(pages["science-user-interface.md"])[1:] == [
        "## Current accomplishments",
        "## Planned activities",
        "## Staffing update",
    ]


def test_milestones_become_records_under_their_area(project: Path):
    pages, result, _ = convert(
        project,
        "Milestone Summary",
        "Milestones Completed",
        "DM-NET-4: Base LAN installed",
        "This includes the Base Campus Network.",
        "Completion date (as reported in PMCS): 1/31/20",
        "Milestones Delayed",
        "Data Release Production",
        "DM-DRP-8: Calibration product generation for the Auxiliary Telescope",
        "Due 2020-01-21",
        "The DM team is supporting initial observations.",
        "Science Data Archive & Application Services",
        "DLP-802: Alert Production Database (APDB) Design",
        "2016-11-30",
        "Work continues.",
    )
    text = pages["milestones.md"]
    assert headings(text) == [
        "# Milestone Summary",
        "## Milestones Completed",
        "## Milestones Delayed",
        "### Data Release Production",
        "### Science Data Archive & Application Services",
        "## Milestone trend analysis",
        "## Milestone burndown",
    ]
    assert (
        "```{milestone} DM-NET-4\n:title: Base LAN installed\n:status: completed\n"
        ":wbs: 1.02C.08\n:completed: 2020-01-31\n\nThis includes the Base Campus "
        "Network.\n\nCompletion date (as reported in PMCS): 1/31/20\n```"
    ) in text
    assert (
        "```{milestone} DM-DRP-8\n:title: Calibration product generation for the "
        "Auxiliary Telescope\n:status: delayed\n:wbs: 1.02C.04\n:due: 2020-01-21\n\n"
        "The DM team is supporting initial observations.\n```"
    ) in text
    assert ":wbs: 1.02C.06\n:due: 2016-11-30\n" in text  # from the area heading
    assert "Due 2020-01-21" not in text  # the option holds it
    assert not result.tickets


def test_seed_milestones_are_twelve_records(project: Path, seed: Path):
    pages, _ = convert_export(seed, MONTH, project)
    text = next(page.text for page in pages if page.filename == "milestones.md")
    ids = re.findall(r"^```\{milestone\} (\S+)$", text, re.M)
    assert len(ids) == 12
    assert text.count(":status: completed") == 1
    assert text.count(":status: delayed") == 11
    assert re.findall(r"^:(?:due|completed): (.*)$", text, re.M) == [
        "2020-01-31", "2020-01-21", "2018-11-30", "2018-11-30", "2019-02-28",
        "2018-11-30", "2019-05-31", "2016-11-30", "2019-02-28", "2019-07-29",
        "2019-09-25", "2019-07-29",
    ]  # fmt: skip


# --- 9. fidelity -------------------------------------------------------------


@pytest.mark.parametrize(
    "output",
    [["alpha", "beta", "delta"], ["alpha", "beta", "gammas", "delta"]],
    ids=["dropped", "changed"],
)
def test_compare_reports_a_missing_word_with_its_export_line(output: list[str]):
    source = export_words("alpha beta\ngamma delta\n", [])
    report = compare(source, output)
    assert not report.ok
    assert report.missing == [Word("gamma", 2)]
    assert "export.txt:2: word 'gamma' is missing" in report.describe("export.txt")


def test_compare_reports_a_reordered_pair():
    source = export_words("alpha beta gamma\n", [])
    report = compare(source, ["alpha", "gamma", "beta"])
    assert not report.ok
    assert [word.text for word in report.missing] in (["beta"], ["gamma"])


def test_compare_allows_extra_words_in_the_pages():
    source = export_words("alpha beta\n", [])
    assert compare(source, ["heading", "alpha", "role", "beta", "end"]).ok


def test_export_words_skip_structural_lines_link_markup_and_markers():
    words = export_words("Title\nSee [Apache Cassandra](#) and LATISS¹.\n", [1])
    assert words == [Word(text, 2) for text in ("see", "apache", "cassandra", "and", "latiss")]


def test_page_words_show_roles_as_their_text_and_drop_markup(repo: Path):
    page = (
        '---\nwbs: "1.02C.03"\ntitle: "Alert Production"\n---\n'
        "See {jirab}`DM-1, DM-2` and [Apache Cassandra](https://cassandra.apache.org/)"
        " in {ldm}`294` ({cite:alp}`holman2018`)[^1].\n\n"
        "[^1]: A note.\n\n## References\n\n```{bibliography}\n```\n"
    )
    words = page_words(page, role_text_for(repo / CITATIONS_FILE))
    assert " ".join(words) == (
        "see dm 1 dm 2 and apache cassandra in ldm 294 holman et al 2018 a note references"
    )


def test_committed_month_holds_every_word_of_the_seed_in_order(repo: Path, seed: Path):
    month = repo / "reports" / MONTH
    order = toctree_entries((month / "index.md").read_text(encoding="utf-8"))
    assert order[:2] == ["summary", "milestones"]
    assert len(order) == 12
    role_text = role_text_for(repo / CITATIONS_FILE)
    output = [
        word
        for name in order
        for word in page_words((month / f"{name}.md").read_text("utf-8"), role_text)
    ]
    shape = structure(read_source(seed), load_wbs(repo))
    structural = [replaced.line for replaced in shape.replaced]
    assert structural == [3, 5, 7, 141]  # title block and "Detailed Project Progress"
    report = compare(export_words(seed.read_text(encoding="utf-8"), structural), output)
    assert report.ok, report.describe(str(seed))


# --- 10. the seed ------------------------------------------------------------


def test_seed_import_finds_pages_and_references(project: Path, seed: Path):
    result = import_month(seed, MONTH, project)
    assert len(result.pages) == 13
    assert sorted(p.name for p in result.directory.iterdir()) == sorted(result.pages)
    assert len(result.tickets) == 72
    assert len({t for t in result.tickets if t.startswith("DM-")}) == 69
    assert len({t for t in result.tickets if t.startswith("RFC-")}) == 3
    assert result.documents == {
        "LDM-294",
        "LDM-643",
        "LDM-732",
        "LSE-163",
        "LCR-1923",
        "DMTR-201",
        "DMTN-133",
        "DMTN-136",
        "DMTN-137",
        "PSTN-017",
    }
    assert len(result.healed) == 9
    for path in result.directory.iterdir():
        assert "(#)" not in path.read_text(encoding="utf-8"), path.name


def test_committed_month_is_a_fresh_import_of_the_seed(project: Path, seed: Path, repo: Path):
    result = import_month(seed, MONTH, project)
    committed = repo / "reports" / MONTH
    fresh = snapshot(result.directory)
    assert sorted(fresh) == sorted(snapshot(committed))
    for name, content in snapshot(committed).items():
        assert fresh[name] == content, f"{name} differs from a fresh import"


# --- 11. safety --------------------------------------------------------------


def test_existing_month_is_kept_without_force(project: Path, seed: Path):
    result = import_month(write_export(project, *ALERT_PRODUCTION, "Work."), MONTH, project)
    before = snapshot(result.directory)
    with pytest.raises(DmreportError, match="--force"):
        import_month(seed, MONTH, project)
    assert snapshot(result.directory) == before


def test_force_replaces_the_month(project: Path):
    first = import_month(write_export(project, *ALERT_PRODUCTION, "Work."), MONTH, project)
    assert (first.directory / "alert-production.md").exists()
    second = import_month(
        write_export(project, summary="A quiet month."), MONTH, project, force=True
    )
    assert sorted(snapshot(second.directory)) == ["index.md", "summary.md"]
    assert "A quiet month." in (second.directory / "summary.md").read_text("utf-8")
    assert sorted(p.name for p in (project / "reports").iterdir()) == [
        MONTH,
        "index.md",
    ]


def test_text_of_a_grouping_element_goes_to_its_first_page(project: Path):
    """1.02C.02 has no page of its own: its text is on the page of its first
    element that has one, under its heading as written, and the import
    says so."""
    source = write_export(project, "1.02C.02: Systems Engineering", "Work of the group.")
    result = import_month(source, MONTH, project)
    page = (result.directory / "dm-science.md").read_text("utf-8")
    assert page.index("1.02C.02: Systems Engineering") < page.index("Work of the group.")
    assert any("1.02C.02 Systems Engineering has no page" in n.message for n in result.notes)


@pytest.mark.parametrize("heading", ["1.02C.99: Nowhere"], ids=["unregistered"])
def test_wbs_element_without_a_page_is_refused(project: Path, heading: str):
    source = write_export(project, heading, "Current accomplishments", "Work.")
    with pytest.raises(DmreportError) as caught:
        import_month(source, MONTH, project)
    code = heading.split(":")[0]
    assert f"{source}:{line_of(source, code)}:" in str(caught.value)
    assert code in str(caught.value)
    assert [p.name for p in (project / "reports").iterdir()] == ["index.md"]


def test_failed_forced_import_keeps_the_existing_month(project: Path, seed: Path):
    result = import_month(seed, MONTH, project)
    before = snapshot(result.directory)
    bad = write_export(project, "1.02C.99: Nowhere", "Work.")
    with pytest.raises(DmreportError, match=r"1\.02C\.99"):
        import_month(bad, MONTH, project, force=True)
    assert snapshot(result.directory) == before
    assert sorted(p.name for p in (project / "reports").iterdir()) == [
        MONTH,
        "index.md",
    ]


def test_non_utf8_export_is_refused_with_its_line(project: Path):
    source = project / "export.txt"
    source.write_bytes(export_text("Caf\xe9 talk.").encode("latin-1"))
    with pytest.raises(DmreportError, match="UTF-8") as caught:
        import_month(source, MONTH, project)
    assert caught.value.line == 13
    assert f"{source}:13:" in str(caught.value)
    assert [p.name for p in (project / "reports").iterdir()] == ["index.md"]


@pytest.mark.parametrize("month", ["2020-13", "2020-00", "2020-1", "January 2020"])
def test_malformed_month_is_refused(project: Path, month: str):
    with pytest.raises(DmreportError, match="not a month"):
        import_month(write_export(project), month, project)
    assert [p.name for p in (project / "reports").iterdir()] == ["index.md"]


# --- 12. command line --------------------------------------------------------


def test_cli_import_reports_what_it_did(project: Path, seed: Path):
    process = run_cli("import", str(seed), "--month", MONTH, "--root", ".", cwd=project)
    assert process.returncode == 0, process.stderr
    out = process.stdout
    assert "Pages written (13): index.md, summary.md, milestones.md, " in out
    assert "References found: 5 citation, 13 document, 17 link, 2 milestone, 75 ticket" in out
    assert "72 distinct tickets, 10 documents" in out
    assert "Links left unresolved (8), kept as text:" in out
    assert f"  {seed}:379: [these slides](#)" in out.splitlines()
    assert (project / "reports" / MONTH / "square.md").is_file()


def test_cli_missing_export_is_one_line_error(project: Path):
    missing = project / "no-such-export.txt"
    process = run_cli("import", str(missing), "--month", MONTH, "--root", str(project), cwd=project)
    assert_one_line_error(process, missing)
    assert "not found" in process.stderr


def test_cli_existing_month_is_one_line_error(project: Path, seed: Path):
    import_month(seed, MONTH, project)
    process = run_cli("import", str(seed), "--month", MONTH, "--root", str(project), cwd=project)
    assert_one_line_error(process, project / "reports" / MONTH)
    assert "--force" in process.stderr


# --- edge cases ----------------------------------------------------------------


def test_superscript_without_footnote_is_kept(project: Path):
    pages, _, _ = convert(project, summary="The new machine room covers 200 m².")
    assert "The new machine room covers 200 m²." in pages["summary.md"]


def test_repeated_wbs_heading_is_refused(project: Path):
    source = write_export(
        project,
        *ALERT_PRODUCTION,
        "First section words.",
        "1.02C.03: Alert Production",
        "Planned activities",
        "Second section words.",
    )
    with pytest.raises(DmreportError, match="starts twice") as error:
        import_month(source, MONTH, project)
    assert error.value.line is not None
    assert not (project / "reports" / MONTH).exists()


def test_cli_lists_unknown_citation_like_an_unknown_link(project: Path):
    source = write_export(project, summary="As shown by [Nobody et al, 1999](#).")
    process = run_cli("import", str(source), "--month", MONTH, "--root", ".", cwd=project)
    assert process.returncode == 0, process.stderr
    assert f"  {source}:11: [Nobody et al, 1999](#)" in process.stdout.splitlines()


def test_month_must_match_the_export(project: Path):
    source = write_export(project, summary="Words.")
    with pytest.raises(DmreportError, match="--month 2020-01") as error:
        import_month(source, "2020-02", project)
    assert error.value.line == 7


@pytest.mark.parametrize("added", ["notes.md", "plot.png", "_images/figure.png"])
def test_force_never_deletes_what_a_writer_added(project: Path, added: str):
    """--force replaces the pages an import writes; anything else in the
    month is named and the import refused, the month left as it was."""
    first = import_month(write_export(project, *ALERT_PRODUCTION, "Work."), MONTH, project)
    extra = first.directory / added
    extra.parent.mkdir(parents=True, exist_ok=True)
    extra.write_bytes(b"a writer's file")
    files = sorted(first.directory.rglob("*"))
    before = {path: path.read_bytes() for path in files if path.is_file()}
    with pytest.raises(DmreportError, match=re.escape(added)) as caught:
        import_month(write_export(project, summary="A quiet month."), MONTH, project, force=True)
    assert "nothing was written" in str(caught.value)
    assert sorted(first.directory.rglob("*")) == files
    assert {path: path.read_bytes() for path in files if path.is_file()} == before
