"""The results as Markdown: the machine, then one table of figures and ratios."""

from __future__ import annotations

import os
import platform
import time
from importlib import metadata
from typing import Any


def _version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "not installed"


def machine() -> list[str]:
    """What the figures were measured on (no host names, no paths)."""
    import yaml

    return [
        f"- {os.cpu_count()} CPU cores, {platform.system()} {platform.machine()}",
        f"- Python {platform.python_version()} ({platform.python_implementation()})",
        f"- PyYAML {_version('PyYAML')} (libyaml: {getattr(yaml, '__with_libyaml__', False)}), "
        f"jsonschema {_version('jsonschema')}, check-jsonschema {_version('check-jsonschema')}",
        f"- mkdocs {_version('mkdocs')}, mkdocs-material {_version('mkdocs-material')}",
        f"- measured {time.strftime('%Y-%m-%d', time.gmtime())} (UTC)",
    ]


def _cell(stat: Any) -> str:
    return (
        "-" if stat is None else f"{stat.wall:.2f} s ({stat.cpu:.1f} s CPU, {stat.peak_mb:.0f} MB)"
    )


def render(rows: list[Any], about: list[str], sizes: list[int], repeat: int) -> str:
    """The whole RESULTS.md text."""
    lines = [
        "# Benchmark results",
        "",
        "Written by `benchmarks/run.py` (`nox -s bench`); medians of "
        f"{repeat} run(s), sizes {', '.join(map(str, sizes))} engineers. Wall time of the whole "
        "process; CPU is user + system; memory is the peak resident set size.",
        "",
        *about,
        "",
        "| benchmark | engineers | calib | baseline | baseline time | ratio | target | met |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for row in rows:
        ratio = (
            f"{row.ours.wall / row.base.wall:.2f}x"
            if row.ours and row.base and row.base.wall
            else "-"
        )
        met = {True: "yes", False: "**no**", None: "-"}[row.ok]
        lines.append(
            f"| {row.benchmark} | {row.size} | {_cell(row.ours)} | {row.baseline} | "
            f"{_cell(row.base)} | {ratio} | {row.target} | {met} |"
        )
    notes = [f"- {row.benchmark} at {row.size}: {row.note}" for row in rows if row.note]
    if notes:
        lines += ["", "Notes:", "", *notes]
    return "\n".join(lines) + "\n"
