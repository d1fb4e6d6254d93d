"""A content-hash cache of parsed documents, so an unchanged repository re-validates at once.

One file, ``.calib-cache/documents.bin`` under the repository root, holds per data
file: the hash of its bytes, the parsed data, its load and schema diagnostics,
and the line/column marks already looked up in it. Everything in the key that
could change those results (this package's version and loader sources, the
schemas, the rubric, PyYAML and jsonschema) is hashed into one cache key; a
different key, a damaged file or a failed signature means the cache is ignored
and rebuilt. Deleting the folder is always safe.

The file is signed with a key kept outside the repository (in the user's cache
folder), because a ``.calib-cache/`` committed in a pull request must never be
able to vouch for files it has not seen.
"""

from __future__ import annotations

import hashlib
import hmac
import marshal
import os
import sys
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any, cast

from calibration import __version__, memo
from calibration.diagnostics import Diagnostic, PathPart, Severity

CACHE_DIR = ".calib-cache"
CACHE_FILE = "documents.bin"
FORMAT = 2
"""Bump when the stored layout changes."""
_MAGIC = b"calib-cache\n"
_SIGNATURE_BYTES = 32

Marks = dict[tuple[tuple[PathPart, ...], bool], tuple[int, int]]
DiagnosticRow = tuple[str, int, int, str, str, str, tuple[PathPart, ...]]


@dataclass
class Entry:
    """What is remembered about one data file with the given content ``digest``."""

    digest: bytes
    data: Any
    load: list[Diagnostic]
    schema: list[Diagnostic] | None
    marks: Marks = field(default_factory=dict)
    known: int = -1
    """How many marks were stored; more at save time means the entry learned new ones."""


def digest_of(raw: bytes) -> bytes:
    """The content hash of a file's bytes."""
    return hashlib.blake2b(raw, digest_size=16).digest()


def _rows(diagnostics: Iterable[Diagnostic]) -> list[DiagnosticRow]:
    return [(d.file, d.line, d.column, d.rule, d.severity, d.message, d.path) for d in diagnostics]


def _diagnostics(rows: Iterable[DiagnosticRow]) -> list[Diagnostic]:
    # the rows were written from Diagnostic objects, so the severity is a valid one
    return [Diagnostic(*row[:4], cast(Severity, row[4]), row[5], tuple(row[6])) for row in rows]


def _package_versions() -> str:
    parts = []
    for name in ("PyYAML", "jsonschema"):
        try:
            parts.append(f"{name}={metadata.version(name)}")
        except metadata.PackageNotFoundError:
            parts.append(f"{name}=none")
    return ";".join(parts)


def cache_key(root: Path) -> bytes:
    """Hash of everything a cached result depends on besides the file's own bytes."""
    from calibration.resources import schemas_dir
    from calibration.yamlio import HAS_LIBYAML

    package = Path(__file__).resolve().parent
    inputs: list[Path] = sorted(schemas_dir().glob("*.schema.json"))
    inputs += [package / "yamlio.py", package / "validate" / "schema.py", package / "cache.py"]
    inputs += sorted((root / "rubric").glob("*.y*ml")) if (root / "rubric").is_dir() else []
    hasher = hashlib.blake2b(digest_size=16)
    head = f"{FORMAT};{__version__};{sys.version_info[:2]};{HAS_LIBYAML};{_package_versions()}"
    hasher.update(head.encode())
    for path in inputs:
        hasher.update(path.name.encode() + b"\0")
        try:
            hasher.update(path.read_bytes())
        except OSError:
            hasher.update(b"<missing>")
    return hasher.digest()


def _secret() -> bytes | None:
    """The per-user signing key, created on first use; None where it cannot be kept."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    path = Path(base) / "calibration-as-code" / "cache-signing.key"
    try:
        secret = path.read_bytes()
        if len(secret) >= 32:
            return secret
    except OSError:
        pass
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent)
        with os.fdopen(fd, "wb") as handle:
            handle.write(os.urandom(32))
        os.chmod(tmp, 0o600)
        os.replace(tmp, path)
        return path.read_bytes()
    except OSError:
        return None


class DocumentCache:
    """The entries of one repository's cache, loaded at start and saved when something changed."""

    def __init__(self, path: Path | None, key: bytes, secret: bytes | None) -> None:
        self.path = path
        self.key = key
        self.secret = secret
        self.entries: dict[str, Entry] = {}
        self.dirty = False
        self._table_sizes: dict[str, int] = {}

    @classmethod
    def open(cls, root: Path) -> DocumentCache:
        """Load ``root``'s cache; anything unreadable, unsigned or stale gives an empty cache."""
        secret = _secret()
        cache = cls(root / CACHE_DIR / CACHE_FILE if secret else None, cache_key(root), secret)
        if cache.path is not None:
            cache.entries = cache._read()
        return cache

    def _read(self) -> dict[str, Entry]:
        assert self.path is not None and self.secret is not None
        try:
            blob = self.path.read_bytes()
        except OSError:
            return {}
        head = len(_MAGIC) + _SIGNATURE_BYTES
        signature, body = blob[len(_MAGIC) : head], blob[head:]
        expected = hmac.new(self.secret, body, hashlib.blake2b).digest()[:_SIGNATURE_BYTES]
        if not blob.startswith(_MAGIC) or not hmac.compare_digest(signature, expected):
            return {}
        try:
            key, rows, tables = marshal.loads(body)
        except (EOFError, ValueError, TypeError):
            return {}
        if key != self.key or not isinstance(rows, dict) or not isinstance(tables, dict):
            return {}
        for name, known in tables.items():
            memo.table(name).update(known)
        self._table_sizes = {name: len(t) for name, t in memo.TABLES.items()}
        out: dict[str, Entry] = {}
        for relpath, (digest, data, load, schema, marks) in rows.items():
            schema_found = None if schema is None else _diagnostics(schema)
            out[relpath] = Entry(digest, data, _diagnostics(load), schema_found, marks, len(marks))
        return out

    def get(self, relpath: str, digest: bytes) -> Entry | None:
        """The entry of ``relpath`` when its content is still ``digest``."""
        entry = self.entries.get(relpath)
        return entry if entry is not None and entry.digest == digest else None

    def put(self, relpath: str, entry: Entry) -> None:
        """Remember (or replace) the entry of one file."""
        self.entries[relpath] = entry
        self.dirty = True

    def keep_only(self, relpaths: Iterable[str]) -> None:
        """Forget files that no longer exist."""
        wanted = set(relpaths)
        gone = [r for r in self.entries if r not in wanted]
        for relpath in gone:
            del self.entries[relpath]
        self.dirty = self.dirty or bool(gone)

    def save(self) -> None:
        """Write the cache atomically when it changed; failing to write is never an error."""
        learned = any(len(e.marks) != e.known for e in self.entries.values()) or any(
            len(t) != self._table_sizes.get(name) for name, t in memo.TABLES.items()
        )
        if not (self.dirty or learned) or self.path is None or self.secret is None:
            return
        rows = {
            relpath: (
                e.digest,
                e.data,
                _rows(e.load),
                None if e.schema is None else _rows(e.schema),
                e.marks,
            )
            for relpath, e in self.entries.items()
        }
        try:
            body = marshal.dumps((self.key, rows, memo.TABLES))
        except ValueError:  # a value marshal cannot store: keep running without a cache
            return
        signature = hmac.new(self.secret, body, hashlib.blake2b).digest()[:_SIGNATURE_BYTES]
        try:
            self.path.parent.mkdir(exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=".documents-")
            with os.fdopen(fd, "wb") as handle:
                handle.write(_MAGIC + signature + body)
            os.replace(tmp, self.path)
        except OSError:
            return
        for entry in self.entries.values():
            entry.known = len(entry.marks)
        self._table_sizes = {name: len(t) for name, t in memo.TABLES.items()}
        self.dirty = False
