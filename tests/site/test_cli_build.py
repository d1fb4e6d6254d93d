"""`calib build` and `calib audit-site` end to end, through the real command line."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from calibration.cli import main

pytestmark = pytest.mark.slow


def _run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.output


def test_build_writes_an_audited_site_with_its_marker(fixture_org: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    code, output = _run("build", str(fixture_org), "--audience", "manager:mgr-eve", "-d", str(out))
    assert code == 0, output
    assert (out / "index.html").is_file()
    assert (out / ".calib-site").read_text() == "audience: manager:mgr-eve\n"
    assert (out / "people" / "eng-fu" / "second" / "index.html").is_file()
    assert not (out / "people" / "eng-bo").exists()
    # a second build may replace a folder calib build wrote
    code, output = _run("build", str(fixture_org), "--audience", "org", "-d", str(out))
    assert code == 0, output
    assert not (out / "people").exists()


def test_build_refuses_a_folder_it_did_not_write(fixture_org: Path, tmp_path: Path) -> None:
    out = tmp_path / "mine"
    out.mkdir()
    (out / "notes.txt").write_text("keep me")
    code, output = _run("build", str(fixture_org), "--audience", "org", "-d", str(out))
    assert code == 2
    assert "--force" in output
    assert (out / "notes.txt").read_text() == "keep me"
    code, output = _run("build", str(fixture_org), "--audience", "org", "-d", str(out), "--force")
    assert code == 0, output
    assert not (out / "notes.txt").exists()


@pytest.mark.parametrize("audience", ["nobody", "manager:", "manager:no-such-person"])
def test_build_rejects_unknown_audiences(fixture_org: Path, tmp_path: Path, audience: str) -> None:
    code, output = _run(
        "build", str(fixture_org), "--audience", audience, "-d", str(tmp_path / "s")
    )
    assert code == 2
    assert "unknown audience" in output
    assert not (tmp_path / "s").exists()


def test_build_stops_on_validation_errors(fixture_org: Path, tmp_path: Path) -> None:
    person = fixture_org / "people" / "eng-bo" / "person.yaml"
    person.write_text(person.read_text().replace("team: alpha", "team: nowhere"))
    code, output = _run("build", str(fixture_org), "--audience", "org", "-d", str(tmp_path / "s"))
    assert code == 1
    assert "people/eng-bo/person.yaml:" in output


def test_build_without_mkdocs_config_is_a_usage_error(fixture_org: Path, tmp_path: Path) -> None:
    (fixture_org / "mkdocs.yml").unlink()
    code, output = _run("build", str(fixture_org), "--audience", "org", "-d", str(tmp_path / "s"))
    assert code == 2
    assert "mkdocs.yml" in output


def test_audit_site_command(fixture_org: Path, tmp_path: Path) -> None:
    out = tmp_path / "cal"
    assert _run("build", str(fixture_org), "--audience", "calibration", "-d", str(out))[0] == 0
    code, output = _run("audit-site", str(out), str(fixture_org), "--audience", "calibration")
    assert code == 0, output
    code, output = _run("audit-site", str(out), str(fixture_org), "--audience", "org")
    assert code == 1
    assert "people/eng-bo/second/index.html: [path]" in output
    code, output = _run(
        "audit-site", str(tmp_path / "missing"), str(fixture_org), "--audience", "org"
    )
    assert code == 2
