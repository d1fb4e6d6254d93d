"""What the benchmarks run on: synthetic orgs, the peer tool's invocation, a plain MkDocs site.

``python benchmarks/workloads.py peer ORG`` runs check-jsonschema over every data
file of ORG with the schema of its kind (one invocation per kind), so the peer is
timed as one whole process tree, like ``calib validate``.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from measure import tool

MARKER = ".benchmark-org"
PAGE_TEXT = """
## Summary

{sentence}

| Field | Value |
|---|---|
| Team | {team} |
| Level | L{level} |
| Project | {project} |

## Evidence

{items}

## Peer observations

{observations}
"""


def ensure_org(work: Path, size: int, seed: int) -> Path:
    """The org of ``size`` engineers for ``seed`` under ``work``, generated once and reused."""
    org = work / f"org-{size}-seed{seed}"
    if (org / MARKER).exists():
        return org
    shutil.rmtree(org, ignore_errors=True)
    calib = tool("calib") or "calib"
    print(f"generating {size} engineers (seed {seed}) ...", file=sys.stderr, flush=True)
    subprocess.run(
        [calib, "demo", "generate", "--people", str(size), "--seed", str(seed), str(org)],
        check=True,
    )
    (org / MARKER).write_text("generated for benchmarks\n", encoding="utf-8")
    return org


def _files_by_kind(org: Path) -> dict[str, list[str]]:
    from calibration.layout import iter_data_files

    kinds: dict[str, list[str]] = {}
    for data_file in iter_data_files(org):
        kinds.setdefault(data_file.kind, []).append(data_file.relpath)
    return kinds


def peer_command(org: Path) -> list[list[str]] | None:
    """check-jsonschema invocations covering every data file, or None when it is missing."""
    peer = tool("check-jsonschema")
    if peer is None:
        return None
    commands = []
    for kind, files in sorted(_files_by_kind(org).items()):
        schema = org / "schemas" / f"{kind}.schema.json"
        for start in range(0, len(files), 4000):  # stay well inside the argument-size limit
            commands.append([peer, "--schemafile", str(schema), *files[start : start + 4000]])
    return commands


def run_peer(org: Path) -> int:
    """Run the peer over the whole org; exit 0 whatever it found (its findings are not timed)."""
    for command in peer_command(org) or []:
        subprocess.run(command, cwd=org, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return 0


def touch_file(org: Path, index: int) -> None:
    """Change one engineer's latest cycle file (a different one for each ``index``)."""
    people = sorted((org / "people").iterdir())
    folder = people[(index * 7919) % len(people)]
    cycle_files = sorted(p for p in folder.glob("*.yaml") if p.name != "person.yaml")
    target = cycle_files[-1] if cycle_files else folder / "person.yaml"
    with target.open("a", encoding="utf-8") as handle:
        handle.write(f"# edited by the benchmark, run {index}\n")


def build_pages_site(folder: Path, pages: int) -> Path:
    """A plain MkDocs project with ``pages`` pages of markdown like a person page (about 3 KB)."""
    from calibration.demo import phrases

    shutil.rmtree(folder, ignore_errors=True)
    docs = folder / "docs" / "people"
    docs.mkdir(parents=True)
    (folder / "docs" / "index.md").write_text("# Calibration\n\nAn index page.\n", encoding="utf-8")
    banks = (phrases.STRONG_OUTCOME, phrases.WEAK_DELIVERY, phrases.STRONG_MULTIPLIER)
    for index in range(max(0, pages - 1)):
        items = "\n".join(f"- **Item {n}**: {banks[(index + n) % 3][n % 3]}" for n in range(7))
        obs = "\n".join(f"> {phrases.OBSERVATIONS_STRONG[(index + n) % 5]}\n" for n in range(4))
        body = PAGE_TEXT.format(
            sentence=phrases.UNCERTAINTIES[index % len(phrases.UNCERTAINTIES)],
            team=phrases.AREAS[index % len(phrases.AREAS)],
            level=3 + index % 5,
            project=phrases.PROJECT_KINDS[index % len(phrases.PROJECT_KINDS)],
            items=items,
            observations=obs,
        )
        (docs / f"person-{index}.md").write_text(f"# Person {index}\n{body}", encoding="utf-8")
    (folder / "mkdocs.yml").write_text(
        "site_name: Plain pages\ndocs_dir: docs\nuse_directory_urls: true\n"
        "theme:\n  name: material\n  font: false\nextra:\n  generator: false\n"
        "plugins:\n  - search\nnav:\n  - index.md\n",
        encoding="utf-8",
    )
    return folder


def time_releases(org_root: Path, audience_name: str) -> float:
    """Seconds spent computing the disclosure release of every cycle for one audience.

    Loading the org and the judgement aids are left out: the build does them
    for every audience anyway; only the disclosure layer's own work is timed.
    """
    import time

    from calibration.analysis import analyze_cycle
    from calibration.audience import people_in_scope, resolve_audience
    from calibration.disclosure import Policy, compute_release
    from calibration.repository import load_repository

    org = load_repository(org_root).org
    audience = resolve_audience(org, audience_name)
    scope = people_in_scope(org, audience)
    analyses = {cycle_id: analyze_cycle(org, cycle_id) for cycle_id in org.cycles}
    start = time.perf_counter()
    policy = Policy.for_audience(audience, scope)
    for cycle in org.cycles_in_order():
        complexity = {h: c.score for h, c in analyses[cycle.id].complexity.items()}
        compute_release(
            org,
            policy,
            cycle,
            findings_of=lambda h: h in scope and "findings" in audience.sees,
            complexity=complexity,
        )
    return time.perf_counter() - start


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "peer":
        sys.exit(run_peer(Path(sys.argv[2])))
    if len(sys.argv) == 4 and sys.argv[1] == "releases":
        print(f"{time_releases(Path(sys.argv[2]), sys.argv[3]):.6f}")
        sys.exit(0)
    sys.exit("usage: workloads.py peer ORG | workloads.py releases ORG AUDIENCE")
