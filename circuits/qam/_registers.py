"""What every in-place adder shares (private: registers no primitive).

Kept apart from addition.py so the variant modules (qft_addition, lookahead) can subclass it
while addition.py imports them for the ``add`` primitive's variant table.
"""

from __future__ import annotations

from dataclasses import dataclass

from qdl.circuits.block import Block, Register, Signature


def adder_signature(bits: int) -> Signature:
    """``a`` (updated in place) and ``b`` (unchanged), both ``bits`` wide."""
    return Signature([Register("a", bits), Register("b", bits)])


@dataclass(frozen=True)
class InPlaceAdder(Block):
    """|a⟩|b⟩ → |a + b mod 2^n⟩|b⟩: what every ``add`` variant computes."""

    bits: int
    name = "add"

    @property
    def signature(self) -> Signature:
        return adder_signature(self.bits)

    def reference(self, *, a: int, b: int) -> dict[str, int]:
        return {"a": (a + b) % (1 << self.bits), "b": b}
