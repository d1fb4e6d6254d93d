"""One edited pre-fill costs work in proportion to the edit, not to the org (counted lines)."""

from __future__ import annotations

import shutil
from pathlib import Path

from calibration.load import memo
from calibration.load.repository import load_repository
from calibration.validate import validate_repository
from calibration.validate.incremental import revalidate

from .counting import count_lines
from .test_scale import ROUGHLY_DOUBLE

SHARE = 10
"""A re-check of one edit must cost less than this fraction of a full validation."""


def _recheck_work(org: Path, tmp_path: Path) -> tuple[int, int]:
    """(lines of a full validation, lines of re-checking one edited statement)."""
    skip = shutil.ignore_patterns(".calib-cache")  # its remembered verdicts would hide work
    root = Path(shutil.copytree(org, tmp_path / org.parent.name, ignore=skip))
    memo.TABLES.clear()
    repo = load_repository(root)
    _, full = count_lines(lambda: validate_repository(repo))
    target = sorted((root / "people").glob("*/2026-h1.yaml"))[0]
    text = target.read_text(encoding="utf-8")
    target.write_text(text.replace("statement:", "statement: Helped.\n  x_was:", 1), "utf-8")
    found, lines = count_lines(lambda: revalidate(root))
    assert found is not None, "the edit was not re-checked alone"
    return full, lines


def test_one_edit_is_rechecked_with_little_work(
    org_150: Path, org_300: Path, tmp_path: Path
) -> None:
    """Far below a full run at both sizes; what grows with the org (noticing which file
    changed, the people every rule looks up) grows no faster than the org."""
    full_small, small = _recheck_work(org_150, tmp_path)
    full_large, large = _recheck_work(org_300, tmp_path)
    assert small * SHARE < full_small and large * SHARE < full_large, (small, full_small, large)
    assert large / small < ROUGHLY_DOUBLE, (small, large)
