"""The writers' workflow: new month, check, status, summary, CODEOWNERS,
page history, end to end on a copy of the repository."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import git
import pytest
from bs4 import BeautifulSoup

from dmreport.checks import check_paths
from dmreport.core.errors import DmreportError
from dmreport.core.registry import load_wbs
from dmreport.tools.build import build_site
from dmreport.tools.writers import codeowners, month_status, new_month, summary_markdown

JIRA = "https://rubinobs.atlassian.net/browse/{ticket}"


@pytest.fixture
def copy(project: Path, repo: Path) -> Path:
    """A copy of the repository with its January 2020 report."""
    shutil.rmtree(project / "reports")
    shutil.copytree(repo / "reports", project / "reports")
    return project


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "dmreport", *args], cwd=cwd, capture_output=True, text=True
    )


def test_new_month_from_the_previous_one(copy: Path) -> None:
    written = new_month(copy, "2020-02")
    month = copy / "reports/2020-02"
    assert [p.name for p in written][:3] == ["index.md", "summary.md", "milestones.md"]
    assert {p.name for p in month.glob("*.md")} == {
        p.name for p in (copy / "reports/2020-01").glob("*.md")
    }
    index = (month / "index.md").read_text()
    assert 'month: "2020-02"' in index and "status: draft" in index
    page = (month / "alert-production.md").read_text()
    assert page.startswith('---\nwbs: "1.02C.03"\ntitle: "Alert Production"\n---\n')
    assert "% - [ ] Shepherd {jira}`RFC-620` to a conclusion." in page
    assert "% - [ ] Numerical warnings" not in page  # accomplishments are not to-dos
    assert re.findall(r"^## .+$", page, re.M) == [
        "## Current accomplishments",
        "## Planned activities",
        "## Staffing update",
    ]
    open_records = (month / "milestones.md").read_text()
    assert open_records.count("```{milestone}") == 11  # the delayed ones
    assert "DM-NET-4" not in open_records
    assert check_paths(copy, [month]) == []


@pytest.mark.parametrize(
    ("month", "message"),
    [("2020-01", "already exists"), ("2020-13", "is not a month"), ("2019-12", "no month before")],
)
def test_new_month_refuses(copy: Path, month: str, message: str) -> None:
    with pytest.raises(DmreportError, match=message):
        new_month(copy, month)


def test_to_do_left_in_a_published_month_fails_the_check(copy: Path) -> None:
    new_month(copy, "2020-02")
    index = copy / "reports/2020-02/index.md"
    index.write_text(index.read_text().replace("status: draft", "status: published"))
    problems = check_paths(copy, [copy / "reports/2020-02/alert-production.md"])
    assert problems and {p.code for p in problems} == {"DMR020"}
    assert problems[0].line == 7


def test_end_to_end_new_month_one_section_check_build(copy: Path) -> None:
    """New month, write one section, check, build: the month is published."""
    assert run("new", "2020-02", cwd=copy).returncode == 0
    page = copy / "reports/2020-02/alert-production.md"
    text = page.read_text()
    text = re.sub(r"^%.*\n", "", text, flags=re.M)
    text = text.replace(
        "## Current accomplishments\n",
        "## Current accomplishments\n\n- The association system now runs on Generation 3"
        " middleware ({jira}`DM-23500`).\n",
    )
    page.write_text(text)
    checked = run("check", "reports/2020-02", cwd=copy)
    assert checked.returncode == 0, checked.stdout
    site = build_site(copy, copy / "_build/html", pdf=False).html
    html = BeautifulSoup((site / "reports/2020-02/alert-production.html").read_text(), "lxml")
    article = html.select_one("article")
    assert "now runs on Generation 3 middleware" in article.get_text()
    assert "- [ ]" not in article.get_text()  # to-do comments are never published
    assert "Nothing reported." in article.get_text()  # the sections left empty
    months = BeautifulSoup((site / "reports/index.html").read_text(), "lxml")
    first = months.select_one("tbody tr").get_text(" ", strip=True)
    assert first.startswith("February 2020 draft")


def test_status_table(copy: Path) -> None:
    repo = git.Repo.init(copy)
    with repo.config_writer() as config:
        config.set_value("user", "name", "Ada Writer")
        config.set_value("user", "email", "ada@example.org")
    repo.index.add(["reports"])
    repo.index.commit("January 2020")
    (copy / "reports/2020-01/square.md").unlink()
    status, sections, missing = month_status(copy, "2020-01")
    assert status == "published"
    by_page = {s.page: s for s in sections}
    assert by_page["alert-production.md"].author == "Ada Writer"
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", by_page["alert-production.md"].date)
    assert by_page["science-user-interface.md"].empty == [
        "Current accomplishments",
        "Planned activities",
        "Staffing update",
    ]
    assert by_page["summary.md"].words > 500
    assert "1.02C.10 Science Quality and Reliability Engineering" in missing
    wbs = load_wbs(copy)
    for element in wbs.pages:  # every page's owners, from the registry
        if f"{element.slug}.md" in by_page:
            assert by_page[f"{element.slug}.md"].owners == list(element.owners)
    page = copy / "reports/2020-01/data-facility.md"
    page.write_text(page.read_text() + "\n% To do: the LDF numbers\n% - [ ] the staffing\n")
    assert {s.page: s.todo for s in month_status(copy, "2020-01")[1]}["data-facility.md"] == 2
    shown = run("status", "2020-01", cwd=copy)
    assert shown.returncode == 0
    assert "alert-production.md" in shown.stdout and "Ada Writer" in shown.stdout
    header, _, *rows = shown.stdout.splitlines()[1:]
    assert header.split() == ["Page", "Owners", "Words", "To-do", "lines", "Empty", "sections",
                              "Last", "commit"]  # fmt: skip
    facility = next(row for row in rows if row.startswith("data-facility.md"))
    assert "@lsst-dm/data-facility" in facility and re.search(r"\s2\s", facility)


def test_new_month_says_where_it_starts(copy: Path) -> None:
    """A month after a gap starts from the latest month before it, and says so."""
    shown = run("new", "2020-03", cwd=copy)
    assert shown.returncode == 0
    assert "from 2020-01" in shown.stdout
    assert "no report for 2020-02" in shown.stderr and "dmreport new 2020-02" in shown.stderr
    following = run("new", "2020-04", cwd=copy)
    assert "from 2020-03" in following.stdout and "warning" not in following.stderr


def test_summary_for_the_forum(copy: Path) -> None:
    text = summary_markdown(copy, "2020-01", "https://example.org/reports/", JIRA)
    assert text.startswith("# High-level Summary\n")
    assert "[LCR-1923](https://ls.st/lcr-1923)" in text
    assert "[DMTR-201](https://ls.st/dmtr-201)" in text
    assert "(Holman et al, 2018)" in text
    assert "{" not in text and "](#)" not in text
    assert text.rstrip().endswith("https://example.org/reports/reports/2020-01/index.html")
    shown = run("summary", "2020-01", cwd=copy)
    assert shown.returncode == 0 and "https://dm-monthly-reports.lsst.io/reports/2020-01" in (
        shown.stdout
    )


def test_codeowners_is_current(repo: Path) -> None:
    committed = (repo / ".github/CODEOWNERS").read_text()
    assert committed == codeowners(repo), "run `dmreport codeowners`"
    assert "/reports/*/alert-production.md @lsst-dm/dm-report-editors" in committed


def test_codeowners_check_fails_when_stale(copy: Path) -> None:
    assert run("codeowners", cwd=copy).returncode == 0
    assert run("codeowners", "--check", cwd=copy).returncode == 0
    registry = copy / "wbs/elements.yaml"
    registry.write_text(registry.read_text().replace("@lsst-dm/square", "@lsst-dm/sqre"))
    stale = run("codeowners", "--check", cwd=copy)
    assert stale.returncode == 1 and "out of date" in stale.stderr


def test_page_history_from_git_and_without_git(copy: Path) -> None:
    repo = git.Repo.init(copy)
    with repo.config_writer() as config:
        config.set_value("user", "name", "Ada Writer")
        config.set_value("user", "email", "ada@example.org")
    repo.index.add(["reports", "index.rst"])
    repo.index.commit("January 2020")
    site = build_site(copy, copy / "_build/html", pdf=False).html
    page = BeautifulSoup((site / "reports/2020-01/square.html").read_text(), "lxml")
    footer = page.select_one(".dmreport-git").get_text(" ", strip=True)
    assert re.fullmatch(r"Last changed \d{4}-\d{2}-\d{2} · Contributors: Ada Writer", footer)
    edit = page.select_one('a[href$="/edit/main/reports/2020-01/square.md"]')
    assert edit is not None
    # A tarball: no .git, the build still works, without those lines.
    shutil.rmtree(copy / ".git")
    site = build_site(copy, copy / "_build/tarball", pdf=False).html
    page = BeautifulSoup((site / "reports/2020-01/square.html").read_text(), "lxml")
    assert page.select_one(".dmreport-git") is None
