"""Memory of a real site build, per page: streamed pages are not held until the end.

Python's allocation tracer measures the peak of a whole ``mkdocs build`` of the
calibration site for 150 and 300 engineers; what the added pages cost is the
difference of the peaks over the difference of the page counts. Bytes traced
are counted, not seconds, so the bound holds on any machine.
"""

from __future__ import annotations

import gc
import shutil
import tracemalloc
from pathlib import Path

from calibration.plugin import run_mkdocs_build

# Streamed, the peak grows by about 80 KB for each page added (the model of the
# people behind it and the listing pages that name them); held, by about 165 KB.
BOUND_PER_PAGE = 110 * 1024


def _peak(org: Path, work: Path, *, stream: bool) -> tuple[int, int]:
    """Peak traced bytes of a build of ``org``'s calibration site, and its page count."""
    root = work / org.parent.name
    if not root.exists():
        shutil.copytree(org, root)
    config = root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8").replace("\n      stream: false", "")
    if not stream:
        text = text.replace("  - calibration:\n", "  - calibration:\n      stream: false\n")
    config.write_text(text, encoding="utf-8")
    site = work / "site"
    shutil.rmtree(site, ignore_errors=True)
    gc.collect()
    tracemalloc.start()
    try:
        run_mkdocs_build(
            config, audience="calibration", site_dir=None, strict=False, stage=lambda _: site
        )
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    return peak, sum(1 for _ in site.rglob("*.html"))


def test_streamed_pages_do_not_stay_in_memory(org_150: Path, org_300: Path, tmp_path: Path) -> None:
    """Each added page costs under the bound streamed, and clearly more when held."""
    per_page = {}
    for stream in (True, False):
        small, small_pages = _peak(org_150, tmp_path, stream=stream)
        large, large_pages = _peak(org_300, tmp_path, stream=stream)
        assert large_pages > 1.8 * small_pages
        per_page[stream] = (large - small) / (large_pages - small_pages)
    assert per_page[True] < BOUND_PER_PAGE, per_page
    assert per_page[True] < 0.7 * per_page[False], per_page  # the measure sees held pages
