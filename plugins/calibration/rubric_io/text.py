"""Bytes to text, and cell text cleaned of the characters spreadsheets hide.

A rubric sheet arrives from Excel, Google Sheets or a wiki page. What goes wrong
is rarely the data and often the bytes: a legacy code page instead of UTF-8,
no-break spaces pasted from a web page, zero-width spaces from a word processor.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from dataclasses import dataclass
from typing import NamedTuple

# The few hidden characters people actually paste, named the way a user would search for them.
_NAMES = {
    "\t": "tab",
    "\u00a0": "no-break space",
    "\u00ad": "soft hyphen",
    "\u200b": "zero-width space",
    "\u200c": "zero-width non-joiner",
    "\u200d": "zero-width joiner",
    "\u2060": "word joiner",
    "\u202f": "narrow no-break space",
    "\ufeff": "byte-order mark",
}


@dataclass(frozen=True)
class Decoded:
    """Text decoded from bytes, or the reason it is not UTF-8.

    When ``problem`` is set and ``text`` is too, the text was decoded with
    undecodable bytes kept as lone surrogates, so the reader can point at the
    cell that holds the first one.
    """

    text: str | None
    problem: str | None = None


def _guess(raw: bytes) -> str:
    """Name the encoding non-UTF-8 bytes most likely use, and how to fix the export."""
    if raw.count(b"\x00") * 3 >= len(raw):
        return "it looks like UTF-16 without a byte-order mark"
    if b"\x00" in raw:
        return "it may not be a text file at all"
    start = next(i for i, b in enumerate(raw) if b >= 0x80)
    byte = raw[start]
    try:
        raw.decode("cp1252")
    except UnicodeDecodeError:
        shown = bytes([byte]).decode("latin-1")
        return f"it looks like Latin-1 (ISO-8859-1): byte 0x{byte:02x} would be {shown!r}"
    shown = bytes([byte]).decode("cp1252")
    return (
        f"it looks like Windows-1252 (cp1252), which Excel's plain 'CSV' export writes: "
        f"byte 0x{byte:02x} would be {shown!r}"
    )


def decode(raw: bytes) -> Decoded:
    """Decode a sheet as UTF-8 (a UTF-8 byte-order mark is fine), or say what it looks like."""
    fix = "export it again as 'CSV UTF-8' (or save the file as UTF-8) and import that"
    for bom, name in ((b"\xff\xfe\x00\x00", "UTF-32"), (b"\x00\x00\xfe\xff", "UTF-32")):
        if raw.startswith(bom):
            return Decoded(
                None, f"the file is {name} (it starts with a {name} byte-order mark); {fix}"
            )
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return Decoded(None, f"the file is UTF-16 (it starts with a UTF-16 byte-order mark); {fix}")
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    if b"\x00" in raw:
        return Decoded(None, f"the file holds NUL bytes; {_guess(raw)}; {fix}")
    try:
        return Decoded(raw.decode("utf-8"))
    except UnicodeDecodeError:
        text = raw.decode("utf-8", errors="surrogateescape")
        return Decoded(text, f"the file is not UTF-8; {_guess(raw)}; {fix}")


def has_undecodable(text: str) -> bool:
    """True when ``text`` holds a byte that did not decode (a lone surrogate)."""
    return any("\udc80" <= char <= "\udcff" for char in text)


def _pictographic(char: str) -> bool:
    """True for a character that can be the base of an emoji sequence.

    An approximation of Unicode's Extended_Pictographic property, which the
    standard library does not expose: the emoji planes and the symbols used as emoji.
    """
    point = ord(char)
    return 0x1F000 <= point <= 0x1FAFF or (point >= 0x2100 and unicodedata.category(char) == "So")


def _emoji_part(char: str) -> bool:
    """Variation selectors, skin tones, keycaps and tags: what may follow an emoji's base."""
    point = ord(char)
    return (
        0xFE00 <= point <= 0xFE0F
        or 0x1F3FB <= point <= 0x1F3FF
        or point == 0x20E3
        or 0xE0020 <= point <= 0xE007F
    )


def _base_before(text: str, index: int) -> str:
    """The character before ``index``, skipping what modifies an emoji."""
    index -= 1
    while index >= 0 and _emoji_part(text[index]):
        index -= 1
    return text[index] if index >= 0 else ""


def _joining_letter(char: str) -> bool:
    """A letter or mark of a script where joiners shape the text (Arabic, Indic and more)."""
    return bool(char) and ord(char) >= 0x0590 and unicodedata.category(char)[0] in "LM"


def _meant(text: str, index: int) -> bool:
    """True when an invisible character at ``index`` is part of the text, not a stray.

    A zero-width joiner inside an emoji sequence (a person and a laptop, a flag and
    a rainbow) and the tags of a subdivision flag are part of the emoji; joiners
    between letters of scripts that use them shape the word. Anywhere else they
    are leftovers of copying and pasting.
    """
    char = text[index]
    after = text[index + 1] if index + 1 < len(text) else ""
    if char == "\u200d":
        before = _base_before(text, index)
        if before and _pictographic(before) and after and _pictographic(after):
            return True
    if 0xE0020 <= ord(char) <= 0xE007F:
        before = _base_before(text, index)
        return before == "\U0001f3f4"
    if char in "\u200c\u200d":
        before = text[index - 1] if index else ""
        return _joining_letter(before) and _joining_letter(after)
    return False


def _replacement(char: str) -> str | None:
    """What a hidden character becomes (None when it is an ordinary character)."""
    if char in "\n ":
        return None
    if char == "\t" or unicodedata.category(char) == "Zs":
        return " "
    if unicodedata.category(char) in ("Zl", "Zp"):
        return "\n"
    if unicodedata.category(char) in ("Cf", "Cc"):
        return ""
    return None


def _where(text: str, index: int) -> str:
    """Where a character sits inside a cell, counted from 1 as an editor does."""
    line = text.count("\n", 0, index)
    column = index - (text.rfind("\n", 0, index) + 1) + 1
    return f"line {line + 1}, character {column}" if line else f"character {column}"


def _describe(char: str, times: int, where: str) -> str:
    name = _NAMES.get(char) or unicodedata.name(char, "control character").lower()
    suffix = f" x{times}, the first" if times > 1 else ""
    return f"{name} (U+{ord(char):04X}){suffix} at {where}"


class Cleaned(NamedTuple):
    """A cleaned cell: its text, what was replaced or removed, and where the first one was."""

    text: str
    hidden: list[str]
    first: int | None


def clean(text: str) -> Cleaned:
    """Replace hidden spaces with a space and drop stray zero-width and control characters.

    Emoji sequences stay byte for byte (their joiners, variation selectors, skin
    tones and tags are part of them), and so do joiners between letters of the
    scripts that need them. Returns the cleaned text, a description of each kind
    of character replaced or removed (with where the first one was), and the index
    of the first one in ``text``, so the import can say what it changed and where.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    found: Counter[str] = Counter()
    first: dict[str, int] = {}
    out = []
    for index, char in enumerate(text):
        if "\udc80" <= char <= "\udcff":
            out.append(char)  # reported as an encoding error, not as a hidden character
            continue
        replacement = _replacement(char)
        if replacement is None or _meant(text, index):
            out.append(char)
        else:
            found[char] += 1
            first.setdefault(char, index)
            out.append(replacement)
    hidden = [_describe(char, times, _where(text, first[char])) for char, times in found.items()]
    return Cleaned("".join(out), hidden, min(first.values()) if first else None)
