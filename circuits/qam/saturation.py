"""Saturating copy: a w-bit two's-complement value clamped into a fresh b-bit register.

|x⟩_w|0⟩_b|0⟩ → |x⟩|sat_b(x)⟩|[x ∉ R_b]⟩,  sat_b(x) = min(max(x, −2^(b−1)), 2^(b−1) − 1),

R_b = [−2^(b−1), 2^(b−1) − 1] the b-bit range, for w > b ≥ 2 (g = w − b guard bits). A network
stage sums L products into a w = b + g bit accumulator so the sum cannot wrap; converting
that whole register with ``qdac`` divides its success amplitude by 2^g. Converting this b-bit
copy instead keeps the amplitude of a b-bit output (the readout hands the next layer values
saturated to b bits anyway: qdl.estimators.network.forward).

Construction (a program on the one composition model, qdl.circuits.compose), with s = x_{w−1}
the sign and h = x_{b−1 … w−2} the g bits below it. x is in R_b exactly when every bit of h
equals s, so:

1. h ⊕= s^g (g CNOTs from s): h' = 0 iff x ∈ R_b;
2. o ⊕= [0 < h'] by the comparator of ``qdac`` (:class:`~qdl.circuits.dtm.qdac.LessThan` on
   a g-bit |0⟩ register: Gidney's carry half, Quantum 2, 74 (2018), Fig. 4, carries
   uncomputed by measurement) — the out-of-range flag;
3. x_{0…b−2} ⊕= ¬s (X on s, CNOTs, X on s), t_{0…b−2} ⊕= o·x' by
   :class:`~qdl.circuits.qam.controlled_addition.ControlledCopy` (b − 1 temporary ANDs onto
   the fresh t), and x restored;
4. t ⊕= (x_{0…b−2}, s) (b CNOTs), then h restored (step 1 again).

In range (o = 0) t = x_{0…b−1} = x; above (s = 0, o = 1) t_i = ¬x_i ⊕ x_i = 1 below the sign
bit 0: 2^(b−1) − 1; below (s = 1, o = 1) t_i = x_i ⊕ x_i = 0 under the sign bit 1: −2^(b−1).

Cost: g + b − 1 AND (t_count 4(g + b − 1)); the flag and the copy stay for the conversion.
``uncompute`` is the inverse, |x⟩|sat_b(x)⟩|o⟩ → |x⟩|0⟩|0⟩: steps 1, 4, 3 with the copy's
measured AND uncompute (0 T), 2 (the comparator XORs o back to 0), 1: g AND. Qubits and depths
are the program's (register liveness and the barrier schedule; qubits w + 2b + 2g + 1 at the
comparator with its g carries — one less in the uncompute's copy stage).
"""

from __future__ import annotations

from dataclasses import dataclass

from qdl.circuits.block import Register, Role, Signature
from qdl.circuits.compose import Alloc, Composite, Free, call
from qdl.circuits.dtm.qdac import LessThan
from qdl.circuits.qam._fixed_point import XorConstant
from qdl.circuits.qam._staged import Fanout
from qdl.circuits.qam.controlled_addition import ControlledCopy


def saturate(value: int, bits: int) -> int:
    """sat_b: a signed integer clamped into the b-bit two's-complement range."""
    half = 1 << (bits - 1)
    return min(max(int(value), -half), half - 1)


@dataclass(frozen=True)
class Saturate(Composite):
    """|x⟩_w|0⟩_b|0⟩ → |x⟩|sat_b(x)⟩|[x out of range]⟩ (module docstring); ``uncompute``:
    the inverse. Cost: g + b − 1 AND (uncompute: g AND, b − 1 measured AND uncomputes),
    g = w − b; qubits and depths from the program."""

    width: int
    bits: int
    uncompute: bool = False
    name = "saturate"

    def __post_init__(self) -> None:
        if not 2 <= self.bits < self.width:
            raise ValueError(f"saturating {self.width} bits into {self.bits} needs "
                             "2 ≤ bits < width")

    @property
    def signature(self) -> Signature:
        role = Role.THRU if self.uncompute else Role.OUTPUT
        return Signature([Register("x", self.width, signed=True),
                          Register("t", self.bits, role, signed=True),
                          Register("o", 1, role)])

    def inverted(self) -> "Saturate":
        return Saturate(self.width, self.bits, not self.uncompute)

    def ops(self):
        w, b = self.width, self.bits
        g = w - b
        sign, high, low = ("x", w - 1, w), ("x", b - 1, w - 1), ("x", 0, b - 1)
        spread = call(XorConstant(g, (1 << g) - 1, controlled=True), c=sign, t=high)
        flag = [Alloc("zero", g), call(LessThan(g), m=("zero", 0, g), y=high, flag=("o", 0, 1)),
                Free("zero", g)]
        flip = [call(XorConstant(1, 1), t=sign),
                call(XorConstant(b - 1, (1 << (b - 1)) - 1, controlled=True), c=sign, t=low),
                call(XorConstant(1, 1), t=sign)]
        copy = call(ControlledCopy(b - 1, self.uncompute), c=("o", 0, 1), b=low,
                    t=("t", 0, b - 1))
        keep = call(Fanout(b), a=[low, sign], b=("t", 0, b))
        if self.uncompute:
            return [spread, keep, *flip, copy, *flip, *flag, spread]
        return [spread, *flag, *flip, copy, *flip, keep, spread]

    def _target(self, x: int) -> tuple[int, int]:
        """(sat_b(x) as a b-bit pattern, the out-of-range flag) of a w-bit pattern x."""
        value = x - (1 << self.width) if x >> (self.width - 1) else x
        clamped = saturate(value, self.bits)
        return clamped % (1 << self.bits), int(clamped != value)

    def accepts(self, *, x: int, t: int, o: int) -> bool:
        """The uncompute is defined on the states the compute leaves (t, o its outputs)."""
        return not self.uncompute or (t, o) == self._target(x)

    def reference(self, *, x: int, t: int, o: int) -> dict[str, int]:
        copy, flag = self._target(x)
        return {"x": x, "t": t ^ copy, "o": o ^ flag}
