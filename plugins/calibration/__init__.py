"""calibration-as-code: engineering calibration as YAML, validated in CI, rendered per audience."""

from __future__ import annotations

# The one place of the version: the build reads it from here, and a release is the
# tag v<version> (see "Releasing" in README.md).
__version__ = "0.1.0"
