"""Load YAML the way editors read it: YAML 1.2 core schema, safe, and hostile-input proof.

Every failure becomes a :class:`~calibration.diagnostics.Diagnostic` with a line
and column; nothing here raises on bad input. A good file becomes a
:class:`~calibration.load.positions.Document`, whose positions are looked up on demand.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from yaml.constructor import ConstructorError
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from calibration.diagnostics import Diagnostic, PathPart
from calibration.load.dialect import AliasError, Core12Loader, EventLoader
from calibration.load.layout import kind_of
from calibration.load.positions import Document
from calibration.load.resources import load_schema

MAX_BYTES = 512 * 1024
"""Largest data file accepted; a real pre-fill is a few kilobytes."""
MAX_DEPTH = 32
"""Deepest nesting accepted; our schemas need fewer than eight levels."""

RULE = "yaml-syntax"
_ODD_BREAKS = re.compile("[\u0085\u2028\u2029]")
FOLDED_KEY = "block-scalar-key"
"""Rule id of a key-like line that a block scalar (``>-``, ``|``) took in as text."""


@dataclass(frozen=True)
class LoaderRule:
    """A warning the loader gives about a file that loads, but maybe not as meant."""

    id: str
    severity: str
    doc: str
    group: str = "files"


LOADER_RULES: dict[str, LoaderRule] = {
    FOLDED_KEY: LoaderRule(
        FOLDED_KEY,
        "warning",
        "No line of a block scalar's text (after `>-`) starts with a key that belongs next "
        "to the scalar's own key: indented too far, `scope:` is text, not a key.",
    ),
}
"""Loader warnings; unlike ``yaml-syntax`` their severity can be changed in rubric/rules.yaml."""


@dataclass
class LoadResult:
    """A document, or the diagnostics that stopped it from loading."""

    document: Document | None
    diagnostics: list[Diagnostic]


def _fail(relpath: str, line: int, column: int, message: str) -> LoadResult:
    return LoadResult(None, [Diagnostic(relpath, line, column, RULE, "error", message)])


def _position(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


@functools.cache
def _deep_indent(limit: int) -> re.Pattern[str]:
    """A line indented (spaces, ``-``, ``?``, ``:``) by ``limit`` or more before content."""
    return re.compile(rf"^[ ?:-]{{{limit},}}[^ ?:#\n-]", re.MULTILINE)


def _depth_bound(text: str, limit: int) -> tuple[int, int] | None:
    """Find a line whose nesting may exceed ``limit``, cheaply and before libyaml runs.

    Block nesting is at most one more than a line's indentation (``- ``, ``? ``
    and ``: `` count as indentation) and flow nesting is counted by brackets
    outside quotes. This over-estimates; :func:`_exact_depth` has the last word.
    """
    if "[" not in text and "{" not in text and not _deep_indent(limit).search(text):
        return None  # no flow brackets and no deep indentation: the scan below finds nothing
    flow = 0
    for number, line in enumerate(text.split("\n"), start=1):
        stripped = line.lstrip(" -?:")
        indent = len(line) - len(stripped)
        if indent + 1 > limit and stripped and not stripped.startswith("#"):
            return number, indent + 1
        quote = ""
        for column, char in enumerate(line, start=1):
            if quote:
                if char == quote:
                    quote = ""
            elif char in "\"'" and (column == 1 or line[column - 2] in " [{,:"):
                quote = char
            elif char == "#" and (column == 1 or line[column - 2] == " "):
                break
            elif char in "[{":
                flow += 1
                if flow + indent + 1 > limit:
                    return number, column
            elif char in "]}":
                flow = max(0, flow - 1)
    return None


def _exact_depth(text: str, limit: int) -> tuple[int, int] | None:
    """Walk libyaml's event stream (iterative, no recursion) to find real over-deep nesting."""
    depth = 0
    try:
        for event in yaml.parse(text, Loader=EventLoader):
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > limit and event.start_mark is not None:
                    mark = event.start_mark
                    return mark.line + 1, mark.column + 1
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    except yaml.MarkedYAMLError as exc:
        # libyaml looks ahead through a whole flow collection and stops at its own
        # nesting cap before we see the events: report that as over-deep too.
        if "nesting depth" in str(exc.problem) and exc.problem_mark is not None:
            return exc.problem_mark.line + 1, exc.problem_mark.column + 1
        return None  # the real load reports the syntax error with its mark
    except yaml.YAMLError:
        return None
    return None


def decode(raw: bytes, relpath: str) -> tuple[str | None, LoadResult | None]:
    """Decode bytes as UTF-8 (a UTF-8 BOM is tolerated), or explain why not."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None, _fail(
            relpath, 1, 1, "the file is UTF-16; save it as UTF-8 (without a byte-order mark)"
        )
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8"), None
    except UnicodeDecodeError as exc:
        prefix = raw[: exc.start].decode("utf-8", errors="replace")
        line, column = _position(prefix, len(prefix))
        return None, _fail(
            relpath,
            line,
            column,
            f"invalid UTF-8 byte 0x{raw[exc.start]:02x}; save the file as UTF-8",
        )


def load_text(
    text: str,
    relpath: str,
    *,
    max_depth: int = MAX_DEPTH,
    max_bytes: int = MAX_BYTES,
    keep_tree: bool = False,
) -> LoadResult:
    """Parse ``text`` as one YAML 1.2 document whose top level is a mapping.

    With ``keep_tree`` the document keeps the node tree the data was built from, so
    positions can be looked up without composing it again (see :meth:`Document.forget_tree`).
    """
    if len(text) > max_bytes:
        return _fail(relpath, 1, 1, f"the file is larger than {max_bytes // 1024} KiB; split it")
    if "\x00" in text:
        line, column = _position(text, text.index("\x00"))
        return _fail(relpath, line, column, "the file contains a NUL byte; is it binary?")
    odd_break = _ODD_BREAKS.search(text)
    if odd_break is not None:  # YAML 1.1 parsers (libyaml) break lines there, editors do not
        line, column = _position(text, odd_break.start())
        return _fail(
            relpath,
            line,
            column,
            f"unusual line break U+{ord(odd_break.group()):04X}; replace it with a newline or a "
            "space",
        )
    try:  # lone surrogates can only come from text built in memory, never from a decoded file
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        line, column = _position(text, exc.start)
        return _fail(relpath, line, column, "the text holds an invalid character; remove it")
    suspect = _depth_bound(text, max_depth)
    if suspect is not None:
        deep = _exact_depth(text, max_depth)
        if deep is not None:
            return _fail(
                relpath, *deep, f"nesting deeper than {max_depth} levels; flatten the structure"
            )
    loader = None
    tree: Node | None = None
    try:
        loader = Core12Loader(text)
        if keep_tree:  # what get_single_data does, with the tree kept
            tree = loader.get_single_node()
            data = loader.construct_document(tree) if tree is not None else None
        else:
            data = loader.get_single_data()
    except AliasError as exc:
        line, column = _first_alias(text)
        return _fail(relpath, line, column, str(exc.problem))
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        return _fail(relpath, line, column, _describe(exc, text, mark))
    except yaml.reader.ReaderError as exc:
        line, column = _position(text, exc.position)
        return _fail(
            relpath, line, column, f"unprintable character U+{exc.character:04X}; remove it"
        )
    except yaml.YAMLError as exc:  # pragma: no cover - every libyaml error is marked
        return _fail(relpath, 1, 1, f"not valid YAML: {exc}")
    except RecursionError:  # pragma: no cover - guarded by the depth checks above
        return _fail(relpath, 1, 1, f"nesting deeper than {max_depth} levels")
    finally:
        if loader is not None:
            loader.dispose()
    if data is None:
        return _fail(relpath, 1, 1, "the file is empty; add the required keys or delete the file")
    if not isinstance(data, dict):
        kind = "a list" if isinstance(data, list) else "a single value"
        line, column = _first_content(text)
        return _fail(
            relpath, line, column, f"the top level is {kind}; it must be a mapping of keys"
        )
    root, folded = _folded_keys(text, relpath)
    return LoadResult(Document(relpath, text, data, _root=root or tree), folded)


# A block scalar header (``key: >-``) followed, among the lines indented deeper than its
# key, by one that starts like a key: the cheap test that runs on every file. Only a file
# that passes it has its node tree composed, to confirm each line really is in the text.
_KEY_WORD = r"[a-z_][a-z0-9_]*"
_KEY_LIKE = rf"{_KEY_WORD}:(?=[ \t]|$)"
_BLOCK_HEADER = re.compile(r":[ \t]*[>|][-+1-9]*[ \t]*(?:#[^\n]*)?\n")
_FOLD_SUSPECTS = (  # anchored at the header's line: ``key: >-`` and ``- key: >-``
    re.compile(rf"( *)[\w-]+:[ \t]*[>|][^\n]*\n(?:\1 +\S[^\n]*\n|[ \t]*\n)*?\1 +{_KEY_LIKE}", re.M),
    re.compile(
        rf"( *)- [\w-]+:[ \t]*[>|][^\n]*\n(?:\1   +\S[^\n]*\n|[ \t]*\n)*?\1   +{_KEY_LIKE}",
        re.M,
    ),
)
_KEY_LINE = re.compile(rf"( *)({_KEY_WORD}):(?:[ \t]|$)")


def _suspect_fold(text: str) -> bool:
    """True when some block scalar may hold a line that starts like a key."""
    for header in _BLOCK_HEADER.finditer(text):
        start = text.rfind("\n", 0, header.start()) + 1
        if any(suspect.match(text, start) for suspect in _FOLD_SUSPECTS):
            return True
    return False


@functools.cache
def _schema_key_sets(kind: str) -> tuple[frozenset[str], ...]:
    """The keys of each mapping a kind's schema describes (evidence items, the top level...)."""

    found: list[frozenset[str]] = []
    stack: list[Any] = [load_schema(kind)]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            properties = node.get("properties")
            if isinstance(properties, dict):
                found.append(frozenset(properties))
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    return tuple(found)


def _key_sets(relpath: str, root: Node) -> tuple[frozenset[str], ...]:
    """Keys that may stand together in one mapping: from the schema of the file's kind,
    else from the mappings the file itself holds."""

    kind = kind_of(relpath)
    if kind is not None:
        try:
            return _schema_key_sets(kind)
        except (OSError, ValueError):  # pragma: no cover - a broken installation
            pass
    found: list[frozenset[str]] = []
    stack = [root]
    while stack:
        node = stack.pop()
        if isinstance(node, MappingNode):
            found.append(frozenset(k.value for k, _ in node.value if isinstance(k, ScalarNode)))
            stack.extend(v for _, v in node.value)
        elif isinstance(node, SequenceNode):
            stack.extend(node.value)
    return tuple(found)


def _folded_keys(text: str, relpath: str) -> tuple[Node | None, list[Diagnostic]]:
    """Lines a block scalar took in as text although they start with a key of its mapping.

    ``statement: >-`` followed by an over-indented ``scope: ...`` loads without
    error, with the scope folded into the statement; a warning at that line says
    so. Only words that could be a key next to the block scalar's own key count
    (``scope`` next to ``statement``), so prose such as "right: most of..." does
    not. Returns the composed tree too (when it was needed), for later lookups.
    """
    if not _suspect_fold(text):
        return None, []
    loader = Core12Loader(text)
    try:
        root = loader.get_single_node()
    except yaml.YAMLError:  # pragma: no cover - the text already loaded once
        return None, []
    finally:
        loader.dispose()
    if root is None:  # pragma: no cover - an empty document never gets here
        return None, []
    lines = text.split("\n")
    key_sets = _key_sets(relpath, root)
    found: list[Diagnostic] = []
    stack: list[tuple[Node, tuple[PathPart, ...]]] = [(root, ())]
    while stack:
        node, path = stack.pop()
        if isinstance(node, SequenceNode):
            stack.extend((item, (*path, index)) for index, item in enumerate(node.value))
            continue
        if not isinstance(node, MappingNode):
            continue
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode):
                continue
            child = (*path, key_node.value)
            if isinstance(value_node, ScalarNode) and value_node.style in ("|", ">"):
                siblings = frozenset().union(*(s for s in key_sets if key_node.value in s))
                found.extend(_folded_in(lines, value_node, child, siblings, relpath))
            else:
                stack.append((value_node, child))
    return root, sorted(found)


def _folded_in(
    lines: list[str],
    scalar: ScalarNode,
    path: tuple[PathPart, ...],
    siblings: frozenset[str],
    relpath: str,
) -> list[Diagnostic]:
    """The lines of one block scalar that start with a sibling key, at the text's indentation
    or deeper."""
    end = scalar.end_mark.line + (1 if scalar.end_mark.column else 0)
    body = lines[scalar.start_mark.line + 1 : min(end, len(lines))]
    indents = [len(line) - len(line.lstrip(" ")) for line in body if line.strip()]
    if not indents or not siblings:
        return []
    key = str(path[-1])
    out = []
    for offset, line in enumerate(body):
        match = _KEY_LINE.match(line)
        if match is None or match.group(2) not in siblings or len(match.group(1)) < indents[0]:
            continue
        number = scalar.start_mark.line + 2 + offset
        message = (
            f"`{match.group(2)}:` on line {number} is part of the text of `{key}`; indent it "
            f"like `{key}` to make it a key (or reword the line if it is meant as text)"
        )
        column = len(match.group(1)) + 1
        out.append(Diagnostic(relpath, number, column, FOLDED_KEY, "warning", message, path))
    return out


def _first_alias(text: str) -> tuple[int, int]:
    """Where the first ``*alias`` is (the composed tree only remembers its anchor)."""
    for event in yaml.parse(text, Loader=EventLoader):
        if isinstance(event, yaml.AliasEvent) and event.start_mark is not None:
            return event.start_mark.line + 1, event.start_mark.column + 1
    return 1, 1  # pragma: no cover - only called after an alias was met


def _first_content(text: str) -> tuple[int, int]:
    """Line and column of the first character that is not blank, a comment or ``---``."""
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.lstrip()
        if stripped and not stripped.startswith(("#", "%")) and stripped.rstrip() != "---":
            if stripped.startswith("--- "):
                return number, len(line) - len(stripped) + 5
            return number, len(line) - len(stripped) + 1
    return 1, 1


def _describe(exc: yaml.MarkedYAMLError, text: str, mark: yaml.Mark | None) -> str:
    problem = exc.problem or "not valid YAML"
    if isinstance(exc, ConstructorError):  # our own messages already say what to do
        return problem
    if "nesting depth" in problem:
        return f"nesting deeper than {MAX_DEPTH} levels; flatten the structure"
    if "undefined alias" in problem:
        return "aliases (*name) are not allowed: write the value out in full"
    if mark is not None and 0 <= mark.index < len(text) and text[mark.index] == "\t":
        return "a tab is used for indentation or layout; use spaces"
    if "expected a single document" in problem or "but found another document" in problem:
        return "more than one YAML document (---) in the file; keep one document per file"
    if exc.context and exc.context not in problem:
        problem = f"{exc.context}: {problem}"
    return f"{problem}; check the indentation, quotes and brackets here or just before"


def _link_below(path: Path, root: Path) -> Path | None:
    """The first folder or file from ``root`` down to ``path`` that is a symbolic link."""
    try:
        parts = path.relative_to(root).parts
    except ValueError:
        return None
    current = root
    for part in parts:
        current = current / part
        if current.is_symlink():
            return current
    return None


def _refuse_link(relpath: str, path: Path, link: Path, root: Path) -> LoadResult:
    """Refuse a data file reached through a link, wherever the link points.

    A link inside the repository is as harmful as one leaving it: ``people/a/c.yaml``
    linked to ``people/b/c.yaml`` would publish b's record under a's name.
    """
    try:
        target = link.resolve(strict=True)
        where = f"to {target.relative_to(root.resolve()).as_posix()}"
    except ValueError:
        where = "to outside the repository"
    except (OSError, RuntimeError):
        where = "that leads nowhere"
    if link == path:
        what, fix = "the file", "replace the link with a copy of the file"
    else:
        what, fix = f"the folder {link.relative_to(root).as_posix()}", "make it a real folder"
    return _fail(
        relpath,
        1,
        1,
        f"{what} is a symbolic link {where}; data files are never read through links, "
        f"so no record can appear under another name: {fix}",
    )


def load_file(
    path: Path,
    root: Path,
    *,
    max_depth: int = MAX_DEPTH,
    max_bytes: int = MAX_BYTES,
    keep_tree: bool = False,
) -> LoadResult:
    """Load one data file of the repository rooted at ``root``, refusing hostile files.

    The file and every folder between ``root`` and it must be real: a symbolic link
    is refused, whether it points inside the repository, outside it or nowhere.
    """
    try:
        relpath = path.relative_to(root).as_posix()
    except ValueError:
        relpath = path.as_posix()
    real_root = root.resolve()
    try:
        resolved: Path | None = path.resolve(strict=True)
        reason = ""
    except (OSError, RuntimeError) as exc:  # RuntimeError: a symlink loop before Python 3.13
        resolved, reason = None, str(getattr(exc, "strerror", None) or exc)
    # resolve() has already looked at every part of the path, so a link shows up as a
    # difference for free; only then is the path walked again to name the link
    if resolved is None or resolved != real_root / relpath:
        link = _link_below(path, root)
        if link is not None:
            return _refuse_link(relpath, path, link, root)
    if resolved is None:
        return _fail(relpath, 1, 1, f"cannot read the file: {reason}")
    try:
        resolved.relative_to(real_root)
    except ValueError:
        return _fail(relpath, 1, 1, "the file is outside the repository; copy it in")
    if not resolved.is_file():  # a folder or a pipe named like a data file would block or fail
        return _fail(relpath, 1, 1, "this is not a regular file; replace it with a YAML file")
    try:
        size = resolved.stat().st_size
        if size > max_bytes:
            return _fail(
                relpath,
                1,
                1,
                f"the file is {size // 1024} KiB, over the {max_bytes // 1024} KiB limit; split it",
            )
        raw = resolved.read_bytes()
    except OSError as exc:
        return _fail(relpath, 1, 1, f"cannot read the file: {exc.strerror or exc}")
    text, failure = decode(raw, relpath)
    if failure is not None or text is None:
        return failure or _fail(relpath, 1, 1, "cannot decode the file")
    return load_text(text, relpath, max_depth=max_depth, max_bytes=max_bytes, keep_tree=keep_tree)
