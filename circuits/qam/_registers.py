"""Register layouts shared by several arithmetic modules (private: registers no primitive)."""

from __future__ import annotations

from qdl.circuits.block import Register, Signature


def adder_signature(bits: int) -> Signature:
    """``a`` (updated in place) and ``b`` (unchanged), both ``bits`` wide."""
    return Signature([Register("a", bits), Register("b", bits)])
