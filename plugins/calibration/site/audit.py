"""Audit a built site for anything its audience may not see, and for external loads.

Renderers already leave out what an audience may not see; this is the second
lock, run on the output itself (every file: pages, search index, sitemap,
scripts). It fails closed: a file it cannot read is a problem, not a pass.

Four checks:

1. every ``data-calib-person`` / ``data-calib-kind`` marker is one the audience may see;
2. no confidential free text (evidence, observations, uncertainty, ...) of a
   person out of view occurs anywhere, in text, comments or attribute values,
   compared as runs of words so that markup, escaping or case changes cannot hide it;
3. no page (or link to a page) belongs to a person out of scope;
4. nothing loads from another host: no URL-bearing attribute, inline style,
   ``<style>`` element or stylesheet names one, unless the org allowlisted it
   (``site_allowlist.remote_assets``).

HTML and SVG are parsed, not matched with patterns, so entities are decoded
before any check, and prose that merely mentions markup or ``url(...)`` is text,
not markup. CSS escapes are decoded before a stylesheet is read. Every file is
read once and every check is linear in its size.
"""

from __future__ import annotations

import base64
import gzip
import html
import json
import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from html.parser import HTMLParser
from itertools import product
from pathlib import Path
from typing import Protocol
from urllib.parse import unquote, unquote_to_bytes

from calibration.audience import KINDS, may_see, people_in_scope
from calibration.model import Audience, Org

WINDOW = 8
MIN_WORDS = 4
MAX_NESTING = 3
"""How deep documents embedded in frames (``srcdoc``, ``data:`` URLs) are followed."""
BREAK = "\x00"
"""Separates attribute values in one stream of words: no run of words spans two of them."""

_TAG = re.compile(r"<[^>]*>")
_WORD = re.compile(r"[^\W_]+")
_WORD_OR_BREAK = re.compile(r"[^\W_]+|\x00")
# Characters a browser does not show: inside a word they would split it for the audit only.
_INVISIBLE = re.compile(
    "[\u00ad\u034f\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]"
)
_MARKER_TAG = re.compile(r"<[^<>]*data-calib-(?:person|kind)[^<>]*>", re.IGNORECASE)
_ATTR = re.compile(r'data-calib-(person|kind)\s*=\s*["\']?([^"\'\s>]*)', re.IGNORECASE)
_PEOPLE_URL = re.compile(r"(?:^|[/\"'])people/([A-Za-z0-9._~-]+)/")
_PROMO_URL = re.compile(r"/promotions/([A-Za-z0-9._~-]+?)(?:/|\.html|\.md|[\"'#?\s]|$)")
# The same, for decoded attribute values joined by newlines: each value may start a path.
_PEOPLE_IN_VALUES = re.compile(r"(?:^|[/\"'])people/([A-Za-z0-9._~-]+)/", re.MULTILINE)
_PROMO_IN_VALUES = re.compile(
    r"(?:^|/)promotions/([A-Za-z0-9._~-]+?)(?:/|\.html|\.md|[\"'#?\s]|$)", re.MULTILINE
)

# What inline scripts were always checked for: tags and styles written into strings.
_SCRIPT_TAG = re.compile(
    r"<(script|img|iframe|source|audio|video|embed|object|link|image|use)\b([^>]*)>", re.IGNORECASE
)
_SCRIPT_ATTR = re.compile(
    r'\b(src|href|srcset|data|poster|xlink:href)\s*=\s*["\']?([^"\'>]+)', re.IGNORECASE
)
_SCRIPT_CSS_URL = re.compile(
    r"(?:url\(\s*[\"']?|@import\s+[\"'])\s*((?:https?:)?//[^\"')\s]+)", re.IGNORECASE
)
_REL = re.compile(r'\brel\s*=\s*["\']?([^"\'>]+)', re.IGNORECASE)
_LINK_LOADS = frozenset(
    {"stylesheet", "icon", "preload", "modulepreload", "prefetch", "manifest", "apple-touch-icon"}
)

_MARKUP = frozenset({"html", "htm", "xhtml", "svg"})
_XML_MARKUP = frozenset({"xhtml", "svg"})
_RAW_TEXT = frozenset({"script", "style"})
_FRAMES = frozenset({"iframe", "frame", "object", "embed"})
_NAVIGATION = frozenset({"a", "area"})
"""Tags whose ``href`` is followed on a click, not fetched while the page loads."""
_LOADS = frozenset(
    {"src", "poster", "background", "data", "action", "formaction", "codebase", "manifest"}
    | {"lowsrc", "dynsrc", "icon"}
)
_URL_LISTS = frozenset({"srcset", "imagesrcset", "ping"})
_ANIMATIONS = frozenset({"animate", "set"})
_HREFS = frozenset({"href", "xlink:href"})
_LINK_NO_FETCH = frozenset(
    {"alternate", "author", "bookmark", "canonical", "external", "help", "license", "me"}
    | {"next", "nofollow", "noopener", "noreferrer", "opener", "prev", "tag"}
)
_DOCUMENT_TYPES = frozenset(
    {"text/html", "image/svg+xml", "application/xhtml+xml", "text/xml", "application/xml"}
)
_REFRESH_PARTS = re.compile(r"[\s;,=]+")
_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.\-]*):")
_LOCAL_SCHEMES = frozenset({"data", "blob", "about", "javascript", "mailto", "tel"})
_URL_NOISE = re.compile(r"[\t\n\r]")
_URL_EDGE = "".join(map(chr, range(0x21)))
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")

_CSS_COMMENT = re.compile(r"/\*.*?(?:\*/|\Z)", re.DOTALL)
_CSS_ESCAPE = re.compile(r"\\(?:([0-9a-fA-F]{1,6})(?:\r\n|[ \t\r\n\f])?|(\r\n|[\r\n\f])|(.))", re.S)
_CSS_URL = re.compile(r"url\(\s*(?:\"([^\"]*)\"|'([^']*)'|([^)\"'\s]*))", re.IGNORECASE)
_CSS_IMPORT = re.compile(r"@import\s*(?:\"([^\"]*)\"|'([^']*)')", re.IGNORECASE)
_CSS_IMAGE_SET = re.compile(r"image-set\(([^;{}]*)", re.IGNORECASE)
_CSS_STRING = re.compile(r"\"([^\"]*)\"|'([^']*)'")


@dataclass(frozen=True)
class AuditProblem:
    """One thing found in the output that must not be there."""

    file: str
    check: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}: [{self.check}] {self.message}"


def _normal(text: str) -> str:
    return unicodedata.normalize("NFKC", _INVISIBLE.sub("", text)).casefold()


def words(text: str) -> list[str]:
    """Normalized words of text: tags dropped, entities decoded, case folded."""
    return _WORD.findall(_normal(html.unescape(_TAG.sub(" ", text))))


def _text_words(text: str) -> list[str]:
    """Normalized words of text that is already decoded (a parser's text, attribute values).

    ``BREAK`` characters in ``text`` stay in the result as tokens of their own.
    """
    return _WORD_OR_BREAK.findall(_normal(text))


def _variants(text: str) -> Iterator[list[str]]:
    """The words of a source text as a page may show them: as markup, and as escaped text."""
    yield words(text)
    if "<" in text or "&" in text:
        # Rendered escaped, "a < b" or "&amp;" stays visible text, which words() would drop.
        yield _WORD.findall(_normal(text))


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
        shown: list[str] = list(_public_texts(org))
        for handle, kind, text in confidential_texts(org):
            if not text:
                continue
            if may_see(org, audience, handle, kind, scope=scope):
                shown.append(text)
                continue
            for variant in _variants(text):
                for window in _windows(variant):
                    forbidden.setdefault(window, (handle, kind))
        # A short hidden text (fewer than WINDOW words) may sit inside a longer text
        # the audience sees; there its words are the visible text's, not a leak.
        short = sorted({len(w) for w in forbidden if len(w) < WINDOW})
        for text in shown if forbidden else ():
            for variant in _variants(text):
                for length in (WINDOW, *short):
                    for start in range(len(variant) - length + 1):
                        forbidden.pop(tuple(variant[start : start + length]), None)
        self.forbidden = forbidden
        # The lengths of the windows each word starts: most words of a page start none.
        starts: dict[str, set[int]] = {}
        for window in self.forbidden:
            starts.setdefault(window[0], set()).add(len(window))
        self.starts = {word: tuple(sorted(lengths)) for word, lengths in starts.items()}

    def find(self, tokens: list[str]) -> tuple[str, str, str] | None:
        """(handle, kind, excerpt) of the first forbidden run of words in ``tokens``."""
        starts, forbidden = self.starts, self.forbidden
        for start, token in enumerate(tokens):
            for length in starts.get(token, ()):
                window = tuple(tokens[start : start + length])
                if len(window) == length and window in forbidden:
                    handle, kind = forbidden[window]
                    return handle, kind, " ".join(window)
        return None


def is_remote(url: str) -> bool:
    """True when a browser would fetch ``url`` from another host.

    Read as a browser reads it: tabs and newlines inside are dropped, controls and
    spaces around it trimmed, and backslashes count as slashes.
    """
    cleaned = _URL_NOISE.sub("", url).strip(_URL_EDGE).replace("\\", "/")
    if cleaned.startswith("//"):
        return True
    scheme = _SCHEME.match(cleaned)
    return scheme is not None and scheme.group(1).lower() not in _LOCAL_SCHEMES


def _css_char(match: re.Match[str]) -> str:
    code, newline, other = match.groups()
    if code is not None:
        point = int(code, 16)
        return chr(point) if 0 < point <= 0x10FFFF and not 0xD800 <= point <= 0xDFFF else "\ufffd"
    return "" if newline is not None else other


def css_unescape(css: str) -> str:
    """``css`` with its escapes (``\\68``, ``\\"``, line continuations) decoded."""
    return _CSS_ESCAPE.sub(_css_char, css) if "\\" in css else css


def css_urls(css: str) -> Iterator[str]:
    """Every URL a stylesheet may fetch: ``url()``, ``image-set()`` and ``@import``.

    Escapes are decoded first; the sheet is read with and without its comments,
    so neither a comment nor text that only looks like one can hide a URL.
    """
    seen: set[str] = set()
    for text in {css_unescape(css), css_unescape(_CSS_COMMENT.sub("", css))}:
        for match in _CSS_URL.finditer(text):
            seen.add(next(g for g in match.groups() if g is not None))
        for match in _CSS_IMPORT.finditer(text):
            seen.add(next(g for g in match.groups() if g is not None))
        for match in _CSS_IMAGE_SET.finditer(text):
            for string in _CSS_STRING.finditer(match.group(1)):
                seen.add(next(g for g in string.groups() if g is not None))
    yield from sorted(seen)


def _url_list(name: str, value: str) -> Iterator[str]:
    """The URLs of a ``srcset`` (comma-separated candidates) or ``ping`` (space-separated)."""
    if name == "ping":
        yield from value.split()
        return
    for candidate in value.split(","):
        parts = candidate.split()
        if parts:
            yield parts[0]


def tag_loads(tag: str, attrs: Sequence[tuple[str, str | None]]) -> Iterator[tuple[str, str]]:
    """(attribute, URL) of each fetch a browser makes on its own for one tag."""
    rels = {w.lower() for name, value in attrs if name == "rel" and value for w in value.split()}
    refresh = tag == "meta" and any(
        name == "http-equiv" and (value or "").strip().lower() == "refresh" for name, value in attrs
    )
    for name, value in attrs:
        if value is None:
            continue
        if name in _URL_LISTS:
            yield from ((name, url) for url in _url_list(name, value))
        elif name in _HREFS:
            if tag in _NAVIGATION or (tag == "link" and rels and rels <= _LINK_NO_FETCH):
                continue
            yield name, value
        elif name in _LOADS:
            yield name, value
        elif tag in _ANIMATIONS and name in ("from", "to", "values"):
            # SVG animation can set an href to any of these, which then loads.
            yield from ((name, part) for part in value.split(";"))
        elif name == "content" and refresh:
            # "5; url=https://..." in any of its spellings: check every part.
            parts = _REFRESH_PARTS.split(value)
            yield from (("http-equiv=refresh", part.strip("'\"")) for part in parts)


def data_document(url: str) -> str | None:
    """The document held by a ``data:`` URL of HTML, SVG or XML, decoded; else None."""
    head, comma, body = url.strip(_URL_EDGE).partition(",")
    if not comma or head[:5].lower() != "data:":
        return None
    params = [part.strip().lower() for part in head[5:].split(";")]
    if params[0] not in _DOCUMENT_TYPES:
        return None
    raw = unquote_to_bytes(body)
    if "base64" in params[1:]:
        raw = re.sub(rb"[^A-Za-z0-9+/]", b"", raw)
        if len(raw) % 4 == 1:
            return ""
        raw = base64.b64decode(raw + b"=" * (-len(raw) % 4))
    return raw.decode("utf-8", errors="replace")


class _Scan(HTMLParser):
    """One pass over an HTML or SVG document, collecting what the checks read.

    Text and attribute values arrive with their entities decoded; the contents
    of ``<script>`` and ``<style>`` arrive as written, as a browser reads them.
    """

    def __init__(self, *, html_rules: bool) -> None:
        super().__init__(convert_charrefs=True)
        self.html_rules = html_rules
        self.text: list[str] = []
        self.attrs: list[str] = []
        self.markers: list[tuple[str, str]] = []
        self.loads: list[tuple[str, str]] = []
        self.styles: list[str] = []
        self.scripts: list[str] = []
        self.documents: list[str] = []
        self._raw: str | None = None

    def close(self) -> None:
        """Finish the document, reading an unclosed ``<script>`` or ``<style>`` too."""
        super().close()
        if self.rawdata:
            # Some Python versions keep what follows an unclosed <style> to themselves; a
            # browser reads it to the end of the file, so it is checked like any other.
            self.handle_data(self.rawdata)
            self.rawdata = ""

    def updatepos(self, i: int, j: int) -> int:
        # Positions are never reported; counting lines would cost a tenth of the scan.
        return j

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.text.append(" ")
        self._raw = tag if tag in _RAW_TEXT else None
        self._read_tag(tag, attrs)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if self._raw is not None and self.html_rules:
            # HTML ignores the slash of <style/>: what follows is still style (or script).
            self.set_cdata_mode(tag)
        else:
            self._raw = None

    def handle_endtag(self, tag: str) -> None:
        self.text.append(" ")
        self._raw = None

    def handle_data(self, data: str) -> None:
        if self._raw == "style":
            self.styles.append(data)
        elif self._raw == "script":
            self.scripts.append(data)
        else:
            self.text.append(data)

    def handle_comment(self, data: str) -> None:
        # Not shown on the page, but shipped with it: as public as the text.
        self.text.append(f" {data} ")

    def handle_decl(self, decl: str) -> None:
        self.text.append(f" {decl} ")

    def handle_pi(self, data: str) -> None:
        self.text.append(f" {data} ")

    def unknown_decl(self, data: str) -> None:
        """CDATA sections of SVG and XHTML, and anything else ``<![`` opens."""
        self.text.append(f" {data} ")

    def _read_tag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        people: list[str] = []
        kinds: list[str] = []
        for name, value in attrs:
            if value is None:
                continue
            value = value.replace(BREAK, "")
            self.attrs.append(value)
            if name == "data-calib-person":
                people.append(value)
            elif name == "data-calib-kind":
                kinds.append(value)
            elif name == "style":
                self.styles.append(value)
            elif name == "srcdoc":
                self.documents.append(value)
            elif tag in _FRAMES and name in ("src", "data"):
                document = data_document(value)
                if document is not None:
                    self.documents.append(document)
        if people or kinds:
            self.markers.extend(product(people or [""], kinds or [""]))
        self.loads.extend((f"<{tag} {name}>", url) for name, url in tag_loads(tag, attrs))


def _scan(text: str, *, html_rules: bool) -> _Scan:
    scan = _Scan(html_rules=html_rules)
    scan.feed(text)
    scan.close()
    return scan


class SharedSecrets:
    """Every confidential text's word windows with whose and what kind they are, built once.

    Many personal documents (``calib packets``: one per engineer) are audited
    against one index: each reader's own texts are looked up by handle, so
    auditing N documents stays linear instead of building N indexes.
    """

    def __init__(self, org: Org) -> None:
        owners: dict[tuple[str, ...], set[tuple[str, str]]] = {}
        self.texts: dict[str, list[tuple[str, str]]] = {}
        for handle, kind, text in confidential_texts(org):
            if not text:
                continue
            self.texts.setdefault(handle, []).append((kind, text))
            for variant in _variants(text):
                for window in _windows(variant):
                    owners.setdefault(window, set()).add((handle, kind))
        self.short = tuple(sorted({len(w) for w in owners if len(w) < WINDOW}))
        for window in _shown_windows(list(_public_texts(org)), self.short):
            owners.pop(window, None)
        self.owners = owners
        starts: dict[str, set[int]] = {}
        for window in owners:
            starts.setdefault(window[0], set()).add(len(window))
        self.starts = {word: tuple(sorted(lengths)) for word, lengths in starts.items()}

    def for_reader(self, org: Org, audience: Audience) -> ReaderSecrets:
        """The index as one audience sees it (meant for personal audiences: scope is small)."""
        return ReaderSecrets(self, org, audience)


def _shown_windows(texts: Iterable[str], short: tuple[int, ...]) -> set[tuple[str, ...]]:
    """Every window, of the full length and of each short length, of texts a reader sees."""
    out: set[tuple[str, ...]] = set()
    for text in texts:
        for variant in _variants(text):
            for length in (WINDOW, *short):
                for start in range(len(variant) - length + 1):
                    out.add(tuple(variant[start : start + length]))
    return out


class ReaderSecrets:
    """:class:`SharedSecrets` for one reader: forbidden unless the reader may see it."""

    def __init__(self, shared: SharedSecrets, org: Org, audience: Audience) -> None:
        self.shared, self.org, self.audience = shared, org, audience
        self.scope = people_in_scope(org, audience)
        visible = [
            text
            for handle in self.scope
            for kind, text in shared.texts.get(handle, ())
            if may_see(org, audience, handle, kind, scope=self.scope)
        ]
        self.shown = _shown_windows(visible, shared.short)

    def find(self, tokens: list[str]) -> tuple[str, str, str] | None:
        """(handle, kind, excerpt) of the first run of words the reader may not see."""
        shared = self.shared
        for start, token in enumerate(tokens):
            for length in shared.starts.get(token, ()):
                window = tuple(tokens[start : start + length])
                owners = shared.owners.get(window) if len(window) == length else None
                if not owners or window in self.shown:
                    continue
                for handle, kind in sorted(owners):
                    if not may_see(self.org, self.audience, handle, kind, scope=self.scope):
                        return handle, kind, " ".join(window)
        return None


class Secrets(Protocol):
    """What the audit asks of an index of confidential text."""

    def find(self, tokens: list[str]) -> tuple[str, str, str] | None:
        """(handle, kind, excerpt) of the first forbidden run of words, or None."""


@dataclass(frozen=True)
class _Audit:
    """What every file is checked against: the org, the audience and what it may see."""

    org: Org
    audience: Audience
    scope: set[str]
    secrets: Secrets
    allowed: frozenset[str]

    def remote(self, url: str) -> bool:
        """True when ``url`` loads from another host and the org did not allow it."""
        return is_remote(url) and url.strip() not in self.allowed


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


def _regex_markers(text: str) -> Iterator[tuple[str, str]]:
    """Markers written as markup inside strings (scripts, JSON, attribute values)."""
    for tag in _MARKER_TAG.findall(text):
        attrs = {name.lower(): html.unescape(value) for name, value in _ATTR.findall(tag)}
        yield attrs.get("person", ""), attrs.get("kind", "")


def _marker_problems(
    rel: str, markers: Iterable[tuple[str, str]], audit: _Audit
) -> Iterator[AuditProblem]:
    org, audience = audit.org, audit.audience
    for handle, kind in markers:
        if kind not in KINDS or handle not in org.people:
            yield AuditProblem(
                rel,
                "marker",
                f"unrecognised confidential marker (person {handle!r}, kind {kind!r})",
            )
        elif not may_see(org, audience, handle, kind, scope=audit.scope):
            yield AuditProblem(
                rel, "marker", f"{kind} of {handle}, which {audience.name} may not see"
            )


def _location_problems(rel: str, audit: _Audit) -> Iterator[AuditProblem]:
    org, audience, scope = audit.org, audit.audience, audit.scope
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


def _link_problems(
    rel: str, people: Iterable[str], promotions: Iterable[str], audit: _Audit
) -> Iterator[AuditProblem]:
    org, audience, scope = audit.org, audit.audience, audit.scope
    for handle in sorted(set(people)):
        if handle in org.people and handle not in scope:
            yield AuditProblem(
                rel,
                "link",
                f"links to a page of {handle}, who is outside the scope of {audience.name}",
            )
    for handle in sorted(set(promotions)):
        if handle in org.people and not may_see(
            org, audience, handle, "promotion_cases", scope=scope
        ):
            yield AuditProblem(rel, "link", f"links to the promotion case of {handle}")


def _text_problem(rel: str, tokens: list[str], audit: _Audit) -> Iterator[AuditProblem]:
    found = audit.secrets.find(tokens)
    if found is not None:
        # Name the field, never quote it: the message itself ends up in build logs.
        handle, kind, excerpt = found
        count = len(excerpt.split())
        yield AuditProblem(rel, "text", f"{kind} text of {handle} appears ({count} words in a row)")


def _script_loads(script: str) -> Iterator[str]:
    """Tags and styles written into an inline script's strings, as the audit always read them."""
    for tag, attrs in _SCRIPT_TAG.findall(script):
        if tag.lower() == "link":
            rel_attr = _REL.search(attrs)
            if not set(rel_attr.group(1).lower().split() if rel_attr else ()) & _LINK_LOADS:
                continue
        for _, value in _SCRIPT_ATTR.findall(attrs):
            if any(is_remote(part) for part in value.split(",")):
                yield f"<{tag.lower()}> in a script loads {_short(value)} from another host"
    for url in _SCRIPT_CSS_URL.findall(script):
        yield f"a style in a script loads {_short(url)} from another host"


def _short(url: str) -> str:
    """The URL as a browser reads it, shortened, with no control character left for a log."""
    return _CONTROL.sub("\ufffd", _URL_NOISE.sub("", url).strip(_URL_EDGE))[:120]


def _style_loads(css: str, audit: _Audit) -> Iterator[str]:
    for url in css_urls(css):
        if audit.remote(url):
            yield f"a style loads {_short(url)} from another host"


def _external_loads(scan: _Scan, audit: _Audit, depth: int = 0) -> Iterator[str]:
    """What a parsed document loads from another host, including documents in its frames."""
    for where, url in scan.loads:
        if audit.remote(url):
            yield f"{where} loads {_short(url)} from another host"
    for css in scan.styles:
        # Inside SVG (XML) a browser decodes entities in <style> too; check both readings.
        yield from _style_loads(css, audit)
        if "&" in css:
            yield from _style_loads(html.unescape(css), audit)
    for script in scan.scripts:
        yield from _script_loads(script)
    for document in scan.documents:
        if depth >= MAX_NESTING:
            yield "a frame nests documents too deeply to be checked; failing closed"
            continue
        inner = _external_loads(_scan(document, html_rules=True), audit, depth + 1)
        yield from (f"a document inside a frame: {message}" for message in inner)


def _kind(rel: str) -> str:
    """What a file is by its name (``html``, ``svg``, ``css``...), looking inside ``.gz``."""
    return rel.removesuffix(".gz").rsplit(".", 1)[-1].lower()


def _markup_problems(rel: str, text: str, audit: _Audit) -> Iterator[AuditProblem]:
    scan = _scan(text, html_rules=_kind(rel) not in _XML_MARKUP)
    values = "\n".join(scan.attrs)
    raw = "\n".join(scan.scripts + scan.styles)
    yield from _marker_problems(rel, scan.markers, audit)
    yield from _marker_problems(rel, _regex_markers(raw + "\n" + values), audit)
    decoded = unquote(values)
    yield from _link_problems(
        rel,
        _PEOPLE_URL.findall(text) + _PEOPLE_IN_VALUES.findall(decoded),
        _PROMO_URL.findall(text) + _PROMO_IN_VALUES.findall(decoded),
        audit,
    )
    for message in _external_loads(scan, audit):
        yield AuditProblem(rel, "external", message)
    tokens = _text_words("".join(scan.text).replace(BREAK, ""))
    tokens += [BREAK, *words(raw), BREAK, *_text_words(BREAK.join(scan.attrs))]
    yield from _text_problem(rel, tokens, audit)


def _plain_problems(rel: str, text: str, audit: _Audit) -> Iterator[AuditProblem]:
    """Checks of a file that is not markup: scripts, JSON, stylesheets, XML, text."""
    yield from _marker_problems(rel, _regex_markers(text), audit)
    yield from _link_problems(rel, _PEOPLE_URL.findall(text), _PROMO_URL.findall(text), audit)
    if _kind(rel) == "css":
        for message in _style_loads(text, audit):
            yield AuditProblem(rel, "external", message)
    yield from _text_problem(rel, words(text), audit)


def _file_problems(path: Path, rel: str, audit: _Audit) -> list[AuditProblem]:
    try:
        text = _read(path)
    except (OSError, ValueError, EOFError) as exc:
        return [AuditProblem(rel, "unreadable", f"could not be checked ({exc}); failing closed")]
    return _text_problems(rel, text, audit)


def _text_problems(rel: str, text: str, audit: _Audit) -> list[AuditProblem]:
    problems = list(_location_problems(rel, audit))
    checks = _markup_problems if _kind(rel) in _MARKUP else _plain_problems
    try:
        problems += checks(rel, text, audit)
    except (AssertionError, ValueError) as exc:
        # Older parsers give up on some malformed markup; what cannot be read is not a pass.
        problems.append(AuditProblem(rel, "unreadable", f"could not be parsed ({exc})"))
    # One problem once per file, however often the page repeats it.
    return list(dict.fromkeys(problems))


def audit_site(site_dir: Path, org: Org, audience: Audience) -> list[AuditProblem]:
    """Every problem found in the built site at ``site_dir`` for ``audience`` (empty: clean)."""
    if not site_dir.is_dir() or not (site_dir / "index.html").is_file():
        return [
            AuditProblem(str(site_dir), "missing", "no built site here (index.html is missing)")
        ]
    audit = _Audit(
        org,
        audience,
        people_in_scope(org, audience),
        SecretIndex(org, audience),
        org.site_allowlist.remote_assets,
    )
    problems: list[AuditProblem] = []
    for path in sorted(p for p in site_dir.rglob("*") if p.is_file() or p.is_symlink()):
        problems.extend(_file_problems(path, path.relative_to(site_dir).as_posix(), audit))
    return problems


_BLOCKS = frozenset(
    [
        "address",
        "article",
        "aside",
        "blockquote",
        "br",
        "caption",
        "dd",
        "div",
        "dl",
        "dt",
        "footer",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "li",
        "main",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "title",
        "tr",
        "ul",
    ]
)


class _Blocks(HTMLParser):
    """Text of a document block by block (paragraphs, list items, cells), attributes apart."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[str] = [""]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.blocks += [value for _, value in attrs if value]
        if tag in _BLOCKS:
            self.blocks.append("")
        else:
            self.blocks[-1] += " "

    def handle_endtag(self, tag: str) -> None:
        if tag in _BLOCKS:
            self.blocks.append("")
        else:
            self.blocks[-1] += " "

    def handle_data(self, data: str) -> None:
        self.blocks[-1] += data


def _found_in_one_block(text: str, reader: ReaderSecrets) -> bool:
    parser = _Blocks()
    parser.feed(text)
    parser.close()
    return any(reader.find(_text_words(block)) for block in parser.blocks if block.strip())


def audit_document(
    rel: str, text: str, org: Org, audience: Audience, secrets: SharedSecrets
) -> list[AuditProblem]:
    """Every problem in one self-contained document written for ``audience`` (a packet).

    A run of words found only across two blocks (the end of one list item and
    the start of the next) is the reader's own texts side by side matching
    someone else's longer text by coincidence, as templated statements do; a
    text of someone else rendered into the document sits inside one block and
    is still found there.
    """
    reader = secrets.for_reader(org, audience)
    audit = _Audit(org, audience, reader.scope, reader, org.site_allowlist.remote_assets)
    problems = _text_problems(rel, text, audit)
    if any(p.check == "text" for p in problems) and not _found_in_one_block(text, reader):
        problems = [p for p in problems if p.check != "text"]
    return problems
