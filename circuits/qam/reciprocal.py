"""Reciprocal ``y ≈ 1/x`` by Newton's iteration y ← y·(2 − x·y), unsigned fixed point.

Bhaskar, Hadfield, Papageorgiou, Petras, "Quantum algorithms and circuits for scientific
computing", QIC 16, 197 (2016), arXiv:1511.08253, Algorithm INV: initial guess a power of two from the
position of x's leading one, then Newton steps; seed 000, appendix B.3, eqs. (6)-(7).

Fixed-point algorithm (the reference, bit-exact): x, y are (n, f) unsigned, X = x·2^f.
With i = ⌊log2 X⌋, y_0 = 2^{2f−i−1} (so x·y_0 ∈ [1/2, 1); 0 when 2f−i−1 ∉ [0, n)), then
for each iteration, with ⌊·⌋ the truncation of every product back to f fractional bits and
everything mod 2^n:

    t = ⌊x·y⌋,  u = 2 − t,  y = ⌊y·u⌋.

Error: the relative error 1 − x·y_0 ≤ 1/2 squares each step, so k iterations leave 2^{−2^k}
plus the truncations (each step truncates twice). docs/primitives.md (function primitives) tabulates the
measured maximum error against 1/x over the whole domain.
"""

from __future__ import annotations

from dataclasses import dataclass

from pydantic import Field, model_validator

from qdl.circuits.block import Register
from qdl.circuits.params import Bits
from qdl.circuits.qam._fixed_point import FloorGuess, Reflect, check_frac_bits
from qdl.circuits.qam._staged import Alloc, StagedBlock, output_signature, run
from qdl.circuits.qam.multiplication import SchoolbookMultiplier
from qdl.circuits.registry import Params, Primitive, register

#: Newton iterations accepted (quadratic convergence: 6 reach 2^-64 from the guess).
MAX_ITERATIONS = 16


def truncated(a: int, b: int, shift: int, bits: int) -> int:
    """⌊a·b / 2^shift⌋ mod 2^bits: a product slice, as the circuits take it."""
    return (a * b >> shift) % (1 << bits)


class NewtonBlock(StagedBlock):
    """What reciprocal and inverse square root share: unsigned (bits, frac_bits) input x,
    output y, a leading-one guess and ``iterations`` Newton steps."""

    @property
    def signature(self):
        return output_signature([Register("x", self.bits)], self.bits)

    def guess(self) -> FloorGuess:
        """y_0 = 2^{e(i)} for x's leading one at bit i."""
        raise NotImplementedError

    def _multiply(self) -> SchoolbookMultiplier:
        return SchoolbookMultiplier(self.bits, self.bits)

    def _product(self, name: str, a, b) -> list:
        """Allocate the 2n-bit register ``name`` and compute a·b into it."""
        n = self.bits
        return [Alloc(name, 2 * n), run(self._multiply(), a=a, b=b, p=(name, 0, 2 * n))]

    def forward(self):
        n = self.bits
        ops = [Alloc("y0", n), run(self.guess(), x=("x", 0, n), y=("y0", 0, n))]
        y = ("y0", 0, n)
        for k in range(self.iterations):
            step, y = self.step(k, y)
            ops += step
        return ops

    def result_segments(self):
        n = self.bits
        y = ("y0", 0, n)
        for k in range(self.iterations):
            y = self.step(k, y)[1]
        return (y,)

    def step(self, k: int, y):
        raise NotImplementedError


@dataclass(frozen=True)
class NewtonReciprocal(NewtonBlock):
    """|x⟩|0⟩ → |x⟩|y⟩ with y the fixed-point Newton reciprocal of the module docstring.

    Per iteration: p = x·y (multiplier), p[f:f+n] ← 2 − p[f:f+n] (:class:`Reflect`),
    q = y·p[f:f+n] (multiplier); y_{k+1} = q[f:f+n]. All of it is undone after y is copied out
    (qdl.circuits.qam._staged), so the cost is

        2·guess + k·(2 multiply + 2 multiply⁻¹ + 2 reflect) + n CNOT + syncs:
        AND = 2(n−1) + k·(2(2n²−n) + 4n(n−1) + 2m),  m = ConstantAdder(n, 2^{f+1}+1)'s ANDs;

    qubits 5n + 4nk + 1 (x, y, y_0, the 4n bits of products per iteration live until
    uncomputed, and one multiplier's 2n + 1 ancillas); depths from the stage rule of
    qdl.circuits.qam._staged.
    """

    bits: int
    frac_bits: int
    iterations: int = 3
    name = "reciprocal"

    def __post_init__(self) -> None:
        check_reciprocal_format(self.bits, self.frac_bits)

    def guess(self) -> FloorGuess:  # e(i) = 2f − i − 1
        return FloorGuess(self.bits, 2 * self.frac_bits - 1, 0, 1)

    def step(self, k: int, y):
        n, f = self.bits, self.frac_bits
        p, q = f"p{k}", f"q{k}"
        ops = self._product(p, ("x", 0, n), y)
        ops.append(run(Reflect(n, 1 << (f + 1)), t=(p, f, f + n)))
        ops += self._product(q, y, (p, f, f + n))
        return ops, (q, f, f + n)

    def reference(self, *, x: int, y: int) -> dict[str, int]:
        n, f = self.bits, self.frac_bits
        r = self.guess().guess(x)
        for _ in range(self.iterations):
            u = ((1 << (f + 1)) - truncated(x, r, f, n)) % (1 << n)
            r = truncated(r, u, f, n)
        return {"x": x, "y": y ^ r}


def check_reciprocal_format(bits: int, frac_bits: int) -> None:
    check_frac_bits(bits, frac_bits, 0, 2, "the Newton step needs the constant 2 in the format")


class NewtonParams(Params):
    bits: Bits
    frac_bits: int = Field(ge=0, description="fractional bits of the unsigned (bits, frac_bits) "
                                             "format of x and y")
    iterations: int = Field(3, ge=0, le=MAX_ITERATIONS, description="Newton iterations")

    @model_validator(mode="after")
    def _format(self) -> "NewtonParams":
        check_reciprocal_format(self.bits, self.frac_bits)
        return self


register(Primitive(
    name="reciprocal",
    params=NewtonParams,
    make=lambda p: NewtonReciprocal(p.bits, p.frac_bits, p.iterations),
    action="|x⟩|0⟩ → |x⟩|≈1/x⟩, unsigned (bits, frac_bits), Newton y ← ⌊y·(2 − ⌊x·y⌋)⌋",
    cost="2(n−1) + k·(8n² − 6n + 2m) AND (m: ANDs of adding 2^{f+1}+1), "
         "qubits 5n + 4nk + 1",
    reference="Bhaskar, Hadfield, Papageorgiou, Petras, QIC 16, 197 (2016), arXiv:1511.08253 (Algorithm INV); "
              "seed 000 appendix B.3 eqs. (6)-(7)",
))
