"""Measuring a command: wall time, and the peak memory of it and its children."""

from __future__ import annotations

import re
import statistics
import subprocess
import threading
import time
from collections.abc import Callable
from pathlib import Path

from ...core.errors import DmreportError


def tree_rss_kb(root_pid: int) -> int:
    """Resident memory of a process and all its descendants, from /proc."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            status = (entry / "status").read_text()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        children.setdefault(ppid, []).append(int(entry.name))
        match = re.search(r"^VmRSS:\s+(\d+)", status, re.M)
        rss[int(entry.name)] = int(match[1]) if match else 0
    total, stack = 0, [root_pid]
    while stack:
        pid = stack.pop()
        total += rss.get(pid, 0)
        stack.extend(children.get(pid, []))
    return total


class PeakMemory:
    """Samples the RSS of each measured command and its children."""

    def __init__(self) -> None:
        self.peak_kb = 0
        #: What the last command printed (standard output and error).
        self.output = ""

    def run(self, command: list[str], cwd: Path) -> float:
        start = time.perf_counter()
        process = subprocess.Popen(
            command, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
        )
        done = threading.Event()

        def sample() -> None:
            while not done.wait(0.05):
                self.peak_kb = max(self.peak_kb, tree_rss_kb(process.pid))

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        output, _ = process.communicate()
        self.output = output
        done.set()
        sampler.join()
        elapsed = time.perf_counter() - start
        if process.returncode != 0:
            raise DmreportError(f"benchmark step failed: {' '.join(command)}\n{output[-2000:]}")
        return elapsed


def median(
    runs: int, step: Callable[[], float], prepare: Callable[[], object] | None = None
) -> float:
    times = []
    for _ in range(runs):
        if prepare:
            prepare()
        times.append(step())
    return statistics.median(times)
