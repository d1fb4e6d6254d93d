"""Helpers of the HR round-trip tests: copies of the demo org, rosters, and real CLI runs."""

from __future__ import annotations

import csv
import io
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

from click.testing import CliRunner

from calibration.cli import main
from calibration.load.yamlio import load_text

REPO_ROOT = Path(__file__).resolve().parents[2]
"""The repository root, which is also the demo org."""
ROSTER_COLUMNS = ["handle", "name", "level", "team", "manager", "start_date", "git_username"]
_LOCATED = re.compile(
    r"^(?P<file>[^\s:]+):(?P<row>\d+):(?P<col>\d+): (?P<sev>\w+) \[(?P<rule>[^\]]+)\]"
)


@dataclass
class Run:
    """What one ``calib`` invocation printed and returned."""

    code: int
    stdout: str
    stderr: str

    def located(self, file: str = "roster.csv") -> list[str]:
        """Problems reported in ``file``, as ``row:col severity [rule]``."""
        out = []
        for line in self.stdout.splitlines():
            found = _LOCATED.match(line)
            if found and found["file"].endswith(file):
                out.append(f"{found['row']}:{found['col']} {found['sev']} [{found['rule']}]")
        return out


def calib(*args: str | Path) -> Run:
    """Run the real ``calib`` command line in-process."""
    result = CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)
    return Run(result.exit_code, result.stdout, result.stderr)


def copy_demo(target: Path) -> Path:
    """Copy the demo org's data (rubric, people, cycles) to ``target`` and return it."""
    for part in ("rubric", "people", "cycles"):
        shutil.copytree(REPO_ROOT / part, target / part)
    return target


def person_data(root: Path, handle: str) -> dict[str, object]:
    """A person file's data, read the way ``calib validate`` reads it."""
    relpath = f"people/{handle}/person.yaml"
    loaded = load_text((root / relpath).read_text(encoding="utf-8"), relpath)
    assert loaded.document is not None, loaded.diagnostics
    data: dict[str, object] = loaded.document.data
    return data


def roster_rows(root: Path) -> list[dict[str, str]]:
    """The roster HR would export today: one row per person of ``people/`` who has not left."""
    rows = []
    for path in sorted((root / "people").glob("*/person.yaml")):
        data = person_data(root, path.parent.name)
        if data.get("left_on"):
            continue
        rows.append({c: str(data.get(c) or "") for c in ROSTER_COLUMNS})
    return rows


def write_roster(path: Path, rows: list[dict[str, str]], *, encoding: str = "utf-8") -> Path:
    """Write ``rows`` as a CSV roster with the standard columns."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, ROSTER_COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


def snapshot(root: Path) -> dict[str, bytes]:
    """Every file under ``people/`` with its bytes, to prove nothing was written."""
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted((root / "people").rglob("*"))
        if p.is_file()
    }
