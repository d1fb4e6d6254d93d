"""The content-hash cache: same answers as a fresh run, and never trusted when it should not be."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from calibration.cli import main
from calibration.diagnostics import Diagnostic
from calibration.load import memo
from calibration.load.cache import CACHE_DIR, CACHE_FILE, RESULT_FILE, quick_result
from calibration.load.repository import Repository, load_repository
from calibration.validate import validate_repository


@pytest.fixture
def org(org_150: Path, tmp_path: Path) -> Path:
    """A private copy of the 150-engineer org (the cache writes into it)."""
    memo.TABLES.clear()
    return Path(shutil.copytree(org_150, tmp_path / "org"))


def _rows(found: list[Diagnostic]) -> list[tuple[object, ...]]:
    return [(*d.as_dict().values(), d.path) for d in found]


def _run(root: Path, *, cache: bool = True) -> tuple[Repository, list[tuple[object, ...]]]:
    repo = load_repository(root, cache=cache)
    return repo, _rows(validate_repository(repo))


def test_cached_runs_match_a_fresh_run(org: Path) -> None:
    """Cold, warm and stored-result runs give exactly the diagnostics of an uncached run."""
    _, fresh = _run(org, cache=False)
    cold, first = _run(org)
    warm, second = _run(org)
    assert cold.parsed == len(cold.kinds) and warm.parsed == 0
    assert first == fresh and second == fresh
    quick = quick_result(org.resolve())
    assert quick is not None and _rows(quick[0]) == fresh and quick[1] == len(cold.kinds)


def test_one_changed_file_is_parsed_again(org: Path) -> None:
    """Only the changed file is parsed; the result is the uncached one."""
    _run(org)
    target = next((org / "people").glob("*/2026-h1.yaml"))
    text = target.read_text(encoding="utf-8")
    target.write_text(
        text.replace("proposed_rating:", "proposed_rating: nonsense\nx_unknown: 1\n#", 1),
        encoding="utf-8",
    )
    assert quick_result(org.resolve()) is None
    repo, cached = _run(org)
    _, fresh = _run(org, cache=False)
    assert repo.parsed == 1
    assert cached == fresh
    assert any(
        row[3] == "schema" and row[0] == target.relative_to(org).as_posix() for row in cached
    )


def test_rubric_change_invalidates(org: Path) -> None:
    """A changed rubric file means every file is parsed and checked again."""
    _run(org)
    rules = org / "rubric" / "rules.yaml"
    rules.write_text(rules.read_text(encoding="utf-8") + "\n# tightened\n", encoding="utf-8")
    assert quick_result(org.resolve()) is None
    repo, _ = _run(org)
    assert repo.parsed == len(repo.kinds)


@pytest.mark.parametrize("name", [CACHE_FILE, RESULT_FILE])
@pytest.mark.parametrize("damage", [b"", b"garbage", b"calib-cache\n" + b"\0" * 40])
def test_corrupt_cache_is_ignored_and_rebuilt(org: Path, name: str, damage: bytes) -> None:
    """A damaged cache file is never an error: it is ignored, and the next run rewrites it."""
    _, fresh = _run(org, cache=False)
    _run(org)
    (org / CACHE_DIR / name).write_bytes(damage)
    repo, found = _run(org)
    assert found == fresh
    if name == CACHE_FILE:
        assert repo.parsed == len(repo.kinds)
    again, _ = _run(org)
    assert again.parsed == 0


def test_cache_signed_by_someone_else_is_not_trusted(
    org: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A .calib-cache/ that arrived with the files (a pull request) cannot vouch for them."""
    _run(org)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "another-user"))
    assert quick_result(org.resolve()) is None
    repo, _ = _run(org)
    assert repo.parsed == len(repo.kinds)


def test_no_cache_option_leaves_no_cache(org: Path) -> None:
    """``calib validate --no-cache`` parses everything and writes nothing."""
    result = CliRunner().invoke(main, ["validate", "--no-cache", "--format", "json", str(org)])
    assert result.exit_code == 0, result.output
    assert not (org / CACHE_DIR).exists()
    cached = CliRunner().invoke(main, ["validate", "--format", "json", str(org)])
    quick = CliRunner().invoke(main, ["validate", "--format", "json", str(org)])
    assert cached.output == result.output == quick.output
    assert (org / CACHE_DIR / RESULT_FILE).is_file()


def test_a_small_change_does_not_rewrite_the_cache(org: Path) -> None:
    """One changed file is cheaper to parse again than the whole cache is to rewrite."""
    _run(org)
    stored = (org / CACHE_DIR / CACHE_FILE).read_bytes()
    target = next((org / "people").glob("*/person.yaml"))
    target.write_text(target.read_text(encoding="utf-8") + "# moved desks\n", encoding="utf-8")
    _, fresh = _run(org, cache=False)
    first, found = _run(org)
    again, found_again = _run(org)
    assert (org / CACHE_DIR / CACHE_FILE).read_bytes() == stored
    assert first.parsed == again.parsed == 1
    assert found == found_again == fresh
