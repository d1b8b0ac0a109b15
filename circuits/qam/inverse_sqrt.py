"""Inverse square root ``y ≈ 1/√x`` by Newton's iteration y ← y·(3 − x·y²)/2 (for LayerNorm).

The Newton step for f(y) = 1/y² − x in its multiplication-only form, as in the 1/√w loop of
Algorithm SQRT of Bhaskar, Hadfield, Papageorgiou, Petras, "Quantum algorithms and circuits for
scientific computing", QIC 16, 197 (2016), arXiv:1511.08253, with their power-of-two guess.

Fixed-point algorithm (the reference, bit-exact): x, y are (n, f) unsigned, X = x·2^f. With
i = ⌊log2 X⌋ and p = i − f (x ∈ [2^p, 2^{p+1})), y_0 = 2^{−⌊(p+1)/2⌋} (so x·y_0² ∈ [1/2, 2),
inside Newton's basin (0, 3); 0 when the exponent leaves the format), then per iteration,
every product truncated to f fractional bits and everything mod 2^n:

    a = ⌊x·y⌋,  b = ⌊a·y⌋,  u = 3 − b,  y = ⌊y·u / 2⌋.
"""

from __future__ import annotations

from dataclasses import dataclass

from qdl.circuits.qam._fixed_point import FloorGuess, Reflect
from qdl.circuits.qam._staged import run
from qdl.circuits.qam.reciprocal import (NewtonBlock, NewtonParams, check_reciprocal_format,
                                         truncated)
from qdl.circuits.registry import Primitive, register


@dataclass(frozen=True)
class NewtonInverseSqrt(NewtonBlock):
    """|x⟩|0⟩ → |x⟩|y⟩ with y the fixed-point Newton 1/√x of the module docstring.

    Per iteration: p = x·y, q = p[f:f+n]·y, q[f:f+n] ← 3 − q[f:f+n] (:class:`Reflect`),
    r = y·q[f:f+n]; y_{k+1} = r[f+1:f+1+n] (the halving is the slice). Undone after the copy
    (qdl.circuits.qam._staged), so the cost is

        2·guess + k·(3 multiply + 3 multiply⁻¹ + 2 reflect) + n CNOT + syncs:
        AND = 2(n−1) + k·(3(2n²−n) + 6n(n−1) + 2m),  m = ConstantAdder(n, 3·2^f+1)'s ANDs;

    qubits 5n + 6nk + 1; depths from the stage rule of qdl.circuits.qam._staged.
    """

    bits: int
    frac_bits: int
    iterations: int = 3
    name = "inv_sqrt"

    def __post_init__(self) -> None:
        check_reciprocal_format(self.bits, self.frac_bits)

    def guess(self) -> FloorGuess:  # e(i) = f − ⌊(i − f + 1)/2⌋
        f = self.frac_bits
        return FloorGuess(self.bits, f, 1 - f, 2)

    def step(self, k: int, y):
        n, f = self.bits, self.frac_bits
        p, q, r = f"p{k}", f"q{k}", f"r{k}"
        ops = self._product(p, ("x", 0, n), y)
        ops += self._product(q, (p, f, f + n), y)
        ops.append(run(Reflect(n, 3 << f), t=(q, f, f + n)))
        ops += self._product(r, y, (q, f, f + n))
        return ops, (r, f + 1, f + 1 + n)

    def reference(self, *, x: int, y: int) -> dict[str, int]:
        n, f = self.bits, self.frac_bits
        r = self.guess().guess(x)
        for _ in range(self.iterations):
            b = truncated(truncated(x, r, f, n), r, f, n)
            r = truncated(r, ((3 << f) - b) % (1 << n), f + 1, n)
        return {"x": x, "y": y ^ r}


register(Primitive(
    name="inv_sqrt",
    params=NewtonParams,
    make=lambda p: NewtonInverseSqrt(p.bits, p.frac_bits, p.iterations),
    action="|x⟩|0⟩ → |x⟩|≈1/√x⟩, unsigned (bits, frac_bits), "
           "Newton y ← ⌊y·(3 − ⌊⌊x·y⌋·y⌋)/2⌋",
    cost="2(n−1) + k·(12n² − 9n + 2m) AND (m: ANDs of adding 3·2^f+1), qubits 5n + 6nk + 1",
    reference="Bhaskar, Hadfield, Papageorgiou, Petras, QIC 16, 197 (2016), arXiv:1511.08253 (Newton loop of Algorithm SQRT)",
))
