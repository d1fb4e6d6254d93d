"""A cached re-validation after any edit reports exactly what a ``--no-cache`` run reports.

A generated org is validated with the cache, then edited at random the way
people edit a calibration repository (a rating, a manager, an evidence item
removed or added, broken YAML, a renamed handle, a deleted or an added file, a
team removed, an edit undone); after every edit the cached run and an
uncached run of the real command must print the same report, byte for byte.
"""

from __future__ import annotations

import random
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from calibration.cli import main
from calibration.demo import generate_org
from calibration.load import memo

Edit = Callable[[Path, random.Random], str]


def _pick(paths: list[Path], rng: random.Random) -> Path:
    return rng.choice(sorted(paths))


def _prefills(root: Path) -> list[Path]:
    return [p for p in (root / "people").glob("*/*.yaml") if p.name != "person.yaml"]


def _people(root: Path) -> list[Path]:
    return list((root / "people").glob("*/person.yaml"))


def _replace_line(path: Path, key: str, value: str) -> None:
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    for index, line in enumerate(lines):
        if line.startswith(f"{key}:"):
            lines[index] = f"{key}: {value}\n"
            break
    else:
        lines.append(f"{key}: {value}\n")
    path.write_text("".join(lines), encoding="utf-8")


def _rewrite(path: Path, change: Callable[[dict[str, object]], None]) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, sort_keys=False, width=100), encoding="utf-8")


def change_rating(root: Path, rng: random.Random) -> str:
    target = _pick(_prefills(root), rng)
    rating = rng.choice(["below", "meets", "exceeds", "greatly-exceeds", "nonsense"])
    _replace_line(target, "proposed_rating", rating)
    return f"rating of {target.relative_to(root)} to {rating}"


def change_manager(root: Path, rng: random.Random) -> str:
    target = _pick(_people(root), rng)
    manager = rng.choice([*(p.parent.name for p in _people(root)), "nobody-here"])
    _replace_line(target, "manager", manager)
    return f"manager of {target.relative_to(root)} to {manager}"


def drop_evidence(root: Path, rng: random.Random) -> str:
    target = _pick(_prefills(root), rng)

    def change(data: dict[str, object]) -> None:
        items = data.get("evidence")
        if isinstance(items, list) and items:
            items.pop(rng.randrange(len(items)))

    _rewrite(target, change)
    return f"an evidence item less in {target.relative_to(root)}"


def add_evidence(root: Path, rng: random.Random) -> str:
    target = _pick(_prefills(root), rng)
    statement = rng.choice(
        [
            "Helped with the migration.",
            "Cut the p95 latency of checkout from 900 ms to 300 ms for 40,000 daily users.",
        ]
    )

    def change(data: dict[str, object]) -> None:
        items = data.setdefault("evidence", [])
        if isinstance(items, list):
            items.append({"dimension": "delivery", "statement": statement, "date": "2026-02-01"})

    _rewrite(target, change)
    return f"an evidence item more in {target.relative_to(root)}"


def reword_evidence(root: Path, rng: random.Random) -> str:
    target = _pick(_prefills(root), rng)
    lines = target.read_text(encoding="utf-8").splitlines(keepends=True)
    places = [i for i, line in enumerate(lines) if line.lstrip(" -").startswith("statement:")]
    if places:
        index = rng.choice(places)
        head = lines[index][: lines[index].index("statement:")]
        lines[index] = head + "statement: " + rng.choice(["Helped.", "Worked on docs."]) + "\n"
        target.write_text("".join(lines), encoding="utf-8")
    return f"an evidence statement reworded in {target.relative_to(root)}"


def change_observer(root: Path, rng: random.Random) -> str:
    target = _pick(_prefills(root), rng)
    observer = rng.choice(
        [target.parent.name, "nobody-here", _pick(_people(root), rng).parent.name]
    )

    def change(data: dict[str, object]) -> None:
        items = data.get("peer_observations")
        if isinstance(items, list) and items and isinstance(items[0], dict):
            items[0]["observer"] = observer

    _rewrite(target, change)
    return f"first observer of {target.relative_to(root)} is now {observer}"


def break_yaml(root: Path, rng: random.Random) -> str:
    target = _pick(_prefills(root) + _people(root), rng)
    with target.open("a", encoding="utf-8") as handle:
        handle.write("broken: [unclosed\n")
    return f"broken YAML in {target.relative_to(root)}"


def rename_handle(root: Path, rng: random.Random) -> str:
    folder = _pick([p.parent for p in _people(root)], rng)
    folder.rename(folder.with_name(folder.name + "-x"))
    return f"people/{folder.name} renamed"


def delete_file(root: Path, rng: random.Random) -> str:
    target = _pick(_prefills(root) + _people(root), rng)
    target.unlink()
    return f"{target.relative_to(root)} deleted"


def add_file(root: Path, rng: random.Random) -> str:
    source = _pick(_prefills(root), rng)
    folder = _pick([p.parent for p in _people(root)], rng)
    target = folder / source.name
    shutil.copyfile(source, target)
    return f"{target.relative_to(root)} added (a copy of {source.relative_to(root)})"


def drop_team(root: Path, rng: random.Random) -> str:
    target = root / "people" / "teams.yaml"

    def change(data: dict[str, object]) -> None:
        teams = data.get("teams")
        if isinstance(teams, list) and teams:
            teams.pop(rng.randrange(len(teams)))
        elif isinstance(teams, dict) and teams:
            teams.pop(rng.choice(sorted(teams)))

    _rewrite(target, change)
    return "a team removed from people/teams.yaml"


EDITS: list[Edit] = [
    change_rating,
    change_manager,
    drop_evidence,
    add_evidence,
    reword_evidence,
    change_observer,
    break_yaml,
    rename_handle,
    delete_file,
    add_file,
    drop_team,
]


def _report(root: Path, *extra: str) -> tuple[int, str]:
    memo.TABLES.clear()  # remembered verdicts come from the cache, or not at all
    result = CliRunner().invoke(main, ["validate", "--format", "json", *extra, str(root)])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, result.output


@pytest.mark.parametrize("seed", [1, 2])
def test_cached_result_equals_a_full_run_after_each_edit(tmp_path: Path, seed: int) -> None:
    """Every kind of edit, in a random order and on random files, twice over."""
    root = generate_org(tmp_path / "org", people=60, seed=seed).root
    rng = random.Random(seed)
    assert _report(root) == _report(root, "--no-cache")
    snapshot = {p: p.read_bytes() for p in _prefills(root)}
    steps = EDITS * 2
    rng.shuffle(steps)
    reports = set()
    for number, edit in enumerate(steps):
        what = edit(root, rng)
        if number % 5 == 4:  # undo one earlier edit: an old cache entry must fit again
            path, raw = rng.choice(sorted(snapshot.items()))
            path.parent.mkdir(exist_ok=True)
            path.write_bytes(raw)
            what += f"; {path.relative_to(root)} restored"
        cached = _report(root)
        assert cached == _report(root, "--no-cache"), what
        assert _report(root) == cached, f"second cached run after: {what}"
        reports.add(cached)
    assert len(reports) > len(steps) // 2  # the edits did change the findings
