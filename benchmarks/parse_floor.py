"""The parse floor: read every data file of a repository and parse it with libyaml, nothing else.

Usage: ``python benchmarks/parse_floor.py ORG``. The parsed documents are kept
alive until the end, as a validator keeps them, and the collector is paused as
``calib`` pauses it, so the comparison is like for like.
"""

from __future__ import annotations

import gc
import sys
from pathlib import Path

import yaml


def main(root: Path) -> int:
    """Parse every ``*.yaml`` under rubric/, people/ and cycles/; print how many."""
    if not getattr(yaml, "__with_libyaml__", False):
        sys.stderr.write("PyYAML has no libyaml here: the floor would be the pure-Python parser\n")
        return 2
    gc.disable()
    kept = []
    for top in ("rubric", "people", "cycles"):
        for path in sorted((root / top).rglob("*.yaml")):
            kept.append(yaml.load(path.read_bytes(), Loader=yaml.CSafeLoader))
    print(f"{len(kept)} files parsed")
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1])))
