"""What a build tells the person running it: its warnings in one line, and a broken preview.

Pure functions: the plugin turns their results into log records and pages.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from collections.abc import Iterable

from calibration.diagnostics import Diagnostic
from calibration.site.context import Page

ERROR_PAGE = "index.md"
_LISTED = re.compile(r"^(\s*)(\S+:\d+:\d+: \w+ \[[\w-]+\])( .*)?$")


def warning_summary(diagnostics: Iterable[Diagnostic]) -> str | None:
    """One line counting validation warnings by rule, most frequent first; None when none."""
    counts = Counter(d.rule for d in diagnostics)
    if not counts:
        return None
    total = sum(counts.values())
    by_rule = ", ".join(f"{rule} {n}" for rule, n in sorted(counts.items(), key=_most_first))
    return f"{total} validation warning(s) ({by_rule}); run `calib validate` for the list"


def _most_first(item: tuple[str, int]) -> tuple[int, str]:
    return -item[1], item[0]


def preview_lines(message: str) -> list[str]:
    """The build error as shown in the browser: each listed problem by place and rule only.

    A finding's message can quote what the audience of the preview may not see
    (a rating, a name), so the page names where to look and the terminal keeps
    the whole text.
    """
    out = []
    for line in message.splitlines():
        match = _LISTED.match(line)
        out.append(f"{match.group(1)}{match.group(2)}" if match else line)
    return out


def broken_banner(message: str, *, stale: bool) -> str:
    """The notice put at the top of every page while the preview cannot be rebuilt."""
    title = (
        "This preview is out of date: the last change broke the build"
        if stale
        else "The site cannot be built"
    )
    shown = "the last good site until it builds again" if stale else "this page until it builds"
    listing = html.escape("\n".join(preview_lines(message)))
    return (
        '<div class="admonition failure calib-build-error" role="alert">\n'
        f'<p class="admonition-title">{html.escape(title)}</p>\n'
        f"<pre><code>{listing}</code></pre>\n"
        f"<p>Fix the files named above and save: the preview shows {shown}, and "
        "reloads by itself. The full messages are in the terminal running "
        "<code>mkdocs serve</code>; <code>calib validate</code> lists them too.</p>\n"
        "</div>\n"
    )


def error_page() -> Page:
    """The only generated page while no build of this preview has worked yet."""
    return Page(ERROR_PAGE, "Build error", "", nav=("Build error",))
