"""The schema pass: every error, at the right key, with a message that says what to do."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from calibration.diagnostics import Diagnostic
from calibration.load.layout import iter_data_files
from calibration.load.resources import load_schema, schemas_dir
from calibration.load.schema import check_document
from calibration.load.yamlio import load_text

REPO_ROOT = Path(__file__).resolve().parents[2]
MINI = Path(__file__).parents[1] / "fixtures" / "mini"
KINDS = sorted(p.name.split(".")[0] for p in schemas_dir().glob("*.schema.json"))

PERSON = """\
# yaml-language-server: $schema=../../schemas/person.schema.json
handle: ada
name: Ada Lovelace
level: "p2"
team: atlas
manager: grace
role: engineer
start_date: "2021-03-01"
"""

PREFILL = """\
cycle: fy25-b
proposed_rating: at
evidence:
  - dimension: execution
    statement: Shipped the thing.
  - dimension: results
    statement: Cut errors from 9 to 2.
project:
  name: Thing
  ambiguity: low
  dependencies: few
  novelty: existing
invisible_work: none
uncertainty: Little data.
"""


def check(text: str, kind: str) -> list[Diagnostic]:
    result = load_text(text, f"{kind}.yaml")
    assert result.document is not None, result.diagnostics
    return sorted(check_document(result.document, kind))


def where(diags: list[Diagnostic]) -> list[tuple[int, int]]:
    return [(d.line, d.column) for d in diags]


def test_valid_documents_pass() -> None:
    assert check(PERSON, "person") == []
    assert check(PREFILL, "prefill") == []


def test_missing_top_level_key_points_at_the_document_and_names_the_key() -> None:
    diags = check(PERSON.replace('start_date: "2021-03-01"\n', ""), "person")
    assert where(diags) == [(2, 1)]
    assert "missing required key 'start_date'" in diags[0].message
    assert diags[0].rule == "schema" and diags[0].severity == "error"


def test_missing_nested_key_points_at_the_parent_key() -> None:
    diags = check(PREFILL.replace("  novelty: existing\n", ""), "prefill")
    assert where(diags) == [(8, 1)]
    assert "'novelty'" in diags[0].message
    assert diags[0].json_path == "$.project"


def test_missing_key_of_a_list_item_points_at_the_item() -> None:
    diags = check(PREFILL.replace("    statement: Shipped the thing.\n", ""), "prefill")
    assert where(diags) == [(4, 5)]
    assert "'statement'" in diags[0].message and diags[0].json_path == "$.evidence[0]"


def test_every_missing_key_is_reported() -> None:
    diags = check("handle: ada\n", "person")
    missing = sorted(d.message.split("'")[1] for d in diags)
    assert missing == ["level", "name", "role", "start_date", "team"]
    assert set(where(diags)) == {(1, 1)}


def test_unknown_key_points_at_the_key_with_a_suggestion() -> None:
    diags = check(PERSON.replace("manager: grace", "manger: grace"), "person")
    assert where(diags) == [(6, 1)]
    assert "unknown key 'manger': did you mean 'manager'?" in diags[0].message


def test_unknown_nested_key_and_unrelated_key_are_all_reported() -> None:
    text = PREFILL.replace("    statement: Shipped the thing.", "    statment: Shipped the thing.")
    text += "favourite_colour: teal\n"
    diags = check(text, "prefill")
    messages = [d.message for d in diags]
    assert where(diags) == [(4, 5), (5, 5), (15, 1)]
    assert any("unknown key 'statment': did you mean 'statement'?" in m for m in messages)
    assert any("missing required key 'statement'" in m for m in messages)
    assert "allowed keys: $schema, cycle, evidence" in messages[2]


def test_number_where_text_is_expected_suggests_quotes() -> None:
    diags = check(PERSON.replace('level: "p2"', "level: 4"), "person")
    assert where(diags) == [(4, 8)]
    assert diags[0].message.startswith("expected text, found the number 4; put the value in quotes")


def test_boolean_and_yes_are_explained() -> None:
    diags = check(PERSON.replace("team: atlas", "team: true"), "person")
    assert "found true/false; put the value in quotes" in diags[0].message
    text = PREFILL.replace(
        "    statement: Cut errors from 9 to 2.\n",
        "    statement: Cut errors.\n    invisible: yes\n",
    )
    diags = check(text, "prefill")
    assert where(diags) == [(8, 16)]
    assert "found the text 'yes'; write true or false" in diags[0].message


def test_enum_lists_the_allowed_values() -> None:
    diags = check(PREFILL.replace("ambiguity: low", "ambiguity: extreme"), "prefill")
    assert where(diags) == [(10, 14)]
    assert (
        "the text 'extreme' is not allowed here; use one of: low, medium, high" in diags[0].message
    )


def test_invalid_date_is_reported_at_the_value() -> None:
    diags = check(PERSON.replace("2021-03-01", "2021-02-30"), "person")
    assert where(diags) == [(8, 13)]
    assert "'2021-02-30' is not a valid date; write it as YYYY-MM-DD" in diags[0].message


def test_all_errors_are_reported_not_only_the_first() -> None:
    text = (
        PERSON.replace('level: "p2"', "level: 4")
        .replace("role: engineer", "role: boss")
        .replace("2021-03-01", "March")
        .replace("name: Ada Lovelace", 'name: ""')
    )
    text += "hobby: chess\n"
    diags = check(text, "person")
    assert where(diags) == [(3, 7), (4, 8), (7, 7), (8, 13), (9, 1)]
    assert all(d.message.endswith("(person schema)") for d in diags)


def test_wrong_top_level_type_of_a_list() -> None:
    diags = check("teams: {atlas: Atlas}\n", "teams")
    assert where(diags) == [(1, 8)] and "expected a list, found a mapping" in diags[0].message


@pytest.mark.parametrize("kind", KINDS)
def test_schemas_are_valid_draft_2020_12(kind: str) -> None:
    Draft202012Validator.check_schema(load_schema(kind))


def _properties(schema: Any, where: str) -> list[tuple[str, dict[str, Any]]]:
    """Every (location, property schema) of a schema, through $defs too."""
    out: list[tuple[str, dict[str, Any]]] = []
    if isinstance(schema, dict):
        for name, sub in (schema.get("properties") or {}).items():
            out.append((f"{where}.{name}", sub))
        for key, sub in schema.items():
            if key != "properties":
                out += _properties(sub, f"{where}.{key}")
    elif isinstance(schema, list):
        for index, sub in enumerate(schema):
            out += _properties(sub, f"{where}[{index}]")
    return out


def _resolve(schema: dict[str, Any], sub: dict[str, Any]) -> dict[str, Any]:
    ref = sub.get("$ref", "")
    if ref.startswith("#/$defs/") and "title" not in sub:
        target: dict[str, Any] = schema["$defs"][ref.split("/")[-1]]
        return {**target, **sub}
    return sub


@pytest.mark.parametrize("kind", KINDS)
def test_every_property_has_a_title_and_description(kind: str) -> None:
    """Editors show them as hover text while people type."""
    schema = load_schema(kind)
    bare = [
        where
        for where, sub in _properties(schema, kind)
        if not (_resolve(schema, sub).get("title") and _resolve(schema, sub).get("description"))
    ]
    assert not bare, f"add title and description to: {', '.join(bare)}"


@pytest.mark.parametrize("kind", KINDS)
def test_objects_refuse_unknown_keys(kind: str) -> None:
    schema = load_schema(kind)
    open_objects = [
        where
        for where, sub in [(kind, schema), *_properties(schema, kind)]
        if isinstance(sub, dict)
        and "properties" in sub
        and sub.get("additionalProperties") is not False
    ]
    assert not open_objects


def _repositories() -> list[Path]:
    roots = [MINI]
    if (REPO_ROOT / "rubric" / "ladder.yaml").is_file():
        roots.append(REPO_ROOT)
    return roots


@pytest.mark.parametrize("root", _repositories(), ids=lambda p: p.name)
def test_every_data_file_names_its_schema_on_line_one(root: Path) -> None:
    wrong = []
    for data_file in iter_data_files(root):
        first = data_file.path.read_text(encoding="utf-8").split("\n", 1)[0]
        prefix = "# yaml-language-server: $schema="
        target = (data_file.path.parent / first[len(prefix) :]).resolve()
        expected = (REPO_ROOT / "schemas" / f"{data_file.kind}.schema.json").resolve()
        if not first.startswith(prefix) or target != expected:
            wrong.append(f"{data_file.relpath}: {first!r}")
    assert not wrong, "\n".join(wrong)


def test_schemas_ship_as_json() -> None:
    for kind in KINDS:
        text = (schemas_dir() / f"{kind}.schema.json").read_text(encoding="utf-8")
        assert json.loads(text)["$schema"].endswith("2020-12/schema")
