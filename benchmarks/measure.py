"""Timing one command as a whole process: wall time, CPU time and peak memory, medians of runs.

Only public tools: ``subprocess`` with ``time.perf_counter`` for wall time, and
``/usr/bin/time`` (or ``resource.getrusage`` where it is missing) for CPU time
and the peak resident set size.
"""

from __future__ import annotations

import os
import resource
import shutil
import statistics
import subprocess
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

GNU_TIME = "/usr/bin/time"


@dataclass(frozen=True)
class Run:
    """One run of a command."""

    wall: float
    cpu: float
    peak_mb: float
    code: int


@dataclass(frozen=True)
class Stat:
    """Several runs of one command: medians, and the highest peak memory seen."""

    wall: float
    cpu: float
    peak_mb: float
    runs: int
    codes: tuple[int, ...]


def run_once(cmd: Sequence[str], cwd: Path | None = None) -> Run:
    """Run ``cmd`` to completion, its output discarded, and measure it."""
    if os.path.exists(GNU_TIME):
        with tempfile.NamedTemporaryFile("r", suffix=".time") as report:
            full = [GNU_TIME, "-f", "%U %S %M", "-o", report.name, *cmd]
            start = time.perf_counter()
            done = subprocess.run(full, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
            wall = time.perf_counter() - start
            fields = report.read().split()[-3:]
        user, system, peak_kb = (float(x) for x in fields)
        return Run(wall, user + system, peak_kb / 1024, done.returncode)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(list(cmd), cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    # ru_maxrss of children is the largest child so far: an upper bound for this one
    return Run(wall, cpu, after.ru_maxrss / 1024, done.returncode)


def measure(
    cmd: Sequence[str],
    repeat: int,
    *,
    cwd: Path | None = None,
    before_each: Callable[[int], None] | None = None,
) -> Stat:
    """Median wall and CPU time of ``repeat`` runs (``before_each(i)`` prepares run i)."""
    runs = []
    for index in range(repeat):
        if before_each is not None:
            before_each(index)
        runs.append(run_once(cmd, cwd))
    return Stat(
        statistics.median(r.wall for r in runs),
        statistics.median(r.cpu for r in runs),
        max(r.peak_mb for r in runs),
        len(runs),
        tuple(r.code for r in runs),
    )


def tool(name: str) -> str | None:
    """A console script next to this interpreter, else on PATH."""
    import sys

    beside = Path(sys.executable).parent / name
    return str(beside) if beside.exists() else shutil.which(name)


def tree_size(folder: Path) -> tuple[int, int]:
    """Total bytes of the files under ``folder``, and how many HTML pages it holds."""
    total = pages = 0
    for path in folder.rglob("*"):
        if path.is_file():
            total += path.stat().st_size
            pages += path.suffix == ".html"
    return total, pages
