"""``calib rubric import`` leaves nothing silently off: evidence roles, settings, invisible text."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from rubric_helpers import Calib

from calibration.commands.rubric import run_import
from calibration.load.yamlio import load_file

TEMPLATE = Path(__file__).resolve().parents[2] / "rubric" / "ladder.yaml"

LONG = """level,dimension,expectation,role
L1,Delivery,Ships small changes,delivery
L1,Craft,Writes tested code,none
L2,Delivery,Ships whole features,
L2,Outcomes,Moves a number the team tracks,impact
L2,Mentoring,Grows a new teammate,leverage
"""


def write(tmp_path: Path, name: str, text: str) -> Path:
    sheet = tmp_path / name
    sheet.write_bytes(text.encode("utf-8"))
    return sheet


def ladder(root: Path) -> dict[str, Any]:
    loaded = load_file(root / "rubric" / "ladder.yaml", root)
    assert loaded.document is not None, loaded.diagnostics
    data: dict[str, Any] = loaded.document.data
    return data


def roles(root: Path) -> dict[str, str]:
    return {d["id"]: d["counts_as"] for d in ladder(root)["dimensions"]}


def test_a_role_column_gives_each_dimension_its_role(
    calib: Calib, empty_repo: Path, tmp_path: Path
) -> None:
    run = calib("rubric", "import", write(tmp_path, "l.csv", LONG), "--root", empty_repo)
    assert run.code == 0, run.stdout + run.stderr
    # leverage is the impact-or-leverage half of pre-fill completeness
    assert roles(empty_repo) == {
        "delivery": "delivery",
        "craft": "other",
        "outcomes": "impact",
        "mentoring": "impact",
    }
    assert (
        "evidence roles: delivery: Delivery; impact or leverage: Outcomes, Mentoring; none: Craft"
        in run.stderr
    )


def test_a_role_line_under_the_name_in_the_wide_form(
    calib: Calib, empty_repo: Path, tmp_path: Path
) -> None:
    sheet = write(
        tmp_path,
        "w.csv",
        'Dimension,L1,L2\n"Delivery\nRole: delivery",Ships,Leads\n'
        '"Impact\nevidence role: Impact",-,Moves a number\n',
    )
    run = calib("rubric", "import", sheet, "--root", empty_repo, "--output-format", "json")
    assert run.code == 0 and run.located() == []
    assert [(d["name"], d["counts_as"]) for d in ladder(empty_repo)["dimensions"]] == [
        ("Delivery", "delivery"),
        ("Impact", "impact"),
    ]


def test_a_missing_role_names_the_dimension_and_writes_nothing(
    calib: Calib, empty_repo: Path, tmp_path: Path
) -> None:
    sheet = write(tmp_path, "l.csv", LONG.replace(",none\n", ",\n"))
    run = calib("rubric", "import", sheet, "--root", empty_repo, "--output-format", "json")
    assert run.code == 1
    assert run.located() == ["3:2 error [import-role-missing]"]  # the cell that names Craft
    message = run.json()["diagnostics"][0]["message"]
    assert "dimension 'Craft' has no evidence role" in message
    assert "add a role column (delivery, impact, leverage or none)" in message
    assert "--roles craft=ROLE" in message
    assert "nothing written" in run.stderr
    assert not (empty_repo / "rubric").exists()


def test_roles_option_fills_in_and_wins_over_the_sheet(
    calib: Calib, empty_repo: Path, tmp_path: Path
) -> None:
    sheet = write(tmp_path, "l.csv", LONG.replace(",none\n", ",\n"))
    run = calib(
        "rubric", "import", sheet, "--root", empty_repo, "--roles", "Craft=none,mentoring=delivery"
    )
    assert run.code == 0, run.stdout + run.stderr
    assert roles(empty_repo)["craft"] == "other"
    assert roles(empty_repo)["mentoring"] == "delivery"  # by id, over the sheet's leverage


@pytest.mark.parametrize(
    ("option", "says"),
    [("nope=impact", "--roles names 'nope', not a dimension"), ("craft=sometimes", "write dim")],
)
def test_a_bad_roles_option_is_a_usage_error(
    option: str, says: str, calib: Calib, empty_repo: Path, tmp_path: Path
) -> None:
    run = calib("rubric", "import", write(tmp_path, "l.csv", LONG), "--root", empty_repo)
    assert run.code == 0
    before = (empty_repo / "rubric" / "ladder.yaml").read_bytes()
    run = calib(
        "rubric", "import", tmp_path / "l.csv", "--root", empty_repo, "--force", "--roles", option
    )
    assert run.code == 2 and says in run.stderr
    assert (empty_repo / "rubric" / "ladder.yaml").read_bytes() == before


def test_a_terminal_is_asked_for_each_missing_role(
    empty_repo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sheet = write(tmp_path, "l.csv", LONG.replace(",none\n", ",\n").replace(",leverage\n", ",\n"))
    answers = iter(["not sure", "none", "leverage"])
    asked: list[str] = []

    def ask(prompt: str, default: str | None) -> str:
        asked.append(prompt)
        return next(answers)

    code = run_import(
        sheet, root=empty_repo, fmt=None, force=False, output_format="text", version=None, ask=ask
    )
    assert code == 0
    assert asked == [
        "Evidence role of 'Craft' (delivery, impact, leverage or none)",
        "Evidence role of 'Craft' (delivery, impact, leverage or none)",  # asked again
        "Evidence role of 'Mentoring' (delivery, impact, leverage or none)",
    ]
    assert roles(empty_repo) == {
        "delivery": "delivery",
        "craft": "other",
        "outcomes": "impact",
        "mentoring": "impact",
    }
    assert "pass --roles craft=none,mentoring=impact" in capsys.readouterr().err


def test_a_wrong_or_second_role_is_an_error_at_its_cell(
    calib: Calib, empty_repo: Path, tmp_path: Path
) -> None:
    text = LONG.replace(
        "L2,Delivery,Ships whole features,", "L2,Delivery,Ships whole features,none"
    )
    text = text.replace(",leverage\n", ",sometimes\n")
    run = calib(
        "rubric", "import", write(tmp_path, "l.csv", text), "--root", empty_repo,
        "--output-format", "json",
    )  # fmt: skip
    assert run.code == 1
    assert run.located() == ["4:4 error [import-role]", "6:4 error [import-role]"]
    messages = [d["message"] for d in run.json()["diagnostics"]]
    assert "has role 'none' here but 'delivery' in cell D2; give it one role" in messages[0]
    assert "'sometimes' (cell D6) is not an evidence role" in messages[1]


def test_no_impact_dimension_is_a_warning(calib: Calib, empty_repo: Path, tmp_path: Path) -> None:
    sheet = write(tmp_path, "w.csv", "Dimension,L1,Role\nDelivery,Ships,delivery\nCraft,Tests,-\n")
    run = calib("rubric", "import", sheet, "--root", empty_repo, "--output-format", "json")
    assert run.code == 0
    assert run.located() == ["2:1 warning [import-role]"]
    assert "will not ask pre-fills for impact or leverage evidence" in run.stdout


def test_a_reimport_keeps_the_roles_of_the_ladder_it_replaces(
    calib: Calib, empty_repo: Path, tmp_path: Path
) -> None:
    assert calib("rubric", "import", write(tmp_path, "l.csv", LONG), "--root", empty_repo).code == 0
    without = "\n".join(line.rsplit(",", 1)[0] for line in LONG.splitlines()) + "\n"
    run = calib("rubric", "import", write(tmp_path, "again.csv", without), "--root", empty_repo,
                "--force")  # fmt: skip
    assert run.code == 0, run.stdout
    assert roles(empty_repo)["mentoring"] == "impact"


def template_repo(tmp_path: Path) -> Path:
    """A repository holding the template's ladder, as `calib init` leaves it."""
    root = tmp_path / "org"
    (root / "rubric").mkdir(parents=True)
    shutil.copy(TEMPLATE, root / "rubric" / "ladder.yaml")
    return root


OTHER = """Dimension,L3,L4,L5,Role
Delivery,Ships tasks,Ships features,Ships projects,delivery
Impact,-,Moves a number,Moves a company number,impact
"""


def test_the_templates_description_and_columns_do_not_survive(calib: Calib, tmp_path: Path) -> None:
    root = template_repo(tmp_path)
    template = ladder(root)
    assert template["description"] and template["cumulative"] and template["attributes"]
    run = calib("rubric", "import", write(tmp_path, "other.csv", OTHER), "--root", root,
                "--force", "--ladder-version", "2", "--output-format", "json")  # fmt: skip
    assert run.code == 0, run.stdout + run.stderr
    data = ladder(root)
    assert "description" not in data and "cumulative" not in data and "attributes" not in data
    assert all("attributes" not in level for level in data["levels"])  # L3 to L5 existed before
    dropped = [d for d in run.json()["diagnostics"] if d["rule"] == "import-setting"]
    assert [(d["file"], d["severity"]) for d in dropped] == [("rubric/ladder.yaml", "warning")] * 3
    assert "the description of the current ladder is not in the sheet" in dropped[0]["message"]


def test_the_sheet_may_say_so(calib: Calib, tmp_path: Path) -> None:
    root = template_repo(tmp_path)
    sheet = write(
        tmp_path,
        "other.csv",
        "Name:,Platform ladder\nDescription: Read each level on its own.\nCumulative:,no\n"
        + OTHER.replace("\n", "\nAttribute: Scope,A task,A feature,A project,\n", 1),
    )
    run = calib("rubric", "import", sheet, "--root", root, "--force", "--ladder-version", "2",
                "--output-format", "json")  # fmt: skip
    assert run.code == 0, run.stdout
    assert not [d for d in run.json()["diagnostics"] if d["rule"] != "import-removed-level"]
    data = ladder(root)
    assert (data["name"], data["description"], data["cumulative"]) == (
        "Platform ladder",
        "Read each level on its own.",
        False,
    )
    assert data["attributes"] == [{"id": "scope", "name": "Scope"}]  # the template's id, kept
    assert [lv["attributes"] for lv in data["levels"]] == [
        {"scope": "A task"},
        {"scope": "A feature"},
        {"scope": "A project"},
    ]


def test_settings_lines_of_a_markdown_sheet(calib: Calib, empty_repo: Path, tmp_path: Path) -> None:
    sheet = write(
        tmp_path,
        "ladder.md",
        "# Our ladder\n\n**Description:** Two levels.<br>Read them in order.\nCumulative: yes\n\n"
        "| Dimension | L1 | L2 | Role |\n|---|---|---|---|\n"
        "| Attribute: Autonomy | Guided | Alone | |\n"
        "| Delivery | Ships | Leads | delivery |\n| Impact | - | Moves a number | impact |\n",
    )
    run = calib("rubric", "import", sheet, "--root", empty_repo, "--output-format", "json")
    assert run.code == 0 and run.located() == [], run.stdout
    data = ladder(empty_repo)
    assert data["description"] == "Two levels.\nRead them in order."
    assert data["cumulative"] is True
    assert [lv["attributes"] for lv in data["levels"]] == [
        {"autonomy": "Guided"},
        {"autonomy": "Alone"},
    ]


EMOJI = [
    "\U0001f469\u200d\U0001f4bb Craft",  # woman technologist: a ZWJ sequence
    "\U0001f3f3\ufe0f\u200d\U0001f308 Belonging",  # rainbow flag: variation selector and ZWJ
    "\U0001f44b\U0001f3fd Collaboration",  # waving hand with a skin tone
    "\U0001f3f4\U000e0067\U000e0062\U000e0065\U000e006e\U000e0067\U000e007f Delivery",  # tags
    "Growth \U0001f9d1\U0001f3fe\u200d\U0001f91d\u200d\U0001f9d1\U0001f3fb",  # people holding hands
]


def test_emoji_sequences_stay_byte_for_byte(calib: Calib, empty_repo: Path, tmp_path: Path) -> None:
    rows = "".join(f"{name},Does it,Leads it,impact\n" for name in EMOJI)
    sheet = write(tmp_path, "emoji.csv", "Dimension,L1,L2,Role\n" + rows)
    run = calib("rubric", "import", sheet, "--root", empty_repo, "--roles", "Delivery=delivery",
                "--output-format", "json")  # fmt: skip
    assert run.code == 0, run.stdout
    assert run.located() == []  # nothing in an emoji is a hidden character
    assert [d["name"] for d in ladder(empty_repo)["dimensions"]] == EMOJI
    written = (empty_repo / "rubric" / "ladder.yaml").read_bytes()
    for name in EMOJI:
        assert name.encode("utf-8") in written


@pytest.mark.parametrize(
    ("stray", "name"),
    [
        ("\u200b", "zero-width space (U+200B)"),
        ("\u200d", "zero-width joiner (U+200D)"),  # between two letters, not in an emoji
        ("\u202e", "right-to-left override (U+202E)"),
        ("\ufeff", "byte-order mark (U+FEFF)"),
    ],
)
def test_a_stray_invisible_character_is_flagged_where_it_is(
    stray: str, name: str, calib: Calib, empty_repo: Path, tmp_path: Path
) -> None:
    sheet = write(
        tmp_path,
        "s.csv",
        f"Dimension,L1,L2,Role\nDelivery,Ships,Ships whole fea{stray}tures,delivery\n"
        "Impact,-,Moves a number,impact\n",
    )
    run = calib("rubric", "import", sheet, "--root", empty_repo, "--output-format", "json")
    assert run.code == 0
    assert run.located() == ["2:3 warning [import-hidden-character]"]  # row 2, column C
    assert f"cell C2 holds {name} at character 16" in run.stdout
    texts = [e["text"] for e in ladder(empty_repo)["expectations"]]
    assert "Ships whole features" in texts


def test_a_markdown_sheet_points_at_the_character_itself(
    calib: Calib, empty_repo: Path, tmp_path: Path
) -> None:
    line = "| Delivery | Ships | Ships whole\u200b features |"
    sheet = write(
        tmp_path,
        "s.md",
        f"| Dimension | L1 | L2 |\n|---|---|---|\n{line}\n",
    )
    run = calib("rubric", "import", sheet, "--root", empty_repo, "--roles", "delivery=delivery",
                "--output-format", "json")  # fmt: skip
    column = line.index("\u200b") + 1
    assert f"3:{column} warning [import-hidden-character]" in run.located()


def test_joiners_inside_words_of_scripts_that_need_them_are_kept() -> None:
    from calibration.rubric_io.text import clean

    persian = "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645"  # ZWNJ inside a Persian word
    assert clean(persian) == (persian, [], None)
    assert clean("a\u200cb").hidden == ["zero-width non-joiner (U+200C) at character 2"]


FIXTURE_ORG = Path(__file__).resolve().parents[1] / "site" / "fixtures" / "org"
FIXTURE_SHEET = """Dimension,E1,E2,E3,MGR,DIR
order,1,2,3,3,4
Craft,Finishes guided tasks with tests.,Ships whole features end to end.,-,-,-
Reach,-,Measures what each feature changed.,Changes outcomes for several teams.,-,-
Teaching,-,-,Grows other engineers.,-,-
"""


def test_imported_roles_switch_the_completeness_rule_on(calib: Calib, tmp_path: Path) -> None:
    from calibration.load.repository import load_repository
    from calibration.validate import RULES

    root = Path(shutil.copytree(FIXTURE_ORG, tmp_path / "org"))
    (root / "rubric" / "ladder.yaml").unlink()  # a first import: nothing to carry roles over
    prefill = root / "people" / "eng-fu" / "second.yaml"
    text = prefill.read_text(encoding="utf-8")
    prefill.write_text(text[: text.index("  - id: eng-fu-second-reach")] + text[
        text.index("invisible_work:") :
    ], encoding="utf-8")  # fmt: skip
    sheet = write(tmp_path, "ladder.csv", FIXTURE_SHEET)
    refused = calib("rubric", "import", sheet, "--root", root, "--output-format", "json")
    assert refused.code == 1
    assert [d["rule"] for d in refused.json()["diagnostics"]] == ["import-role-missing"] * 3
    assert not (root / "rubric" / "ladder.yaml").exists()
    run = calib("rubric", "import", sheet, "--root", root,
                "--roles", "craft=delivery,reach=impact,teaching=leverage")  # fmt: skip
    assert run.code == 0, run.stdout + run.stderr
    findings = list(RULES["prefill-evidence"].check(load_repository(root).org))
    assert [(f.file, f.message.split(":")[0]) for f in findings] == [
        ("people/eng-fu/second.yaml", "no evidence for reach or teaching")
    ]
