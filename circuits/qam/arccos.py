"""Arc cosine ``y ≈ arccos(x)/π`` by function-value binary expansion (FBE).

Wang, Wang, Li, Fan, Cui, Wei, Gu, "Quantum circuits design for evaluating transcendental
functions based on a function-value binary expansion method", Quantum Inf. Process. 19, 347
(2020); seed 000, appendix B.3, eqs. (8)-(9). Write arccos(x)/π = 0.b_1 b_2 … and
x_0 = x = cos(π·t). The doubling identity cos 2θ = 2cos²θ − 1 gives x_k = 2x_{k−1}² − 1 =
cos(π·t_k) with t_k the k-times doubled angle folded back into [0, 1]; with s_k = [x_{k−1} < 0]
the sign of the k-th iterate, the folding makes the bits a Gray code: b_k = s_1 ⊕ … ⊕ s_k.

Fixed-point algorithm (the reference, bit-exact): x is (n, f) two's complement, 1 ≤ f ≤ n−2
(so ±1 and the intermediate 2x² are representable); for k = 1 … n−1,
X_k = ⌊2·X_{k−1}² / 2^f⌋ − 2^f mod 2^n (X the integer pattern, squared exactly as a signed
number, truncated to f fractional bits); the n output bits are the Gray decoding of the n signs.
So y = Y/2^n with Y ≈ 2^n·arccos(x)/π; domain x ∈ [−1, 1].

Circuit per iteration (qdl.circuits.qam._staged runs it, then undoes it after the copy):
c = copy of x_{k−1} (CNOTs), p = x_{k−1}·c unsigned (multiplier), the signed correction
p[n+1:2n] −= s·x_{k−1}[0:n−1] (controlled subtractor: (a − 2^n s)² ≡ a² − 2^{n+1}·s·a), c
erased again, p[f−1 : f−1+n] −= 2^f (constant adder): that slice is x_k.
"""

from __future__ import annotations

from dataclasses import dataclass

from pydantic import Field, model_validator

from qdl.circuits.block import Block, Register, Signature
from qdl.circuits.builder import Builder
from qdl.circuits.gates import CX
from qdl.circuits.qam._fixed_point import check_frac_bits
from qdl.circuits.qam._staged import Alloc, Free, Fanout, StagedBlock, output_signature, run
from qdl.circuits.qam.constant_addition import ConstantAdder
from qdl.circuits.qam.controlled_addition import ControlledAdder
from qdl.circuits.qam.mac import signed
from qdl.circuits.qam.multiplication import SchoolbookMultiplier
from qdl.circuits.registry import Params, Primitive, register

#: Widest register accepted (the program has one stage list entry per output bit).
MAX_FUNCTION_BITS = 128


@dataclass(frozen=True)
class GrayDecode(Block):
    """|s⟩|y⟩ → |s⟩|y ⊕ G(s)⟩ with G(s) bit m−1−k = s_0 ⊕ … ⊕ s_k (m bits, MSB first).

    Prefix XORs in place on s (m−1 CNOTs), m CNOTs into y, prefix undone: 3m − 2 CNOT, 0 T.
    Self-inverse.
    """

    bits: int
    name = "gray_decode"
    self_inverse = True

    @property
    def signature(self) -> Signature:
        return Signature([Register("s", self.bits), Register("y", self.bits)])

    def children(self):
        return ((CX, 3 * self.bits - 2),)

    def build(self, bb: Builder, *, s: list[int], y: list[int]) -> None:
        m = self.bits
        for k in range(1, m):
            bb.cx(s[k - 1], s[k])
        for k in range(m):
            bb.cx(s[k], y[m - 1 - k])
        for k in reversed(range(1, m)):
            bb.cx(s[k - 1], s[k])

    def reference(self, *, s: int, y: int) -> dict[str, int]:
        m, acc, out = self.bits, 0, 0
        for k in range(m):
            acc ^= (s >> k) & 1
            out |= acc << (m - 1 - k)
        return {"s": s, "y": y ^ out}


@dataclass(frozen=True)
class FbeArccos(StagedBlock):
    """|x⟩|0⟩ → |x⟩|Y⟩, Y/2^n ≈ arccos(x)/π, by the FBE iteration of the module docstring.

    Cost: (n−1) × [multiply + multiply⁻¹ (2n² − n + 2n(n−1) AND), 2 × controlled subtract of
    n−1 bits (2(2n−3) AND), 2 × ConstantAdder(n, ∓2^f), 4n CNOT] + Gray decode (3n−2 CNOT) +
    syncs; qubits 2n + 2n(n−1) + 3n + 1 (the n−1 products stay live until uncomputed, plus
    one copy and the multiplier's ancillas); depths by the stage rule of
    qdl.circuits.qam._staged.
    """

    bits: int
    frac_bits: int
    name = "arccos"

    def __post_init__(self) -> None:
        check_arccos_format(self.bits, self.frac_bits)

    @property
    def signature(self) -> Signature:
        return output_signature([Register("x", self.bits, signed=True)], self.bits)

    def _iterates(self) -> list[tuple[str, int, int]]:
        """x_0 … x_{n−1} as segments."""
        n, f = self.bits, self.frac_bits
        return [("x", 0, n)] + [(f"p{k}", f - 1, f - 1 + n) for k in range(n - 1)]

    def forward(self):
        n, f = self.bits, self.frac_bits
        ops = []
        for k, (reg, lo, hi) in enumerate(self._iterates()[:-1]):
            c, p = f"c{k}", f"p{k}"
            ops += [Alloc(c, n), run(Fanout(n), a=(reg, lo, hi), b=(c, 0, n)),
                    Alloc(p, 2 * n),
                    run(SchoolbookMultiplier(n, n), a=(reg, lo, hi), b=(c, 0, n), p=(p, 0, 2 * n)),
                    run(ControlledAdder(n - 1, subtract=True), c=(reg, hi - 1, hi),
                        a=(p, n + 1, 2 * n), b=(reg, lo, hi - 1)),
                    run(Fanout(n), a=(reg, lo, hi), b=(c, 0, n)), Free(c, n),
                    run(ConstantAdder(n, -(1 << f) % (1 << n)), a=(p, f - 1, f - 1 + n))]
        return ops

    def result(self):
        signs = [(reg, hi - 1, hi) for reg, lo, hi in self._iterates()]
        return run(GrayDecode(self.bits), s=signs, y=("y", 0, self.bits))

    def reference(self, *, x: int, y: int) -> dict[str, int]:
        n, f = self.bits, self.frac_bits
        signs, cur = [], x
        for k in range(n):
            signs.append(cur >> (n - 1))
            cur = ((signed(cur, n) ** 2 >> (f - 1)) - (1 << f)) % (1 << n)
        s = sum(bit << k for k, bit in enumerate(signs))
        return {"x": x, "y": GrayDecode(n).reference(s=s, y=y)["y"]}


def check_arccos_format(bits: int, frac_bits: int) -> None:
    check_frac_bits(bits, frac_bits, 1, 2, "x in [−1, 1] and 2x² need two integer bits "
                                           "(sign included)")


class ArccosParams(Params):
    bits: int = Field(ge=3, le=MAX_FUNCTION_BITS, description="register width in bits")
    frac_bits: int = Field(ge=1, description="fractional bits of the signed input x")

    @model_validator(mode="after")
    def _format(self) -> "ArccosParams":
        check_arccos_format(self.bits, self.frac_bits)
        return self


register(Primitive(
    name="arccos",
    params=ArccosParams,
    make=lambda p: FbeArccos(p.bits, p.frac_bits),
    action="|x⟩|0⟩ → |x⟩|Y⟩, Y/2^n ≈ arccos(x)/π; x signed (bits, frac_bits) in [−1, 1]",
    cost="(n−1)(4n² − 3n + 4n − 6 + 2m) AND (m: ANDs of adding ∓2^f), "
         "qubits 2n² + 3n + 1",
    reference="Wang et al., Quantum Inf. Process. 19, 347 (2020) (function-value binary "
              "expansion); seed 000 appendix B.3 eqs. (8)-(9)",
))
