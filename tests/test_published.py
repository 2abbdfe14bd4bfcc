"""DMR042: an issued month's published text may change only with a revision.
A git repository of its own (GitPython), January 2020 imported after its
issue; then a markup-only edit, a sentence edit without and with a revision."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime
from pathlib import Path

import git
import pytest

from dmreport.checks import Code, check_paths
from dmreport.checks.published import published_text, words
from dmreport.outputs.documents import pdf_documents

MONTH = "2020-01"
SENTENCE = "The DM Risk Register was reviewed in the monthly process."
FIX = (
    "the published text of 2020-01 changed after its issue on 2020-01-31: "
    "add a revision to reports/2020-01/index.md"
)


def commit(repo: git.Repo, message: str, day: str) -> None:
    stamp = f"{day}T12:00:00"  # UTC
    repo.git.add("-A", ".")
    actor = git.Actor("DM", "dm@example.org")
    repo.index.commit(message, author=actor, committer=actor, author_date=stamp, commit_date=stamp)


@pytest.fixture
def site(project: Path, repo: Path) -> tuple[Path, git.Repo]:
    """The project with January 2020 (issued 2020-01-31), imported on 2020-02-05."""
    shutil.copytree(repo / "reports" / MONTH, project / "reports" / MONTH)
    shutil.copy(repo / "reports" / "index.md", project / "reports" / "index.md")
    (project / ".gitignore").write_text("_build/\n")
    history = git.Repo.init(project)
    commit(history, "Import January 2020", "2020-02-05")
    return project, history


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def revise(root: Path, day: str, note: str) -> None:
    entry = f'revisions:\n  - {{version: "1.1", date: {day}, note: "{note}"}}'
    edit(
        root / "reports" / MONTH / "index.md", "issued: 2020-01-31", f"issued: 2020-01-31\n{entry}"
    )


def test_words_ignore_markup_and_wrapping() -> None:
    one = [w.text for w in words("Some *fine* text [here](https://x.org).\n")]
    two = [w.text for w in words("Some _fine_\ntext [here](https://x.org).\n")]
    assert one == two == ["Some", "fine", "text", "<https://x.org>", "here", "."]
    assert [w.text for w in words("```{milestone} DM-1\n:title: Done\n```\n")] == ["Done"]


def test_as_imported_passes(site: tuple[Path, git.Repo]) -> None:
    root, _ = site
    assert published_text(root, MONTH) == []
    assert check_paths(root, []) == []


def test_markup_only_change_passes(site: tuple[Path, git.Repo]) -> None:
    root, history = site
    summary = root / "reports" / MONTH / "summary.md"
    edit(summary, SENTENCE, SENTENCE.replace("monthly process", "*monthly* process"))
    edit(summary, "was reviewed in the", "was reviewed\nin the")  # wrapped again
    assert published_text(root, MONTH) == []
    commit(history, "Wrap a line", "2025-06-01")
    edit(summary, "*monthly*", "_monthly_")
    assert published_text(root, MONTH) == []


def test_sentence_edit_without_revision_fails_with_line_and_fix(
    site: tuple[Path, git.Repo],
) -> None:
    root, history = site
    summary = root / "reports" / MONTH / "summary.md"
    line = (
        summary.read_text()
        .splitlines()
        .index(next(x for x in summary.read_text().splitlines() if SENTENCE in x))
    )
    edit(summary, "reviewed in the monthly", "reviewed twice in the monthly")
    (problem,) = published_text(root, MONTH)
    assert (problem.path, problem.line, problem.code) == (
        f"reports/{MONTH}/summary.md",
        line + 1,
        Code.TEXT_CHANGED,
    )
    assert problem.message == FIX
    commit(history, "Edit a sentence", "2025-06-01")  # committed, still no revision
    assert [p.code for p in check_paths(root, [])] == [Code.TEXT_CHANGED]
    revise(root, "2025-05-31", "Too early")  # dated before the change: not covered
    assert [p.message for p in published_text(root, MONTH)] == [FIX]


def test_revision_dated_after_the_change_passes_and_is_version_1_1(
    site: tuple[Path, git.Repo],
) -> None:
    root, history = site
    summary = root / "reports" / MONTH / "summary.md"
    edit(summary, "reviewed in the monthly", "reviewed twice in the monthly")
    today = datetime.now(tz=UTC).date().isoformat()
    revise(root, today, "Corrected the risk review")
    assert published_text(root, MONTH) == []  # not committed yet, revised today
    commit(history, "Correct the risk review", "2025-06-01")
    edit(root / "reports" / MONTH / "index.md", f"date: {today}", "date: 2025-06-01")
    assert published_text(root, MONTH) == []
    january = next(d for d in pdf_documents(root) if d.name == MONTH)
    assert [(c.version, c.date, c.description) for c in january.changes] == [
        ("1.0", "2020-01-31", "Issued"),
        ("1.1", "2025-06-01", "Corrected the risk review"),
    ]
    commit(history, "Date the revision", "2025-06-02")
    edit(summary, "reviewed twice", "reviewed thrice")  # a later change, not covered
    assert [p.message for p in published_text(root, MONTH)] == [FIX]


def test_draft_is_never_checked(site: tuple[Path, git.Repo]) -> None:
    root, _ = site
    index = root / "reports" / MONTH / "index.md"
    edit(index, "issued: 2020-01-31\n", "")
    edit(root / "reports" / MONTH / "summary.md", SENTENCE, "A different sentence.")
    assert published_text(root, MONTH) == []
    edit(index, "status: published", "status: draft")
    assert published_text(root, MONTH) == []


def test_bad_revision_entry_is_located(site: tuple[Path, git.Repo]) -> None:
    root, _ = site
    index = root / "reports" / MONTH / "index.md"
    edit(index, "issued: 2020-01-31", 'issued: 2020-01-31\nrevisions:\n  - {version: "1.1"}')
    problems = check_paths(root, [index])
    assert {(p.code, p.line) for p in problems} == {(Code.FRONT_MATTER_SCHEMA, 6)}
    assert any("revisions.0.date" in p.message for p in problems)
