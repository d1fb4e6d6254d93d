"""Load every data file once: from the cache when its bytes are unchanged, else parse and
schema-check it, in two worker processes when there are enough files for that to pay.

Parsing is CPU-bound, so above :data:`PARALLEL_FROM` changed files the work is
split over :data:`WORKERS` processes; below it the start-up would cost more than
it saves. The cyclic garbage collector is paused while the parsed trees pile up,
because walking them is most of the cost of keeping them.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import stat
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from calibration import progress
from calibration.diagnostics import Diagnostic, PathPart
from calibration.load.cache import (
    DocumentCache,
    Entry,
    Marks,
    Snapshot,
    StatRow,
    digest_of,
    stat_row,
)
from calibration.load.layout import DataFile
from calibration.load.positions import Document
from calibration.load.schema import check_document
from calibration.load.yamlio import MAX_BYTES, decode, load_file

LIMITS = {"outcomes": 32 * MAX_BYTES}
"""Byte limits above the loader's default: outcomes list every engineer of a cycle, so
they grow with the org (about 60 bytes an engineer; 16 MiB holds a quarter million)."""
PARALLEL_FROM = 2000
"""Changed files from which parsing is spread over worker processes."""
FORK_FROM = 1000
"""Items of work done after loading (verdicts, positions) from which workers are forked."""
WORKERS = 2
_CHUNK = 250


@dataclass
class Loaded:
    """Every document, its load problems, and its schema problems by relative path."""

    documents: dict[str, Document] = field(default_factory=dict)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    schema: dict[str, list[Diagnostic]] = field(default_factory=dict)
    snapshot: Snapshot | None = None
    parsed: int = 0
    """How many files were parsed (not taken from the cache)."""


Job = tuple[str, str, str, str]  # path, root, relpath, kind
Result = tuple[str, Any, list[Diagnostic], list[Diagnostic] | None, Marks, str | None]


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the cyclic GC for a bulk load (restored even on error)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _likely_places(data: dict[str, Any]) -> list[tuple[PathPart, ...]]:
    """Where findings in a pre-fill most often point: the rating and each statement.

    Their positions are read off the tree the loader builds anyway (here, in the
    worker), instead of composing the file a second time once a rule finds something.
    """
    evidence = data.get("evidence")
    count = len(evidence) if isinstance(evidence, list) else 0
    return [("proposed_rating",), *(("evidence", i, "statement") for i in range(count))]


def _parse(job: Job) -> Result:
    """Load and schema-check one file (runs in a worker or in the parent)."""
    path, root, relpath, kind = job
    prefill = kind == "prefill"
    limit = LIMITS.get(kind, MAX_BYTES)
    result = load_file(Path(path), Path(root), max_bytes=limit, keep_tree=prefill)
    doc = result.document
    if doc is None:
        return relpath, None, result.diagnostics, None, {}, None
    if prefill:
        for place in _likely_places(doc.data):
            doc.locate(place, key=False)
        doc.forget_tree()
    found = check_document(doc, kind)
    return relpath, doc.data, result.diagnostics, found, doc.marks, doc.text


def parse_file(root: Path, relpath: str, kind: str) -> Result:
    """Load and schema-check one file here: its data, load and schema problems, marks, text."""
    return _parse((str(root / relpath), str(root), relpath, kind))


def _parse_chunk(jobs: list[Job]) -> list[Result]:
    gc.disable()  # the worker only builds trees and exits: the collector would only cost
    return [_parse(job) for job in jobs]


def _context() -> Any:
    """Fork where it exists (no re-import); elsewhere the platform's default."""
    if sys.platform.startswith("linux") and "fork" in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context()


_FORKED: list[Callable[[list[int]], list[Any]]] = []
"""The work of :func:`map_chunks`, set before the pool forks so the workers inherit it."""


def _run_forked(indexes: list[int]) -> list[Any]:
    return _FORKED[0](indexes)


def map_chunks(work: Callable[[list[int]], list[Any]], count: int) -> list[Any]:
    """``work`` over ``range(count)`` in chunks, results in order, in forked workers when it pays.

    The workers are forked after the model is built, so they read it without
    copying it; only the indexes go out and the (small) results come back.
    Below :data:`FORK_FROM` items, or without fork, everything runs here.
    """
    context = _context()
    forked = context.get_start_method() == "fork"
    if count < FORK_FROM or not forked or (os.cpu_count() or 1) < 2:
        return work(list(range(count)))
    size = max(1, min(_CHUNK, count // (4 * WORKERS)))
    chunks = [list(range(i, min(i + size, count))) for i in range(0, count, size)]
    _FORKED[:] = [work]
    try:
        with context.Pool(WORKERS) as pool:
            return [row for rows in pool.imap(_run_forked, chunks) for row in rows]
    finally:
        _FORKED.clear()


def _parse_all(jobs: list[Job]) -> Iterator[Result]:
    if len(jobs) < PARALLEL_FROM or (os.cpu_count() or 1) < 2:
        yield from map(_parse, jobs)
        return
    chunks = [jobs[i : i + _CHUNK] for i in range(0, len(jobs), _CHUNK)]
    with _context().Pool(WORKERS) as pool:
        for results in pool.imap(_parse_chunk, chunks):
            yield from results


def _plain_bytes(
    data_file: DataFile, folders: dict[Path, bool]
) -> tuple[bytes, StatRow] | tuple[None, None]:
    """The bytes of a regular, in-repository file; None sends the file to the full checks.

    Links, odd file types and oversized files are never served from the cache:
    :func:`~calibration.load.yamlio.load_file` reports them as it always does.
    """
    folder = data_file.path.parent
    plain = folders.get(folder)
    if plain is None:
        plain = folders[folder] = not folder.is_symlink() and not folder.parent.is_symlink()
    try:
        info = os.lstat(data_file.path)
        limit = LIMITS.get(data_file.kind, MAX_BYTES)
        if not plain or not stat.S_ISREG(info.st_mode) or info.st_size > limit:
            return None, None
        with open(data_file.path, "rb") as handle:
            return handle.read(), stat_row(info)
    except OSError:
        return None, None


def _from_cache(loaded: Loaded, relpath: str, raw: bytes, entry: Entry) -> bool:
    """Serve one file from its cache entry; False when it must be parsed after all."""
    if entry.data is None:
        loaded.diagnostics.extend(entry.load)
        return True
    text, failure = decode(raw, relpath)
    if text is None or failure is not None or entry.schema is None:
        return False
    loaded.documents[relpath] = Document(relpath, text, entry.data, marks=entry.marks)
    loaded.diagnostics.extend(entry.load)
    loaded.schema[relpath] = entry.schema
    return True


def load_all(files: list[DataFile], root: Path, cache: DocumentCache | None) -> Loaded:
    """Load ``files`` (in their order), from ``cache`` where their bytes are unchanged."""
    loaded = Loaded(snapshot=Snapshot(time.time_ns()) if cache is not None else None)
    jobs: list[Job] = []
    digests: dict[str, bytes] = {}
    folders: dict[Path, bool] = {}
    work = progress.task("reading files", len(files))
    with collector_paused():
        for data_file in files:
            raw, row = _plain_bytes(data_file, folders) if cache is not None else (None, None)
            if loaded.snapshot is not None and (raw is None or row is None):
                loaded.snapshot.complete = False
            if (
                cache is not None
                and loaded.snapshot is not None
                and raw is not None
                and row is not None
            ):
                digest = digest_of(raw)
                loaded.snapshot.files[data_file.relpath] = (data_file.kind, row, digest)
                entry = cache.get(data_file.relpath, digest)
                if entry is not None and _from_cache(loaded, data_file.relpath, raw, entry):
                    work.advance()
                    continue
                digests[data_file.relpath] = digest
            jobs.append((str(data_file.path), str(root), data_file.relpath, data_file.kind))
        for relpath, data, problems, schema, marks, text in _parse_all(jobs):
            loaded.parsed += 1
            work.advance()
            loaded.diagnostics.extend(problems)
            if data is not None and text is not None and schema is not None:
                loaded.documents[relpath] = Document(relpath, text, data, marks=marks)
                loaded.schema[relpath] = schema
            if cache is not None and relpath in digests:
                cache.put(relpath, Entry(digests[relpath], data, problems, schema, marks))
        if cache is not None:
            cache.keep_only(f.relpath for f in files)
        _restore_order(loaded, files)
    return loaded


def _restore_order(loaded: Loaded, files: list[DataFile]) -> None:
    """Documents and load problems in file order, whatever came from the cache first."""
    position = {f.relpath: index for index, f in enumerate(files)}
    loaded.documents = {
        f.relpath: loaded.documents[f.relpath] for f in files if f.relpath in loaded.documents
    }
    loaded.diagnostics.sort(key=lambda d: position.get(d.file, len(position)))
