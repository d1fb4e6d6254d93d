"""Both sides of a change as data: what the history rules compare (built by ``gitops``)."""

from __future__ import annotations

from dataclasses import dataclass, field

from calibration.load.repository import Repository


@dataclass
class Comparison:
    """The base and head of a change, with the raw bytes of every data-folder file on each side.

    ``renames`` maps old to new paths for files git detected as moved.
    ``base_label`` names the base for messages (``main at 1a2b3c4``).
    """

    base: Repository
    head: Repository
    base_files: dict[str, bytes]
    head_files: dict[str, bytes]
    renames: dict[str, str] = field(default_factory=dict)
    base_label: str = ""

    def changed(self, relpath: str) -> bool:
        """True when the file differs between base and head (added and deleted count)."""
        return self.base_files.get(relpath) != self.head_files.get(relpath)
