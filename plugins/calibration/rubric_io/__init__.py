"""Rubric import and export: a career ladder to and from a spreadsheet or a Markdown table.

Two sheet shapes are read, detected per table: the long form (one row per
expectation: ``track, level, dimension, expectation`` and optional ``example``,
``order``, ``group``, ``proficiency`` columns, see :mod:`.shape_long`) and the
wide form people keep (one row per dimension, one column per level, several
items per cell, see :mod:`.shape_wide` and :mod:`.cells`). The export writes the
same shapes back, so importing an export gives the same rubric.
"""

from __future__ import annotations

from calibration.rubric_io.importer import ImportResult, import_rubric, read_sheet

__all__ = ["ImportResult", "import_rubric", "read_sheet"]
