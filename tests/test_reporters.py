"""Reporters are pure functions of a report; each output format is checked here."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from pathlib import Path
from urllib.parse import unquote

import pytest
from jsonschema import FormatChecker
from jsonschema.validators import validator_for

from calibration.diagnostics import Diagnostic, fingerprints
from calibration.reporters import (
    ANNOTATE_MODES,
    FINGERPRINT_KEY,
    REPORTERS,
    SHOWN_PER_KIND,
    AnnotateMode,
    ChangedFile,
    ChangeScope,
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


def test_a_fingerprint_is_the_rule_and_subject_not_the_message_or_line() -> None:
    moved = replace(ERROR, line=40, column=2, message="observer 'bo' is not a person")
    assert moved.identity == ERROR.identity
    assert replace(ERROR, severity="warning").identity == ERROR.identity
    assert replace(ERROR, path=("peer_observations", 1, "observer")).identity != ERROR.identity
    assert replace(ERROR, rule="schema").identity != ERROR.identity
    assert replace(ERROR, file="people/bo/2026-h1.yaml").identity != ERROR.identity
    twice = Diagnostic("people/ada/2026-h1.yaml", 1, 1, "yaml-syntax", "error", "a")
    again = replace(twice, line=9, message="b")
    assert fingerprints([twice, ERROR, again]) == [
        f"{twice.identity}:1",
        f"{ERROR.identity}:1",
        f"{twice.identity}:2",
    ]


def test_json_and_sarif_carry_the_same_fingerprints() -> None:
    diags = (ERROR, WARNING, NASTY)
    items = json.loads(REPORTERS["json"](report(*diags)))["diagnostics"]
    results = json.loads(REPORTERS["sarif"](report(*diags)))["runs"][0]["results"]
    assert [i["fingerprint"] for i in items] == fingerprints(diags)
    assert [r["partialFingerprints"] for r in results] == [
        {FINGERPRINT_KEY: i["fingerprint"]} for i in items
    ]


# A change to one pre-fill: line 3 edited, lines 1-6 in its diff.
OWN = "people/zed/2026-h1.yaml"
CHANGE = {OWN: ChangedFile(added=frozenset({3}), context=frozenset(range(1, 7)))}
ON_LINE = Diagnostic(OWN, 3, 18, "high-rating-evidence", "warning", "needs evidence")
NEAR = Diagnostic(OWN, 5, 3, "weak-evidence", "warning", "weak")
IN_FILE = Diagnostic(OWN, 30, 3, "peer-input-count", "error", "2 peers")
RUN = Diagnostic(".", 1, 1, "closed-cycle-immutable", "error", "internal error")
OTHERS = [
    Diagnostic(f"people/a{i}/2026-h1.yaml", 4, 1, "weak-evidence", "warning", "weak")
    for i in range(3)
]
SORTED = sorted([ON_LINE, NEAR, IN_FILE, RUN, *OTHERS])


def changed(annotate: AnnotateMode) -> Report:
    return Report(SORTED, files_checked=9, change=ChangeScope(CHANGE, annotate, "main at abc1234"))


def parsed(out: str) -> list[tuple[str, int]]:
    found = [
        re.match(r"^::(?:error|warning) file=([^,]*),line=(\d+),", line)
        for line in out.splitlines()
    ]
    return [(m.group(1), int(m.group(2))) for m in found if m]


@pytest.mark.parametrize(
    ("annotate", "expected"),
    [
        ("added", [RUN, ON_LINE]),
        ("diff-context", [RUN, ON_LINE, NEAR]),
        ("file", [RUN, ON_LINE, NEAR, IN_FILE]),
        ("all", [RUN, ON_LINE, NEAR, IN_FILE, *OTHERS]),
    ],
)
def test_the_changes_own_findings_come_first_and_the_mode_picks_the_annotations(
    annotate: AnnotateMode, expected: list[Diagnostic]
) -> None:
    assert SORTED.index(OTHERS[-1]) < SORTED.index(ON_LINE), "sorted by file, others came first"
    out = REPORTERS["github"](changed(annotate))
    assert parsed(out) == [(d.file, d.line) for d in expected]
    rest = len(SORTED) - len(expected)
    assert (f"{rest} finding(s) outside" in out) == (rest > 0)


def test_text_lists_the_changes_own_findings_first_and_json_says_where_each_is() -> None:
    lines = REPORTERS["text"](changed("file")).splitlines()
    assert [line.split(":")[0] for line in lines[:4]] == [".", OWN, OWN, OWN]
    items = json.loads(REPORTERS["json"](changed("added")))["diagnostics"]
    where = {(i["file"], i["line"]): i["in_change"] for i in items}
    assert where[(OWN, 3)] == "added-line" and where[(OWN, 5)] == "diff-context"
    assert where[(OWN, 30)] == "file" and where[(OTHERS[0].file, 4)] is None
    assert "in_change" not in json.loads(REPORTERS["json"](report(ERROR)))["diagnostics"][0]


def test_the_job_summary_lists_the_changes_findings_and_counts_the_rest() -> None:
    out = render_summary(changed("added"))
    own, elsewhere = out.split("### Elsewhere (3)")
    assert "### In this change (4)" in own
    assert "against main at abc1234" in own and "2 finding(s) are annotated" in own
    rows = [line for line in own.splitlines() if line.startswith("| ") and "Location" not in line]
    assert [row.split(" | ")[-1] for row in rows] == [
        "the change itself |",
        "changed line |",
        "in the diff |",
        "– |",
    ]
    assert "3 finding(s) in 3 file(s) this change does not touch, not annotated" in elsewhere
    assert "| weak\\-evidence | warning | 3 | 3 |" in elsewhere
    assert "a0" not in elsewhere, "the rest are counted, not listed"


def test_more_annotations_than_github_shows_say_where_the_rest_are() -> None:
    many = [Diagnostic(OWN, 3, 1, f"rule-{i:02}", "warning", "x") for i in range(12)]
    scope = ChangeScope(CHANGE)
    out = REPORTERS["github"](Report(many, files_checked=1, change=scope))
    assert len(parsed(out)) == 12
    assert f"::notice title=calib::GitHub shows the first {SHOWN_PER_KIND} error" in out
    assert "::notice" not in REPORTERS["github"](Report(many[:10], files_checked=1, change=scope))


def test_the_cli_offers_the_reporters_annotate_modes() -> None:
    from calibration import cli

    assert cli.ANNOTATE_MODES == ANNOTATE_MODES


def test_findings_of_the_history_rules_and_in_deleted_files_are_the_changes_own() -> None:
    gone = Diagnostic("people/a1/2026-h1.yaml", 4, 1, "schema", "error", "x")
    history = Diagnostic("cycles/c1/cycle.yaml", 1, 1, "closed-cycle-immutable", "error", "x")
    files = {**CHANGE, gone.file: ChangedFile(removed=True)}
    scope = ChangeScope(files, "added", change_rules=frozenset({"closed-cycle-immutable"}))
    assert scope.rank(gone) == scope.rank(history) == 0
    assert scope.rank(replace(history, rule="cycle-dates")) == 3
