"""What the benchmarks run on: synthetic orgs, the peer tool's invocation, a plain MkDocs site.

``python benchmarks/workloads.py peer ORG`` runs check-jsonschema over every data
file of ORG with the schema of its kind (one invocation per kind), so the peer is
timed as one whole process tree, like ``calib validate``.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from html.parser import HTMLParser
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
    from calibration.load.layout import iter_data_files

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


class _TextOf(HTMLParser):
    """The article of a built page as plain Markdown: headings, then one paragraph per block."""

    BLOCKS = frozenset({"p", "li", "tr", "caption", "dt", "dd", "div", "section"})

    def __init__(self) -> None:
        super().__init__()
        self.inside = 0
        self.lines: list[str] = []
        self.current: list[str] = []
        self.heading = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        classes = dict(attrs).get("class") or ""
        if tag == "article" and "md-content__inner" in classes:
            self.inside = 1
        elif self.inside and tag == "article":
            self.inside += 1
        if self.inside and (tag in self.BLOCKS or (tag[:1] == "h" and tag[1:].isdigit())):
            self._flush()
            if tag[:1] == "h" and tag[1:].isdigit():
                self.heading = "#" * int(tag[1:]) + " "

    def handle_endtag(self, tag: str) -> None:
        if self.inside and tag == "article":
            self.inside -= 1
            self._flush()
        elif self.inside and (tag in self.BLOCKS or (tag[:1] == "h" and tag[1:].isdigit())):
            self._flush()

    def handle_data(self, data: str) -> None:
        if self.inside:
            self.current.append(data)

    def _flush(self) -> None:
        text = " ".join("".join(self.current).split())
        if text:
            self.lines.append(self.heading + text.replace("<", "&lt;"))
        self.current, self.heading = [], ""


def same_text_site(site: Path, folder: Path, sample: int = 200) -> tuple[Path, list[Path]]:
    """A plain MkDocs project whose pages hold the text of ``sample`` person pages of ``site``.

    Returns the project and the sampled pages, so a page of ours can be set
    against a plain page of the very same text under the same theme.
    """
    pages = sorted((site / "people").glob("*/*/index.html"))
    step = max(1, len(pages) // sample)
    chosen = pages[::step][:sample]
    shutil.rmtree(folder, ignore_errors=True)
    docs = folder / "docs" / "people"
    docs.mkdir(parents=True)
    (folder / "docs" / "index.md").write_text("# Calibration\n\nAn index page.\n", encoding="utf-8")
    for index, page in enumerate(chosen):
        parser = _TextOf()
        parser.feed(page.read_text(encoding="utf-8"))
        (docs / f"person-{index}.md").write_text("\n\n".join(parser.lines) + "\n", encoding="utf-8")
    (folder / "mkdocs.yml").write_text(
        "site_name: Plain pages\ndocs_dir: docs\nuse_directory_urls: true\n"
        "theme:\n  name: material\n  font: false\nextra:\n  generator: false\n"
        "plugins:\n  - search\nnav:\n  - index.md\n",
        encoding="utf-8",
    )
    return folder, chosen


def time_releases(org_root: Path, audience_name: str) -> float:
    """Seconds spent computing the disclosure release of every cycle for one audience.

    Loading the org and the judgement aids are left out: the build does them
    for every audience anyway; only the disclosure layer's own work is timed.
    """
    import time

    from calibration.analysis import analyze_cycle
    from calibration.audience import people_in_scope, resolve_audience
    from calibration.disclosure import Policy, compute_release
    from calibration.load.repository import load_repository

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
