"""The checks of report pages (dmreport.checks) on a corpus of bad pages,
tests/bad/, and on pages generated for every identifier family of core.ids.

Each bad page has one mistake. ``check_paths``, ``dmreport check`` and the
Sphinx build must all report it, under the same code, at the same line; the
good pages (the real reports and the test root) must pass.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from sphinx.cmd.build import build_main

from dmreport.checks import Code, Problem, check_file, check_paths, check_text
from dmreport.checks.project import Project
from dmreport.checks.safety import is_safe_link, scheme_of
from dmreport.core.ids import DOCUMENT_SERIES, JIRA_PROJECTS, JIRA_ROLES, DocumentSeries
from dmreport.core.registry import load_wbs

TESTS = Path(__file__).resolve().parent
BAD = TESTS / "bad"
TEST_ROOT = TESTS / "roots" / "test-months"
REPO = TESTS.parent
ANSI = re.compile(r"\x1b\[[0-9;]*m")


@dataclass(frozen=True)
class Expected:
    """One problem a case expects."""

    code: Code
    line: int
    col: int | None
    message: str

    def matches(self, problem: Problem) -> bool:
        return (
            problem.code == self.code
            and problem.line == self.line
            and (self.col is None or problem.col == self.col)
            and self.message in problem.message
        )


@dataclass(frozen=True)
class Case:
    """A bad page, the path it takes in a project, and what it must produce."""

    file: str
    path: str
    expected: tuple[Expected, ...]
    conf: str = ""
    xfail: str = ""
    #: The page is a symbolic link to the case's file outside the repository.
    symlink: bool = False


def _expected(entry: dict) -> Expected:
    return Expected(Code(entry["code"]), entry["line"], entry.get("col"), entry["message"])


def _load_cases() -> list[Case]:
    entries = yaml.safe_load((BAD / "cases.yaml").read_text(encoding="utf-8"))["cases"]
    return [
        Case(
            file=entry["file"],
            path=entry["path"],
            expected=(_expected(entry), *(_expected(e) for e in entry.get("also", []))),
            conf=entry.get("conf", ""),
            xfail=entry.get("xfail", ""),
            symlink=entry.get("symlink", False),
        )
        for entry in entries
    ]


CASES = _load_cases()


def _params() -> list:
    """Every case, as a parameter; a wrong check is a strict xfail, never a skip."""
    return [
        pytest.param(
            case,
            id=case.file.removesuffix(".md"),
            marks=[pytest.mark.xfail(strict=True, reason=case.xfail)] if case.xfail else [],
        )
        for case in CASES
    ]


def _tree(case: Case, tmp_path: Path) -> Path:
    """A copy of the test root with the case's page at its path."""
    root = tmp_path / "root"
    shutil.copytree(TEST_ROOT, root, ignore=shutil.ignore_patterns("_build"))
    target = root / case.path
    target.parent.mkdir(parents=True, exist_ok=True)
    if case.symlink:
        target.unlink(missing_ok=True)
        target.symlink_to(shutil.copyfile(BAD / case.file, tmp_path / case.file))
    else:
        shutil.copyfile(BAD / case.file, target)
    if case.conf:
        with (root / "conf.py").open("a", encoding="utf-8") as conf:
            conf.write(f"\n{case.conf}\n")
    # What an include that leaves the repository reaches: it exists, so the
    # build has no other reason to complain.
    (tmp_path / "outside.md").write_text("Text from outside the repository.\n", encoding="utf-8")
    return root


def _assert_problems(case: Case, problems: list[Problem]) -> None:
    """Exactly the expected problems, each once, on the case's page."""
    shown = "\n".join(str(p) for p in problems) or "(none)"
    assert len(problems) == len(case.expected), f"problems:\n{shown}"
    unmatched = list(problems)
    for expected in case.expected:
        found = next((p for p in unmatched if expected.matches(p)), None)
        assert found is not None, f"expected {expected} among:\n{shown}"
        assert found.path == case.path
        unmatched.remove(found)


# -- the corpus ----------------------------------------------------------


def test_corpus_is_complete() -> None:
    """Every page has exactly one case, every case a page, and the codes run
    DMR001, DMR002, ... without a gap."""
    pages = sorted(p.name for p in BAD.iterdir() if p.name != "cases.yaml")
    named = [case.file for case in CASES]
    assert sorted(named) == pages
    assert len(set(named)) == len(named)
    assert len(CASES) >= 25
    assert [code.value for code in Code] == [f"DMR{n:03d}" for n in range(1, len(Code) + 1)]


@pytest.mark.parametrize("code", list(Code), ids=lambda code: code.value)
def test_code_is_documented(code: Code) -> None:
    """Each code says what is wrong and how to fix it, in one line each."""
    for text in (code.summary, code.fix):
        assert text.strip(), code
        assert "\n" not in text, code
        assert text.endswith("."), code


#: Codes a single page cannot show: they need the month's git history
#: (tests/test_published.py).
HISTORY_CODES = {Code.TEXT_CHANGED}


@pytest.mark.parametrize(
    "code", [c for c in Code if c not in HISTORY_CODES], ids=lambda code: code.value
)
def test_code_has_a_case(code: Code, tmp_path: Path) -> None:
    """Each code is the expected code of a bad page, and every such page
    that is not marked xfail makes the checks report it."""
    cases = [case for case in CASES if case.expected[0].code is code and not case.xfail]
    assert cases, f"no case in tests/bad/cases.yaml expects {code.value} ({code.name})"
    for number, case in enumerate(cases):
        root = _tree(case, tmp_path / str(number))
        found = {problem.code for problem in check_paths(root, [root / case.path])}
        assert code in found, f"{case.file} does not trigger {code.value}"


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.file.removesuffix(".md"))
def test_page_says_what_is_wrong(case: Case) -> None:
    """One "% bad:" comment line says what is wrong, and the page goes into
    the published month 2019-12 (which the to-do check needs)."""
    lines = (BAD / case.file).read_bytes().decode("utf-8", "replace").splitlines()
    assert len([line for line in lines if line.startswith("% bad: ")]) == 1
    assert re.fullmatch(r"reports/2019-12/([a-z0-9-]+/)?[a-z0-9-]+\.md", case.path)


# -- check_paths and check_file ------------------------------------------


@pytest.mark.parametrize("case", _params())
def test_check_paths(case: Case, tmp_path: Path) -> None:
    root = _tree(case, tmp_path)
    _assert_problems(case, check_paths(root, []))
    # The page alone gives the same problems.
    assert check_file(root / case.path, root, load_wbs(root)) == check_paths(
        root, [root / case.path]
    )


# -- every identifier family -----------------------------------------------

#: A clean WBS page of the test root; @WORDS@ stands for one bullet's text.
FAMILY_PAGE = """\
---
wbs: "1.02C.03"
title: "Alert Production"
---
# 1.02C.03: Alert Production

## Current accomplishments

### 02C.03.04 – Alert Generation Pipeline

- Reworked the alert packet schema. @WORDS@ Tested against the December data.

## Planned activities

- Review the packet sizes.

## Staffing update

- One new developer from January.
"""
FAMILY_PATH = "reports/2019-12/alert-production.md"
#: Milestone codes in each shape reports write (core.ids.MILESTONE).
MILESTONES = ("LDM-503-11a", "LDM-503-EFDb", "DM-DRP-8", "DLP-802", "IT-725-M")


def _family_check(words: str, project: Project | None = None) -> list[Problem]:
    """The problems of the family page with ``words`` in its bullet."""
    text = FAMILY_PAGE.replace("@WORDS@", words)
    return check_text(FAMILY_PATH, text, TEST_ROOT, load_wbs(TEST_ROOT), project)


def _one_problem(words: str, code: Code, message: str, project: Project | None = None) -> None:
    """``words`` make exactly one problem, ``code`` with ``message``, at the
    column where ``words`` start (a role's opening brace)."""
    found = _family_check(words, project)
    assert [(p.code, p.message) for p in found] == [(code, message)], found
    line = FAMILY_PAGE.splitlines()
    row = next(number for number, text in enumerate(line, 1) if "@WORDS@" in text)
    assert (found[0].line, found[0].col) == (row, line[row - 1].index("@WORDS@") + 1)


def _one_plain(identifier: str, code: Code, message: str) -> None:
    """A plain ``identifier`` gets exactly ``code`` with ``message``, where it is."""
    words = f"See {identifier}, as agreed."
    lines = FAMILY_PAGE.splitlines()
    line = next(number for number, text in enumerate(lines, 1) if "@WORDS@" in text)
    col = lines[line - 1].index("@WORDS@") + words.index(identifier) + 1
    assert _family_check(words) == [Problem(FAMILY_PATH, line, col, code, message)]


def test_family_page_is_clean() -> None:
    assert _family_check("Nothing to cite.") == []


@pytest.mark.parametrize("series", DOCUMENT_SERIES, ids=lambda series: series.prefix)
def test_plain_document_of_every_series(series: DocumentSeries) -> None:
    handle = f"{series.prefix}-123"
    _one_plain(
        handle,
        Code.PLAIN_DOCUMENT,
        f"document {handle} as plain text; write {{{series.role}}}`123`",
    )
    assert _family_check(f"See {{{series.role}}}`123`, as agreed.") == []


@pytest.mark.parametrize("project", JIRA_PROJECTS)
def test_plain_ticket_of_every_project(project: str) -> None:
    ticket = f"{project}-4567"
    _one_plain(
        ticket, Code.PLAIN_TICKET, f"ticket {ticket} as plain text; write {{jira}}`{ticket}`"
    )
    for role in JIRA_ROLES:
        assert _family_check(f"See {{{role}}}`{ticket}`, as agreed.") == [], role


@pytest.mark.parametrize("milestone", MILESTONES)
def test_plain_milestone_of_every_shape(milestone: str) -> None:
    _one_plain(
        milestone,
        Code.PLAIN_MILESTONE,
        f"milestone {milestone} as plain text; write {{milestone}}`{milestone}`",
    )
    assert _family_check(f"See {{milestone}}`{milestone}`, as agreed.") == []


# -- role arguments of every identifier family -------------------------------


@pytest.mark.parametrize("series", DOCUMENT_SERIES, ids=lambda series: series.prefix)
def test_document_role_arguments_of_every_series(series: DocumentSeries) -> None:
    role = series.role
    assert _family_check(f"{{{role}}}`123` was updated.") == []
    for written in (f"{series.prefix}-123", f"{series.prefix.lower()}123"):
        _one_problem(
            f"{{{role}}}`{written}` was updated.",
            Code.ROLE_NAMES_SERIES,
            f"{{{role}}}`{written}` repeats its series; write {{{role}}}`123`",
        )
    other = next(s for s in DOCUMENT_SERIES if s is not series)
    _one_problem(
        f"{{{role}}}`{other.prefix}-045` was updated.",
        Code.ROLE_NAMES_SERIES,
        f"{{{role}}}`{other.prefix}-045` names {other.prefix}; write {{{other.role}}}`045`",
    )
    for written in ("abc", "12a", "1 2"):
        _one_problem(
            f"{{{role}}}`{written}` was updated.",
            Code.DOCUMENT_NUMBER,
            f"{{{role}}}`{written}`: {written!r} is not a document number; "
            f"write the number only, e.g. {{{role}}}`123`",
        )


@pytest.mark.parametrize("role", JIRA_ROLES)
@pytest.mark.parametrize("project", JIRA_PROJECTS)
def test_ticket_role_arguments_of_every_project(project: str, role: str) -> None:
    assert _family_check(f"{{{role}}}`{project}-1, {project}-22` were closed.") == []
    for written in (f"{project}23402", f"{project.lower()}-23402", f"{project} 23402"):
        _one_problem(
            f"{{{role}}}`{written}` was closed.",
            Code.BAD_TICKET,
            f"{{{role}}}`{written}`: {written!r} is not a ticket; "
            f"write {{{role}}}`{project}-23402`",
        )


@pytest.mark.parametrize("series", DOCUMENT_SERIES, ids=lambda series: series.prefix)
def test_a_document_in_a_ticket_role(series: DocumentSeries) -> None:
    handle = f"{series.prefix}-503"
    _one_problem(
        f"{{jira}}`{handle}` was closed.",
        Code.BAD_TICKET,
        f"{{jira}}`{handle}`: {handle!r} is not a ticket; {handle} is a document; "
        f"write {{{series.role}}}`503`",
    )


@pytest.mark.parametrize("milestone", MILESTONES)
def test_milestone_role_of_every_shape(milestone: str) -> None:
    defined = Project(frozenset({milestone}))
    words = f"{{milestone}}`{milestone}` is late."
    assert _family_check(words, defined) == []
    _one_problem(
        words,
        Code.UNKNOWN_MILESTONE,
        f"{{milestone}}`{milestone}`: no month's records define milestone {milestone}; "
        "correct the id, or add its record to the month's Milestone Summary (or, for a "
        "milestone only the plan has, to data/milestones.yaml)",
        Project(frozenset()),
    )
    # Without the other pages (the importer), only the id's shape is checked.
    assert _family_check(words) == []
    lower = milestone.lower()
    _one_problem(
        f"{{milestone}}`{lower}` is late.",
        Code.UNKNOWN_MILESTONE,
        f"{{milestone}}`{lower}`: {lower!r} is not a milestone id; "
        f"write {{milestone}}`{milestone.upper()}`",
        Project(frozenset({milestone.upper()})),
    )


@pytest.mark.parametrize(
    "identifier",
    [
        *(f"{series.prefix}-123" for series in DOCUMENT_SERIES),
        *(f"{project}-4567" for project in JIRA_PROJECTS),
        *MILESTONES,
    ],
)
def test_plain_identifier_of_every_family_in_a_title(identifier: str) -> None:
    """A directive's title is Markdown too: a plain id there is found."""
    page = FAMILY_PAGE.replace("@WORDS@", "Done.") + (
        f"\n```{{admonition}} Follow-up of {identifier}\nText.\n```\n"
    )
    found = check_text(FAMILY_PATH, page, TEST_ROOT, load_wbs(TEST_ROOT))
    assert [problem.code for problem in found] in (
        [Code.PLAIN_TICKET],
        [Code.PLAIN_DOCUMENT],
        [Code.PLAIN_MILESTONE],
    ), found
    title = page.splitlines().index(f"```{{admonition}} Follow-up of {identifier}") + 1
    assert (found[0].line, found[0].col) == (title, len("```{admonition} Follow-up of ") + 1)


def test_every_citation_key_as_typed() -> None:
    def check(words: str) -> list[Problem]:
        page = FAMILY_PAGE.replace("@WORDS@", words) + "\n## References\n\n```{bibliography}\n```\n"
        return check_text(FAMILY_PATH, page, TEST_ROOT, load_wbs(TEST_ROOT))

    assert check("After {cite:p}`{see}holman2018{p. 2}`.") == []
    found = check("After {cite:p}`holman2018, Holman2018`.")
    assert [(p.code, p.message) for p in found] == [
        (
            Code.UNKNOWN_CITATION,
            "{cite:p}`holman2018, Holman2018`: citation key 'Holman2018' is not in "
            "data/citations.bib; correct the key or add the work there",
        )
    ]
    assert [(p.code, p.message) for p in check("After {cite:p}`holman2018`.")] == []
    assert [p.code for p in _family_check("After {cite:p}`holman2018`.")] == [Code.NO_BIBLIOGRAPHY]


# -- the records -----------------------------------------------------------


def test_problem_formats() -> None:
    """``dmreport check`` and CI parse these two forms."""
    problem = Problem("reports/2019-12/index.md", 3, 7, Code.PLAIN_TICKET, "ticket DM-1 ...")
    assert str(problem) == "reports/2019-12/index.md:3:7: DMR009 ticket DM-1 ..."
    assert problem.github() == (
        "::error file=reports/2019-12/index.md,line=3,col=7,title=DMR009::ticket DM-1 ..."
    )
    later = Problem("reports/2019-12/index.md", 3, 7, Code.PLAIN_DOCUMENT, "a")
    assert sorted([later, problem]) == [problem, later]


def test_checks_need_no_sphinx() -> None:
    """The importer checks pages without Sphinx."""
    script = (
        "import sys; sys.modules['sphinx'] = None\n"
        "from pathlib import Path\n"
        "from dmreport.checks import check_text\n"
        "from dmreport.core.registry import load_wbs\n"
        f"root = Path({str(TEST_ROOT)!r})\n"
        "problems = check_text('reports/2019-12/x.md', 'See DM-1.', root, load_wbs(root))\n"
        "print(' '.join(p.code.value for p in problems))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 0, result.stderr
    assert "DMR009" in result.stdout.split()


# -- dmreport check --------------------------------------------------------


def _cli(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "dmreport", "check", "--root", str(root), *args],
        capture_output=True,
        text=True,
        cwd=root.parent,
        timeout=60,
        check=False,
    )


def _assert_clean_exit(result: subprocess.CompletedProcess[str], code: int) -> None:
    output = result.stdout + result.stderr
    assert "Traceback" not in output, output
    assert "internal error" not in output, output
    assert result.returncode == code, output


def _assert_lines(case: Case, output: str, pattern: str) -> None:
    """One line of ``output`` per expected problem, each starting with
    ``pattern`` (formatted with the problem's path, line, col and code) and
    holding the expected message."""
    lines = output.splitlines()
    assert len(lines) == len(case.expected), output
    for expected in case.expected:
        head = pattern.format(
            path=re.escape(case.path),
            line=expected.line,
            col=expected.col or r"\d+",
            code=expected.code.value,
        )
        found = [line for line in lines if re.match(head, line) and expected.message in line]
        assert found, f"no {head} ... {expected.message} in:\n{output}"


@pytest.mark.parametrize("case", _params())
def test_cli(case: Case, tmp_path: Path) -> None:
    root = _tree(case, tmp_path)
    text = _cli(root)
    _assert_clean_exit(text, 1)
    assert f"{len(case.expected)} problem(s) found." in text.stderr
    _assert_lines(case, text.stdout, "{path}:{line}:{col}: {code} ")
    github = _cli(root, "--format", "github")
    _assert_clean_exit(github, 1)
    _assert_lines(case, github.stdout, "::error file={path},line={line},col={col},title={code}::")


# -- the Sphinx build ----------------------------------------------------


def _build(root: Path, out: Path) -> tuple[int, list[str]]:
    """A fresh strict HTML build of ``root``: its status and warning lines."""
    warnings = out.parent / "warnings.txt"
    status = build_main(
        [
            *("-q", "-N", "-E", "-W", "--keep-going", "-b", "html", "-w", str(warnings)),
            *("-d", str(out.parent / "doctrees"), str(root), str(out)),
        ]
    )
    text = ANSI.sub("", warnings.read_text(encoding="utf-8")) if warnings.exists() else ""
    return status, [line for line in text.splitlines() if line.strip()]


@pytest.mark.parametrize("case", _params())
def test_build(case: Case, tmp_path: Path) -> None:
    """The build fails, and reports exactly the check's problems."""
    root = _tree(case, tmp_path)
    status, warnings = _build(root, tmp_path / "html")
    shown = "\n".join(warnings) or "(no warnings)"
    ours = sorted(line for line in warnings if re.search(r"WARNING: DMR\d{3} ", line))
    assert len(ours) == len(case.expected), shown
    for expected in case.expected:
        head = f"{root / case.path}:{expected.line}: WARNING: {expected.code.value} "
        assert any(line.startswith(head) and expected.message in line for line in ours), (
            f"no {head}... {expected.message} in:\n{shown}"
        )
    assert status != 0, shown


# -- the good pages --------------------------------------------------------


def test_test_root_passes() -> None:
    assert check_paths(TEST_ROOT, []) == []
    result = _cli(TEST_ROOT)
    _assert_clean_exit(result, 0)
    assert result.stdout == ""
    assert "All checks passed." in result.stderr


def test_real_reports_pass() -> None:
    assert (REPO / "reports").is_dir()
    result = _cli(REPO)
    _assert_clean_exit(result, 0)
    assert result.stdout == ""
    assert "All checks passed." in result.stderr


SPELLINGS = [
    "javascript:alert(1)",
    "JavaScript:alert(1)",
    "&#106;avascript:alert(1)",
    "&#x6A;avascript:alert(1)",
    "&amp;#106;avascript:alert(1)",
    "java&Tab;script:alert(1)",
    "java%73cript:alert(1)",
    "%6Aavascript:alert(1)",
    "java\tscript:alert(1)",
    "java\nscript:alert(1)",
    " \x01javascript:alert(1)",
    "javascript&colon;alert(1)",
]


@pytest.mark.parametrize("uri", SPELLINGS, ids=range(len(SPELLINGS)))
def test_every_spelling_of_a_scheme(uri: str) -> None:
    """A scheme is read as a browser reads it: entities, %-escapes, case
    and white space decoded or dropped."""
    assert scheme_of(uri) == "javascript"
    assert not is_safe_link(uri)


@pytest.mark.parametrize(
    "words",
    [
        "[x](&#106;avascript:alert(1))",
        "[x](JAVA%53CRIPT:alert(1))",
        "<java&#x73;cript:alert(1)>",
        "[x][ref]\n\n[ref]: &#x6A;avascript:alert(1)",
    ],
)
def test_a_link_in_any_spelling_is_refused(words: str) -> None:
    assert Code.UNSAFE_LINK in {p.code for p in _family_check(words)}


@pytest.mark.parametrize(
    ("written", "read"),
    [
        ('"Rehearsal #3 — Due 2022-02-28"', "Rehearsal #3 — Due 2022-02-28"),
        ('"A", "B"', '"A", "B"'),
        ("plain words", "plain words"),
    ],
)
def test_a_quoted_option_is_read_as_yaml_reads_it(written: str, read: str) -> None:
    from dmreport.checks.markup import options

    assert options(f":title: {written}\nBody.")[0] == {"title": read}


@pytest.mark.parametrize("where", ["reports/2019-12", "reports", "wbs"])
def test_check_from_any_folder_of_the_repository(where: str, tmp_path: Path) -> None:
    """Without --root, the repository is found from any folder inside it;
    a page is named relative to where the writer stands."""
    case = next(c for c in CASES if c.file.startswith("dmr040"))
    root = _tree(case, tmp_path)
    page = os.path.relpath(root / case.path, root / where)
    inside = subprocess.run(
        [sys.executable, "-m", "dmreport", "check", page],
        capture_output=True,
        text=True,
        cwd=root / where,
        timeout=60,
        check=False,
    )
    _assert_clean_exit(inside, 1)
    assert inside.stdout == _cli(root).stdout
    assert f"{len(case.expected)} problem(s) found." in inside.stderr


def test_markup_not_rendered_is_kept_and_marked(tmp_path: Path) -> None:
    """An unknown role on a page is shown as written, marked, never dropped."""
    case = next(c for c in CASES if c.file.startswith("dmr012"))
    root = _tree(case, tmp_path)
    status, _ = _build(root, tmp_path / "html")
    assert status != 0
    html = (tmp_path / "html" / "reports" / "2019-12" / "alert-production.html").read_text()
    marked = re.findall(r'<code class="[^"]*dmreport-as-written[^"]*">(.*?)</code>', html, re.S)
    assert [re.sub(r"<[^>]+>", "", m) for m in marked] == ["{issue}`DM-300`"]
    assert "More beta work on" in html


def _outline(headings: str, element: str = "1.02C.08") -> list[tuple[int, str]]:
    """DMR040 problems (line, message start) of a WBS page of the real registry."""
    wbs = load_wbs(REPO)
    title = wbs.by_code[element].title
    sections = "\n\n## Planned activities\n\n## Staffing update\n"
    text = (
        f'---\nwbs: "{element}"\ntitle: "{title}"\n---\n# {element}: {title}\n\n'
        f"## Current accomplishments\n\n{headings}{sections}"
    )
    slug = wbs.by_code[element].slug
    problems = check_text(f"reports/2020-01/{slug}.md", text, REPO, wbs)
    return [(p.line - 8, p.message) for p in problems if p.code is Code.HEADING_STRUCTURE]


@pytest.mark.parametrize(
    ("headings", "expected"),
    [
        ("### 02C.08.03 – A\n\n#### 02C.08.03.01 – B\n", []),  # under its parent, one in
        ("### 02C.08.03.01 – B\n", []),  # no parent heading: level 3
        (
            "### 02C.08.03 – A\n\n### 02C.08.03.01 – B\n",
            [(3, "sub-element heading at level 3 (###); h")],
        ),
        ("#### 02C.08.03 – A\n", [(1, "sub-element heading at level 4 (####); ")]),
        (
            "### 02C.08.03 – A\n\n### 02C.08.03 – A\n",
            [(3, "sub-element 02C.08.03 again under 'Curr")],
        ),
        ("### 2C.8.3 – A\n", [(1, "sub-element code '2C.8.3': write it as t")]),
        ("### 02C.03.04 – Other\n", [(1, "sub-element 02C.03.04 belongs to 1.02C.0")]),
        ("### 02C – Whole\n", []),  # the group it is in
    ],
)
def test_heading_outline(headings: str, expected: list[tuple[int, str]]) -> None:
    found = _outline(headings)
    assert [
        (line, message[: len(start)])
        for (line, message), (_, start) in zip(found, expected, strict=False)
    ] == expected and len(found) == len(expected), found


@pytest.mark.parametrize("count", [1, 2, 111])
def test_todo_lines_are_one_problem_per_page(count: int, tmp_path: Path) -> None:
    case = next(c for c in CASES if c.file == "dmr020-to-do.md")
    root = _tree(case, tmp_path)
    page = root / case.path
    lines = page.read_text().splitlines()
    todo = [n for n, line in enumerate(lines) if line.startswith("% To do")]
    at = todo[0]
    lines[at : at + 1] = [f"% To do: item {n}" for n in range(count)]
    page.write_text("\n".join(lines) + "\n")
    found = [p for p in check_paths(root, [page]) if p.code is Code.TODO_LEFT]
    assert [(p.line, p.message.split(";")[0]) for p in found] == [
        (
            at + 1,
            f"to-do text left in a published month: {count} to-do line{'s' if count > 1 else ''}"
            f" (line{'s' if count > 1 else ''} "
            + ", ".join(str(at + 1 + n) for n in range(min(count, 10)))
            + (", ...)" if count > 10 else ")"),
        )
    ]


@pytest.mark.parametrize(
    ("body", "lines"),
    [
        ("- See the [notes][rel].\n\n[rel]: https://example.org/n", []),  # used: markup
        ("- See the [rel].\n\n[rel]: https://example.org/n", []),
        ("- Nothing uses it.\n\n[rel]: https://example.org/n", [2]),
        ("- Salt &amp; pepper, `code`, {jira}`DM-1` and <https://example.org/a>.", []),
        ("- A footnote[^a].\n\n[^a]: Its text.", []),
        ("| A | B |\n| --- | --- |\n| one | two |", []),
    ],
)
def test_unshown_text(body: str, lines: list[int]) -> None:
    wbs = load_wbs(REPO)
    text = (
        '---\nwbs: "1.02C.03"\ntitle: "Alert Production"\n---\n# 1.02C.03: Alert Production\n\n'
        f"## Current accomplishments\n\n{body}\n\n## Planned activities\n\n## Staffing update\n"
    )
    problems = check_text("reports/2020-01/alert-production.md", text, REPO, wbs)
    assert [p.line - 9 for p in problems if p.code is Code.UNSHOWN] == lines


def test_a_checked_page_is_parsed_once_by_the_build() -> None:
    """The build's parser takes the tokens the checks read, once, for the
    same text and a configuration that parses alike; else it parses."""
    from myst_parser.config.main import MdParserConfig

    from dmreport.checks.tokens import PARSER, parse_page, take

    text = "# Title\n\n:::{note}\nA {jira}`DM-1` note.\n:::\n\nTerm\n: Definition\n"
    site = MdParserConfig(enable_extensions=["deflist", "colon_fence"], heading_anchors=4)
    tokens = parse_page(text)
    assert take(text, site) is tokens
    assert take(text, site) is None  # taken once
    parse_page(text)
    assert take(text + "\n", site) is None  # another text
    parse_page(text)
    assert take(text, MdParserConfig(enable_extensions={"colon_fence"})) is None
    parse_page(text)
    assert take(text, MdParserConfig(commonmark_only=True)) is None
    assert [t.type for t in tokens] == [t.type for t in PARSER.parse(text)]
