"""Every page builder is in the one list of ``site/pages``: a new page kind cannot be left out."""

from __future__ import annotations

import importlib
import inspect
import pkgutil

import calibration.site.pages as pages

# Builders that other builders call for their pages, rather than a build directly.
PARTS_OF_OTHERS = {"ladder_pages"}  # the ladder's own pages, in the org's and a person's site


def _builders() -> dict[str, object]:
    found: dict[str, object] = {}
    for info in pkgutil.iter_modules(pages.__path__):
        module = importlib.import_module(f"{pages.__name__}.{info.name}")
        for name, func in inspect.getmembers(module, inspect.isfunction):
            if func.__module__ == module.__name__ and name.endswith("_pages"):
                found[name] = func
    return found


def test_every_builder_is_listed_once() -> None:
    listed = [*pages.LISTED, *pages.STREAMED, *pages.PERSONAL]
    assert len(listed) == len(set(listed))
    missing = {
        name
        for name, func in _builders().items()
        if func not in listed and name not in PARTS_OF_OTHERS
    }
    assert not missing, f"add these builders to the lists in site/pages/__init__.py: {missing}"


def test_the_lists_hold_builders_of_this_package_only() -> None:
    builders = set(_builders().values())
    for builder in (*pages.LISTED, *pages.STREAMED, *pages.PERSONAL):
        assert builder in builders, builder
