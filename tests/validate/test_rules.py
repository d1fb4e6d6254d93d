"""Golden cases: one YAML file per case under ``tests/validate/rules/``.

A case copies the mini repository, applies a few edits and lists the exact
diagnostics ``calib validate`` must report, as ``file:line:col severity [rule]``.
The mini repository itself is the positive case: it must be clean.

Case file keys:

``description``
    What the case shows, in a sentence or two.
``edits``
    A list; each item names a ``file`` (relative to the repository) and one of
    ``content`` (write the whole file), ``remove: true`` (delete it),
    ``set`` (key path -> new value, written as a JSON flow value; a missing key
    is added to its mapping), ``delete`` (key paths whose key and value lines go),
    or ``replace`` (exact text -> new text, each found exactly once). Key paths
    are dotted, with list indexes as numbers: ``evidence.0.date``.
``messages``
    Optional fragments that must appear in some diagnostic's message (hints).
``expect``
    The exact sorted diagnostics, last in the file. Run with
    ``CALIB_UPDATE_GOLDEN=1`` to rewrite the ``expect`` block from the actual output.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
from yaml.error import Mark
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from calibration.diagnostics import Diagnostic
from calibration.load.dialect import Core12Loader
from calibration.load.repository import load_repository
from calibration.load.yamlio import LOADER_RULES, load_text
from calibration.validate import iter_rules, validate_repository

CASES_DIR = Path(__file__).parent / "rules"
CASES = sorted(CASES_DIR.glob("*.yaml"))
MINI = Path(__file__).parents[1] / "fixtures" / "mini"

# Diagnostics that do not come from the rule registry but must have golden cases too.
BUILTIN_RULES = ("schema", "yaml-syntax", "missing-file", *LOADER_RULES)

# A rule whose negative case lives in another test file is listed here with
# that file, so nothing is left out silently.
EXCLUDED: dict[str, str] = {}

# History rules compare the work tree with a git base, which a golden case cannot
# express; their cases live in this file, which must name every one of them.
HISTORY_TESTS = "test_history_rules.py"

KeyPath = list[str | int]


def parse_key_path(spec: str | list[Any]) -> KeyPath:
    """``evidence.0.date`` (or a list) -> ``["evidence", 0, "date"]``."""
    parts = spec if isinstance(spec, list) else str(spec).split(".")
    return [int(p) if isinstance(p, int) or str(p).isdigit() else str(p) for p in parts]


def _compose(text: str) -> Node:
    loader = Core12Loader(text)
    try:
        node = loader.get_single_node()
    finally:
        loader.dispose()
    assert node is not None, "cannot edit an empty file with set/delete"
    return node


def _child(node: Node, part: str | int) -> tuple[Node | None, Node | None]:
    """Return (key node or item node, value node) of ``part`` under ``node``."""
    if isinstance(node, MappingNode) and isinstance(part, str):
        for key_node, value_node in node.value:
            if isinstance(key_node, ScalarNode) and key_node.value == part:
                return key_node, value_node
    if isinstance(node, SequenceNode) and isinstance(part, int) and part < len(node.value):
        return node.value[part], node.value[part]
    return None, None


def _walk(text: str, path: KeyPath) -> tuple[Node, Node | None, Node | None]:
    """Return (parent node, key node, value node) of ``path``; the last two may be None."""
    node = _compose(text)
    for part in path[:-1]:
        _key, value = _child(node, part)
        assert value is not None, f"no {part!r} on the way to {path}"
        node = value
    key, value = _child(node, path[-1])
    return node, key, value


def _content_end(text: str, node: Node) -> int:
    """Index just past the last character of ``node``'s own text.

    Block collections and block scalars end where the next token starts,
    possibly on a later line, so the end of their last content is used instead.
    """
    if isinstance(node, (MappingNode, SequenceNode)) and not node.flow_style and node.value:
        last = node.value[-1]
        return _content_end(text, last[1] if isinstance(last, tuple) else last)
    start, end = int(node.start_mark.index), int(node.end_mark.index)
    return start + len(text[start:end].rstrip())


def _line_start(text: str, index: int) -> int:
    return text.rfind("\n", 0, index) + 1


def apply_set(text: str, path: KeyPath, value: Any) -> str:
    """Replace the value at ``path`` (or add the key to its mapping)."""
    rendered = json.dumps(value, ensure_ascii=False)
    parent, _key, node = _walk(text, path)
    if node is not None:
        start, end = node.start_mark.index, _content_end(text, node)
        if isinstance(node, (MappingNode, SequenceNode)) and not node.flow_style:
            start = text.rfind(":", 0, start) + 1 if isinstance(path[-1], str) else start
            rendered = " " + rendered
        return text[:start] + rendered + text[end:]
    assert isinstance(parent, MappingNode) and parent.value, f"cannot add {path}"
    first: Mark = parent.value[0][0].start_mark
    insert = f"{path[-1]}: {rendered}\n" + " " * first.column
    return text[: first.index] + insert + text[first.index :]


def apply_delete(text: str, path: KeyPath) -> str:
    """Remove the key (or list item) at ``path`` with every line of its value."""
    _parent, key, value = _walk(text, path)
    assert key is not None and value is not None, f"nothing at {path} to delete"
    start = _line_start(text, key.start_mark.index)
    end = _content_end(text, value)
    newline = text.find("\n", end)
    end = len(text) if newline < 0 else newline + 1
    return text[:start] + text[end:]


def apply_edit(root: Path, edit: dict[str, Any]) -> None:
    """Apply one edit of a case to the repository copy at ``root``."""
    target = root / edit["file"]
    if "content" in edit:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(edit["content"], encoding="utf-8")
        return
    if edit.get("remove"):
        target.unlink()
        return
    text = target.read_text(encoding="utf-8")
    for old, new in (edit.get("replace") or {}).items():
        assert text.count(old) == 1, f"{old!r} must occur once in {edit['file']}"
        text = text.replace(old, new)
    for spec, value in (edit.get("set") or {}).items():
        text = apply_set(text, parse_key_path(spec), value)
    for spec in edit.get("delete") or []:
        text = apply_delete(text, parse_key_path(spec))
    target.write_text(text, encoding="utf-8")


def load_case(path: Path) -> dict[str, Any]:
    """Read a case file with the project's own loader (YAML 1.2, strict)."""
    result = load_text(path.read_text(encoding="utf-8"), path.name)
    assert result.document is not None, result.diagnostics
    data: dict[str, Any] = result.document.data
    return data


def format_line(diag: Diagnostic) -> str:
    """The golden form of one diagnostic."""
    return f"{diag.file}:{diag.line}:{diag.column} {diag.severity} [{diag.rule}]"


def run_case(case: dict[str, Any], root: Path) -> list[Diagnostic]:
    """Copy-free part of a case run: edit ``root`` and validate it."""
    for edit in case.get("edits") or []:
        apply_edit(root, edit)
    return validate_repository(load_repository(root))


def _rewrite_expect(path: Path, lines: list[str]) -> None:
    text = path.read_text(encoding="utf-8")
    head = text[: text.index("\nexpect:")] if "\nexpect:" in text else text.rstrip("\n")
    body = "".join(f"  - {json.dumps(line)}\n" for line in lines) if lines else ""
    path.write_text(head + "\nexpect:" + (" []\n" if not lines else "\n" + body), "utf-8")


@pytest.mark.parametrize("case_path", CASES, ids=[p.stem for p in CASES])
def test_golden_case(case_path: Path, mini_repo: Path) -> None:
    case = load_case(case_path)
    assert case.get("description"), f"{case_path.name}: add a description"
    diagnostics = run_case(case, mini_repo)
    actual = [format_line(d) for d in diagnostics]
    if os.environ.get("CALIB_UPDATE_GOLDEN"):
        _rewrite_expect(case_path, actual)
        return
    assert actual == list(case.get("expect") or []), "\n".join(
        f"{format_line(d)} {d.message}" for d in diagnostics
    )
    messages = " | ".join(d.message for d in diagnostics)
    for fragment in case.get("messages") or []:
        assert fragment in messages
    for diag in diagnostics:
        assert diag.line >= 1 and diag.column >= 1 and diag.message.strip()


def test_mini_repository_is_clean(mini_path: Path) -> None:
    repo = load_repository(mini_path)
    assert len(repo.kinds) >= 20
    assert validate_repository(repo) == []


def _covered_rules() -> set[str]:
    covered: set[str] = set()
    for path in CASES:
        for line in load_case(path).get("expect") or []:
            covered.add(line.split("[", 1)[1].split("]", 1)[0])
    return covered


def test_every_rule_has_a_golden_case() -> None:
    expected = {rule.id for rule in iter_rules(needs_base=False)} | set(BUILTIN_RULES)
    missing = sorted(expected - _covered_rules() - set(EXCLUDED))
    assert not missing, (
        f"no golden case fires {', '.join(missing)}: add tests/validate/rules/<rule-id>.yaml "
        "(copy an existing case), or list the rule in EXCLUDED with the test file that covers it"
    )
    for rule_id, test_file in EXCLUDED.items():
        assert (Path(__file__).parent / test_file).is_file(), f"{rule_id}: {test_file} is missing"


def test_every_history_rule_has_a_test() -> None:
    tests = (Path(__file__).parent / HISTORY_TESTS).read_text(encoding="utf-8")
    untested = sorted(r.id for r in iter_rules(needs_base=True) if r.id not in tests)
    assert not untested, f"add a case to tests/validate/{HISTORY_TESTS} for: {', '.join(untested)}"


def test_edit_helpers_keep_layout() -> None:
    text = "a: 1\nb:\n  - x: 1\n    y: 2\n  - x: 3\nc: end\n"
    assert apply_set(text, ["b", 0, "y"], "two") == text.replace("y: 2", 'y: "two"')
    assert apply_set(text, ["d"], None) == "d: null\n" + text
    assert apply_delete(text, ["b", 0]) == "a: 1\nb:\n  - x: 3\nc: end\n"
    assert apply_delete(text, ["b"]) == "a: 1\nc: end\n"
    assert apply_set(text, ["b"], []) == "a: 1\nb: []\nc: end\n"
    folded = "a: >-\n  one\n  two\n\nb: 2\n"
    assert apply_delete(folded, ["a"]) == "\nb: 2\n"
    assert apply_set(folded, ["a"], "x") == 'a: "x"\n\nb: 2\n'
