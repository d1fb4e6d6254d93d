"""The leak test: unique markers in every confidential field, real builds, every output file.

Which markers an audience may see is written out here by hand (not derived
from the audience policy under test): the org sees none; a manager sees those
of their own reporting tree and nobody else's.
"""

from __future__ import annotations

import itertools
import shutil
from pathlib import Path
from typing import Any

import pytest
from site_helpers import copy_fixture, edit_yaml, mkdocs_build, site_files

from calibration.audience import resolve_audience
from calibration.load.repository import load_repository
from calibration.site.audit import audit_site

pytestmark = pytest.mark.slow

ANN_TREE = {"eng-bo", "eng-cy", "eng-di"}
_counter = itertools.count(1)


def _marker(plants: dict[str, str], owner: str) -> str:
    token = f"zqleak{next(_counter):04d}x"
    plants[token] = owner
    return token


def _plant_prefill(path: Path, plants: dict[str, str]) -> None:
    owner = path.parent.name

    def change(data: dict[str, Any]) -> None:
        def mark(text: str) -> str:
            return f"{text} Ref {_marker(plants, owner)}."

        for item in data.get("evidence", []):
            item["statement"] = mark(item["statement"])
            item["scope"] = _marker(plants, owner) + " teams"
            item["metrics"] = {"before": _marker(plants, owner), "after": _marker(plants, owner)}
        data["project"]["name"] = mark(data["project"]["name"])
        data["invisible_work"] = mark(data["invisible_work"])
        data["uncertainty"] = mark(data["uncertainty"])
        data["self_assessment"] = mark(data["self_assessment"])
        for obs in data.get("peer_observations", []):
            obs["observation"] = mark(obs["observation"])
        if "promotion" in data:
            data["promotion"]["gap"] = mark(data["promotion"]["gap"])
            data["promotion"]["justification"] = mark(data["promotion"]["justification"])

    edit_yaml(path, change)


def _plant_outcomes(path: Path, plants: dict[str, str]) -> None:
    def change(data: dict[str, Any]) -> None:
        for entry in data["ratings"] + data["promotions"]:
            entry["rationale"] = f"Decided in the room. Ref {_marker(plants, entry['person'])}."
        data["outlier_explanations"] = [
            {
                "manager": "mgr-ann",
                "level": "E2",
                "explanation": f"Explained. Ref {_marker(plants, 'mgr-ann')}.",
            }
        ]

    edit_yaml(path, change)


@pytest.fixture(scope="module")
def planted(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    root = copy_fixture(tmp_path_factory.mktemp("leak") / "org")
    plants: dict[str, str] = {}
    for path in sorted(root.glob("people/*/*.yaml")):
        if path.name != "person.yaml":
            _plant_prefill(path, plants)
    _plant_outcomes(root / "cycles" / "first" / "outcomes.yaml", plants)
    return root, plants


def _found(site_dir: Path, plants: dict[str, str]) -> set[str]:
    text = "\n".join(body.lower() for _, body in site_files(site_dir))
    return {token for token in plants if token in text}


def _build(root: Path, audience: str, out: Path) -> Path:
    return mkdocs_build(root, audience, out, strict=True, validation_warnings="info")


def test_org_site_holds_no_marker(planted: tuple[Path, dict[str, str]], tmp_path: Path) -> None:
    root, plants = planted
    site = _build(root, "org", tmp_path / "org")
    assert (site / "search" / "search_index.json").is_file()
    assert (site / "sitemap.xml").is_file()
    assert _found(site, plants) == set()


def test_manager_site_holds_only_their_tree(
    planted: tuple[Path, dict[str, str]], tmp_path: Path
) -> None:
    root, plants = planted
    site = _build(root, "manager:mgr-ann", tmp_path / "ann")
    found = _found(site, plants)
    expected = {token for token, owner in plants.items() if owner in ANN_TREE}
    assert found - expected == set(), "markers of people outside mgr-ann's tree leaked"
    # Every field of the tree is rendered somewhere: the markers are planted where pages read them.
    assert expected - found == set()


def test_calibration_site_shows_every_person_marker(
    planted: tuple[Path, dict[str, str]], tmp_path: Path
) -> None:
    root, plants = planted
    site = _build(root, "calibration", tmp_path / "cal")
    found = _found(site, plants)
    people = {token for token, owner in plants.items() if owner.startswith("eng-")}
    assert people - found == set()


def test_audit_catches_planted_leaks(planted: tuple[Path, dict[str, str]], tmp_path: Path) -> None:
    root, _ = planted
    org_site = _build(root, "org", tmp_path / "org")
    cal_site = _build(root, "calibration", tmp_path / "cal")
    repo = load_repository(root)
    org_audience = resolve_audience(repo.org, "org")
    assert audit_site(org_site, repo.org, org_audience) == []

    # 1. a whole person page copied under a harmless path
    shutil.copy(
        cal_site / "people" / "eng-fu" / "second" / "index.html", org_site / "ladder" / "copy.html"
    )
    # 2. a confidential statement pasted into the search index, without any marker attribute
    prefill = repo.org.prefills[("eng-gil", "second")]
    index = org_site / "search" / "search_index.json"
    index.write_text(
        index.read_text()[:-2]
        + ', {"location": "x/", "title": "x", "text": "<p>'
        + prefill.uncertainty.upper().replace('"', "")
        + '</p>"}]}'
    )
    problems = audit_site(org_site, repo.org, org_audience)
    by_file = {(p.file, p.check) for p in problems}
    assert ("ladder/copy.html", "marker") in by_file
    assert ("ladder/copy.html", "text") in by_file
    assert ("ladder/copy.html", "link") in by_file
    assert ("search/search_index.json", "text") in by_file
    # the audit names fields and people, never the leaked words themselves
    assert all(prefill.uncertainty.split()[3].lower() not in str(p).lower() for p in problems)


def test_audit_catches_out_of_scope_paths(
    planted: tuple[Path, dict[str, str]], tmp_path: Path
) -> None:
    root, _ = planted
    site = _build(root, "manager:mgr-ann", tmp_path / "ann")
    repo = load_repository(root)
    audience = resolve_audience(repo.org, "manager:mgr-ann")
    stray = site / "people" / "eng-gil" / "second"
    stray.mkdir(parents=True)
    (stray / "index.html").write_text("<p>nothing confidential</p>")
    problems = audit_site(site, repo.org, audience)
    assert [(p.file, p.check) for p in problems] == [("people/eng-gil/second/index.html", "path")]


def test_audit_fails_closed(planted: tuple[Path, dict[str, str]], tmp_path: Path) -> None:
    root, _ = planted
    repo = load_repository(root)
    audience = resolve_audience(repo.org, "org")
    assert [p.check for p in audit_site(tmp_path / "nothing", repo.org, audience)] == ["missing"]
    site = _build(root, "org", tmp_path / "org")
    (site / "search" / "search_index.json").write_text("{not json")
    assert ("search/search_index.json", "unreadable") in {
        (p.file, p.check) for p in audit_site(site, repo.org, audience)
    }
