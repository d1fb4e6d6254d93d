"""``calib validate`` end to end: exit codes, every format, GitHub Actions behaviour."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from jsonschema import FormatChecker
from jsonschema.validators import validator_for

from calibration.cli import main
from calibration.diagnostics import identity

REPO_ROOT = Path(__file__).resolve().parents[2]
SARIF_SCHEMA = Path(__file__).parents[1] / "fixtures" / "sarif-schema-2.1.0.json"


def calib_command() -> list[str]:
    """The installed console script when there is one, else the same entry point via Python."""
    script = Path(sys.executable).with_name("calib")
    if script.is_file():
        return [str(script)]
    return [sys.executable, "-c", "from calibration.cli import main; main()"]


def calib(
    *args: str, cwd: Path | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run ``calib`` as a real process, without inheriting GitHub Actions variables."""
    base = {k: v for k, v in os.environ.items() if not k.startswith("GITHUB_")}
    return subprocess.run(
        [*calib_command(), *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env={**base, **(env or {})},
        timeout=120,
        check=False,
    )


def break_name(root: Path) -> None:
    """Exactly one error, which no other rule depends on: an empty name."""
    path = root / "people" / "ash" / "person.yaml"
    path.write_text(path.read_text().replace("name: Ash Morrow", 'name: ""'))


def old_ladder(root: Path) -> None:
    """One warning only: a cycle calibrated against an older ladder version."""
    path = root / "cycles" / "fy25-b" / "cycle.yaml"
    path.write_text(
        path.read_text().replace('ladder_version: "mini-3"', 'ladder_version: "mini-2"')
    )


def test_clean_repository_exits_0(mini_repo: Path) -> None:
    done = calib("validate", str(mini_repo))
    assert done.returncode == 0, done.stdout + done.stderr
    assert "no problems" in done.stdout and done.stderr == ""


def test_default_root_is_the_current_folder(mini_repo: Path) -> None:
    assert calib("validate", cwd=mini_repo).returncode == 0


def test_errors_exit_1_with_file_line_col(mini_repo: Path) -> None:
    break_name(mini_repo)
    done = calib("validate", str(mini_repo))
    assert done.returncode == 1
    assert done.stdout.startswith(
        "people/ash/person.yaml:3:7: error [schema] this must not be empty"
    )


def test_warnings_exit_0_and_1_under_strict(mini_repo: Path) -> None:
    old_ladder(mini_repo)
    relaxed = calib("validate", str(mini_repo))
    assert relaxed.returncode == 0 and "[ladder-version]" in relaxed.stdout
    strict = calib("validate", "--strict", str(mini_repo))
    assert strict.returncode == 1 and "[ladder-version]" in strict.stdout


def test_folder_that_is_not_a_repository_exits_2(tmp_path: Path) -> None:
    done = calib("validate", str(tmp_path))
    assert done.returncode == 2
    assert "is not a calibration repository" in done.stderr
    assert "run the command at the top of the repository" in done.stderr
    assert "Traceback" not in done.stderr and done.stdout == ""


def test_missing_folder_exits_2(tmp_path: Path) -> None:
    done = calib("validate", str(tmp_path / "nowhere"))
    assert done.returncode == 2 and "Traceback" not in done.stderr


def test_a_file_is_a_path_to_validate_not_a_root(mini_repo: Path) -> None:
    done = calib("validate", str(mini_repo / "rubric" / "ladder.yaml"))
    assert done.returncode == 0, done.stderr
    assert done.stdout == "1 files checked: no problems.\n"


@pytest.mark.parametrize(
    "args", [["--no-such-option"], ["--format", "xml"]], ids=["option", "format"]
)
def test_usage_errors_exit_2(mini_repo: Path, args: list[str]) -> None:
    done = calib("validate", *args, cwd=mini_repo)
    assert done.returncode == 2 and "Usage:" in done.stderr


def test_paths_that_do_not_exist_exit_2(mini_repo: Path) -> None:
    done = calib("validate", "a", "b", cwd=mini_repo)
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert "a does not exist; give a file or folder of the repository" in done.stderr


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["--annotate", "added"], "--annotate needs --base REF"),
        (["--base", "main", "--annotate", "lines"], "Invalid value for '--annotate'"),
    ],
)
def test_annotate_needs_base_and_a_known_mode(mini_repo: Path, args: list[str], says: str) -> None:
    result = CliRunner().invoke(main, ["validate", *args, str(mini_repo)])
    assert result.exit_code == 2 and says in result.stderr


def test_json_format(mini_repo: Path) -> None:
    break_name(mini_repo)
    done = calib("validate", "--format", "json", str(mini_repo))
    payload = json.loads(done.stdout)
    assert done.returncode == 1 and payload["status"] == "fail"
    assert payload["diagnostics"] == [
        {
            "file": "people/ash/person.yaml",
            "line": 3,
            "column": 7,
            "rule": "schema",
            "severity": "error",
            "message": payload["diagnostics"][0]["message"],
            "json_path": "$.name",
            "fingerprint": identity("schema", "people/ash/person.yaml", ("name",)) + ":1",
        }
    ]
    clean = json.loads(
        calib("validate", "--format", "json", str(REPO_ROOT / "tests/fixtures/mini")).stdout
    )
    assert clean == {"status": "ok", "files_checked": clean["files_checked"], "diagnostics": []}


def hostile_folder(root: Path) -> str:
    """A person folder whose name tries to inject workflow commands (legal on Linux and macOS)."""
    name = "x%0A::error file=evil::pwned,y"
    source = root / "people" / "ash"
    target = root / "people" / name
    target.mkdir()
    (target / "person.yaml").write_text((source / "person.yaml").read_text())
    return name


def test_github_format_escapes_hostile_names_and_writes_the_summary(
    mini_repo: Path, tmp_path: Path
) -> None:
    name = hostile_folder(mini_repo)
    summary = tmp_path / "summary.md"
    summary.write_text("earlier step\n")
    done = calib(
        "validate", "--format", "github", str(mini_repo), env={"GITHUB_STEP_SUMMARY": str(summary)}
    )
    assert done.returncode == 1
    lines = done.stdout.splitlines()
    commands = [line for line in lines if line.startswith("::")]
    assert len(lines) == 2 and len(commands) == 1, "one finding, one command, one summary line"
    escaped = name.replace("%", "%25").replace(":", "%3A").replace(",", "%2C")
    props, message = commands[0].split("::")[1], commands[0].split("::", 2)[2]
    assert (
        props == f"error file=people/{escaped}/person.yaml,line=2,col=9,title=handle-matches-folder"
    )
    assert "%250A" in message and "\n" not in message
    text = summary.read_text()
    assert text.startswith("earlier step\n## Calibration validation")
    assert "handle\\-matches\\-folder" in text


def test_auto_format_picks_github_inside_actions(mini_repo: Path, tmp_path: Path) -> None:
    break_name(mini_repo)
    summary = tmp_path / "summary.md"
    inside = calib(
        "validate",
        str(mini_repo),
        env={"GITHUB_ACTIONS": "true", "GITHUB_STEP_SUMMARY": str(summary)},
    )
    assert inside.stdout.startswith("::error file=people/ash/person.yaml,line=3,col=7,")
    assert summary.is_file()
    outside = calib("validate", str(mini_repo))
    assert outside.stdout.startswith("people/ash/person.yaml:3:7: error")


def test_text_format_never_writes_the_summary(mini_repo: Path, tmp_path: Path) -> None:
    summary = tmp_path / "summary.md"
    calib("validate", "--format", "text", str(mini_repo), env={"GITHUB_STEP_SUMMARY": str(summary)})
    assert not summary.exists()


def test_unwritable_summary_does_not_hide_the_result(mini_repo: Path, tmp_path: Path) -> None:
    env = {"GITHUB_STEP_SUMMARY": str(tmp_path / "missing" / "summary.md")}
    done = calib("validate", "--format", "github", str(mini_repo), env=env)
    assert done.returncode == 0 and "cannot write the job summary" in done.stderr


def test_sarif_format_is_valid(mini_repo: Path) -> None:
    break_name(mini_repo)
    hostile_folder(mini_repo)
    done = calib("validate", "--format", "sarif", str(mini_repo))
    assert done.returncode == 1
    payload = json.loads(done.stdout)
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    validator = validator_for(schema)(schema, format_checker=FormatChecker())
    assert [e.message for e in validator.iter_errors(payload)] == []
    rules = {r["id"] for r in payload["runs"][0]["tool"]["driver"]["rules"]}
    assert {"schema", "handle-matches-folder"} <= rules


def test_output_file(mini_repo: Path, tmp_path: Path) -> None:
    target = tmp_path / "report.json"
    done = calib("validate", "--format", "json", "--output", str(target), str(mini_repo))
    assert done.returncode == 0 and done.stdout == ""
    assert json.loads(target.read_text())["status"] == "ok"


def test_output_into_a_missing_folder_exits_2(mini_repo: Path, tmp_path: Path) -> None:
    done = calib("validate", "-o", str(tmp_path / "no" / "report.txt"), str(mini_repo))
    assert done.returncode == 2
    assert "cannot write the report" in done.stderr and "Traceback" not in done.stderr


def test_hostile_repository_reports_without_traceback(mini_repo: Path) -> None:
    (mini_repo / "people" / "ash" / "fy25-b.yaml").write_bytes(
        b"\xff\xfe" + "a: 1".encode("utf-16-le")
    )
    (mini_repo / "people" / "bea" / "fy25-b.yaml").write_text("a: " + "[" * 100_000)
    (mini_repo / "people" / "cyd" / "fy25-b.yaml").write_text("a: &x 1\nb: *x\n")
    (mini_repo / "rubric" / "audiences.yaml").write_text("- just\n- a list\n")
    done = calib("validate", str(mini_repo))
    assert done.returncode == 1 and "Traceback" not in done.stderr
    for fragment in ("UTF-16", "nesting deeper", "aliases", "the top level is a list"):
        assert fragment in done.stdout


def test_cli_runner_in_process(mini_path: Path) -> None:
    runner = CliRunner()
    ok = runner.invoke(main, ["validate", "--format", "text", str(mini_path)])
    assert ok.exit_code == 0 and "no problems" in ok.output
    bad = runner.invoke(main, ["validate", "--format", "nope", str(mini_path)])
    assert bad.exit_code == 2


def test_rules_command_lists_every_registered_rule() -> None:
    from calibration.validate import RULES

    done = calib("rules")
    assert done.returncode == 0
    listed = {line.split()[0] for line in done.stdout.splitlines() if line.strip()}
    assert set(RULES) <= listed
    markdown = calib("rules", "--format", "markdown").stdout
    assert markdown.startswith("| Rule |")


def test_demo_repository_has_no_errors() -> None:
    """The demo org at the top of the repository validates without errors (warnings are fine)."""
    if not (REPO_ROOT / "rubric" / "ladder.yaml").is_file():
        pytest.skip("the demo org is not in this checkout")
    done = calib("validate", "--format", "json", cwd=REPO_ROOT)
    errors = [d for d in json.loads(done.stdout)["diagnostics"] if d["severity"] == "error"]
    assert errors == [], "\n".join(f"{d['file']}:{d['line']} [{d['rule']}]" for d in errors)
