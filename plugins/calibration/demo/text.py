"""Sentences for the synthetic org: phrase-bank templates filled from a seeded RNG."""

from __future__ import annotations

import random
from dataclasses import dataclass

from calibration.demo import phrases


@dataclass(frozen=True)
class Metric:
    """A before/after pair that reads as a real measurement."""

    name: str
    before: str
    after: str


def metric(rng: random.Random) -> Metric:
    """A metric that moved in the good direction, with plausible numbers."""
    name, unit, lower_is_better, low, high = rng.choice(phrases.METRICS)
    start = rng.uniform(low, high)
    factor = rng.uniform(0.25, 0.8)
    end = start * factor if lower_is_better else min(high * 1.05, start / factor)
    if lower_is_better is False and end <= start:
        end = start + (high - start) * 0.5 + 1
    decimals = 1 if high <= 12 else 0

    def show(value: float) -> str:
        return f"{value:.{decimals}f}{unit}" if decimals else f"{round(value)}{unit}"

    return Metric(name, show(start), show(end))


class Writer:
    """Fills templates for one engineer: their first name, team system and teammates."""

    def __init__(self, rng: random.Random, first: str, system: str, peers: list[str]) -> None:
        self.rng = rng
        self.first = first
        self.system = system
        self.peers = peers or [first]
        self.project = project_name(rng, system)
        self.used: set[str] = set()

    def fill(self, template: str, measured: Metric | None = None) -> str:
        """Fill every slot a template may use (values not used are simply ignored)."""
        rng = self.rng
        measured = measured or metric(rng)
        return template.format(
            system=self.system if rng.random() < 0.7 else rng.choice(phrases.SYSTEMS),
            project=self.project,
            n=rng.randint(2, 6),
            teams=rng.randint(2, 6),
            weeks=rng.randint(2, 10),
            metric=measured.name,
            before=measured.before,
            after=measured.after,
            month=rng.choice(phrases.MONTHS_NOTE),
            peer=rng.choice(self.peers),
            scope=rng.choice(phrases.SCOPE_NOUNS),
            first=self.first,
        )

    def pick(self, bank: tuple[str, ...], measured: Metric | None = None) -> str:
        """One filled template from ``bank``, avoiding templates this file already used."""
        fresh = [t for t in bank if t not in self.used] or list(bank)
        template = self.rng.choice(fresh)
        self.used.add(template)
        return self.fill(template, measured)

    def statement(self, bank: tuple[str, ...], strong: bool, measured: Metric | None) -> str:
        """One to three sentences: the main claim and, for some, a follow-up or two."""
        text = self.pick(bank, measured)
        extra = self.rng.choices((0, 1, 2), (3, 5, 2) if strong else (6, 3, 1))[0]
        fresh = [f for f in phrases.FOLLOW_UPS if f not in self.used]
        follow = self.rng.sample(fresh, k=min(extra, len(fresh)))
        self.used.update(follow)
        return " ".join([text, *follow])


def project_name(rng: random.Random, system: str) -> str:
    """A project name built from a system and a kind of project."""
    noun = system.removeprefix("the ").strip()
    return f"{noun[:1].upper()}{noun[1:]} {rng.choice(phrases.PROJECT_KINDS)}"
