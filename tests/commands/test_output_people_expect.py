"""What long commands print: counted progress on a terminal only, one line when done, and the
build's validation warnings counted by rule instead of listed."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import pytest
import yaml

from calibration import progress

SITE_FIXTURE = Path(__file__).resolve().parents[1] / "site" / "fixtures" / "org"


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def _command(*args: str) -> list[str]:
    """The installed console script when there is one, else the same entry point via Python."""
    script = Path(sys.executable).with_name("calib")
    if script.is_file():
        return [str(script), *args]
    return [sys.executable, "-m", "calibration", *args]


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GITHUB_") and k != "CI"}
    env["NO_MKDOCS_2_WARNING"] = "1"
    return {**env, **extra}


def _in_a_terminal(args: list[str], cwd: Path, **extra: str) -> tuple[int, str, str]:
    """Run with standard error on a pseudo-terminal: (exit code, stdout, what the terminal got)."""
    master, slave = os.openpty()
    process = subprocess.Popen(
        args, cwd=cwd, stdout=subprocess.PIPE, stderr=slave, env=_env(**extra)
    )
    os.close(slave)
    received: list[bytes] = []

    def drain() -> None:
        while True:
            try:
                chunk = os.read(master, 65536)
            except OSError:  # the terminal closed with the process
                return
            if not chunk:
                return
            received.append(chunk)

    reader = threading.Thread(target=drain)
    reader.start()
    out, _ = process.communicate(timeout=300)
    reader.join(timeout=30)
    os.close(master)
    return process.returncode, out.decode(), b"".join(received).decode(errors="replace")


@pytest.fixture
def org(tmp_path: Path) -> Path:
    return Path(shutil.copytree(SITE_FIXTURE, tmp_path / "org"))


def _weaken(org: Path) -> None:
    """One weak-evidence warning: a statement with a vague verb and no result."""
    path = org / "people" / "eng-di" / "second.yaml"
    data: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["evidence"][0] = {"dimension": "craft", "statement": "I helped with some things."}
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")


def test_a_task_redraws_one_line_on_a_terminal_and_clears_it() -> None:
    screen = _Terminal()
    with progress.showing(screen, enabled=True):
        work = progress.task("reading files", 3)
        for _ in range(3):
            work.advance()
    text = screen.getvalue()
    assert text.startswith("\r\x1b[Kcalib: reading files 0/3")
    assert "calib: reading files 3/3" in text  # the last count is always shown
    assert text.endswith("\r\x1b[K") and "\n" not in text


def test_nothing_is_shown_in_a_pipe_in_ci_or_without_a_display(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    piped = io.StringIO()
    with progress.showing(piped):
        progress.task("reading files", 3).advance()
    assert piped.getvalue() == ""
    monkeypatch.setenv("CI", "true")
    terminal = _Terminal()
    with progress.showing(terminal):
        progress.task("reading files", 3).advance()
    assert terminal.getvalue() == ""
    progress.task("no display at all", 1).advance()  # library code called outside a command


@pytest.mark.slow
def test_build_says_what_it_built_and_counts_its_warnings(org: Path, tmp_path: Path) -> None:
    _weaken(org)
    site = tmp_path / "site"
    done = subprocess.run(
        _command("build", "--root", str(org), "-a", "org", "-d", str(site)),
        capture_output=True,
        text=True,
        env=_env(),
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert len(lines) == 1
    pages = sum(1 for p in site.rglob("*.html") if p.name != "404.html")
    assert lines[0].startswith(f"built the org site: {pages} page(s) in {site.resolve()} (")
    assert lines[0].endswith(" s)")
    # one line for the warnings, none per finding, and no progress in a pipe
    assert "1 validation warning(s) (weak-evidence 1); run `calib validate` for the list" in (
        done.stderr
    )
    assert "people/eng-di/second.yaml" not in done.stderr
    assert "\r" not in done.stderr and "\x1b" not in done.stderr


@pytest.mark.slow
def test_plain_mkdocs_build_counts_warnings_too(org: Path, tmp_path: Path) -> None:
    _weaken(org)
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "mkdocs",
            "build",
            "-f",
            str(org / "mkdocs.yml"),
            "-d",
            str(tmp_path / "s"),
        ],
        capture_output=True,
        text=True,
        env=_env(),
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    warnings = [line for line in done.stderr.splitlines() if "validation warning" in line]
    assert len(warnings) == 1 and warnings[0].startswith("WARNING")
    assert "[weak-evidence]" not in done.stderr


@pytest.mark.slow
def test_a_terminal_gets_counted_progress(org: Path, tmp_path: Path) -> None:
    code, out, terminal = _in_a_terminal(
        _command("build", "-a", "org", "-d", str(tmp_path / "site")), cwd=org / "people"
    )
    assert code == 0, terminal
    assert out.startswith("built the org site: ")
    for step in ("calib: reading files", "calib: checking rules", "calib: rendering pages"):
        assert step in terminal
    assert "\r\x1b[K" in terminal
    # (the build left a cached result, which needs no reading: --no-cache reads again)
    code, out, terminal = _in_a_terminal(_command("validate", "--no-cache"), cwd=org)
    assert code == 0 and "files checked: no problems" in out
    assert "calib: reading files" in terminal


@pytest.mark.slow
def test_ci_gets_no_progress_even_on_a_terminal(org: Path) -> None:
    code, out, terminal = _in_a_terminal(_command("validate", "--no-cache"), cwd=org, CI="true")
    assert code == 0 and "files checked" in out
    assert terminal == ""
