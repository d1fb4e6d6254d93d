"""Audit a built site for anything its audience may not see, and for external asset loads.

Renderers already leave out what an audience may not see; this is the second
lock, run on the output itself (every file: pages, search index, sitemap,
scripts). It fails closed: a file it cannot read is a problem, not a pass.

Four checks:

1. every ``data-calib-person`` / ``data-calib-kind`` marker is one the audience may see;
2. no confidential free text (evidence, observations, uncertainty, ...) of a
   person out of view occurs anywhere, compared as runs of words so that
   markup, escaping or case changes cannot hide it;
3. no page (or link to a page) belongs to a person out of scope;
4. no stylesheet, script, image, font or frame is loaded from another host.
"""

from __future__ import annotations

import gzip
import html
import json
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from calibration.audience import KINDS, may_see, people_in_scope
from calibration.model import Audience, Org

WINDOW = 8
MIN_WORDS = 4
_TAG = re.compile(r"<[^>]*>")
_WORD = re.compile(r"[^\W_]+")
_MARKER_TAG = re.compile(r"<[^<>]*data-calib-(?:person|kind)[^<>]*>", re.IGNORECASE)
_ATTR = re.compile(r'data-calib-(person|kind)\s*=\s*["\']?([^"\'\s>]*)', re.IGNORECASE)
_PEOPLE_URL = re.compile(r"(?:^|[/\"'])people/([A-Za-z0-9._~-]+)/")
_PROMO_URL = re.compile(r"/promotions/([A-Za-z0-9._~-]+?)(?:/|\.html|\.md|[\"'#?\s]|$)")
_ASSET_TAG = re.compile(
    r"<(script|img|iframe|source|audio|video|embed|object|link|image|use)\b([^>]*)>", re.IGNORECASE
)
_ASSET_ATTR = re.compile(
    r'\b(src|href|srcset|data|poster|xlink:href)\s*=\s*["\']?([^"\'>]+)', re.IGNORECASE
)
_LINK_LOADS = (
    "stylesheet",
    "icon",
    "preload",
    "modulepreload",
    "prefetch",
    "manifest",
    "apple-touch-icon",
)
_CSS_URL = re.compile(
    r"(?:url\(\s*[\"']?|@import\s+[\"'])\s*((?:https?:)?//[^\"')\s]+)", re.IGNORECASE
)
_EXTERNAL = re.compile(r"^\s*(?:https?:)?//", re.IGNORECASE)
_REL = re.compile(r'\brel\s*=\s*["\']?([^"\'>]+)', re.IGNORECASE)


@dataclass(frozen=True)
class AuditProblem:
    """One thing found in the output that must not be there."""

    file: str
    check: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}: [{self.check}] {self.message}"


def words(text: str) -> list[str]:
    """Normalized words of text: tags dropped, entities decoded, case folded."""
    plain = html.unescape(_TAG.sub(" ", text))
    return _WORD.findall(unicodedata.normalize("NFKC", plain).casefold())


def _windows(tokens: list[str]) -> Iterator[tuple[str, ...]]:
    if len(tokens) < WINDOW:
        if len(tokens) >= MIN_WORDS:
            yield tuple(tokens)
        return
    for start in range(len(tokens) - WINDOW + 1):
        yield tuple(tokens[start : start + WINDOW])


def confidential_texts(org: Org) -> Iterator[tuple[str, str, str]]:
    """Every confidential free text of the org as (person handle, kind, text)."""
    for prefill in org.prefills.values():
        h = prefill.handle
        for ev in prefill.evidence:
            yield h, "evidence", ev.statement
        if prefill.invisible_work:
            yield h, "evidence", prefill.invisible_work
        for obs in prefill.observations:
            yield h, "peer_observations", obs.observation
        yield h, "uncertainty", prefill.uncertainty
        yield h, "self_assessment", prefill.self_assessment
        if prefill.promotion is not None:
            yield h, "promotion_cases", prefill.promotion.gap
            yield h, "promotion_cases", prefill.promotion.justification
            for ev in prefill.promotion.evidence:
                yield h, "promotion_cases", ev.statement
    for outcomes in org.outcomes.values():
        for rating in outcomes.ratings:
            yield rating.person, "ratings", rating.rationale
        for decision in outcomes.promotions:
            yield decision.person, "promotion_cases", decision.rationale
        for note in outcomes.explanations:
            yield note.manager or "", "flags", note.explanation


def _public_texts(org: Org) -> Iterator[str]:
    ladder = org.ladder
    yield ladder.description
    for level in ladder.levels:
        yield level.summary
        yield from (value for _, value in level.attributes)
    yield from (d.description for d in ladder.dimensions)
    for exp in ladder.expectations:
        yield exp.text
        yield from exp.examples
    yield from (r.description for r in org.scale.ratings)
    yield from (t.description for t in org.teams.values())
    yield from (a.description for a in org.audiences.values())


class SecretIndex:
    """Word windows of text the audience may not see, minus those it legitimately sees."""

    def __init__(self, org: Org, audience: Audience) -> None:
        scope = people_in_scope(org, audience)
        forbidden: dict[tuple[str, ...], tuple[str, str]] = {}
        allowed: set[tuple[str, ...]] = set()
        for handle, kind, text in confidential_texts(org):
            if not text:
                continue
            visible = may_see(org, audience, handle, kind, scope=scope)
            for window in _windows(words(text)):
                if visible:
                    allowed.add(window)
                else:
                    forbidden.setdefault(window, (handle, kind))
        for text in _public_texts(org):
            allowed.update(_windows(words(text)))
        self.forbidden = {w: v for w, v in forbidden.items() if w not in allowed}
        self.lengths = sorted({len(w) for w in self.forbidden})

    def find(self, tokens: list[str]) -> tuple[str, str, str] | None:
        """(handle, kind, excerpt) of the first forbidden run of words in ``tokens``."""
        if not self.forbidden:
            return None
        for start in range(len(tokens)):
            for length in self.lengths:
                window = tuple(tokens[start : start + length])
                if len(window) == length and window in self.forbidden:
                    handle, kind = self.forbidden[window]
                    return handle, kind, " ".join(window)
        return None


def _read(path: Path) -> str:
    raw = path.read_bytes()
    if path.suffix == ".gz":
        raw = gzip.decompress(raw)
    text = raw.decode("utf-8", errors="replace")
    if path.suffix == ".json":
        # JSON escapes (\u00e9, \") would split words; compare the decoded strings instead.
        return "\n".join(_strings(json.loads(text)))
    return text


def _strings(value: object) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield str(key)
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def _marker_problems(
    rel: str, text: str, org: Org, audience: Audience, scope: set[str]
) -> Iterator[AuditProblem]:
    for tag in _MARKER_TAG.findall(text):
        attrs = {name.lower(): html.unescape(value) for name, value in _ATTR.findall(tag)}
        handle, kind = attrs.get("person", ""), attrs.get("kind", "")
        if kind not in KINDS or handle not in org.people:
            yield AuditProblem(
                rel,
                "marker",
                f"unrecognised confidential marker (person {handle!r}, kind {kind!r})",
            )
        elif not may_see(org, audience, handle, kind, scope=scope):
            yield AuditProblem(
                rel, "marker", f"{kind} of {handle}, which {audience.name} may not see"
            )


def _path_problems(
    rel: str, text: str, org: Org, audience: Audience, scope: set[str]
) -> Iterator[AuditProblem]:
    parts = rel.split("/")
    if len(parts) > 1 and parts[0] == "people" and parts[1] not in scope:
        yield AuditProblem(
            rel, "path", f"a page of {parts[1]}, who is outside the scope of {audience.name}"
        )
    if "promotions" in parts[:-1]:
        handle = parts[parts.index("promotions") + 1].removesuffix(".html")
        if handle in org.people and not may_see(
            org, audience, handle, "promotion_cases", scope=scope
        ):
            yield AuditProblem(
                rel, "path", f"the promotion case of {handle}, which {audience.name} may not see"
            )
    for handle in sorted(set(_PEOPLE_URL.findall(text))):
        if handle in org.people and handle not in scope:
            yield AuditProblem(
                rel,
                "link",
                f"links to a page of {handle}, who is outside the scope of {audience.name}",
            )
    for handle in sorted(set(_PROMO_URL.findall(text))):
        if handle in org.people and not may_see(
            org, audience, handle, "promotion_cases", scope=scope
        ):
            yield AuditProblem(rel, "link", f"links to the promotion case of {handle}")


def _asset_problems(rel: str, text: str) -> Iterator[AuditProblem]:
    suffix = rel.rsplit(".", 1)[-1].lower()
    if suffix in ("html", "htm", "svg", "xhtml"):
        for tag, attrs in _ASSET_TAG.findall(text):
            if tag.lower() == "link":
                rel_attr = _REL.search(attrs)
                kinds = set(rel_attr.group(1).lower().split()) if rel_attr else set()
                if not kinds & set(_LINK_LOADS):
                    continue
            for _, value in _ASSET_ATTR.findall(attrs):
                if any(_EXTERNAL.match(part) for part in value.split(",")):
                    yield AuditProblem(
                        rel,
                        "external",
                        f"<{tag.lower()}> loads {value.strip()[:120]} from another host",
                    )
    if suffix in ("html", "htm", "svg", "css"):
        for url in _CSS_URL.findall(text):
            yield AuditProblem(rel, "external", f"a style loads {url[:120]} from another host")


def audit_site(site_dir: Path, org: Org, audience: Audience) -> list[AuditProblem]:
    """Every problem found in the built site at ``site_dir`` for ``audience`` (empty: clean)."""
    if not site_dir.is_dir() or not (site_dir / "index.html").is_file():
        return [
            AuditProblem(str(site_dir), "missing", "no built site here (index.html is missing)")
        ]
    scope = people_in_scope(org, audience)
    secrets = SecretIndex(org, audience)
    problems: list[AuditProblem] = []
    for path in sorted(p for p in site_dir.rglob("*") if p.is_file() or p.is_symlink()):
        rel = path.relative_to(site_dir).as_posix()
        try:
            text = _read(path)
        except (OSError, ValueError, EOFError) as exc:
            problems.append(
                AuditProblem(rel, "unreadable", f"could not be checked ({exc}); failing closed")
            )
            continue
        problems.extend(_marker_problems(rel, text, org, audience, scope))
        problems.extend(_path_problems(rel, text, org, audience, scope))
        problems.extend(_asset_problems(rel, text))
        found = secrets.find(words(text))
        if found is not None:
            # Name the field, never quote it: the message itself ends up in build logs.
            handle, kind, excerpt = found
            count = len(excerpt.split())
            problems.append(
                AuditProblem(
                    rel, "text", f"{kind} text of {handle} appears ({count} words in a row)"
                )
            )
    return problems
