"""Reporters are pure functions of a report; each output format is checked here."""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import unquote

import pytest
from jsonschema import FormatChecker
from jsonschema.validators import validator_for

from calibration.diagnostics import Diagnostic
from calibration.reporters import (
    REPORTERS,
    Report,
    escape_data,
    escape_property,
    render_summary,
)

SARIF_SCHEMA = Path(__file__).parent / "fixtures" / "sarif-schema-2.1.0.json"

# A value a pull request could put into a file name or a YAML value, trying to
# end the annotation and start a command of its own.
HOSTILE = "x%0A::error file=evil::owned\r\n::warning::also,owned:%"

ERROR = Diagnostic(
    "people/ada/2026-h1.yaml",
    12,
    5,
    "unknown-observer",
    "error",
    "observer 'bob' is not a person",
    ("peer_observations", 0, "observer"),
)
WARNING = Diagnostic("cycles/2026-h1/cycle.yaml", 3, 1, "ladder-version", "warning", "old ladder")
NASTY = Diagnostic(
    f"people/{HOSTILE}/person.yaml", 2, 9, "unknown-team", "error", f"team {HOSTILE!r}"
)


def report(*diags: Diagnostic, strict: bool = False) -> Report:
    return Report(
        list(diags), files_checked=7, rule_docs={"unknown-team": "Teams exist."}, strict=strict
    )


def test_text_lines_and_summary() -> None:
    out = REPORTERS["text"](report(ERROR, WARNING))
    lines = out.splitlines()
    assert lines[0] == (
        "people/ada/2026-h1.yaml:12:5: error [unknown-observer] observer 'bob' is not a person"
    )
    assert lines[1] == "cycles/2026-h1/cycle.yaml:3:1: warning [ladder-version] old ladder"
    assert "7 files checked: 1 error(s), 1 warning(s) in 2 file(s)." in lines[2]


def test_text_when_clean() -> None:
    assert REPORTERS["text"](report()) == "7 files checked: no problems.\n"


@pytest.mark.parametrize(
    ("diags", "strict", "status"),
    [
        ((), False, "ok"),
        ((WARNING,), False, "ok"),
        ((WARNING,), True, "fail"),
        ((ERROR,), False, "fail"),
    ],
)
def test_json_status_and_keys(diags: tuple[Diagnostic, ...], strict: bool, status: str) -> None:
    payload = json.loads(REPORTERS["json"](report(*diags, strict=strict)))
    assert payload["status"] == status
    assert len(payload["diagnostics"]) == len(diags)
    for item in payload["diagnostics"]:
        assert set(item) >= {"file", "line", "column", "rule", "severity", "message", "json_path"}


def test_json_path_is_jsonpath() -> None:
    item = json.loads(REPORTERS["json"](report(ERROR)))["diagnostics"][0]
    assert item["json_path"] == "$.peer_observations[0].observer"
    assert (item["line"], item["column"]) == (12, 5)


def test_escaping_matches_the_actions_toolkit() -> None:
    # The toolkit's escapeData and escapeProperty, character by character.
    assert escape_data("100% done\r\nnext") == "100%25 done%0D%0Anext"
    assert escape_property("a:b,c%d\ne") == "a%3Ab%2Cc%25d%0Ae"
    assert escape_data("%0A") == "%250A"


def unescape(value: str) -> str:
    return (
        value.replace("%0D", "\r")
        .replace("%0A", "\n")
        .replace("%3A", ":")
        .replace("%2C", ",")
        .replace("%25", "%")
    )


def test_github_annotations_cannot_be_injected() -> None:
    out = REPORTERS["github"](report(ERROR, NASTY, WARNING))
    lines = out.splitlines()
    commands = [line for line in lines if line.startswith("::")]
    assert len(commands) == 3, "each diagnostic is exactly one workflow command"
    assert all("\r" not in line for line in lines)
    # As the runner reads a command: properties end at the first "::" (escaped ones are %3A).
    pattern = re.compile(
        r"^::(error|warning) file=([^,:]*),line=(\d+),col=(\d+),title=([^,:]*)::(.*)$"
    )
    parsed = [pattern.match(line) for line in commands]
    assert all(parsed)
    nasty = next(m for m in parsed if m and m.group(5) == "unknown-team")
    assert unescape(nasty.group(2)) == NASTY.file
    assert unescape(nasty.group(6)) == NASTY.message
    assert (nasty.group(1), nasty.group(3), nasty.group(4)) == ("error", "2", "9")
    assert not lines[-1].startswith("::")


def test_github_severity_and_summary_line() -> None:
    lines = REPORTERS["github"](report(WARNING)).splitlines()
    assert lines[0].startswith(
        "::warning file=cycles/2026-h1/cycle.yaml,line=3,col=1,title=ladder-version::"
    )
    assert "1 warning(s)" in lines[-1]


def test_job_summary_lists_every_finding_as_inert_text() -> None:
    many = [
        Diagnostic(f"people/p{i}/person.yaml", i + 1, 1, "unknown-team", "error", "x")
        for i in range(40)
    ]
    hostile = Diagnostic(
        "people/a|b/person.yaml",
        1,
        1,
        "schema",
        "error",
        "see [here](https://evil.invalid) ![img](https://evil.invalid/p.png) <script>@team\nmore",
    )
    out = render_summary(report(*many, hostile))
    rows = [line for line in out.splitlines() if line.startswith("| ") and "Location" not in line]
    assert len(rows) == 41
    row = rows[-1]
    assert row.count(" | ") == 3, "the pipe in the file name must not add a column"
    assert "<script>" not in out and "&lt;script&gt;" in out
    assert "](" not in row and "\\[here\\]" in row and "\\!\\[img\\]" in row
    assert "\\@team" in row and "\n" not in row
    assert "41 error(s), 0 warning(s)." in out


def _sarif_validator() -> object:
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    cls = validator_for(schema)
    cls.check_schema(schema)
    return cls(schema, format_checker=FormatChecker())


@pytest.mark.parametrize("diags", [(), (ERROR, WARNING), (NASTY,)], ids=["clean", "two", "hostile"])
def test_sarif_is_valid_against_the_official_schema(diags: tuple[Diagnostic, ...]) -> None:
    payload = json.loads(REPORTERS["sarif"](report(*diags)))
    validator = _sarif_validator()
    errors = [e.message for e in validator.iter_errors(payload)]  # type: ignore[attr-defined]
    assert errors == []
    run = payload["runs"][0]
    assert payload["version"] == "2.1.0"
    assert len(run["results"]) == len(diags)
    rule_ids = [r["id"] for r in run["tool"]["driver"]["rules"]]
    for result, diag in zip(run["results"], diags, strict=True):
        assert rule_ids[result["ruleIndex"]] == result["ruleId"] == diag.rule
        assert result["level"] == diag.severity
        location = result["locations"][0]["physicalLocation"]
        assert unquote(location["artifactLocation"]["uri"]) == diag.file
        assert " " not in location["artifactLocation"]["uri"]
        assert location["region"] == {"startLine": diag.line, "startColumn": diag.column}


def test_every_reporter_ends_with_a_newline() -> None:
    for name, render in REPORTERS.items():
        assert render(report(ERROR)).endswith("\n"), name
