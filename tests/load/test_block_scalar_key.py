"""The block-scalar trap: a key indented like the text above it is text, and a warning says so."""

from __future__ import annotations

from pathlib import Path

import pytest

from calibration.load.repository import load_repository
from calibration.load.yamlio import FOLDED_KEY, load_text
from calibration.validate import validate_repository

PREFILL = "people/ada/2026-h2.yaml"


def _folded(text: str, relpath: str = PREFILL) -> list[tuple[int, int, str]]:
    result = load_text(text, relpath)
    assert result.document is not None
    return [(d.line, d.column, d.message) for d in result.diagnostics if d.rule == FOLDED_KEY]


def test_a_scope_folded_into_the_statement_is_reported_at_its_line() -> None:
    text = (
        "evidence:\n"
        "  - dimension: delivery\n"
        "    statement: >-\n"
        "      I cut the close from three days to one.\n"
        "      scope: Finance operations\n"
        "    date: '2026-10-01'\n"
    )
    loaded = load_text(text, PREFILL)
    assert loaded.document is not None
    item = loaded.document.data["evidence"][0]
    assert item["statement"].endswith("scope: Finance operations") and "scope" not in item
    (diag,) = loaded.diagnostics
    assert (diag.line, diag.column, diag.severity, diag.path) == (
        5,
        7,
        "warning",
        ("evidence", 0, "statement"),
    )
    assert diag.message.startswith(
        "`scope:` on line 5 is part of the text of `statement`; indent it like `statement` "
        "to make it a key"
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the item's first key is the block scalar: "- statement: >-"
        ("evidence:\n  - statement: |\n      Shipped.\n      date: x\n", [(4, 7)]),
        # a top-level answer swallowing the next top-level key
        ("uncertainty: >-\n  Unsure.\n\n  invisible_work: docs\n", [(4, 3)]),
        # prose that only looks like a key: "sustainable" is no key of a pre-fill
        (
            "uncertainty: >-\n  I am unsure the pace is\n  sustainable: most of it came late.\n",
            [],
        ),
        # a sibling key indented right ends the text, as meant
        ("evidence:\n  - statement: >-\n      Shipped.\n    scope: two teams\n", []),
        # a key of another mapping (metrics) is not one that belongs next to the statement
        ("evidence:\n  - statement: >-\n      Shipped.\n      before: slow\n", []),
    ],
    ids=["dash-literal", "top-level", "prose", "sibling", "other-mapping"],
)
def test_which_lines_count(text: str, expected: list[tuple[int, int]]) -> None:
    assert [(line, column) for line, column, _ in _folded(text)] == expected


def test_files_of_no_known_kind_use_their_own_keys() -> None:
    text = "items:\n  - title: >-\n      A\n      note: b\n  - title: C\n    note: d\n"
    assert [(line, col) for line, col, _ in _folded(text, "elsewhere.yaml")] == [(4, 7)]
    assert _folded(text.replace("    note: d\n", ""), "elsewhere.yaml") == []


def _fold_ash(root: Path) -> None:
    path = root / "people" / "ash" / "fy25-b.yaml"
    text = path.read_text(encoding="utf-8")
    old = "shipped change dropped from three weeks to four days.\n"
    path.write_text(text.replace(old, old + "      scope: Routing team.\n"), encoding="utf-8")


@pytest.mark.parametrize("severity", ["off", "error"])
def test_its_severity_is_set_like_a_rules(mini_repo: Path, severity: str) -> None:
    _fold_ash(mini_repo)
    rules = mini_repo / "rubric" / "rules.yaml"
    rules.write_text(
        rules.read_text(encoding="utf-8").replace(
            "severities: {}", f"severities: {{{FOLDED_KEY}: {severity}}}"
        ),
        encoding="utf-8",
    )
    found = [d.severity for d in validate_repository(load_repository(mini_repo))]
    assert found == ([] if severity == "off" else ["error"])


def test_a_cached_file_keeps_its_warning(mini_repo: Path) -> None:
    _fold_ash(mini_repo)
    first = validate_repository(load_repository(mini_repo))
    again = load_repository(mini_repo)
    assert again.parsed == 0  # every file from the cache this time
    assert validate_repository(again) == first
    assert [d.rule for d in first] == [FOLDED_KEY]
