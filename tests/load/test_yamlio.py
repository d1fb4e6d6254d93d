"""The loader refuses every hostile input with one located diagnostic, and reads YAML 1.2."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from calibration.cli import main
from calibration.diagnostics import Diagnostic
from calibration.load.repository import load_repository
from calibration.load.yamlio import MAX_BYTES, MAX_DEPTH, load_file, load_text


def refused(text: str) -> Diagnostic:
    """Load ``text`` and return its single diagnostic (failing if it loaded)."""
    result = load_text(text, "people/x/person.yaml")
    assert result.document is None, f"loaded: {result.document and result.document.data}"
    assert len(result.diagnostics) == 1
    diag = result.diagnostics[0]
    assert (diag.file, diag.rule, diag.severity) == ("people/x/person.yaml", "yaml-syntax", "error")
    assert diag.line >= 1 and diag.column >= 1 and diag.message.strip()
    return diag


def loaded(text: str) -> dict[str, object]:
    """Load ``text`` and return its data (failing on any diagnostic)."""
    result = load_text(text, "f.yaml")
    assert result.document is not None, result.diagnostics
    data: dict[str, object] = result.document.data
    return data


HOSTILE = [
    # (id, text, (line, column), a fragment of the message)
    ("duplicate-key", "a: 1\nb: 2\na: 3\n", (3, 1), "duplicate key 'a'"),
    ("duplicate-nested-key", "a:\n  - b: 1\n    b: 2\n", (3, 5), "duplicate key 'b'"),
    ("duplicate-flow-key", "a: {b: 1, b: 2}\n", (1, 11), "duplicate key 'b'"),
    ("alias", "a: &x 1\nb: *x\n", (2, 4), "aliases (*name) are not allowed"),
    ("merge-key", "base: &b {x: 1}\nitem:\n  <<: *b\n", (3, 7), "aliases"),
    (
        "billion-laughs",
        "a: &a [x, x, x, x, x, x, x, x, x]\n"
        + "".join(
            f"{n}: &{n} [{', '.join([f'*{p}'] * 9)}]\n"
            for p, n in zip("abcdefgh", "bcdefghi", strict=True)
        ),
        (2, 8),
        "aliases",
    ),
    ("tab-indent", "a:\n\tb: 1\n", (2, 1), "a tab is used"),
    ("tab-after-key", "a:\n  b: 1\n\tc: 2\n", (3, 1), "a tab is used"),
    ("two-documents", "a: 1\n---\nb: 2\n", (2, 1), "more than one YAML document"),
    ("document-end-then-more", "a: 1\n...\n---\nb: 2\n", (3, 1), "more than one YAML document"),
    ("top-level-list", "# a comment\n- a\n- b\n", (2, 1), "the top level is a list"),
    ("top-level-scalar", "just words\n", (1, 1), "the top level is a single value"),
    ("top-level-flow-list", "--- [1, 2]\n", (1, 5), "the top level is a list"),
    ("empty", "", (1, 1), "the file is empty"),
    ("whitespace-only", "  \n\n", (1, 1), "the file is empty"),
    ("comment-only", "# yaml-language-server: $schema=x\n# nothing\n", (1, 1), "the file is empty"),
    ("document-marker-only", "---\n", (1, 1), "the file is empty"),
    ("nul-byte", "a: 1\nb: x\x00y\n", (2, 5), "NUL byte"),
    ("bell", "a: \x07\n", (1, 4), "U+0007"),
    ("escape", "a: ok\nb: \x1b[31mred\n", (2, 4), "U+001B"),
    ("delete", "a: \x7f\n", (1, 4), "U+007F"),
    ("c1-control", "a: \x9b\n", (1, 4), "U+009B"),
    ("next-line", "a: x\x85y\n", (1, 5), "U+0085"),
    ("line-separator", "a: x\u2028y\n", (1, 5), "U+2028"),
    ("python-object", "a: !!python/object:os.system x\n", (1, 4), "!!python/object:os.system"),
    ("python-apply", "a: !!python/object/apply:os.system [ls]\n", (1, 4), "!!python/object/apply"),
    ("timestamp-tag", "a: !!timestamp 2026-01-01\n", (1, 4), "!!timestamp is not allowed"),
    ("binary-tag", "a: !!binary aGk=\n", (1, 4), "!!binary is not allowed"),
    ("set-tag", "a: !!set {x, y}\n", (1, 4), "!!set is not allowed"),
    ("custom-tag", "a: !custom x\n", (1, 4), "!custom is not allowed"),
    ("tag-directive", "%TAG !e! tag:example.com,2000:\n---\na: !e!x 1\n", (3, 4), "not allowed"),
    ("int-tag-on-text", "a: !!int twelve\n", (1, 4), "not a usable whole number"),
    ("float-tag-on-text", "a: !!float x\n", (1, 4), "is not a number"),
    ("bool-tag-on-yes", "a: !!bool yes\n", (1, 4), "is not true or false"),
    ("seq-tag-on-scalar", "a: !!seq x\n", (1, 4), "does not fit this value"),
    ("str-tag-on-list", "a: !!str [1]\n", (1, 4), "does not fit this value"),
    ("huge-integer", "a: " + "9" * 5000 + "\n", (1, 4), "not a usable whole number"),
    ("list-as-key", "? [a, b]\n: 1\n", (1, 3), "keys must be plain text"),
    ("unclosed-flow", "a: [1, 2\nb: 3\n", (2, 2), "check the indentation"),
    ("bad-indent", "a: 1\n b: 2\n", (2, 3), "mapping values are not allowed"),
    ("undefined-alias", "a: *nowhere\n", (1, 4), "aliases"),
    ("lone-surrogate", "a: \ud800\n", (1, 4), "invalid character"),
]


@pytest.mark.parametrize(
    ("text", "where", "fragment"), [c[1:] for c in HOSTILE], ids=[c[0] for c in HOSTILE]
)
def test_hostile_text_is_refused_at_the_right_place(
    text: str, where: tuple[int, int], fragment: str
) -> None:
    diag = refused(text)
    assert (diag.line, diag.column) == where, diag.message
    assert fragment in diag.message


def test_anchor_without_alias_is_harmless() -> None:
    assert loaded("a: &x 1\nb: 2\n") == {"a": 1, "b": 2}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a: no", "no"),
        ("a: No", "No"),
        ("a: NO", "NO"),
        ("a: yes", "yes"),
        ("a: on", "on"),
        ("a: off", "off"),
        ("a: y", "y"),
        ("a: n", "n"),
        ("a: 1:30", "1:30"),
        ("a: 2026-01-01", "2026-01-01"),
        ("a: 2026-01-01T10:00:00Z", "2026-01-01T10:00:00Z"),
        ("a: 1_000", "1_000"),
        ("a: 0b101", "0b101"),
        ("a: 0777", 777),
        ("a: 0o17", 15),
        ("a: 0x1F", 31),
        ("a: +12", 12),
        ("a: -3", -3),
        ("a: .5", 0.5),
        ("a: 1e3", 1000.0),
        ("a: 12e", "12e"),
        ("a: true", True),
        ("a: False", False),
        ("a: ~", None),
        ("a: null", None),
        ("a: Null", None),
        ("a: !!str 12", "12"),
        ("a: !!int '12'", 12),
        ("a: 'no'", "no"),
        ('a: "tab\there"', "tab\there"),
    ],
)
def test_yaml_12_core_scalars(text: str, expected: object) -> None:
    assert loaded(text + "\n") == {"a": expected}


def test_keys_are_always_strings() -> None:
    assert loaded("1: a\ntrue: b\n~: c\nno: d\n") == {"1": "a", "true": "b", "~": "c", "no": "d"}


def test_depth_limit_is_exact() -> None:
    ok = "a: " + "[" * (MAX_DEPTH - 1) + "]" * (MAX_DEPTH - 1) + "\n"
    assert loaded(ok)
    too_deep = "a: " + "[" * MAX_DEPTH + "]" * MAX_DEPTH + "\n"
    assert "nesting deeper" in refused(too_deep).message


def test_brackets_inside_quotes_comments_and_block_text_are_not_nesting() -> None:
    many = "[" * 1000
    text = f"a: '{many}'\nb: \"{many}\"\nc: 1 # {many}\nd: |\n  {many}\n"
    assert loaded(text)["a"] == many


DEEP = {
    "flow-lists": "a: " + "[" * 100_000 + "]" * 100_000 + "\n",
    "unclosed-flow-lists": "a: " + "[" * 100_000 + "\n",
    "flow-mappings": "a: " + "{b: " * 100_000 + "}" * 100_000 + "\n",
    "mixed-flow": "a: " + "[{b: " * 50_000 + "\n",
    "flow-over-many-lines": "a: " + "[\n" * 100_000,
    "block-lists-on-one-line": "- " * 100_000 + "x\n",
    "block-lists-under-key": "a:\n" + "- " * 100_000 + "x\n",
    "explicit-keys": "? " * 100_000 + "x\n",
    "block-mappings": "".join(" " * i + f"k{i}:\n" for i in range(0, 1000)),
}


@pytest.mark.parametrize("text", list(DEEP.values()), ids=list(DEEP))
def test_deep_nesting_is_refused(text: str) -> None:
    diag = refused(text)
    assert "nesting deeper" in diag.message or "larger than" in diag.message


def test_deep_nesting_never_crashes_the_interpreter(tmp_path: Path) -> None:
    """libyaml can overflow its stack on deep input: run every case in a child process."""
    script = tmp_path / "deep.py"
    script.write_text(
        "from calibration.load.yamlio import load_text\n"
        "import sys\n"
        "for n in (10, 1000, 100_000):\n"
        "    for text in ('a: ' + '[' * n, '- ' * n + 'x', 'a: ' + '{b: ' * n):\n"
        "        r = load_text(text, 'f.yaml')\n"
        "        assert r.diagnostics or n == 10, n\n"
        "print('survived')\n"
    )
    done = subprocess.run(
        [sys.executable, str(script)], capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "survived"


def test_text_over_the_size_limit_is_refused() -> None:
    diag = refused("a: " + "x" * MAX_BYTES + "\n")
    assert "larger than" in diag.message and (diag.line, diag.column) == (1, 1)
    assert (
        "larger than 1 KiB"
        in load_text("a: " + "x" * 2000, "f", max_bytes=1024).diagnostics[0].message
    )


def write(root: Path, relpath: str, data: bytes) -> Path:
    path = root / relpath
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def refused_file(path: Path, root: Path) -> Diagnostic:
    result = load_file(path, root)
    assert result.document is None
    assert len(result.diagnostics) == 1
    diag = result.diagnostics[0]
    assert diag.file == path.relative_to(root).as_posix() or diag.file == path.as_posix()
    return diag


def test_file_over_the_size_limit_is_refused_before_reading(tmp_path: Path) -> None:
    path = write(tmp_path, "people/x/person.yaml", b"a: " + b"x" * (MAX_BYTES + 10))
    assert "over the" in refused_file(path, tmp_path).message


def test_invalid_utf8_points_at_the_bad_byte(tmp_path: Path) -> None:
    path = write(tmp_path, "f.yaml", "a: 1\nname: Zoë \xff\n".encode("latin-1"))
    diag = refused_file(path, tmp_path)
    assert (diag.line, diag.column) == (2, 9) and "0xeb" in diag.message


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be", "utf-32"])
def test_utf16_and_utf32_are_refused(tmp_path: Path, encoding: str) -> None:
    raw = "a: 1\n".encode(encoding)
    if encoding == "utf-16-be":
        raw = b"\xfe\xff" + raw
    diag = refused_file(write(tmp_path, "f.yaml", raw), tmp_path)
    assert "UTF-16" in diag.message or "UTF-8" in diag.message


def test_utf16_without_bom_is_refused(tmp_path: Path) -> None:
    diag = refused_file(write(tmp_path, "f.yaml", "a: 1\n".encode("utf-16-le")), tmp_path)
    assert "NUL" in diag.message


def test_utf8_bom_is_tolerated(tmp_path: Path) -> None:
    result = load_file(write(tmp_path, "f.yaml", b"\xef\xbb\xbfa: 1\n"), tmp_path)
    assert result.document is not None and result.document.data == {"a": 1}


def test_symlink_leaving_the_repository_is_refused(tmp_path: Path) -> None:
    outside = write(tmp_path, "outside/secret.yaml", b"a: 1\n")
    root = tmp_path / "repo"
    link = root / "people" / "x" / "person.yaml"
    link.parent.mkdir(parents=True)
    link.symlink_to(outside)
    diag = refused_file(link, root)
    assert (diag.line, diag.column, diag.rule) == (1, 1, "yaml-syntax")
    assert diag.message.startswith("the file is a symbolic link to outside the repository;")
    assert "secret" not in diag.message  # where it points outside is nobody's business


def test_symlinked_folder_leaving_the_repository_is_refused(tmp_path: Path) -> None:
    write(tmp_path, "outside/person.yaml", b"name: x\n")
    root = tmp_path / "repo"
    (root / "people").mkdir(parents=True)
    (root / "people" / "x").symlink_to(tmp_path / "outside", target_is_directory=True)
    repo = load_repository(root)
    assert [d.message for d in repo.diagnostics if d.file == "people/x/person.yaml"] == [
        "the folder people/x is a symbolic link to outside the repository; data files are "
        "never read through links, so no record can appear under another name: "
        "make it a real folder"
    ]
    assert "x" not in repo.org.people


def test_symlink_inside_the_repository_is_refused(tmp_path: Path) -> None:
    target = write(tmp_path, "people/y/person.yaml", b"a: 1\n")
    link = tmp_path / "people" / "x" / "person.yaml"
    link.parent.mkdir(parents=True)
    link.symlink_to(Path("..") / "y" / "person.yaml")
    assert "symbolic link to people/y/person.yaml" in refused_file(link, tmp_path).message
    assert load_file(target, tmp_path).document is not None  # the target itself is fine


def test_symlinked_folder_inside_the_repository_is_refused(tmp_path: Path) -> None:
    write(tmp_path, "people/y/person.yaml", b"a: 1\n")
    (tmp_path / "people" / "x").symlink_to("y", target_is_directory=True)
    diag = refused_file(tmp_path / "people" / "x" / "person.yaml", tmp_path)
    assert "the folder people/x is a symbolic link to people/y;" in diag.message


def test_symlinked_top_folder_is_refused(tmp_path: Path) -> None:
    write(tmp_path, "data/people/x/person.yaml", b"a: 1\n")
    (tmp_path / "people").symlink_to(tmp_path / "data" / "people", target_is_directory=True)
    diag = refused_file(tmp_path / "people" / "x" / "person.yaml", tmp_path)
    assert "the folder people is a symbolic link to data/people;" in diag.message


def test_symlink_loop_and_dangling_link_are_refused(tmp_path: Path) -> None:
    loop = tmp_path / "a.yaml"
    loop.symlink_to(tmp_path / "b.yaml")
    (tmp_path / "b.yaml").symlink_to(loop)
    assert "symbolic link that leads nowhere" in refused_file(loop, tmp_path).message
    dangling = tmp_path / "c.yaml"
    dangling.symlink_to(tmp_path / "missing.yaml")
    assert "symbolic link that leads nowhere" in refused_file(dangling, tmp_path).message


def test_a_file_that_vanished_is_reported_unreadable(tmp_path: Path) -> None:
    assert "cannot read" in refused_file(tmp_path / "people" / "x" / "gone.yaml", tmp_path).message


def _link_file_inside(root: Path) -> None:
    """ash's pre-fill becomes a link to bea's: bea's record under ash's name."""
    (root / "people/ash/fy25-b.yaml").unlink()
    (root / "people/ash/fy25-b.yaml").symlink_to(Path("..") / "bea" / "fy25-b.yaml")


def _link_folder_inside(root: Path) -> None:
    shutil.rmtree(root / "people/ash")
    (root / "people/ash").symlink_to("bea", target_is_directory=True)


def _link_file_outside(root: Path) -> None:
    outside = root.parent / "elsewhere" / "fy25-b.yaml"
    outside.parent.mkdir()
    shutil.copy(root / "people/bea/fy25-b.yaml", outside)
    (root / "people/ash/fy25-b.yaml").unlink()
    (root / "people/ash/fy25-b.yaml").symlink_to(outside)


def _link_folder_outside(root: Path) -> None:
    shutil.copytree(root / "people/bea", root.parent / "elsewhere")
    shutil.rmtree(root / "people/ash")
    (root / "people/ash").symlink_to(root.parent / "elsewhere", target_is_directory=True)


LINKS = {
    "file-inside": (_link_file_inside, "the file is a symbolic link to people/bea/fy25-b.yaml;"),
    "folder-inside": (
        _link_folder_inside,
        "the folder people/ash is a symbolic link to people/bea;",
    ),
    "file-outside": (_link_file_outside, "the file is a symbolic link to outside the repository;"),
    "folder-outside": (
        _link_folder_outside,
        "the folder people/ash is a symbolic link to outside the repository;",
    ),
}


@pytest.mark.parametrize("case", sorted(LINKS))
def test_validate_reports_a_linked_data_file_at_its_first_line(mini_repo: Path, case: str) -> None:
    runner = CliRunner()
    # the first run fills the cache: a link must not be served from it afterwards
    assert runner.invoke(main, ["validate", str(mini_repo), "--format", "text"]).exit_code == 0
    make_link, message = LINKS[case]
    make_link(mini_repo)
    result = runner.invoke(main, ["validate", str(mini_repo), "--format", "text"])
    assert result.exit_code == 1
    assert f"people/ash/fy25-b.yaml:1:1: error [yaml-syntax] {message}" in result.stdout


@pytest.mark.parametrize("case", sorted(LINKS))
def test_the_site_loader_drops_a_linked_data_file(mini_repo: Path, case: str) -> None:
    from calibration.site.prepare import SiteError, prepare_site

    LINKS[case][0](mini_repo)
    repo = load_repository(mini_repo)
    assert ("ash", "fy25-b") not in repo.org.prefills
    assert ("bea", "fy25-b") in repo.org.prefills  # the target itself still loads
    refused = [d for d in repo.diagnostics if d.file == "people/ash/fy25-b.yaml"]
    assert [(d.line, d.column, d.rule, d.severity) for d in refused] == [
        (1, 1, "yaml-syntax", "error")
    ]
    if case.startswith("folder"):
        assert "ash" not in repo.org.people
    with pytest.raises(SiteError, match=r"people/ash/fy25-b\.yaml:1:1"):
        prepare_site(mini_repo, "room")


def test_folder_or_pipe_named_like_a_data_file_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "people" / "x" / "person.yaml"
    folder.mkdir(parents=True)
    assert "not a regular file" in refused_file(folder, tmp_path).message
    if hasattr(os, "mkfifo"):
        pipe = tmp_path / "pipe.yaml"
        os.mkfifo(pipe)
        assert "not a regular file" in refused_file(pipe, tmp_path).message


LOCATE = """\
# modeline
name: Ada
evidence:
  - dimension: delivery
    statement: >-
      Two lines
      of text.
  - {dimension: impact, statement: x}
project:
  ambiguity: low
tags: [a, b]
"""


@pytest.mark.parametrize(
    ("path", "key", "where"),
    [
        ((), False, (2, 1)),
        (("name",), False, (2, 7)),
        (("name",), True, (2, 1)),
        (("evidence",), False, (3, 1)),  # a block list is shown at its key
        (("evidence", 0), False, (4, 5)),
        (("evidence", 0, "statement"), False, (5, 16)),
        (("evidence", 0, "statement"), True, (5, 5)),
        (("evidence", 1), False, (8, 5)),
        (("evidence", 1, "statement"), False, (8, 36)),
        (("evidence", 1, "statement"), True, (8, 25)),
        (("project",), False, (9, 1)),
        (("project", "novelty"), False, (9, 1)),  # missing key: its mapping's key
        (("project", "ambiguity"), True, (10, 3)),
        (("tags",), False, (11, 7)),  # a flow list is shown where it starts
        (("tags", 5), False, (11, 7)),
        (("evidence", 9, "date"), False, (3, 1)),
        (("nothing", "here"), False, (2, 1)),
    ],
)
def test_locate_points_at_keys_and_values(
    path: tuple[str | int, ...], key: bool, where: tuple[int, int]
) -> None:
    doc = load_text(LOCATE, "f.yaml").document
    assert doc is not None
    assert doc.locate(path, key=key) == where
