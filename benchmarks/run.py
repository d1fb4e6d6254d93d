"""Benchmarks: ``calib`` against the parse floor, check-jsonschema and plain MkDocs.

Run by ``nox -s bench`` (or ``python benchmarks/run.py --sizes 1000,10000 --repeat 3``).
Every figure is a ratio against a baseline measured in the same run, because
shared machines are noisy; medians of ``--repeat`` runs; peak memory is the
highest seen. Prints a Markdown table and writes ``benchmarks/RESULTS.md``.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from measure import Stat, measure, tool  # noqa: E402
from report import machine, render  # noqa: E402
from workloads import (  # noqa: E402
    build_pages_site,
    ensure_org,
    peer_command,
    touch_file,
)


@dataclass(frozen=True)
class Row:
    """One line of the results table."""

    benchmark: str
    size: int
    ours: Stat | None
    baseline: str
    base: Stat | None
    target: str = ""
    ok: bool | None = None
    note: str = ""


def _calib(*args: str) -> list[str]:
    found = tool("calib")
    return [found, *args] if found else [sys.executable, "-m", "calibration.cli", *args]


def bench_validate(org: Path, size: int, repeat: int) -> list[Row]:
    """Full validation (no cache) against the parse floor and against check-jsonschema."""
    ours = measure(_calib("validate", "--no-cache", str(org)), repeat)
    floor = measure([sys.executable, str(HERE / "parse_floor.py"), str(org)], repeat)
    rows = [
        Row(
            "validate, full",
            size,
            ours,
            "parse floor",
            floor,
            "<= 1.5x floor",
            ours.wall <= 1.5 * floor.wall,
        )
    ]
    if peer_command(org) is None:
        rows.append(
            Row(
                "validate, full",
                size,
                ours,
                "check-jsonschema",
                None,
                note="check-jsonschema not installed",
            )
        )
        return rows
    theirs = measure([sys.executable, str(HERE / "workloads.py"), "peer", str(org)], repeat)
    rows.append(
        Row(
            "validate, full",
            size,
            ours,
            "check-jsonschema",
            theirs,
            "<= 0.10x (10x faster)",
            theirs.wall >= 10 * ours.wall,
        )
    )
    return rows


def bench_incremental(org: Path, size: int, repeat: int) -> list[Row]:
    """Re-validation with the cache: nothing changed, then one different file changed each run."""
    command = _calib("validate", str(org))
    for _ in range(2):  # fill the cache (documents, then the stored result)
        measure(command, 1)
    full = measure(_calib("validate", "--no-cache", str(org)), 1)
    same = measure(command, repeat)
    one = measure(command, repeat, before_each=lambda i: touch_file(org, i))
    return [
        Row(
            "re-validate, no change", size, same, "full validation", full, "< 1 s", same.wall < 1.0
        ),
        Row(
            "re-validate, one file changed",
            size,
            one,
            "full validation",
            full,
            "< 1 s",
            one.wall < 1.0,
        ),
    ]


def bench_build(org: Path, size: int, repeat: int, work: Path) -> list[Row]:
    """``calib build`` for the calibration room against plain MkDocs with as many pages."""
    import subprocess

    from measure import tree_size

    if subprocess.run(_calib("build", "--help"), capture_output=True).returncode != 0:
        return [
            Row(
                "build",
                size,
                measure(["true"], 1),
                "plain mkdocs",
                None,
                note="calib build is not available yet",
            )
        ]
    site = work / f"site-{size}"
    command = _calib(
        "build", "--audience", "calibration", "--site-dir", str(site), "--force", str(org)
    )
    ours = measure(command, repeat, cwd=org)
    if ours.codes[-1] != 0:
        return [
            Row(
                "build", size, ours, "plain mkdocs", None, note="calib build failed; see its output"
            )
        ]
    total, pages = tree_size(site)
    plain_dir = build_pages_site(work / f"plain-{size}", pages)
    plain_site = work / f"plain-site-{size}"
    mkdocs = tool("mkdocs") or "mkdocs"
    base = measure(
        [mkdocs, "build", "-q", "-f", str(plain_dir / "mkdocs.yml"), "-d", str(plain_site)], repeat
    )
    plain_total, plain_pages = tree_size(plain_site)
    note = (
        f"{pages} pages, {total / 1e6:.1f} MB ({total / max(pages, 1) / 1e3:.1f} KB/page); "
        f"plain: {plain_pages} pages, {plain_total / 1e6:.1f} MB"
    )
    ok = ours.wall <= 1.3 * base.wall and ours.peak_mb < 2048
    rows = [
        Row(
            "build, calibration audience",
            size,
            ours,
            "plain mkdocs",
            base,
            "<= 1.3x, < 2 GB",
            ok,
            note,
        )
    ]
    return [*rows, _page_size_row(site, work, size)]


PARTS = 4


def bench_parts(org: Path, size: int, repeat: int, work: Path, whole: Stat | None) -> list[Row]:
    """The calibration site in ``PARTS`` parts: one part's job, then the assembling job,
    each against the whole build timed in the same run (``whole``)."""
    parts = [work / f"part-{size}-{k}" for k in range(1, PARTS + 1)]
    one = measure(
        _calib(
            "build", "--audience", "calibration", "--part", f"1/{PARTS}", "--site-dir",
            str(parts[0]), "--force", "--root", str(org),
        ),
        repeat,
    )  # fmt: skip
    for k, folder in enumerate(parts[1:], start=2):
        measure(
            _calib(
                "build", "--audience", "calibration", "--part", f"{k}/{PARTS}", "--site-dir",
                str(folder), "--force", "--root", str(org),
            ),
            1,
        )  # fmt: skip
    site = work / f"assembled-{size}"
    assembled = measure(
        _calib(
            "assemble-site", *map(str, parts), "--audience", "calibration", "--site-dir",
            str(site), "--force", "--root", str(org),
        ),
        repeat,
    )  # fmt: skip
    return [
        Row(
            f"build, calibration, one part of {PARTS}",
            size,
            one,
            "whole build",
            whole,
            "< 2 GB",
            one.peak_mb < 2048 and one.codes[-1] == 0,
            "every part renders all listed pages and a quarter of the people's pages",
        ),
        Row(
            f"assemble {PARTS} parts (links checked, audited)",
            size,
            assembled,
            "whole build",
            whole,
            "< 2 GB",
            assembled.peak_mb < 2048 and assembled.codes[-1] == 0,
        ),
    ]


def _page_size_row(site: Path, work: Path, size: int) -> Row:
    """Person pages against plain MkDocs pages of the same text (sizes, not times)."""
    import statistics
    import subprocess

    from workloads import same_text_site

    project, chosen = same_text_site(site, work / f"same-text-{size}")
    plain_site = work / f"same-text-site-{size}"
    mkdocs = tool("mkdocs") or "mkdocs"
    subprocess.run(
        [mkdocs, "build", "-q", "-f", str(project / "mkdocs.yml"), "-d", str(plain_site)],
        check=True,
    )
    ratios = [
        page.stat().st_size
        / (plain_site / "people" / f"person-{index}" / "index.html").stat().st_size
        for index, page in enumerate(chosen)
    ]
    ratio = statistics.median(ratios)
    mean = sum(p.stat().st_size for p in chosen) / max(len(chosen), 1)
    return Row(
        "person page size vs plain page of the same text",
        size,
        None,
        "plain mkdocs, same text",
        None,
        "<= 1.5x",
        ratio <= 1.5,
        f"median {ratio:.2f}x over {len(chosen)} pages ({mean / 1e3:.1f} KB a page)",
    )


def bench_disclosure(org: Path, size: int, repeat: int, work: Path) -> list[Row]:
    """The disclosure layer's share of an ``org`` build: its releases against the whole build."""
    import statistics
    import subprocess

    site = work / f"site-org-{size}"
    command = _calib("build", "--audience", "org", "--site-dir", str(site), "--force", str(org))
    build = measure(command, repeat, cwd=org)
    if build.codes[-1] != 0:
        return [Row("org build", size, build, "-", None, note="calib build failed")]
    script = [sys.executable, str(HERE / "workloads.py"), "releases", str(org), "org"]
    seconds = [
        float(subprocess.run(script, capture_output=True, text=True, check=True).stdout)
        for _ in range(repeat)
    ]
    spent = statistics.median(seconds)
    release = Stat(spent, spent, 0.0, repeat, (0,))
    share = spent / build.wall if build.wall else 0.0
    note = f"disclosure releases of every cycle: {spent:.3f} s, {100 * share:.1f}% of the org build"
    return [
        Row("org build", size, build, "-", None, note=note),
        Row(
            "disclosure releases (org)",
            size,
            release,
            "whole org build",
            build,
            "< 0.10x",
            share < 0.10,
        ),
    ]


def bench_packets(org: Path, size: int, repeat: int, work: Path) -> list[Row]:
    """``calib packets`` for the closed cycle against ``calib validate`` of the same org.

    Packets load, validate and analyse the org before rendering and auditing one
    file per engineer, so a full validation is the floor they cannot go below.
    """
    import yaml

    closed = sorted(
        p.parent.name
        for p in (org / "cycles").glob("*/cycle.yaml")
        if (yaml.safe_load(p.read_text(encoding="utf-8")) or {}).get("phase") == "closed"
    )
    if not closed:
        return []
    target = work / f"packets-{size}"
    command = _calib("packets", str(org), "--cycle", closed[-1], "-d", str(target), "--force")
    ours = measure(command, repeat, cwd=org)
    if ours.codes[-1] != 0:
        return [Row("packets", size, ours, "-", None, note="calib packets failed")]
    base = measure(_calib("validate", "--no-cache", str(org)), repeat)
    written = len(list(target.glob("*.html")))
    note = f"{written} packets, {ours.wall / max(written, 1) * 1000:.1f} ms each"
    return [
        Row(
            "packets, closed cycle",
            size,
            ours,
            "calib validate --no-cache",
            base,
            "< 10 min",
            ours.wall < 600,
            note,
        )
    ]


def main(argv: list[str] | None = None) -> int:
    """Parse options, run every benchmark, print the table and write RESULTS.md."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--sizes", default="1000,5000,10000", help="engineer counts, comma-separated"
    )
    parser.add_argument("--repeat", type=int, default=3, help="runs per figure (median)")
    parser.add_argument("--build-repeat", type=int, help="runs per site build (default: --repeat)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workdir", type=Path, help="keep generated orgs here (reused)")
    parser.add_argument(
        "--skip",
        default="",
        help="comma-separated: validate,incremental,build,parts,packets,disclosure",
    )
    parser.add_argument("--output", type=Path, default=HERE / "RESULTS.md")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    skip = {s.strip() for s in args.skip.split(",") if s.strip()}
    work = args.workdir or Path(tempfile.mkdtemp(prefix="calib-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    rows: list[Row] = []
    for size in sizes:
        org = ensure_org(work, size, args.seed)
        if "validate" not in skip:
            rows += bench_validate(org, size, args.repeat)
        if "incremental" not in skip and size == max(sizes):
            rows += bench_incremental(org, size, args.repeat)
    for size in sizes:  # the site last: it is the slowest and comes from another part
        if "build" not in skip:
            repeat = args.build_repeat or args.repeat
            built = bench_build(ensure_org(work, size, args.seed), size, repeat, work)
            rows += built
            if "parts" not in skip:
                whole = built[0].ours if built[0].base is not None else None
                rows += bench_parts(ensure_org(work, size, args.seed), size, repeat, work, whole)
        if "packets" not in skip:
            repeat = args.build_repeat or args.repeat
            rows += bench_packets(ensure_org(work, size, args.seed), size, repeat, work)
        if "disclosure" not in skip and size <= 1000:
            repeat = args.build_repeat or args.repeat
            rows += bench_disclosure(ensure_org(work, size, args.seed), size, repeat, work)
    text = render(rows, machine(), sizes, args.repeat)
    print(text)
    args.output.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
