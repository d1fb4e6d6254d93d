"""`calib build` publishes only audited output: staged next to the target, audited last, moved in.

The hooks here are allowlisted in the fixture's ``rubric/audiences.yaml`` (the
config guard refuses them otherwise) so that they can act after the plugin.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from site_helpers import edit_yaml, mkdocs_build

from calibration.cli import main
from calibration.plugin import CalibrationPlugin
from calibration.site.staging import recover

pytestmark = pytest.mark.slow

LEAK_HOOK = """
import shutil
from pathlib import Path

from mkdocs.plugins import event_priority


@event_priority({priority})
def on_post_build(config):
    root = Path(config.config_file_path).parent
    shutil.copy(root / "people" / "eng-bo" / "second.yaml", Path(config.site_dir) / "leak.txt")
"""

PAUSE_HOOK = """
import os
import time
from pathlib import Path


def on_post_build(config):
    flag = os.environ.get("CALIB_TEST_PAUSE")
    if flag:
        Path(flag).write_text(config.site_dir)
        time.sleep(120)
"""


def _add_hook(root: Path, name: str, source: str) -> None:
    (root / "hooks").mkdir(exist_ok=True)
    (root / "hooks" / name).write_text(source)
    edit_yaml(
        root / "rubric" / "audiences.yaml",
        lambda data: data.update(site_allowlist={"hooks": [f"hooks/{name}"]}),
    )
    config = root / "mkdocs.yml"
    config.write_text(config.read_text() + f"hooks:\n  - hooks/{name}\n")


def _calib(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.output


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def _leftovers(target: Path) -> list[str]:
    return sorted(p.name for p in target.parent.iterdir() if p.name.startswith("."))


def _built(root: Path, target: Path, audience: str = "org") -> dict[str, bytes]:
    code, output = _calib("build", str(root), "-a", audience, "-d", str(target))
    assert code == 0, output
    return _snapshot(target)


def test_the_plugin_audits_after_every_other_post_build_step(
    fixture_org: Path, tmp_path: Path
) -> None:
    from mkdocs.exceptions import Abort

    assert CalibrationPlugin.on_post_build.mkdocs_priority == -100  # type: ignore[attr-defined]
    # A hook at the default priority copies a data file into the site: plain MkDocs
    # runs the plugin's audit after it, which removes the output and fails the build.
    _add_hook(fixture_org, "leak.py", LEAK_HOOK.format(priority=0))
    with pytest.raises(Abort):
        mkdocs_build(fixture_org, "org", tmp_path / "plain", strict=False)
    assert not (tmp_path / "plain" / "leak.txt").exists()
    assert not (tmp_path / "plain" / "index.html").exists()


def test_calib_build_audits_what_runs_after_the_plugin(fixture_org: Path, tmp_path: Path) -> None:
    target = tmp_path / "out" / "site"
    before = _built(fixture_org, target)
    # This hook runs after the plugin's own audit would: only calib build's audit sees it.
    _add_hook(fixture_org, "leak.py", LEAK_HOOK.format(priority=-1000))
    code, output = _calib("build", str(fixture_org), "-a", "org", "-d", str(target))
    assert code == 1
    assert "leak.txt: [text]" in output and "audit failed" in output
    assert "Traceback" not in output
    assert _snapshot(target) == before
    assert _leftovers(target) == []


def test_a_failed_build_leaves_the_target_as_it_was(fixture_org: Path, tmp_path: Path) -> None:
    target = tmp_path / "site"
    before = _built(fixture_org, target, "calibration")
    person = fixture_org / "people" / "eng-bo" / "person.yaml"
    person.write_text(person.read_text().replace("team: alpha", "team: nowhere"))
    code, output = _calib("build", str(fixture_org), "-a", "org", "-d", str(target))
    assert code == 1, output
    assert _snapshot(target) == before
    assert _leftovers(target) == []


def test_a_build_replaces_the_previous_site_as_a_whole(fixture_org: Path, tmp_path: Path) -> None:
    target = tmp_path / "site"
    _built(fixture_org, target, "calibration")
    (target / ".stray").write_text("left by someone")
    after = _built(fixture_org, target, "org")
    assert ".stray" not in after and not (target / "people").exists()
    assert after[".calib-site"] == b"audience: org\n"
    assert _leftovers(target) == []


@pytest.mark.skipif(sys.platform == "win32", reason="needs POSIX signals")
@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGINT], ids=["SIGKILL", "SIGINT"])
def test_a_killed_build_leaves_the_target_as_it_was(
    fixture_org: Path, tmp_path: Path, sig: signal.Signals
) -> None:
    _add_hook(fixture_org, "pause.py", PAUSE_HOOK)
    target = tmp_path / "site"
    before = _built(fixture_org, target)
    flag = tmp_path / "paused"
    env = {**os.environ, "CALIB_TEST_PAUSE": str(flag), "NO_MKDOCS_2_WARNING": "1"}
    command = [sys.executable, "-m", "calibration", "build", str(fixture_org), "-a", "org"]
    with subprocess.Popen([*command, "-d", str(target)], env=env) as build:
        deadline = time.monotonic() + 120
        while not flag.exists() and build.poll() is None and time.monotonic() < deadline:
            time.sleep(0.1)
        assert flag.exists(), "the build never reached its last step"
        staging = Path(flag.read_text())
        # MkDocs wrote the whole site, into a hidden folder next to the target.
        assert staging.parent == target.parent and staging.name.startswith(".")
        assert (staging / "index.html").is_file()
        build.send_signal(sig)
        assert build.wait(timeout=60) != 0
    assert _snapshot(target) == before
    if sig == signal.SIGINT:
        assert not staging.exists()  # a stopped build tidies up after itself
    # The next build tidies up after a killed one, and publishes.
    _built(fixture_org, target)
    assert _leftovers(target) == []


def test_a_site_moved_aside_by_a_killed_build_is_restored(
    fixture_org: Path, tmp_path: Path
) -> None:
    target = tmp_path / "site"
    before = _built(fixture_org, target)
    # Killed between moving the old site aside and moving the new one in.
    target.rename(tmp_path / ".site.calib-previous-0123456789ab")
    (tmp_path / ".site.calib-staging-abcdef012345").mkdir()
    (tmp_path / ".other.calib-staging-abcdef012345").mkdir()  # another target's: kept
    recover(target)
    assert _snapshot(target) == before
    assert _leftovers(target) == [".other.calib-staging-abcdef012345"]


def test_the_repository_is_never_the_target(fixture_org: Path, tmp_path: Path) -> None:
    before = _snapshot(fixture_org)
    for target in (fixture_org, fixture_org.parent):
        code, output = _calib("build", str(fixture_org), "-a", "org", "-d", str(target), "--force")
        assert code == 2, output
        assert "choose an output folder" in output
    assert _snapshot(fixture_org) == before
