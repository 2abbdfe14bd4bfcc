"""Running the ``dmreport`` command line as a user does, in its own process."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path


def run_cli(*args: str, cwd: Path, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """``python -m dmreport ARGS`` in ``cwd``; its output captured as text."""
    return subprocess.run(
        [sys.executable, "-m", "dmreport", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=timeout,
        check=False,
    )
