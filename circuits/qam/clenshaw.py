"""A Chebyshev series Σ_{j<r} c_j T_j(t) evaluated on a quantum t by Clenshaw's recurrence.

DCD re-preparation (seed 000, Theorem II.1: "a QRAM of size r and a QAM"): the next layer
needs x̃_p = Σ_{j<r} c_j T_j(t_p) at its position p, from the r classical coefficients c_j that
the DCD readout estimated. A table of N words written from the classical reconstruction costs
a QROM over N words (4N − 8 T); evaluating the series arithmetically costs O(r) fixed-point
multiplications, independent of N.

Clenshaw (Clenshaw, "A note on the summation of Chebyshev series", MTAC 9, 118 (1955)):
b_{r+1} = b_r = 0, b_k = c_k + 2t·b_{k+1} − b_{k+2} (k = r−1 … 1), and
f(t) = c_0 + t·b_1 − b_2. Each step maps (b_{k+2}, b_{k+1}) to (b_k, b_{k+1}) *in place*:

    R ← c_k + ⌊2t·S⌋ − R   =   X on every bit of R (R → −R − 1), R += ⌊2t·S⌋, R += c_k + 1

with the product by ``mac`` (qdl.circuits.qam.mac: ⌊t·S / 2^{f−1}⌋ is ⌊2t·S⌋ in the (n, f)
format; the last step uses ⌊t·S / 2^f⌋). Given S the step is an involution (applying it twice
restores R exactly, rounding included), so after the result is copied into the fresh output,
the same steps in reverse order return both registers to |0⟩: no garbage, two n-bit work
registers whatever r is.

Format: t, the c_j and the result are (n, f) two's complement (f ≥ 1), values mod 2^n;
the reference is this exact fixed-point recurrence (floor in every product). t = t_p is an
input: computing cos(π(p + ½)/N) from the position p needs a cosine, which qdl does not have.
"""

from __future__ import annotations

from dataclasses import dataclass

from pydantic import Field, model_validator

from qdl.circuits.block import Register, Role, Signature
from qdl.circuits.data import RealVector
from qdl.circuits.qam._fixed_point import XorConstant
from qdl.circuits.compose import Call, Composite, Sync, call, scoped
from qdl.circuits.qam._staged import Fanout
from qdl.circuits.qam.constant_addition import ConstantAdder
from qdl.circuits.qam.constant_multiplication import quantize
from qdl.circuits.qam.mac import FixedPointMac, MacParams, fixed_product
from qdl.circuits.registry import Primitive, register


@dataclass(frozen=True)
class ChebyshevSeries(Composite):
    """|t⟩|0⟩ → |t⟩|f(t)⟩, f the fixed-point Clenshaw sum of ``coefficients`` (n-bit patterns).

    Cost: 2r steps, each n X gates + ConstantAdder(n, c_k + 1) + one ``mac``: 2r macs
    (2(r−1) at (n, f−1) and 2 at (n, f)), i.e. about 2r·4n² AND, plus n CNOTs for the copy;
    qubits 8n + 1 (t, the output, the two work registers and the mac's 4n + 1 ancillas);
    depths by the barrier schedule of qdl.circuits.compose.
    """

    bits: int
    frac_bits: int
    coefficients: tuple[int, ...]
    name = "chebyshev_series"

    def __post_init__(self) -> None:
        if not 1 <= self.frac_bits <= self.bits:
            raise ValueError(f"frac_bits={self.frac_bits} must lie in 1…bits={self.bits}")
        if not self.coefficients:
            raise ValueError("a Chebyshev series needs at least one coefficient")

    @property
    def signature(self) -> Signature:
        n = self.bits
        return Signature([Register("t", n, signed=True),
                          Register("y", n, Role.OUTPUT, signed=True)])

    def _step(self, k: int, work: str, other: str) -> list[Call]:
        """R ← c_k + ⌊(2 or 1)·t·S⌋ − R on register ``work`` with S = ``other``."""
        n, f = self.bits, self.frac_bits
        mac = FixedPointMac(n, f if k == 0 else f - 1)
        reg = (work, 0, n)
        # the mac first: its first AND reads t, so inside a larger synced program the step
        # starts from t's level and the barrier schedule's depth rule holds for the whole series
        return [call(XorConstant(n, (1 << n) - 1), t=reg),
                call(mac, a=("t", 0, n), b=(other, 0, n), c=reg),
                call(ConstantAdder(n, (self.coefficients[k] + 1) % (1 << n)), a=reg)]

    def _forward(self) -> tuple[list[list[Call]], str]:
        """The steps k = r−1 … 0; returns them and the register holding f(t)."""
        steps, work, other = [], "R", "S"
        for k in reversed(range(len(self.coefficients))):
            steps.append(self._step(k, work, other))
            if k:
                work, other = other, work  # b_k is the next step's S
        return steps, work

    def ops(self) -> list:
        """The work registers R, S in |0⟩; the steps; y ⊕= result; the steps undone."""
        steps, result = self._forward()
        copy = call(Fanout(self.bits), a=(result, 0, self.bits), b=("y", 0, self.bits))
        flat = [st for step in steps for st in step]
        undo = [st for step in reversed(steps) for st in step]
        # the last add_const acts on a work register only; a closing Sync carries its level to
        # t and y, so a program calling this block sees where it ends (Cliffords only)
        n = self.bits
        close = call(Sync(4 * n), q=[("t", 0, n), ("y", 0, n), ("R", 0, n), ("S", 0, n)])
        return scoped((("R", n), ("S", n)), flat + [copy] + undo + [close])

    def evaluate(self, t: int) -> int:
        """The recurrence on bit patterns, as the circuit computes it."""
        n, f = self.bits, self.frac_bits
        mask = (1 << n) - 1
        regs = {"R": 0, "S": 0}
        work, other = "R", "S"
        for k in reversed(range(len(self.coefficients))):
            product = fixed_product(t, regs[other], n, f if k == 0 else f - 1)
            regs[work] = (self.coefficients[k] - regs[work] + product) & mask
            if k:
                work, other = other, work
        return regs[work]

    def reference(self, *, t: int, y: int) -> dict[str, int]:
        return {"t": t, "y": y ^ self.evaluate(t)}


def chebyshev_value(coefficients, t: float) -> float:
    """Σ c_j T_j(t) in floating point (numpy's Chebyshev evaluation), for error checks."""
    from numpy.polynomial import chebyshev

    return float(chebyshev.chebval(t, coefficients))


class ChebyshevParams(MacParams):
    frac_bits: int = Field(ge=1, description="fractional bits of the (bits, frac_bits) format")
    coefficients: RealVector | None = Field(
        None, description="the DCD coefficients c_0 … c_{r−1} (c_0 already halved): inline "
                          "list or .npy/.csv file; without them, the costliest: r zeros")
    terms: int | None = Field(None, ge=1, le=1 << 16, description="r (default: the number "
                              "of coefficients)")

    @model_validator(mode="after")
    def _check_series(self) -> "ChebyshevParams":
        if self.coefficients is None and self.terms is None:
            raise ValueError("give 'coefficients' or 'terms'")
        if self.coefficients is not None:
            if self.terms is not None and self.terms != len(self.coefficients):
                raise ValueError(f"terms={self.terms} but {len(self.coefficients)} coefficients")
            for c in self.coefficients:
                quantize(c, self.bits, self.frac_bits)
        return self


def series_coefficients(p: ChebyshevParams) -> tuple[int, ...]:
    """The (bits, frac_bits) patterns of the model's coefficients, or r zeros without them
    (the add_const of c_k + 1 is costliest when c_k + 1 is odd; every mac costs the same)."""
    if p.coefficients is None:
        return (0,) * p.terms  # type: ignore[operator]
    return tuple(quantize(c, p.bits, p.frac_bits) % (1 << p.bits) for c in p.coefficients)


def _make(p: ChebyshevParams) -> ChebyshevSeries:
    return ChebyshevSeries(p.bits, p.frac_bits, series_coefficients(p))


register(Primitive(
    name="chebyshev_series",
    params=ChebyshevParams,
    make=_make,
    action="|t⟩|0⟩ → |t⟩|Σ_{j<r} c_j T_j(t)⟩ (Clenshaw in (bits, frac_bits) fixed point)",
    cost="2r mac + 2r add_const + n CNOT: ≈ 8r·n² AND, 8n + 1 qubits, independent of N",
    reference="Clenshaw, MTAC 9, 118 (1955); seed 000 Theorem II.1 (DCD re-preparation)",
))
