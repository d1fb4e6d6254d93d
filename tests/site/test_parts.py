"""A site built in parts (``calib build --part K/N``) and assembled (``calib assemble-site``).

The parts are real builds of a generated org through the real command line;
the assembled site is compared file by file with the same site built whole.
"""

from __future__ import annotations

import gzip
import json
import re
from collections import Counter
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from calibration.cli import main
from calibration.demo import generate_org
from calibration.site.parts import Part, PartError, part_of_people, read_marker, share_units

REPO_ROOT = Path(__file__).resolve().parents[2]
MERGED = {"search/search_index.json", "sitemap.xml", "sitemap.xml.gz", ".calib-site"}


def _run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.output


def _files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}


def _people_with_pages(site: Path) -> set[str]:
    return {p.parent.parent.name for p in (site / "people").glob("*/*/index.html")}


def _search_docs(site: Path) -> Counter[str]:
    data = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    return Counter(json.dumps(doc, sort_keys=True) for doc in data["docs"])


def _sitemap(site: Path) -> list[str]:
    return sorted(re.findall(r"<loc>([^<]*)</loc>", (site / "sitemap.xml").read_text()))


# --- which part writes whose pages -------------------------------------------------------


@pytest.mark.parametrize("text", ["1/1", "2/4", " 3 / 3 "])
def test_part_parses(text: str) -> None:
    part = Part.parse(text)
    assert str(part) == text.replace(" ", "")


@pytest.mark.parametrize("text", ["", "2", "0/3", "4/3", "1/0", "a/b", "1/999", "-1/2"])
def test_part_refuses_what_is_not_k_of_n(text: str) -> None:
    with pytest.raises(PartError, match="part"):
        Part.parse(text)


def test_shares_are_whole_units_balanced_and_the_same_every_time() -> None:
    units = {f"team-{i:02}": weight for i, weight in enumerate([9, 1, 7, 3, 3, 12, 5, 5, 2, 8])}
    shares = share_units(units, 3)
    assert shares == share_units(dict(reversed(list(units.items()))), 3)
    assert set(shares) == set(units) and set(shares.values()) == {1, 2, 3}
    loads = Counter[int]()
    for unit, part in shares.items():
        loads[part] += units[unit]
    assert max(loads.values()) - min(loads.values()) <= max(units.values())


def test_every_person_is_in_exactly_one_part_with_their_team() -> None:
    teams: dict[str, str | None] = {f"p{i}": f"t{i % 7}" for i in range(60)}
    teams["loner"] = None
    owners = part_of_people(teams, set(teams), 4)
    assert set(owners) == set(teams) and set(owners.values()) <= {1, 2, 3, 4}
    for handle, team in teams.items():
        mates = {owners[h] for h, t in teams.items() if t == team}
        assert mates == {owners[handle]}


def test_marker_names_audience_and_part() -> None:
    assert read_marker("audience: manager:ada\npart: 2/5\n") == ("manager:ada", Part(2, 5))
    assert read_marker("audience: org\n") == ("org", None)


# --- built for real ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def org(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A generated org of several teams, whose site has a sitemap (``site_url`` set)."""
    root = generate_org(tmp_path_factory.mktemp("parts") / "org", people=60, seed=4).root
    config = root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8").replace("!ENV [CALIB_AUDIENCE, org]", "org")
    data = yaml.safe_load(text)
    data["site_url"] = "https://calibration.example.invalid/"
    config.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def built(org: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The calibration site built whole, and in three parts."""
    out = tmp_path_factory.mktemp("built")
    sites = {"whole": out / "whole"}
    code, output = _run("build", "--root", str(org), "-a", "calibration", "-d", str(out / "whole"))
    assert code == 0, output
    for k in (1, 2, 3):
        sites[f"part{k}"] = out / f"part{k}"
        code, output = _run(
            "build", "--root", str(org), "-a", "calibration", "--part", f"{k}/3", "-d",
            str(sites[f"part{k}"]),
        )  # fmt: skip
        assert code == 0, output
        assert f"built part {k}/3 of the calibration site" in output
    return sites


@pytest.mark.slow
def test_assembled_site_is_the_whole_site(
    built: dict[str, Path], org: Path, tmp_path: Path
) -> None:
    """Every page of the assembled site is byte for byte the page of the whole build."""
    parts = [str(built[f"part{k}"]) for k in (3, 1, 2)]  # any order
    out = tmp_path / "site"
    code, output = _run(
        "assemble-site", *parts, "--root", str(org), "-a", "calibration", "-d", str(out)
    )
    assert code == 0, output
    assert "from 3 part(s)" in output
    whole, assembled = _files(built["whole"]), _files(out)
    assert set(whole) == set(assembled)
    assert [rel for rel in whole if rel not in MERGED and whole[rel] != assembled[rel]] == []
    assert _search_docs(out) == _search_docs(built["whole"])
    assert _sitemap(out) == _sitemap(built["whole"]) and len(_sitemap(out)) > 100
    packed = gzip.decompress((out / "sitemap.xml.gz").read_bytes()).decode()
    assert packed == (out / "sitemap.xml").read_text()
    assert (out / ".calib-site").read_text() == "audience: calibration\n"


@pytest.mark.slow
def test_each_part_writes_the_pages_of_whole_teams_once(built: dict[str, Path], org: Path) -> None:
    """The people's pages are split between the parts, a team in one part; listed pages in all."""
    people = [_people_with_pages(built[f"part{k}"]) for k in (1, 2, 3)]
    assert all(people)
    assert set().union(*people) == _people_with_pages(built["whole"])
    assert sum(len(p) for p in people) == len(_people_with_pages(built["whole"]))
    teams = {}
    for person in (org / "people").glob("*/person.yaml"):
        teams[person.parent.name] = yaml.safe_load(person.read_text()).get("team")
    for k, mine in enumerate(people, start=1):
        others = set().union(*(p for j, p in enumerate(people, start=1) if j != k))
        assert not {teams[h] for h in mine} & {teams[h] for h in others}
        agenda = built[f"part{k}"] / "cycles"
        assert sorted(p.name for p in agenda.iterdir()) == sorted(
            p.name for p in (built["whole"] / "cycles").iterdir()
        )
        assert read_marker((built[f"part{k}"] / ".calib-site").read_text()) == (
            "calibration",
            Part(k, 3),
        )


@pytest.mark.slow
def test_a_manager_site_in_parts_is_the_manager_site(org: Path, tmp_path: Path) -> None:
    """A scoped audience splits its own people; the assembly equals its whole build."""
    people = {
        p.parent.name: yaml.safe_load(p.read_text()) for p in org.glob("people/*/person.yaml")
    }
    managers = Counter(d.get("manager") for d in people.values() if d.get("manager"))
    manager = managers.most_common(1)[0][0]
    audience = f"manager:{manager}"
    code, output = _run("build", "--root", str(org), "-a", audience, "-d", str(tmp_path / "whole"))
    assert code == 0, output
    parts = []
    for k in (1, 2):
        parts.append(str(tmp_path / f"p{k}"))
        code, output = _run(
            "build", "--root", str(org), "-a", audience, "--part", f"{k}/2", "-d", parts[-1]
        )
        assert code == 0, output
    out = tmp_path / "site"
    code, output = _run("assemble-site", *parts, "--root", str(org), "-a", audience, "-d", str(out))
    assert code == 0, output
    whole, assembled = _files(tmp_path / "whole"), _files(out)
    assert set(whole) == set(assembled)
    assert [rel for rel in whole if rel not in MERGED and whole[rel] != assembled[rel]] == []


# --- parts that do not fit -----------------------------------------------------------------


def _assemble(org: Path, out: Path, *parts: Path, audience: str = "calibration") -> tuple[int, str]:
    return _run(
        "assemble-site", *map(str, parts), "--root", str(org), "-a", audience, "-d", str(out)
    )


def _copy(site: Path, target: Path) -> Path:
    import shutil

    shutil.copytree(site, target)
    return target


@pytest.mark.slow
def test_assembly_refuses_parts_that_are_not_all_of_one_site(
    built: dict[str, Path], org: Path, tmp_path: Path
) -> None:
    p1, p2, p3 = built["part1"], built["part2"], built["part3"]
    out = tmp_path / "site"
    cases = [
        ((p1, p3), "calibration", "part(s) 2/3 missing"),
        ((p1, p2, p2, p3), "calibration", "given twice"),
        ((p1, p2, p3), "org", "not of the org site"),
        ((p1, p2, built["whole"]), "calibration", "holds a whole site"),
        ((p1, p2, tmp_path), "calibration", "not a part written by calib build --part"),
    ]
    for parts, audience, message in cases:
        code, output = _assemble(org, out, *parts, audience=audience)
        assert code == 2, output
        assert message in output
        assert not out.exists()
    other = _copy(p3, tmp_path / "other")
    (other / ".calib-site").write_text("audience: calibration\npart: 3/4\n")
    code, output = _assemble(org, out, p1, p2, other)
    assert code == 2 and "different numbers of parts" in output


@pytest.mark.slow
def test_assembly_refuses_parts_that_disagree_or_leave_a_link_dangling(
    built: dict[str, Path], org: Path, tmp_path: Path
) -> None:
    """A listed page that differs, or a person's page that no part holds, stops it all."""
    out = tmp_path / "site"
    out.mkdir()
    (out / ".calib-site").write_text("audience: calibration\n")
    (out / "index.html").write_text("the site published before")
    changed = _copy(built["part2"], tmp_path / "changed")
    (changed / "index.html").write_text("built from another commit")
    code, output = _assemble(org, out, built["part1"], changed, built["part3"])
    assert code == 1
    assert "index.html differs between part 1 and part 2" in output
    short = _copy(built["part2"], tmp_path / "short")
    handle = sorted(_people_with_pages(short))[0]
    for page in (short / "people" / handle).glob("*/index.html"):
        page.unlink()
    code, output = _assemble(org, out, built["part1"], short, built["part3"])
    assert code == 1
    assert f"people/{handle}/" in output and "which no part holds" in output
    assert (out / "index.html").read_text() == "the site published before"


@pytest.mark.slow
def test_assembly_audits_what_the_parts_hold(org: Path, tmp_path: Path) -> None:
    """A part changed after its own audit is caught again: a peer observation slipped into
    a part of the org site, and a script loaded from outside."""
    from calibration.load.repository import load_repository
    from calibration.site.audit import confidential_texts

    parts = []
    for k in (1, 2):
        parts.append(tmp_path / f"p{k}")
        code, output = _run(
            "build", "--root", str(org), "-a", "org", "--part", f"{k}/2", "-d", str(parts[-1])
        )
        assert code == 0, output
    secret = next(
        text
        for _, kind, text in confidential_texts(load_repository(org).org)
        if kind == "peer_observations" and len(text.split()) >= 8
    )
    out = tmp_path / "site"
    code, output = _assemble(org, out, *parts, audience="org")
    assert code == 0, output
    (parts[1] / "extra.html").write_text(f"<html><body><p>{secret}</p></body></html>")
    code, output = _assemble(org, out, *parts, audience="org")
    assert code == 1, output
    assert "extra.html" in output and "peer_observations" in output
    assert (out / ".calib-site").read_text() == "audience: org\n"
    assert not (out / "extra.html").exists()
    (parts[1] / "extra.html").write_text('<script src="https://cdn.example.invalid/x.js"></script>')
    code, output = _assemble(org, out, *parts, audience="org")
    assert code == 1 and "cdn.example.invalid" in output, output


def test_build_refuses_parts_of_a_personal_site(tmp_path: Path) -> None:
    from site_helpers import copy_fixture

    root = copy_fixture(tmp_path / "org")
    code, output = _run("build", "--root", str(root), "-a", "person:eng-bo", "--part", "1/2")
    assert code == 2
    assert "without --part" in output


@pytest.mark.slow
def test_the_matrix_workflow_builds_and_assembles_the_site(
    org: Path, built: dict[str, Path], tmp_path: Path
) -> None:
    """The shell steps of the parts workflow, run for real: one build per matrix entry,
    the artifacts laid out as the download step lays them out, then the assembly."""
    import os
    import shutil
    import subprocess
    import sys

    workflow = REPO_ROOT / ".github" / "workflows" / "calibration-site-parts.yml"
    data = yaml.safe_load(workflow.read_text(encoding="utf-8"))
    jobs = data["jobs"]
    env = {**os.environ, **{k: str(v) for k, v in data["env"].items()}}
    env["PATH"] = str(Path(sys.executable).parent) + os.pathsep + env["PATH"]
    assert len(jobs["part"]["strategy"]["matrix"]["part"]) == int(env["PARTS"])

    def run(job: str, name: str, extra: dict[str, str], cwd: Path) -> None:
        step = next(s for s in jobs[job]["steps"] if s.get("name", "").startswith(name))
        done = subprocess.run(
            ["bash", "-ec", step["run"]], cwd=cwd, env={**env, **extra}, capture_output=True,
            text=True, check=False,
        )  # fmt: skip
        assert done.returncode == 0, done.stdout + done.stderr

    work = tmp_path / "job"
    shutil.copytree(org, work)
    for part in jobs["part"]["strategy"]["matrix"]["part"]:
        run("part", "Build one part", {"PART": str(part)}, work)
        upload = next(s for s in jobs["part"]["steps"] if "upload-artifact" in s.get("uses", ""))
        assert upload["with"]["include-hidden-files"] is True  # the part's marker file
        shutil.copytree(work / "part" / str(part), work / "parts" / f"site-part-{part}")
    run("assemble", "Assemble", {}, work)
    site = work / "site" / env["AUDIENCE"]
    assert (site / ".calib-site").read_text() == f"audience: {env['AUDIENCE']}\n"
    assert _people_with_pages(site) == _people_with_pages(built["whole"])


@pytest.mark.slow
def test_a_damaged_part_is_refused_with_what_to_do(
    built: dict[str, Path], org: Path, tmp_path: Path
) -> None:
    """A part whose search index or sitemap is not what a build writes stops the assembly
    with a message naming the file, never a traceback."""
    out = tmp_path / "site"
    for name, damage in (
        ("search/search_index.json", b'{"docs": ['),
        ("search/search_index.json", b"[]"),
        ("sitemap.xml", b"\xff\xfe<urlset>"),
    ):
        damaged = _copy(built["part2"], tmp_path / f"damaged-{len(list(tmp_path.iterdir()))}")
        (damaged / name).write_bytes(damage)
        code, output = _assemble(org, out, built["part1"], damaged, built["part3"])
        assert code == 1, output
        assert name in output and "build that part again" in output
        assert "Traceback" not in output
        assert not out.exists()
