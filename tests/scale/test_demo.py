"""``calib demo generate``: deterministic, realistic, clean under validation, for any ladder."""

from __future__ import annotations

import shutil
from collections import Counter
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from calibration.cli import main
from calibration.demo import DemoError, generate_org
from calibration.load.repository import load_repository
from calibration.validate import validate_repository

RUBRIC = Path(__file__).resolve().parents[2] / "rubric"


def _tree(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def test_same_seed_same_bytes(tmp_path: Path) -> None:
    """Two runs with one seed write identical files; another seed writes another org."""
    first = generate_org(tmp_path / "a", people=60, seed=7).root
    second = generate_org(tmp_path / "b", people=60, seed=7).root
    other = generate_org(tmp_path / "c", people=60, seed=8).root
    assert _tree(first) == _tree(second)
    assert _tree(first) != _tree(other)


def test_generated_org_validates_without_errors(org_300: Path) -> None:
    """Every rule passes (warnings, such as planted weak evidence, are expected)."""
    found = validate_repository(load_repository(org_300, cache=False))
    errors = [d for d in found if d.severity == "error"]
    assert not errors, errors[:5]
    assert any(d.severity == "warning" for d in found)


def test_org_has_the_shape_of_a_real_one(org_300: Path) -> None:
    """Teams of 5 to 9, 4 to 8 evidence items, 3 to 5 real peers, promotions one level up."""
    org = load_repository(org_300, cache=False).org
    engineers = [p for p in org.people.values() if p.role == "engineer"]
    assert len(engineers) == 300
    sizes = Counter(p.team for p in engineers)
    assert all(5 <= size <= 9 for size in sizes.values())
    assert {p.role for p in org.people.values()} == {"engineer", "manager", "director"}
    for prefill in org.prefills.values():
        person = org.people[prefill.handle]
        assert 4 <= len(prefill.evidence) <= 8
        observers = [o.observer for o in prefill.observations]
        assert 3 <= len(observers) <= 5 and len(set(observers)) == len(observers)
        assert person.handle not in observers and person.manager not in observers
        assert all(o in org.people for o in observers)
        assert prefill.project is not None and prefill.uncertainty and prefill.invisible_work
        if prefill.promotion is not None:
            outcomes = org.outcomes.get(prefill.file_cycle)
            approved = outcomes.approved_for(person.handle) if outcomes else []
            level = approved[0].from_level if approved else person.level
            assert person.level is not None and level is not None
            assert prefill.promotion.target_level in [lv.id for lv in org.ladder.next_levels(level)]
    closed = [c for c in org.cycles.values() if c.phase == "closed"]
    assert len(closed) == 1 and len(org.cycles) == 2
    rated = {entry.person for entry in org.outcomes[closed[0].id].ratings}
    assert rated == {p.handle for p in org.prefills_for(closed[0].id)}


def test_planted_outliers_are_found(org_300: Path) -> None:
    """Some managers rate leniently: the outlier check flags them in the open cycle."""
    found = validate_repository(load_repository(org_300, cache=False))
    assert any(d.rule == "rating-outlier" for d in found)


def _renamed_rubric(target: Path) -> Path:
    """The repository's rubric with every level, rating and dimension id renamed."""
    shutil.copytree(RUBRIC, target)
    ladder = yaml.safe_load((target / "ladder.yaml").read_text(encoding="utf-8"))
    levels = {lv["id"]: f"grade-{i}" for i, lv in enumerate(ladder["levels"])}
    dims = {d["id"]: f"axis-{i}" for i, d in enumerate(ladder["dimensions"])}
    for lv in ladder["levels"]:
        lv["id"] = levels[lv["id"]]
    for d in ladder["dimensions"]:
        d["id"] = dims[d["id"]]
    for exp in ladder.get("expectations", []):
        exp["dimension"] = dims[exp["dimension"]]
        exp["level"] = levels.get(exp.get("level"), exp.get("level"))
    (target / "ladder.yaml").write_text(yaml.safe_dump(ladder, sort_keys=False), encoding="utf-8")
    scale = yaml.safe_load((target / "ratings.yaml").read_text(encoding="utf-8"))
    ratings = {r["id"]: f"band-{i}" for i, r in enumerate(scale["ratings"])}
    for r in scale["ratings"]:
        r["id"] = ratings[r["id"]]
    (target / "ratings.yaml").write_text(yaml.safe_dump(scale, sort_keys=False), encoding="utf-8")
    rules = yaml.safe_load((target / "rules.yaml").read_text(encoding="utf-8"))
    for key in ("high_rating", "low_rating"):
        rules[key] = ratings[rules[key]]
    (target / "rules.yaml").write_text(yaml.safe_dump(rules, sort_keys=False), encoding="utf-8")
    return target


def test_any_ladder_works(tmp_path: Path) -> None:
    """Nothing about the demo's levels, ratings or dimensions is built in."""
    rubric = _renamed_rubric(tmp_path / "rubric")
    root = generate_org(tmp_path / "org", people=80, seed=3, rubric=rubric).root
    repo = load_repository(root, cache=False)
    errors = [d for d in validate_repository(repo) if d.severity == "error"]
    assert not errors, errors[:5]
    used = {str(p.level) for p in repo.org.people.values()}
    assert used <= {lv.id for lv in repo.org.ladder.levels}
    assert all(u.startswith("grade-") for u in used)
    proposed = {str(p.proposed_rating) for p in repo.org.prefills.values()}
    assert all(r.startswith("band-") for r in proposed)


def test_refuses_a_non_empty_folder(tmp_path: Path) -> None:
    """Nothing is overwritten; the command says so and exits 2."""
    (tmp_path / "keep.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(DemoError):
        generate_org(tmp_path, people=20, seed=1)
    result = CliRunner().invoke(main, ["demo", "generate", "--people", "20", str(tmp_path)])
    assert result.exit_code == 2
    assert "not empty" in result.output
    assert (tmp_path / "keep.txt").read_text(encoding="utf-8") == "mine"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["keep.txt"]


def test_cli_writes_an_org(tmp_path: Path) -> None:
    """The command prints what it wrote and how to check it."""
    result = CliRunner().invoke(
        main, ["demo", "generate", "--people", "12", "--seed", "2", str(tmp_path / "o")]
    )
    assert result.exit_code == 0, result.output
    assert "12 engineers" in result.output
    assert (tmp_path / "o" / "rubric" / "ladder.yaml").is_file()
    assert (tmp_path / "o" / "schemas" / "prefill.schema.json").is_file()
