"""Exponential ``y ≈ e^{−z}`` for z ≥ 0: the softmax numerators e^{x_i − max_j x_j}.

Softmax only ever needs e^{x} for x = x_i − max ≤ 0, so the register holds z = −x ≥ 0
(unsigned (n, f)), which the subtraction of the maximum produces anyway; the declared domain
is all of it, z ∈ [0, 2^{n−f}), and y ∈ (0, 1] is (n, f) unsigned (f ≤ n−1, so 1 fits).

Algorithm (bitwise product; the multiplicative normalisation / "shift-and-add" exponential of
classical hardware, e.g. Muller, "Elementary Functions", 3rd ed. (2016), ch. 8): with
z = Σ_j z_j 2^{j−f}, e^{−z} = Π_j (e^{−2^{j−f}})^{z_j}, so starting from y = 1 each bit
multiplies by 1 − z_j·c_j with the classical constant c_j = 1 − e^{−2^{j−f}}, rounded to f
fractional bits (C_j = round(c_j·2^f)):

    y ← y − ⌊y · (z_j·C_j) / 2^f⌋        for j = 0 … n−1   (the reference, bit-exact).

Circuit per bit: the constant z_j·C_j is loaded by CNOTs from z_j (0 T), p = y·(z_j C_j)
(multiplier), y' = copy of y minus p[f:f+n] (subtractor). qdl.circuits.qam._staged undoes it
all after the result is copied out. Range reduction to 2^{integer}·(polynomial) would need a
quantum barrel shifter; the bitwise product needs one multiplier per input bit and no shifter,
and its only error is the n truncations plus the constants' rounding.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, Decimal, localcontext

from pydantic import Field, model_validator

from qdl.circuits.block import Register, Signature
from qdl.circuits.qam._fixed_point import XorConstant, check_frac_bits
from qdl.circuits.qam._staged import Alloc, Fanout, StagedBlock, output_signature, run
from qdl.circuits.qam.arccos import MAX_FUNCTION_BITS
from qdl.circuits.qam.multiplication import SchoolbookMultiplier
from qdl.circuits.qam.subtraction import GidneySubtractor
from qdl.circuits.registry import Params, Primitive, register


def factor_constant(j: int, frac_bits: int) -> int:
    """C_j = round((1 − e^{−2^{j−f}})·2^f), computed in decimal to well past 2^{−f}."""
    with localcontext() as ctx:
        ctx.prec = frac_bits + 40
        c = (1 - (-(Decimal(2) ** (j - frac_bits))).exp()) * (Decimal(2) ** frac_bits)
        return int(c.to_integral_value(rounding=ROUND_HALF_EVEN))


@dataclass(frozen=True)
class BitwiseExp(StagedBlock):
    """|z⟩|0⟩ → |z⟩|y⟩, y ≈ e^{−z} by the bitwise product of the module docstring.

    Cost: per input bit j with C_j ≠ 0: multiply + multiply⁻¹ (2n² − n + 2n(n−1) AND),
    subtract + add (2(n−1) AND), 2 popcount(C_j) + 2n CNOT; plus 2 X for y_0 = 1, n CNOT for
    the copy, syncs. qubits 4n² + 4n + 1 when every C_j ≠ 0 (every step keeps
    its constant, product and result until uncomputed); depths by the stage rule of
    qdl.circuits.qam._staged.
    """

    bits: int
    frac_bits: int
    name = "exp"

    def __post_init__(self) -> None:
        check_exp_format(self.bits, self.frac_bits)

    @property
    def signature(self) -> Signature:
        return output_signature([Register("z", self.bits)], self.bits)

    def constants(self) -> list[int]:
        return [factor_constant(j, self.frac_bits) for j in range(self.bits)]

    def forward(self):
        n, f = self.bits, self.frac_bits
        ops = [Alloc("y0", n), run(XorConstant(n, 1 << f), t=("y0", 0, n))]
        y = ("y0", 0, n)
        for j, c in enumerate(self.constants()):
            if not c:
                continue
            k, p, nxt = f"k{j}", f"p{j}", f"y{j + 1}"
            ops += [Alloc(k, n), run(XorConstant(n, c, controlled=True), c=("z", j, j + 1),
                                     t=(k, 0, n)),
                    Alloc(p, 2 * n),
                    run(SchoolbookMultiplier(n, n), a=y, b=(k, 0, n), p=(p, 0, 2 * n)),
                    Alloc(nxt, n), run(Fanout(n), a=y, b=(nxt, 0, n)),
                    run(GidneySubtractor(n), a=(nxt, 0, n), b=(p, f, f + n))]
            y = (nxt, 0, n)
        return ops

    def result_segments(self):
        last = max((j for j, c in enumerate(self.constants()) if c), default=None)
        return (("y0" if last is None else f"y{last + 1}", 0, self.bits),)

    def reference(self, *, z: int, y: int) -> dict[str, int]:
        n, f = self.bits, self.frac_bits
        r = 1 << f
        for j, c in enumerate(self.constants()):
            if (z >> j) & 1:
                r = (r - (r * c >> f)) % (1 << n)
        return {"z": z, "y": y ^ r}


def check_exp_format(bits: int, frac_bits: int) -> None:
    check_frac_bits(bits, frac_bits, 0, 1, "y = e^{−z} reaches 1, which needs an integer bit")


class ExpParams(Params):
    bits: int = Field(ge=2, le=MAX_FUNCTION_BITS, description="register width in bits")
    frac_bits: int = Field(ge=0, description="fractional bits of z = −x and of y")

    @model_validator(mode="after")
    def _format(self) -> "ExpParams":
        check_exp_format(self.bits, self.frac_bits)
        return self


register(Primitive(
    name="exp",
    params=ExpParams,
    make=lambda p: BitwiseExp(p.bits, p.frac_bits),
    action="|z⟩|0⟩ → |z⟩|≈e^{−z}⟩, z = −x ≥ 0 unsigned (bits, frac_bits): softmax numerators",
    cost="≤ n·(4n² − n) AND (one multiply, its inverse, a subtract and an add per input bit), "
         "qubits ≤ 4n² + 4n + 1",
    reference="bitwise product e^{−z} = Π_j (e^{−2^{j−f}})^{z_j} (Muller, Elementary "
              "Functions, ch. 8); seed 000 appendix D.1 (softmax numerators)",
))
