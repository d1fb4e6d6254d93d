"""The engineer's own view (``person:<handle>``) and ``calib packets``.

Markers are planted in every confidential field of every file, tagged with
whose field and which it is; what one person may see is written out here by
hand: their own rating rationale, promotion decision, evidence and peer
observations of the closed cycle, and nothing else of anyone.
"""

from __future__ import annotations

import itertools
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from site_helpers import check_golden, copy_fixture, edit_yaml, mkdocs_build, site_files

from calibration.audience import resolve_audience
from calibration.load.repository import load_repository
from calibration.site.audit import SharedSecrets, audit_document
from calibration.site.packets import write_packets

_count = itertools.count(1)
SEEN_FIELDS = {"statement", "observation", "rating-rationale", "promotion-rationale"}


def _plant(plants: dict[str, tuple[str, str, str]], owner: str, cycle: str, field: str) -> str:
    token = f"zqown{next(_count):04d}x"
    plants[token] = (owner, cycle, field)
    return f" Ref {token}."


def _plant_prefill(path: Path, plants: dict[str, tuple[str, str, str]]) -> None:
    owner, cycle = path.parent.name, path.stem

    def change(data: dict[str, Any]) -> None:
        for item in data.get("evidence", []):
            item["statement"] += _plant(plants, owner, cycle, "statement")
        for key in ("invisible_work", "uncertainty", "self_assessment"):
            data[key] += _plant(plants, owner, cycle, key)
        for obs in data.get("peer_observations", []):
            obs["observation"] += _plant(plants, owner, cycle, "observation")
        if "promotion" in data:
            data["promotion"]["justification"] += _plant(plants, owner, cycle, "justification")

    edit_yaml(path, change)


def _plant_outcomes(path: Path, plants: dict[str, tuple[str, str, str]]) -> None:
    cycle = path.parent.name

    def change(data: dict[str, Any]) -> None:
        for entry in data["ratings"]:
            entry["rationale"] = "Agreed." + _plant(
                plants, entry["person"], cycle, "rating-rationale"
            )
        for entry in data["promotions"]:
            entry["rationale"] = "Agreed." + _plant(
                plants, entry["person"], cycle, "promotion-rationale"
            )

    edit_yaml(path, change)


@pytest.fixture(scope="module")
def planted(
    tmp_path_factory: pytest.TempPathFactory,
) -> tuple[Path, dict[str, tuple[str, str, str]]]:
    root = copy_fixture(tmp_path_factory.mktemp("own") / "org")
    plants: dict[str, tuple[str, str, str]] = {}
    for path in sorted(root.glob("people/*/*.yaml")):
        if path.name != "person.yaml":
            _plant_prefill(path, plants)
    _plant_outcomes(root / "cycles" / "first" / "outcomes.yaml", plants)
    return root, plants


def _found(texts: list[str], plants: dict[str, tuple[str, str, str]]) -> set[str]:
    text = "\n".join(t.lower() for t in texts)
    return {token for token in plants if token in text}


def _allowed(plants: dict[str, tuple[str, str, str]], handle: str) -> set[str]:
    """What ``handle`` may read: their own seen fields of the closed cycle."""
    return {
        token
        for token, (owner, cycle, field) in plants.items()
        if owner == handle and cycle == "first" and field in SEEN_FIELDS
    }


@pytest.mark.slow
@pytest.mark.parametrize("handle", ["eng-bo", "eng-gil"])  # eng-gil: no closed-cycle file
def test_a_person_site_holds_only_their_own_closed_record(
    planted: tuple[Path, dict[str, tuple[str, str, str]]], tmp_path: Path, handle: str
) -> None:
    root, plants = planted
    site = mkdocs_build(root, f"person:{handle}", tmp_path / handle, validation_warnings="info")
    found = _found([body for _, body in site_files(site)], plants)
    allowed = _allowed(plants, handle)
    assert found - allowed == set(), "markers the person may not see are in their site"
    assert allowed - found == set(), "a field the person may see is missing from their site"
    if handle == "eng-bo":
        assert allowed, "the test must plant something the person may see"
    pages = {p.relative_to(site).as_posix() for p, _ in site_files(site) if p.suffix == ".html"}
    # Only their own pages, the ladder and the guides: no dashboard, team or comparison page.
    assert not any(p.startswith("cycles/") for p in pages)
    assert {p.split("/")[1] for p in pages if p.startswith("people/")} <= {handle}


def test_packets_hold_only_each_reader_own_record(
    planted: tuple[Path, dict[str, tuple[str, str, str]]], tmp_path: Path
) -> None:
    root, plants = planted
    result = write_packets(root, "first", tmp_path / "packets")
    assert result.problems == []
    assert result.written
    for name in result.written:
        handle = name.removesuffix(".html")
        text = (tmp_path / "packets" / name).read_text(encoding="utf-8")
        found = _found([text], plants)
        assert found - _allowed(plants, handle) == set(), name
        assert found, f"{name} shows nothing of its reader's record"
        # Offline and self-contained: no script, no link to a stylesheet, nothing loaded.
        assert "<script" not in text and "<link" not in text
        assert not re.search(r"""(src|href)=["']?(https?:)?//""", text)


def test_a_packet_matches_its_golden_file(tmp_path: Path) -> None:
    from site_helpers import FIXTURE

    result = write_packets(FIXTURE, "first", tmp_path / "packets")
    assert result.problems == []
    check_golden("person/packet-eng-bo.html", (tmp_path / "packets/eng-bo.html").read_text())


def test_packets_are_refused_for_an_open_cycle_and_never_overwrite(
    planted: tuple[Path, dict[str, tuple[str, str, str]]], tmp_path: Path
) -> None:
    root, _ = planted
    cli = [sys.executable, "-m", "calibration", "packets", str(root)]
    open_cycle = subprocess.run(
        [*cli, "--cycle", "second", "-d", str(tmp_path / "p")], capture_output=True, text=True
    )
    assert open_cycle.returncode == 1 and "once a cycle is closed" in open_cycle.stderr
    assert "Traceback" not in open_cycle.stderr and not (tmp_path / "p").exists()
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "notes.txt").write_text("my notes")
    refused = subprocess.run(
        [*cli, "--cycle", "first", "-d", str(mine)], capture_output=True, text=True
    )
    assert refused.returncode == 1 and "--force" in refused.stderr
    assert (mine / "notes.txt").read_text() == "my notes"
    done = subprocess.run(
        [*cli, "--cycle", "first", "-d", str(tmp_path / "out")], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    again = subprocess.run(
        [*cli, "--cycle", "first", "-d", str(tmp_path / "out")], capture_output=True, text=True
    )
    assert again.returncode == 0, "a folder of packets calib wrote is replaced as a whole"


def test_the_packet_audit_catches_someone_else_text(
    planted: tuple[Path, dict[str, tuple[str, str, str]]],
) -> None:
    root, _ = planted
    org = load_repository(root).org
    secrets = SharedSecrets(org)
    reader = resolve_audience(org, "person:eng-bo")
    other = org.prefills[("eng-fu", "first")]
    mine = org.prefills[("eng-bo", "first")]
    clean = f"<main><p>{mine.evidence[0].statement}</p></main>"
    assert audit_document("eng-bo.html", clean, org, reader, secrets) == []
    leaked = f'<main><p title="{other.uncertainty}">ok</p></main>'
    problems = audit_document("eng-bo.html", leaked, org, reader, secrets)
    assert [(p.check, "eng-fu" in p.message) for p in problems] == [("text", True)]
    # The reader's own uncertainty is not theirs to see either (the audience does not see it).
    own = f"<main><p>{mine.uncertainty}</p></main>"
    assert [p.check for p in audit_document("eng-bo.html", own, org, reader, secrets)] == ["text"]


def test_an_open_cycle_shows_nothing_of_the_prefill() -> None:
    from site_helpers import FIXTURE

    from calibration.analysis.cycle import analyze_cycle
    from calibration.site.context import SiteContext
    from calibration.site.pages import render_site

    org = load_repository(FIXTURE).org
    ctx = SiteContext(
        org=org,
        audience=resolve_audience(org, "person:eng-bo"),
        cycle=org.current_cycle(),
        analyses={c: analyze_cycle(org, c) for c in org.cycles},
    )
    pages = {p.path: p for p in render_site(ctx)}
    second = pages["people/eng-bo/second.md"].body
    prefill = org.prefills[("eng-bo", "second")]
    assert "not closed yet" in second
    assert prefill.evidence[0].statement[:40] not in second
    assert "data-calib-kind" not in second
    check_golden("person/eng-bo-first.md", pages["people/eng-bo/first.md"].body)
    check_golden("person/eng-bo-second.md", second)
