"""Edited pre-fills are re-checked alone when the rules' declarations allow it, else in full."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from calibration.demo import generate_org
from calibration.diagnostics import Diagnostic
from calibration.load import memo
from calibration.load.repository import load_repository
from calibration.model import Org
from calibration.validate import RULES, Finding, rule, validate_repository
from calibration.validate.incremental import revalidate


@pytest.fixture
def org(tmp_path: Path) -> Path:
    """A 60-engineer org validated once with the cache (the result and its extra stored)."""
    root = generate_org(tmp_path / "org", people=60, seed=7).root
    validate_repository(load_repository(root))
    return root


def _fresh(root: Path) -> list[Diagnostic]:
    memo.TABLES.clear()
    return validate_repository(load_repository(root, cache=False))


def _prefill(root: Path) -> Path:
    return sorted((root / "people").glob("*/2026-h1.yaml"))[0]


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_nothing_changed_gives_the_stored_result(org: Path) -> None:
    """With no edit the stored result is the answer, and it is the full one."""
    found = revalidate(org)
    assert found is not None and found[0] == _fresh(org)


def test_an_evidence_edit_is_rechecked_alone(org: Path) -> None:
    """Weak evidence and a stale date in one file: the re-check equals a full run."""
    target = _prefill(org)
    _edit(target, "statement:", "statement: Helped with things.\n  x_note: 1\n  y:")
    _edit(target, "date: '", "date: '2019-01-01'\n  z: '")
    found = revalidate(org)
    assert found is not None
    assert found[0] == _fresh(org)
    assert any(d.file == target.relative_to(org).as_posix() for d in found[0])
    again = revalidate(org)  # the re-checked result was stored: the next run reuses it
    assert again is not None and again[0] == found[0]


def test_rating_edits_rerun_the_cross_file_rules(org: Path) -> None:
    """A rating is read across files (outliers, jumps, outcomes): those rules run again over
    the other pre-fills' stored facts, and the result, stored anew, equals a full run."""
    targets = sorted((org / "people").glob("*/2026-h1.yaml"))[:3]
    seen: set[str] = set()
    for rating in ("greatly-exceeds", "below", "nonsense"):
        for target in targets:
            text = target.read_text(encoding="utf-8")
            head, _, rest = text.partition("proposed_rating:")
            target.write_text(
                head + f"proposed_rating: {rating}\n" + rest.split("\n", 1)[1], "utf-8"
            )
        found = revalidate(org)
        assert found is not None, rating
        assert found[0] == _fresh(org), rating
        seen.update(d.rule for d in found[0])
    assert {"rating-jump", "unknown-rating"} <= seen


def test_added_or_deleted_files_run_in_full(org: Path) -> None:
    """A file that comes or goes changes what other files' rules see."""
    _prefill(org).unlink()
    assert revalidate(org) is None


def test_a_rule_without_a_declaration_turns_the_shortcut_off(org: Path) -> None:
    """A rule that does not say what it reads could read anything: every edit runs in full."""

    def check_nothing(org: Org) -> Iterator[Finding]:
        """Finds nothing."""
        yield from ()

    rule("test-undeclared", "warning", "test")(check_nothing)
    try:
        _edit(_prefill(org), "statement:", "statement: Helped.\n  x_note:")
        assert revalidate(org) is None
    finally:
        del RULES["test-undeclared"]
