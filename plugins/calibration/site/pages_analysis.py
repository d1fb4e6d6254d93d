"""The analysis pages: importing this module registers their builders.

Team comparison, invisible work, promotion pipeline (with one page per case),
in the order of the session's steps 3 to 5, then the calibration agenda (the
agenda module imports the other three, so they register first). Shared parts
(suppression, cycle links) live in :mod:`calibration.site.analysis_shared`.
"""

from __future__ import annotations

from calibration.site import pages_agenda, pages_comparison, pages_invisible, pages_promotions

__all__ = ["pages_agenda", "pages_comparison", "pages_invisible", "pages_promotions"]
