"""Put the parts of a site built in parts together, and check that they fit.

Each part (``calib build --part K/N``) holds every listed page and its share
of the streamed ones. Assembling copies every part's files into one folder and
refuses when the parts do not belong together: another audience, another
number of parts, a part missing or given twice, or a file two parts hold with
different bytes (the listed pages are the same in every part built from the
same commit and configuration). The search index and the sitemap are merged.
Then every link of every page must lead to a file of the assembled site.
Auditing and publishing the result are the caller's (``calib assemble-site``).
"""

from __future__ import annotations

import filecmp
import gzip
import html
import json
import posixpath
import re
import shutil
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from calibration import progress
from calibration.site.compact_index import write_search_index
from calibration.site.parts import Part, read_marker

SEARCH_INDEX = "search/search_index.json"
SEARCH_SCRIPT = "search/search_index.js"
SITEMAP = "sitemap.xml"
MERGED = frozenset({SEARCH_INDEX, SEARCH_SCRIPT, SITEMAP, SITEMAP + ".gz"})
_LINK = re.compile(r"""\s(?:href|src)\s*=\s*(?:"([^"]*)"|'([^']*)')""", re.IGNORECASE)
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")
_URL = re.compile(r"<url>.*?</url>", re.DOTALL)
_LOC = re.compile(r"<loc>([^<]*)</loc>")


class AssembleError(Exception):
    """The parts cannot be assembled; the message says which and what to do."""


@dataclass(frozen=True)
class BuiltPart:
    """A folder written by ``calib build --part``: where it is, for whom, which part."""

    path: Path
    audience: str
    part: Part


def assemble(parts: Sequence[BuiltPart], out: Path, marker: str) -> list[str]:
    """Merge ``parts`` into ``out``; what does not fit, or links nowhere, as problems."""
    progress.step(f"assembling {len(parts)} part(s)")
    try:
        merge_files(parts, out, marker)
        merge_search_index(parts, out)
        merge_sitemaps(parts, out)
    except AssembleError as exc:
        return [str(exc)]
    progress.step("checking every link between the parts")
    return list(broken_links(out))


def read_parts(folders: Sequence[Path], audience: str, marker: str) -> list[BuiltPart]:
    """The parts in ``folders``, in part order, checked to be all the parts of one site."""
    parts: list[BuiltPart] = []
    for folder in folders:
        found = folder / marker
        if not found.is_file():
            raise AssembleError(
                f"{folder} is not a part written by calib build --part (no {marker} file)"
            )
        named, part = read_marker(found.read_text(encoding="utf-8", errors="replace"))
        if part is None:
            raise AssembleError(
                f"{folder} holds a whole site, not a part; build parts with --part K/N"
            )
        if named != audience:
            raise AssembleError(
                f"{folder} is part {part} of the {named} site, not of the {audience} site"
            )
        parts.append(BuiltPart(folder, audience, part))
    counts = sorted({p.part.count for p in parts})
    if len(counts) != 1:
        raise AssembleError(
            "the parts come from splits into different numbers of parts "
            f"({', '.join(map(str, counts))}); build every part with the same N"
        )
    count = counts[0]
    seen: dict[int, Path] = {}
    for built in parts:
        if built.part.index in seen:
            raise AssembleError(
                f"part {built.part} is given twice: {seen[built.part.index]} and {built.path}"
            )
        seen[built.part.index] = built.path
    missing = [str(Part(i, count)) for i in range(1, count + 1) if i not in seen]
    if missing:
        raise AssembleError(f"part(s) {', '.join(missing)} missing; pass all {count} parts")
    return sorted(parts, key=lambda p: p.part.index)


def _files(folder: Path) -> Iterator[tuple[str, Path]]:
    for path in sorted(folder.rglob("*")):
        if path.is_symlink():
            raise AssembleError(f"{path} is a symbolic link; a part holds plain files only")
        if path.is_file():
            yield path.relative_to(folder).as_posix(), path


def merge_files(parts: Sequence[BuiltPart], out: Path, marker: str) -> None:
    """Copy every part's files into ``out``; a file in two parts must be the same in both."""
    first: dict[str, int] = {}
    for built in parts:
        for rel, path in _files(built.path):
            if rel == marker or rel in MERGED:
                continue
            target = out / rel
            if rel in first:
                if not filecmp.cmp(path, target, shallow=False):
                    raise AssembleError(
                        f"{rel} differs between part {first[rel]} and part {built.part.index}: "
                        "build every part from the same commit, configuration and calib version"
                    )
                continue
            first[rel] = built.part.index
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target)


def merge_search_index(parts: Sequence[BuiltPart], out: Path) -> None:
    """One search index holding every part's entries (a page's entry is the same in all)."""
    found = [p for p in parts if (p.path / SEARCH_INDEX).is_file()]
    if not found:
        return
    if len(found) != len(parts):
        raise AssembleError(
            "some parts have a search index and some do not: "
            "build every part with the same configuration"
        )
    merged: dict[str, Any] = {}
    entries: dict[str, Any] = {}
    for built in found:
        data = _read_json(built.path / SEARCH_INDEX)
        merged.setdefault("config", data.get("config", {}))
        for doc in data.get("docs", []):
            key = json.dumps(doc, sort_keys=True)
            entries.setdefault(key, doc)
    merged["docs"] = list(entries.values())
    inline = all((p.path / SEARCH_SCRIPT).is_file() for p in parts)
    write_search_index(out / SEARCH_INDEX, merged, inline=inline)


def merge_sitemaps(parts: Sequence[BuiltPart], out: Path) -> None:
    """One sitemap listing every part's pages once (the first part's entry wins)."""
    texts = [_read_text(p.path / SITEMAP) for p in parts if (p.path / SITEMAP).is_file()]
    if not texts:
        return
    head, _, _ = texts[0].partition("<url>")
    if "<url>" not in texts[0]:
        head = texts[0].replace("</urlset>", "")
    urls: dict[str, str] = {}
    for text in texts:
        for block in _URL.findall(text):
            loc = _LOC.search(block)
            urls.setdefault(loc[1] if loc else block, block)
    body = "".join(f"    {block}\n" for block in urls.values())
    xml = head.rstrip() + "\n" + body + "</urlset>\n"
    (out / SITEMAP).write_text(xml, encoding="utf-8")
    if all((p.path / (SITEMAP + ".gz")).is_file() for p in parts):
        (out / (SITEMAP + ".gz")).write_bytes(gzip.compress(xml.encode("utf-8"), mtime=0))


def _read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise AssembleError(f"{path} cannot be read ({exc}); build that part again") from None


def _read_json(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(_read_text(path))
    except json.JSONDecodeError as exc:
        raise AssembleError(
            f"{path} is not a search index ({exc}); build that part again"
        ) from None
    if not isinstance(data, dict):
        raise AssembleError(f"{path} is not a search index; build that part again")
    return data


def broken_links(site: Path) -> Iterator[str]:
    """Every link or source of every page that leads to no file of the site at ``site``."""
    files = {rel for rel, _ in _files(site)}
    resolved: dict[tuple[str, str], str | None] = {}
    for rel in sorted(f for f in files if f.endswith(".html")):
        text = (site / rel).read_text(encoding="utf-8", errors="replace")
        folder = posixpath.dirname(rel)
        urls = (m[1] if m[1] is not None else m[2] for m in _LINK.finditer(text))
        for url in dict.fromkeys(html.unescape(u).strip() for u in urls):
            key = (folder, url)
            if key not in resolved:
                resolved[key] = _missing(folder, url, files)
            if resolved[key] is not None:
                yield f"{rel}: links to {url}, which no part holds ({resolved[key]})"


def _missing(folder: str, url: str, files: set[str]) -> str | None:
    """The file ``url`` (seen in ``folder``) leads to, when the site lacks it; else None."""
    if not url or url.startswith(("#", "//")) or _SCHEME.match(url):
        return None  # within the page, or not a file of the site (the audit vets those)
    path = unquote(urlsplit(url).path)
    if not path:
        return None
    joined = path.lstrip("/") if path.startswith("/") else posixpath.join(folder, path)
    target = posixpath.normpath(joined)
    if target == ".." or target.startswith("../"):
        return target
    if target == ".":
        target = ""
    if target in files:
        return None
    index = posixpath.join(target, "index.html") if target else "index.html"
    return None if index in files else (index if path.endswith("/") else target)
