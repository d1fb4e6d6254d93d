"""Bytes to text, and cell text cleaned of the characters spreadsheets hide.

A rubric sheet arrives from Excel, Google Sheets or a wiki page. What goes wrong
is rarely the data and often the bytes: a legacy code page instead of UTF-8,
no-break spaces pasted from a web page, zero-width spaces from a word processor.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from dataclasses import dataclass

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


def _describe(char: str, times: int) -> str:
    name = _NAMES.get(char) or unicodedata.name(char, "control character").lower()
    suffix = f" x{times}" if times > 1 else ""
    return f"{name} (U+{ord(char):04X}){suffix}"


def clean(text: str) -> tuple[str, list[str]]:
    """Replace hidden spaces with a space and drop zero-width characters.

    Returns the cleaned text and a description of each kind of character found,
    so the import can say what it changed.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    found: Counter[str] = Counter()
    out = []
    for char in text:
        if "\udc80" <= char <= "\udcff":
            out.append(char)  # reported as an encoding error, not as a hidden character
            continue
        replacement = _replacement(char)
        if replacement is None:
            out.append(char)
        else:
            found[char] += 1
            out.append(replacement)
    return "".join(out), [_describe(char, times) for char, times in found.items()]
