"""Untrusted multi-line text to safe HTML: restricted Markdown, then an allowlist sanitizer.

Evidence, observations and uncertainties are written by many people and
reviewed for content, not for markup. They are rendered with plain
python-markdown (no extensions, so no attribute lists, no raw-HTML-in-Markdown
tricks beyond what the sanitizer then removes) and cleaned by nh3 with a small
allowlist: what survives can format text and link to the web, nothing else.
"""

from __future__ import annotations

import html
import re
from functools import cache

import markdown
import nh3

TAGS = frozenset({"p", "br", "em", "strong", "code", "ul", "ol", "li", "a"})
ATTRIBUTES = {"a": {"href"}}
URL_SCHEMES = frozenset({"http", "https", "mailto"})

# C0 controls (except tab and newline) are never meaningful in evidence, and
# STX/ETX are python-markdown's own placeholder delimiters: a statement holding
# them could pull another stashed fragment into its place.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_BLANK_LINES = re.compile(r"\n\s*\n")
# Anything Markdown could read as markup: special characters, a line that opens a block
# (list, quote, heading, indented code, setext underline), a hard break, odd blank lines.
_MARKUP = re.compile(r"[*_`\[\]<>&\\!#|~=\r\t]|^[^\S\n]|^[-+]|^\d+[.)]|  \n|\n\n\n", re.MULTILINE)


def strip_controls(text: str) -> str:
    """Remove control characters that no human-written text needs."""
    return _CONTROL.sub("", text)


@cache
def _renderer() -> markdown.Markdown:
    """One parser for every statement: building it costs more than converting a statement."""
    return markdown.Markdown(output_format="html")


def safe_href(url: str) -> str | None:
    """``url`` when it is an absolute http(s) or mailto address, else None."""
    candidate = strip_controls(url).strip()
    scheme, sep, rest = candidate.partition(":")
    if not sep or scheme.lower() not in URL_SCHEMES or any(c.isspace() for c in candidate):
        return None
    if scheme.lower() != "mailto" and not rest.startswith("//"):
        return None
    return candidate


def rich(text: str) -> str:
    """Render one untrusted statement as sanitized HTML.

    The result holds only paragraphs, line breaks, emphasis, inline code, lists
    and links to http(s) or mailto addresses (with ``rel="noopener"``); scripts,
    event handlers, images, styles and ``javascript:`` URLs never survive.
    """
    source = strip_controls(text or "").strip()
    if not _MARKUP.search(source):
        # Plain prose (most statements): the same paragraphs Markdown would make, without
        # paying for a Markdown run per statement on a site with thousands of them.
        paragraphs = (
            html.escape(para, quote=False).replace("\xa0", "&nbsp;")
            for para in source.split("\n\n")
        )
        return "\n".join(f"<p>{para}</p>" for para in paragraphs if para)
    return markdown_html(source)


def markdown_html(source: str) -> str:
    """The full path of :func:`rich`: python-markdown, then the nh3 allowlist."""
    rendered = _renderer().reset().convert(strip_controls(source))
    cleaned = nh3.clean(
        rendered,
        tags=set(TAGS),
        attributes={tag: set(names) for tag, names in ATTRIBUTES.items()},
        url_schemes=set(URL_SCHEMES),
        link_rel="noopener",
        strip_comments=True,
        url_relative="deny",
    )
    # The result sits inside a raw HTML block of a Markdown page; a blank line
    # there could end the block and hand the rest back to the Markdown parser.
    return _BLANK_LINES.sub("\n", cleaned).strip()
