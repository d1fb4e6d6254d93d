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

import contextlib
import hashlib
import hmac
import marshal
import os
import stat
import sys
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any, cast

from calibration import __version__
from calibration.diagnostics import Diagnostic, PathPart, Severity
from calibration.load import memo
from calibration.load.dialect import HAS_LIBYAML
from calibration.load.layout import scan_relpaths
from calibration.load.resources import schemas_dir

CACHE_DIR = ".calib-cache"
CACHE_FILE = "documents.bin"
FORMAT = 3
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

    package = Path(__file__).resolve().parents[1]
    inputs: list[Path] = sorted(schemas_dir().glob("*.schema.json"))
    inputs += sorted(package.rglob("*.py"))  # any code change may change a result
    inputs += sorted((root / "rubric").glob("*.y*ml")) if (root / "rubric").is_dir() else []
    hasher = hashlib.blake2b(digest_size=16)
    head = f"{FORMAT};{__version__};{sys.version_info[:2]};{HAS_LIBYAML};{_package_versions()}"
    hasher.update(head.encode())
    for path in inputs:
        hasher.update(path.as_posix().encode() + b"\0")
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
        self.changed = 0
        """Entries put or dropped since the cache was read or written."""
        self.stored = 0
        """Entries in the file on disk (0: no usable file, so any change is worth writing)."""
        self._table_sizes: dict[str, int] = {}

    @classmethod
    def open(cls, root: Path) -> DocumentCache:
        """Load ``root``'s cache; anything unreadable, unsigned or stale gives an empty cache."""
        secret = _secret()
        cache = cls(root / CACHE_DIR / CACHE_FILE if secret else None, cache_key(root), secret)
        if cache.path is not None:
            cache.entries = cache._read()
            cache.stored = len(cache.entries)
        return cache

    def _read(self) -> dict[str, Entry]:
        assert self.path is not None and self.secret is not None
        value = _read_signed(self.path, self.secret)
        if not isinstance(value, tuple) or len(value) != 3 or value[0] != self.key:
            return {}
        _key, rows, tables = value
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
        self.changed += 1

    def keep_only(self, relpaths: Iterable[str]) -> None:
        """Forget files that no longer exist."""
        wanted = set(relpaths)
        gone = [r for r in self.entries if r not in wanted]
        for relpath in gone:
            del self.entries[relpath]
        self.dirty = self.dirty or bool(gone)
        self.changed += len(gone)

    def _pending(self) -> int:
        """How much the file on disk lacks: changed entries, new marks, new remembered rows."""
        marks = sum(1 for e in self.entries.values() if len(e.marks) != e.known)
        rows = sum(abs(len(t) - self._table_sizes.get(name, 0)) for name, t in memo.TABLES.items())
        return self.changed + marks + rows

    def save(self) -> None:
        """Write the cache atomically when enough changed; failing to write is never an error.

        Rewriting the whole file for a handful of changed files would cost more than
        parsing those files again next time, so small changes wait until they add up.
        """
        pending = self._pending()
        if not pending or (self.stored and pending < max(50, len(self.entries) // 50)):
            return
        if self.path is None or self.secret is None:
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
        _write_signed(self.path, self.secret, (self.key, rows, memo.TABLES))
        for entry in self.entries.values():
            entry.known = len(entry.marks)
        self._table_sizes = {name: len(t) for name, t in memo.TABLES.items()}
        self.dirty = False
        self.changed = 0
        self.stored = len(self.entries)


RESULT_FILE = "result.bin"
_RACY_NS = 2_000_000_000
"""Files modified this close to the snapshot are re-read: their time stamp cannot vouch."""

StatRow = tuple[int, int, int, int]  # size, mtime_ns, inode, ctime_ns


def stat_row(info: os.stat_result) -> StatRow:
    """What identifies an unchanged file without reading it."""
    return info.st_size, info.st_mtime_ns, info.st_ino, info.st_ctime_ns


@dataclass
class Snapshot:
    """Each file's stat row and content hash, taken while loading (before reading)."""

    taken_ns: int
    files: dict[str, tuple[str, StatRow, bytes]] = field(default_factory=dict)
    complete: bool = True
    """False when some file could not be hashed (a link, an unreadable file)."""


def _sign(secret: bytes, body: bytes) -> bytes:
    return hmac.new(secret, body, hashlib.blake2b).digest()[:_SIGNATURE_BYTES]


def _read_signed(path: Path, secret: bytes) -> Any:
    """The marshalled value of a signed cache file, or None."""
    try:
        blob = path.read_bytes()
    except OSError:
        return None
    head = len(_MAGIC) + _SIGNATURE_BYTES
    body = blob[head:]
    if not blob.startswith(_MAGIC) or not hmac.compare_digest(
        blob[len(_MAGIC) : head], _sign(secret, body)
    ):
        return None
    try:
        return marshal.loads(body)
    except (EOFError, ValueError, TypeError):
        return None


def _write_signed(path: Path, secret: bytes, value: Any) -> None:
    """Write a value atomically, signed; failing to write is never an error."""
    try:
        body = marshal.dumps(value)
        path.parent.mkdir(exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
        with os.fdopen(fd, "wb") as handle:
            handle.write(_MAGIC + _sign(secret, body) + body)
        os.replace(tmp, path)
    except (OSError, ValueError):
        return


INCREMENTAL_FILE = "incremental.bin"


def store_result(
    root: Path,
    snapshot: Snapshot | None,
    diagnostics: list[Diagnostic],
    extra: Any = None,
    *,
    nonce: bytes | None = None,
    key: bytes | None = None,
) -> None:
    """Remember the full result of validating exactly the files of ``snapshot``.

    ``extra`` (plain data) is what lets a later run re-check only an edited file; it
    is stored beside the result under a fresh ``nonce`` that ties the two together.
    Given a ``nonce`` instead, the stored ``extra`` of that run still holds and only
    the result is replaced. ``key`` is the :func:`cache_key` when already known.
    """
    secret = _secret()
    if snapshot is None or not snapshot.complete or secret is None:
        return
    key = key or cache_key(root)
    if nonce is None:
        nonce = os.urandom(16)
        if extra is None:
            with contextlib.suppress(OSError):
                (root / CACHE_DIR / INCREMENTAL_FILE).unlink()
        else:
            _write_signed(root / CACHE_DIR / INCREMENTAL_FILE, secret, (key, nonce, extra))
    value = (key, snapshot.taken_ns, snapshot.files, _rows(diagnostics), nonce)
    _write_signed(root / CACHE_DIR / RESULT_FILE, secret, value)


@dataclass
class StoredResult:
    """The last full result: when its snapshot was taken, its files, diagnostics and nonce."""

    taken_ns: int
    files: dict[str, tuple[str, StatRow, bytes]]
    diagnostics: list[Diagnostic]
    nonce: bytes


def read_result(root: Path, key: bytes | None = None) -> StoredResult | None:
    """The stored result of the last run, when it is signed and its key (``key``, or else
    :func:`cache_key`) is current."""
    secret = _secret()
    value = _read_signed(root / CACHE_DIR / RESULT_FILE, secret) if secret else None
    if not isinstance(value, tuple) or len(value) != 5 or value[0] != (key or cache_key(root)):
        return None
    _key, taken_ns, files, rows, nonce = value
    return StoredResult(taken_ns, files, _diagnostics(rows), nonce)


def read_extra(root: Path, nonce: bytes, key: bytes | None = None) -> Any:
    """The ``extra`` stored with the result of ``nonce``, or None (``key`` as for
    :func:`read_result`)."""
    secret = _secret()
    value = _read_signed(root / CACHE_DIR / INCREMENTAL_FILE, secret) if secret else None
    if not isinstance(value, tuple) or len(value) != 3 or value[0] != (key or cache_key(root)):
        return None
    return value[2] if value[1] == nonce else None


def file_state(
    root: str, relpath: str, stored: tuple[str, StatRow, bytes], taken_ns: int
) -> tuple[StatRow, bytes] | None:
    """The stat row and content hash of a regular file (hashed only when its stat row cannot
    vouch for ``stored``); None for anything else."""
    path = os.path.join(root, relpath)
    try:
        info = os.lstat(path)
        if not stat.S_ISREG(info.st_mode):
            return None
        row = stat_row(info)
        if row == tuple(stored[1]) and row[1] < taken_ns - _RACY_NS:
            return row, stored[2]
        with open(path, "rb") as handle:
            return row, digest_of(handle.read())
    except OSError:
        return None


def _unchanged(root: str, relpath: str, stored: tuple[str, StatRow, bytes], taken_ns: int) -> bool:
    state = file_state(root, relpath, stored, taken_ns)
    return state is not None and state[1] == stored[2]


def quick_result(root: Path) -> tuple[list[Diagnostic], int] | None:
    """The stored diagnostics and file count when no data file changed since; else None.

    Nothing is parsed: the file list, kinds and stat rows (or, for recently
    touched files, the content hashes) must all match the stored snapshot.
    """

    stored = read_result(root)
    if stored is None:
        return None
    listing = scan_relpaths(root)
    if len(listing) != len(stored.files):
        return None
    base = str(root)
    folders: set[str] = set()
    for relpath, kind in listing:
        row = stored.files.get(relpath)
        if row is None or row[0] != kind or not _unchanged(base, relpath, row, stored.taken_ns):
            return None
        folders.add(relpath.rsplit("/", 1)[0])
    if any(os.path.islink(os.path.join(base, f)) for f in folders):
        return None
    return stored.diagnostics, len(listing)
