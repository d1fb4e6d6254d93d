"""Compact search entries and sitemap lines for generated pages, added to a built site.

The search plugin is told to skip generated pages (``search: exclude``), and
streamed pages never pass through it: each gets one entry here instead, its
title and a one-line summary, so the index stays small at any size of org.
"""

from __future__ import annotations

import gzip
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape


@dataclass(frozen=True)
class Compact:
    """What the search index (and the sitemap) need of a generated page once it is written."""

    url: str
    canonical_url: str | None
    title: str
    summary: str


def add_compact_entries(site_dir: Path, entries: list[Compact]) -> None:
    """Add the generated pages to the search index, and the streamed ones to the sitemap.

    Runs after the search plugin wrote ``search/search_index.json`` (and before
    the offline plugin inlines it, or else its ``search_index.js`` is rewritten
    here too). Each page gets one compact entry: its title and summary (for a
    listed page, its headings). Pages already indexed or listed are skipped.
    """
    index = site_dir / "search" / "search_index.json"
    if index.is_file():
        data = json.loads(index.read_text(encoding="utf-8"))
        docs = data.setdefault("docs", [])
        # A search plugin that ignores the pages' `search: exclude` indexed them already.
        known = {str(doc.get("location", "")).split("#")[0] for doc in docs}
        docs.extend(
            {"location": s.url, "title": s.title, "text": s.summary}
            for s in entries
            if s.url not in known
        )
        write_search_index(index, data, inline=index.with_suffix(".js").is_file())
    sitemap = site_dir / "sitemap.xml"
    xml_text = sitemap.read_text(encoding="utf-8") if sitemap.is_file() else ""
    listed = set(re.findall(r"<loc>([^<]*)</loc>", xml_text))
    urls = [escape(s.canonical_url) for s in entries if s.canonical_url]
    urls = [url for url in urls if url not in listed]
    if urls and sitemap.is_file():
        added = "".join(f"    <url>\n         <loc>{u}</loc>\n    </url>\n" for u in urls)
        xml = xml_text.replace("</urlset>", added + "</urlset>", 1)
        sitemap.write_text(xml, encoding="utf-8")
        packed = sitemap.with_name("sitemap.xml.gz")
        if packed.is_file():
            packed.write_bytes(gzip.compress(xml.encode("utf-8"), mtime=0))


def write_search_index(index: Path, data: dict[str, Any], *, inline: bool) -> None:
    """Write the search index; ``inline``: also as the script the offline plugin loads."""
    text = json.dumps(data, separators=(",", ":"))
    index.parent.mkdir(parents=True, exist_ok=True)
    index.write_text(text, encoding="utf-8")
    if inline:
        index.with_suffix(".js").write_text(f"var __index = {text}", encoding="utf-8")
