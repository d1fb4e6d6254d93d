"""Helpers of the site tests: the fixture org, real MkDocs builds, and golden files.

``fixtures/org`` is a small valid repository (two cycles, two managers, five
engineers) whose level, dimension and rating names differ from the demo's.
Set ``CALIB_UPDATE_GOLDEN=1`` to rewrite the golden files instead of comparing.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

HERE = Path(__file__).resolve().parent
FIXTURE = HERE / "fixtures" / "org"
GOLDEN = HERE / "golden"
REPO_ROOT = HERE.parents[1]
UPDATE_GOLDEN = os.environ.get("CALIB_UPDATE_GOLDEN") == "1"


def copy_fixture(target: Path) -> Path:
    """A fresh copy of the fixture org at ``target``."""
    shutil.copytree(FIXTURE, target)
    return target


def edit_yaml(path: Path, change: Any) -> None:
    """Load ``path``, let ``change(data)`` modify it, and write it back."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")


def mkdocs_build(
    root: Path,
    audience: str,
    site_dir: Path,
    *,
    strict: bool = True,
    validation_warnings: str = "warn",
) -> Path:
    """Run MkDocs' real build of ``root/mkdocs.yml`` for one audience into ``site_dir``."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    os.environ["NO_MKDOCS_2_WARNING"] = "1"
    cfg = load_config(str(root / "mkdocs.yml"), site_dir=str(site_dir), strict=strict)
    plugin: Any = cfg.plugins["calibration"]
    plugin.config.audience = audience
    plugin.config.validation_warnings = validation_warnings
    cfg.plugins.on_startup(command="build", dirty=False)
    try:
        build(cfg)
    finally:
        cfg.plugins.on_shutdown()
    return site_dir


def site_files(site_dir: Path) -> Iterator[tuple[Path, str]]:
    """Every file of a built site as text (gzip files decompressed)."""
    import gzip

    for path in sorted(site_dir.rglob("*")):
        if path.is_file():
            raw = path.read_bytes()
            if path.suffix == ".gz":
                raw = gzip.decompress(raw)
            yield path, raw.decode("utf-8", errors="replace")


def check_golden(name: str, text: str) -> None:
    """Compare ``text`` with ``golden/<name>`` (or rewrite it when updating)."""
    path = GOLDEN / name
    if UPDATE_GOLDEN:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return
    assert path.is_file(), (
        f"missing golden file {name}; run with CALIB_UPDATE_GOLDEN=1 to create it"
    )
    expected = path.read_text(encoding="utf-8")
    assert text == expected, (
        f"{name} differs from its golden file (CALIB_UPDATE_GOLDEN=1 rewrites it)"
    )
