#!/usr/bin/env python3
"""Build the site at a git revision and from the working tree, and show how
the HTML differs (build metadata and the commit id aside).

    python scripts/compare-builds.py REV

Each side is built with its own source (``PYTHONPATH=<tree>/src``) by the
Python that runs this script, which needs the project's requirements.
Exit status 0 when the pages are the same, 1 otherwise.
"""

from __future__ import annotations

import difflib
import re
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
IGNORED = (".buildinfo", "pagefind/", "_sources/", "objects.inv")


def build(tree: Path, out: Path) -> None:
    """The HTML build of ``dmreport build --no-pdf``, with the tree's own code."""
    env = {"PYTHONPATH": str(tree / "src"), "PATH": "/usr/bin:/bin"}
    command = [sys.executable, "-m", "sphinx", "-b", "html", "-q", "-D", "dmreport_pdf=0",
               "-d", str(out.parent / f"{out.name}-doctrees"), str(tree), str(out)]  # fmt: skip
    subprocess.run(command, env=env, check=True, capture_output=True)


def pages(out: Path, commits: tuple[str, ...]) -> dict[str, str]:
    found = {}
    for path in sorted(out.rglob("*")):
        name = path.relative_to(out).as_posix()
        if (
            path.is_file()
            and path.suffix in (".html", ".xml", ".svg")
            and not name.startswith(IGNORED)
        ):
            text = path.read_text(encoding="utf-8")
            for commit in commits:
                text = text.replace(commit, "<commit>").replace(commit[:12], "<commit>")
            found[name] = re.sub(r"\?v=[0-9a-f]+", "", text)
    return found


def main() -> int:
    rev = sys.argv[1] if len(sys.argv) > 1 else "HEAD"
    git = ["git", "-C", str(REPO)]
    commit = subprocess.run([*git, "rev-parse", rev], capture_output=True, text=True, check=True)
    head = subprocess.run([*git, "rev-parse", "HEAD"], capture_output=True, text=True, check=True)
    commits = (commit.stdout.strip(), head.stdout.strip())
    with tempfile.TemporaryDirectory() as tmp:
        old_tree = Path(tmp) / "old"
        subprocess.run([*git, "worktree", "add", "--detach", str(old_tree), rev], check=True,
                       capture_output=True)  # fmt: skip
        try:
            build(old_tree, Path(tmp) / "old-html")
            build(REPO, Path(tmp) / "new-html")
            old = pages(Path(tmp) / "old-html", commits)
            new = pages(Path(tmp) / "new-html", commits)
        finally:
            subprocess.run([*git, "worktree", "remove", "--force", str(old_tree)], check=False)
    differing = 0
    for name in sorted(set(old) | set(new)):
        if old.get(name) != new.get(name):
            differing += 1
            diff = difflib.unified_diff(
                (old.get(name) or "").splitlines(), (new.get(name) or "").splitlines(),
                f"{rev}/{name}", f"working tree/{name}", lineterm="", n=1,
            )  # fmt: skip
            print("\n".join(list(diff)[:40]))
    print(f"{len(new)} files compared, {differing} differ")
    return 1 if differing else 0


if __name__ == "__main__":
    sys.exit(main())
