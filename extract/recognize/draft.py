"""The record the steps of a figure build (steps.py), and what every step reads: the scan of the text."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ..packs import Pack
from .atoms import Atom
from .units import UnitMatch


@dataclass(frozen=True, slots=True)
class Scan:
    """What every step of every figure of a text reads: the text as patterns read it and as written, its
    atoms, the pack."""

    norm: str
    text: str
    atoms: list[Atom]
    pack: Pack


@dataclass(slots=True)
class Draft:
    """The figure as the steps build it, from its first atom."""

    i: int  # index of the first atom
    a: Atom
    lo: int  # where the figure before ended: what it took is not there for this one to take again
    hi_end: int  # nothing of the figure lies past this
    win: int  # where the look before the figure starts
    start: int  # the figure's start: the atom's, or a unit, rate, sign before it
    pos: int = 0  # where the figure ends so far
    used: int = 1  # atoms taken
    kind: str | None = None
    unit: str | None = None
    unit_factor: float | None = None  # the unit scales the figure (km, cents, 成, 千分之)
    tenths: bool = False  # the unit counts tenths (成, 折)
    item: str | None = None
    per: str | None = None
    per_scale: float = 1.0
    open_per: float | None = None  # the size of a denominator whose noun is unsaid ("per million")
    core: int = -1  # where the figure starts before a rate said before it takes the start
    factor: float = 1.0
    low_value: float = 0.0
    high_value: float = 0.0
    low_scale: float = 1.0
    high_scale: float = 1.0
    extra: float = 0.0  # the smaller parts of an amount (3 CHF 4 cents)
    rough: bool = False  # a rough range in one numeral (两三个)
    ranged: bool = False  # closed by a second figure (10 to 20)
    closer: tuple[int, int] | None = None  # the closing word of a range (之间)
    last: Atom | None = None  # the last atom of the number (the range's other end)
    found: UnitMatch | None = None  # the unit after the number, until it is taken
    qualifier: str | None = None
    sign: float = 1.0

    def next_atom(self, s: Scan) -> Atom | None:
        return s.atoms[self.i + 1] if self.i + 1 < len(s.atoms) else None


Step = Callable[[Draft, Scan], "str | None"]
