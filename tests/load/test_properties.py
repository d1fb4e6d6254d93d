"""Property-based tests: no input, however broken, produces a traceback or a bad location.

Example counts come from the hypothesis profile set in ``conftest.py``
(``HYPOTHESIS_PROFILE=ci`` explores more).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from calibration.diagnostics import Diagnostic
from calibration.load.layout import iter_data_files
from calibration.load.repository import load_repository
from calibration.load.yamlio import load_file, load_text
from calibration.validate import validate_repository

MINI = Path(__file__).parents[1] / "fixtures" / "mini"
MINI_FILES = sorted(f.relpath for f in iter_data_files(MINI))

# Pieces of YAML syntax, so generated text reaches the parser's corners quickly.
TOKENS = [
    "a",
    "b:",
    "key: value",
    " ",
    "  ",
    "\n",
    "- ",
    "? ",
    ": ",
    "[",
    "]",
    "{",
    "}",
    ",",
    "&a ",
    "*a",
    "!!str ",
    "!!python/object ",
    "!tag ",
    "!!int ",
    "\t",
    "---\n",
    "...\n",
    "'",
    '"',
    "#",
    "|\n",
    ">-\n",
    "%YAML 1.2\n",
    "%TAG ! x\n",
    "1",
    "0x",
    "no",
    "~",
    "\\",
    "\x00",
    "\x07",
    "\ufeff",
    "é",
    "\u2028",
    "<<: ",
    "9" * 30,
]

yamlish = st.lists(st.sampled_from(TOKENS), max_size=60).map("".join)


def assert_well_formed(diags: list[Diagnostic], *, files: set[str] | None = None) -> None:
    """Every diagnostic is located, explained, and not a rule that crashed."""
    for diag in diags:
        assert diag.line >= 1 and diag.column >= 1, diag
        assert diag.message.strip(), diag
        assert diag.severity in ("error", "warning"), diag
        assert "internal error" not in diag.message, diag.message
        if files is not None:
            assert diag.file in files or diag.file == ".", diag


@given(st.text(max_size=400))
def test_random_text_never_raises(text: str) -> None:
    result = load_text(text, "f.yaml")
    assert (result.document is None) == bool(result.diagnostics)
    assert_well_formed(result.diagnostics)


@given(yamlish)
def test_yaml_like_text_never_raises(text: str) -> None:
    result = load_text(text, "f.yaml")
    assert (result.document is None) == bool(result.diagnostics)
    assert_well_formed(result.diagnostics)
    if result.document is not None:
        assert isinstance(result.document.data, dict)


@given(st.binary(max_size=400))
def test_random_bytes_never_raise(tmp_path_factory: object, data: bytes) -> None:
    root = Path(tmp_path_factory.mktemp("bytes"))  # type: ignore[attr-defined]
    path = root / "f.yaml"
    path.write_bytes(data)
    result = load_file(path, root)
    assert_well_formed(result.diagnostics, files={"f.yaml"})


def _mutations(text: str) -> st.SearchStrategy[str]:
    lines = text.split("\n")
    at_line = st.integers(0, max(0, len(lines) - 1))
    at_char = st.integers(0, max(0, len(text) - 1))
    insert = st.sampled_from(["&a ", "*a", "!!tag ", "\t", "---\n", "- ", "[", "{", ": ", "'"])
    return st.one_of(
        at_line.map(lambda i: "\n".join(lines[:i] + lines[i + 1 :])),
        at_line.map(lambda i: "\n".join(lines[: i + 1] + lines[i:])),
        st.tuples(at_char, at_char).map(lambda ij: _swap(text, *ij)),
        st.tuples(at_char, insert).map(lambda ix: text[: ix[0]] + ix[1] + text[ix[0] :]),
        st.tuples(at_line, insert).map(
            lambda ix: "\n".join([*lines[: ix[0]], ix[1] + lines[ix[0]], *lines[ix[0] + 1 :]])
        ),
    )


def _swap(text: str, i: int, j: int) -> str:
    if not text:
        return text
    chars = list(text)
    chars[i], chars[j] = chars[j], chars[i]
    return "".join(chars)


@st.composite
def mutated_file(draw: st.DrawFn) -> tuple[str, str]:
    relpath = draw(st.sampled_from(MINI_FILES))
    original = (MINI / relpath).read_text(encoding="utf-8")
    mutated = draw(_mutations(original))
    if draw(st.booleans()):
        mutated = draw(_mutations(mutated))
    return relpath, mutated


@contextmanager
def replaced(root: Path, relpath: str, text: str) -> Iterator[None]:
    """Put ``text`` at ``relpath`` for the duration of the block, then restore the file."""
    path = root / relpath
    original = path.read_bytes()
    path.write_text(text, encoding="utf-8")
    try:
        yield
    finally:
        path.write_bytes(original)


@given(mutated_file())
def test_mutated_repository_never_raises(mini_repo: Path, change: tuple[str, str]) -> None:
    relpath, text = change
    result = load_text(text, relpath)
    assert_well_formed(result.diagnostics)
    with replaced(mini_repo, relpath, text):
        repo = load_repository(mini_repo)
        diags = validate_repository(repo)
    assert_well_formed(diags, files=set(MINI_FILES) | set(repo.kinds))
    for diag in diags:
        if diag.file in repo.documents:
            assert diag.line <= repo.documents[diag.file].text.count("\n") + 1, diag
