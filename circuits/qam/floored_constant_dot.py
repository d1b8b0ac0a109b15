"""A dot product with classical weights that rounds like ``dot``: every product floored.

``dot_const`` (qdl.circuits.qam.constant_multiplication) floors the exact sum once; the
network's ``dot`` (and the numpy forward pass the stages are verified against,
qdl.estimators.network.forward) floors each product and accumulates at a wider width
A = b + min(⌈log2 L⌉, b − f) (guard bits). This block is the constant-weight form of that
``dot``, so a layer can swap its loaded-weight ``dot`` for it without changing one output bit:

    |x_0 … x_{L−1}⟩|y⟩ → |x_i⟩|y + Σ_i ⌊signed(x_i)·w_i / 2^f⌋ mod 2^A⟩,

x_i b-bit two's complement, y A bits, w_i the quantized classical weights (b-bit signed).

Per product, as in ``mul_const`` (module docstring there, "Exact floor"): with f low bits L in
|0⟩, ShiftAddConstant(b, A + f, w_i) adds sext(x_i)·w_i into L + 2^f·y, so y gains
⌊x_i·w_i / 2^f⌋ exactly, and ShiftAddConstant(b, f, −w_i) returns L to |0⟩ before the next
product (that is what makes the rounding per product).

Cost: Σ_i [Σ_{e<A+f} max(0, A + f − e − 1) + max(0, A + f − b − e_min − 1)] (the full
product, e over the NAF digits of w_i) + the same with A + f → f and −w_i (the erasure) AND;
the worst case for given (b, f, A) is the weight with NAF digits at 0, 2, 4, … (every term
decreases in each e and a NAF's k-th digit is at e ≥ 2(k−1)): ⌈b/2⌉ nonzero digits, see
:func:`~qdl.circuits.qam.constant_multiplication.worst_case_weight`. Qubits L·b + A + f + the
widest product's pad and carries; depths by the barrier schedule of qdl.circuits.compose,
counted by ``dot_const``'s fast path (histogram of the weights, no per-product list).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from qdl.circuits.block import Register, Signature, numbered
from qdl.circuits.compose import scoped
from qdl.circuits.qam.constant_multiplication import ConstantDot, product_calls
from qdl.circuits.qam.mac import signed


@lru_cache(maxsize=256)
def _signature(bits: int, length: int, acc_bits: int) -> Signature:
    """x_0 … x_{L−1} (b bits each) and y (A bits): shared by every block of one shape, since
    a layer's counting asks for it once per stage program step (thousands of registers)."""
    return Signature(numbered("x", length, bits)
                     + [Register("y", acc_bits, signed=True)])


@dataclass(frozen=True)
class FlooredConstantDot(ConstantDot):
    """y (A bits) += Σ_i ⌊x_i·w_i / 2^f⌋ mod 2^A, each product floored (module docstring)."""

    wide: int = 0  # A; 0 means A = bits
    name = "dot_const_floored"

    @property
    def acc_bits(self) -> int:
        return self.wide or self.bits

    @property
    def signature(self) -> Signature:
        return _signature(self.bits, self.length, self.acc_bits)

    def ops(self) -> list:
        """L in |0⟩; per product its full part then its low part (erasing L, so each product
        is floored on its own); a barrier covers the operand in use, L and y only."""
        n, f, a = self.bits, self.frac_bits, self.acc_bits
        calls = []
        for i, w in enumerate(self.weights):
            if w:
                sync = (f"x{i}", "L", "y") if f else (f"x{i}", "y")
                full, low = product_calls(n, f, w, f"x{i}", sync, acc_bits=a)
                calls += [full] + ([low] if low else [])
        return scoped((("L", f),), calls)

    def reference(self, *, y: int, **xs: int) -> dict[str, int]:
        n, f = self.bits, self.frac_bits
        total = sum(signed(xs[f"x{i}"], n) * w >> f for i, w in enumerate(self.weights))
        return {**xs, "y": (y + total) % (1 << self.acc_bits)}
