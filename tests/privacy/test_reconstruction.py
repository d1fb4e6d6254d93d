"""Real ``calib build`` sites, attacked as their readers would attack them.

The demo org and orgs from ``calib demo generate`` are built for ``org`` and
for managers chosen to be hard to protect (the smallest tree, a deep tree,
the top of the org); no published number may be unaccounted for, the site
must publish something about a closed cycle, and no rating may be determined,
neither for a reader who knows only what the site shows nor for a rated
reader who also knows their own rating.
A deliberately leaky policy shows the same attack finds real leaks in real
builds, so the clean results mean something.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from attack import (
    Leak,
    PublishedRow,
    leak_report,
    published_rows,
    rated,
    reader_leaks,
    site_documents,
    unaccounted,
)

from calibration.load.repository import load_repository
from calibration.model import Org

pytestmark = pytest.mark.slow

REPO_ROOT = Path(__file__).resolve().parents[2]
DEMO_PARTS = ("people", "rubric", "cycles", "schemas", "docs", "mkdocs.yml")
GENERATED = [(60, 1), (60, 2), (60, 3), (250, 1), (250, 2), (250, 3)]


def copy_demo(target: Path) -> Path:
    """The demo org of this repository (data, docs and site config) copied to ``target``."""
    target.mkdir(parents=True)
    for part in DEMO_PARTS:
        source = REPO_ROOT / part
        if source.is_dir():
            shutil.copytree(source, target / part)
        else:
            shutil.copy(source, target / part)
    return target


def calib(*args: str) -> None:
    """Run the CLI in a fresh interpreter, as CI does; fail with its output."""
    done = subprocess.run(
        [sys.executable, "-m", "calibration", *args], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, f"calib {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}"


def attack_build(root: Path, audience: str, site: Path) -> tuple[list[PublishedRow], list[Leak]]:
    """Build ``root`` for ``audience`` and attack the result; check it holds something to attack."""
    calib("build", str(root), "--audience", audience, "-d", str(site))
    org = load_repository(root, cache=False).org
    documents = site_documents(site)
    assert unaccounted(documents, org) == []
    rows = published_rows(documents, org)
    closed = {c.id for c in org.cycles.values() if c.phase == "closed"}
    assert any(row.cycle in closed for row in rows), (
        f"the {audience} site publishes no rating counts of a closed cycle: nothing was attacked"
    )
    return rows, reader_leaks(org, rows, audience)


def managers_to_attack(org: Org) -> dict[str, str]:
    """Managers whose sites are hardest to protect, by why they were chosen.

    The smallest tree (little to subtract, but it splits small groups), a
    deep tree below the top (knows much, not all), and the person at the top
    of the largest tree (knows everyone but a few).
    """
    managers = sorted(h for h in org.people if org.reports(h))
    chosen = {"smallest tree": min(managers, key=lambda h: (len(org.tree(h)), h))}
    deep = [
        h
        for h in managers
        if org.people[h].manager and any(org.reports(r.handle) for r in org.reports(h))
    ]
    if deep:
        chosen["deep tree"] = max(deep, key=lambda h: (len(org.tree(h)), h))
    chosen["top"] = max(managers, key=lambda h: (len(org.tree(h)), h))
    return chosen


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One copy of the demo org for every build of this module."""
    return copy_demo(tmp_path_factory.mktemp("demo") / "repo")


def _demo_audiences() -> list[str]:
    org = load_repository(REPO_ROOT, cache=False).org
    return ["org", *sorted({f"manager:{h}" for h in managers_to_attack(org).values()})]


@pytest.mark.parametrize("audience", _demo_audiences())
def test_demo_site_determines_no_rating(demo: Path, audience: str, tmp_path: Path) -> None:
    _, leaks = attack_build(demo, audience, tmp_path / "site")
    assert not leaks, f"{audience}: " + leak_report(leaks)


@pytest.fixture(scope="module", params=GENERATED, ids=lambda p: f"{p[0]}people-seed{p[1]}")
def generated(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A synthetic org from ``calib demo generate``, generated once per size and seed."""
    people, seed = request.param
    root = tmp_path_factory.mktemp("generated") / f"org-{people}-{seed}"
    calib("demo", "generate", "--people", str(people), "--seed", str(seed), str(root))
    return root


@pytest.mark.parametrize("reader", ["org", "smallest tree", "deep tree"])
def test_generated_site_determines_no_rating(generated: Path, reader: str, tmp_path: Path) -> None:
    org = load_repository(generated, cache=False).org
    managers = managers_to_attack(org)
    handle = managers.get(reader, managers["top"])
    audience = "org" if reader == "org" else f"manager:{handle}"
    _, leaks = attack_build(generated, audience, tmp_path / "site")
    assert not leaks, f"{generated.name}, {audience}: " + leak_report(leaks)


@pytest.mark.parametrize(
    ("k", "distinct"),
    [(1, 1), (4, 1)],
    ids=["no-threshold", "threshold-without-l-diversity"],
)
def test_a_leaky_policy_is_caught(tmp_path: Path, k: int, distinct: int) -> None:
    """Without the threshold rule, or without l-diversity, the demo's org site leaks ratings.

    The leaks must be there for a reader who knows nothing but the site.
    """
    root = copy_demo(tmp_path / "repo")
    path = root / "rubric" / "audiences.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["audiences"]["org"].update(min_group_size=k, min_distinct_ratings=distinct)
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    _, leaks = attack_build(root, "org", tmp_path / "site")
    assert leaks, "the attack found nothing in a site built with a leaky policy"
    org = load_repository(root, cache=False).org
    assert any(leak.reader is None for leak in leaks)
    for leak in leaks:
        assert any(leak.handle in row.members for row in leak.rows)
        assert rated(org, leak.cycle, leak.kind)[leak.handle] == leak.rating
