"""Hostile cell text never crashes the import and never reaches a file unescaped."""

from __future__ import annotations

import csv
import io
import shutil
import tempfile
from pathlib import Path

from hr_helpers import calib, person_data, snapshot
from hypothesis import event, given
from hypothesis import strategies as st

from calibration.load.yamlio import load_text
from calibration.rubric_io.text import clean
from calibration.scaffold.person_edit import yaml_quote

MINI = Path(__file__).resolve().parents[1] / "fixtures" / "mini"

# What breaks naive YAML writers: line breaks, ": " and " #", quotes, flow and block
# indicators, anchors, tags, directives, and the characters YAML 1.1 reads as line ends.
FRAGMENTS = [
    "\n",
    "\r\n",
    "\r",
    ": ",
    " #",
    "#",
    '"',
    "'",
    "- ",
    "-",
    "*",
    "&a",
    "!!python/object",
    "!",
    "%YAML",
    "---",
    "...",
    "{",
    "}",
    "[",
    "]",
    ",",
    "|",
    ">",
    "@",
    "`",
    "?",
    "\\",
    "\t",
    "\x00",
    "\x1b[31m",
    "\x7f",
    "\x85",
    "\u2028",
    "\u2029",
    "\ufeff",
    "\u200b",
    "null",
    "true",
    "~",
    "0x1F",
    "1e3",
    "2026-01-01",
    "é",
    "😀",
    "=cmd|' /C calc'!A0",
    "name: injected",
    "role: director",
    "\nleft_on: 2020-01-01",
]
hostile = st.lists(
    st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=4)), min_size=1, max_size=6
).map("".join)
# Most of the above is refused for its line break; this one mostly gets written.
one_line = st.lists(
    st.sampled_from([f for f in FRAGMENTS if not any(c in f for c in "\n\r\x00\x85\u2028\u2029")]),
    min_size=1,
    max_size=6,
).map(lambda parts: "Ash " + "".join(parts))

HEADER = ["handle", "name", "level", "team", "manager", "start_date", "git_username"]
TEAM = [
    ["rowan", "Rowan Quist", "p3", "atlas", "", "2018-03-05", "rquist"],
    ["imani", "Imani Duro", "p3", "atlas", "rowan", "2019-09-16", "iduro"],
    ["teo", "Teo Vance", "p3", "beacon", "rowan", "2020-01-13", "tvance"],
    ["ash", "Ash Morrow", "p2", "atlas", "imani", "2021-05-03", "amorrow"],
    ["bea", "Bea Lund", "p2", "atlas", "imani", "2022-02-07", "blund"],
    ["cyd", "Cyd Okoro", "p1", "beacon", "teo", "2023-08-21", "cokoro"],
    ["dev", "Dev Arnaud", "p3", "beacon", "teo", "2017-11-06", "darnaud"],
]


def _roster(rows: list[list[str]]) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows([HEADER, *rows])
    return buffer.getvalue().encode("utf-8", errors="surrogatepass")


@given(
    name=hostile,
    renamed=one_line,
    column=st.one_of(st.none(), st.sampled_from([0, 2, 3, 4, 5, 6])),
    cell=hostile,
)
def test_hostile_cells_never_crash_and_never_inject(
    name: str, renamed: str, column: int | None, cell: str
) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(shutil.copytree(MINI, Path(tmp) / "repo"))
        rows = [list(r) for r in TEAM]
        rows[3][1] = renamed  # Ash's name changes
        hire = ["new-hire", name, "p1", "beacon", "teo", "2025-09-01", ""]
        if column is not None:
            hire[column] = cell  # and sometimes one more cell of the hire is hostile too
        rows.append(hire)
        roster = root / "roster.csv"
        roster.write_bytes(_roster(rows))
        before = snapshot(root)
        run = calib("people", "import", roster, "--apply", "--root", root)
        event(f"exit {run.code}")
        assert run.code in (0, 1), run.stdout + run.stderr
        if run.code == 1:
            assert snapshot(root) == before
            assert "roster.csv:" in run.stdout
            return
        for handle, given_name in ((hire[0], name), ("ash", renamed)):
            data = person_data(root, handle)
            assert data["name"] == clean(given_name)[0].strip()
            assert set(data) <= {
                "handle",
                "name",
                "level",
                "track",
                "team",
                "manager",
                "role",
                "start_date",
                "git_username",
            }
            assert "left_on" not in data
        assert run.located() == [] or all("warning" in line for line in run.located())


@given(st.text(st.characters(blacklist_categories=["Cs"])))
def test_any_text_quoted_reads_back_as_itself(value: str) -> None:
    loaded = load_text(f"name: {yaml_quote(value)}\n", "person.yaml")
    assert loaded.document is not None, loaded.diagnostics
    assert loaded.document.data == {"name": value}
