"""Signed fixed-point multiply-accumulate ``c += a·b`` and the dot product built from it.

Format: every register is (bits, frac_bits) two's complement, value X = (x − 2^n·x_{n−1})/2^f.
The product A·B has 2f fractional bits; it is brought back to f by **truncation toward −∞**
(floor, an arithmetic right shift by f) and the sum wraps mod 2^n:

    c ← (c + ⌊A·B / 2^f⌋) mod 2^n        (A, B, c as integers of the bit patterns)

Construction (:class:`FixedPointMac`): with p = a·b the unsigned product,
A·B = a·b − 2^n·(a_{n−1}·b + b_{n−1}·a) (mod 2^{2n}), and since 2^f divides 2^n,
⌊A·B/2^f⌋ ≡ p[f : f+n] − 2^{n−f}·(a_{n−1}·b + b_{n−1}·a) (mod 2^n). So: p = a·b (schoolbook),
c += p[f:f+n] (GidneyAdder), the two sign corrections are controlled subtractions of the low f
bits of b and a from the top f bits of c, and p is uncomputed by the multiplier's inverse.
This is the tensor-dot step of seed 000, appendix B.2, eq. (5), with B.2's uncomputation.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from pydantic import Field, model_validator

from qdl.circuits.block import Block, Register, Role, Signature, numbered
from qdl.circuits.builder import Builder
from qdl.circuits.params import Bits
from qdl.circuits.qam.addition import GidneyAdder
from qdl.circuits.qam.controlled_addition import ControlledAdder
from qdl.circuits.qam.multiplication import SchoolbookMultiplier
from qdl.circuits.registry import Params, Primitive, register
from qdl.errors import ParameterError


def signed(x: int, bits: int) -> int:
    """The two's-complement value of the ``bits``-bit pattern ``x``."""
    return x - ((x >> (bits - 1)) & 1) * (1 << bits)


def fixed_product(a: int, b: int, bits: int, frac_bits: int) -> int:
    """⌊A·B / 2^f⌋ mod 2^n for n-bit two's-complement patterns a, b (the MAC's rounding)."""
    return (signed(a, bits) * signed(b, bits) >> frac_bits) % (1 << bits)


def check_format(bits: int, frac_bits: int) -> None:
    if not 0 <= frac_bits <= bits:
        raise ParameterError(f"frac_bits={frac_bits} must lie in 0…bits={bits}",
                             "a fixed-point format keeps at most all its bits fractional")


@dataclass(frozen=True)
class FixedPointMac(Block):
    """|a⟩|b⟩|c⟩ → |a⟩|b⟩|c + ⌊A·B/2^f⌋ mod 2^n⟩, signed (n, f) fixed point (see module doc).

    Cost (n ≥ 2): multiply 2n² − n AND, add n − 1, sign corrections 2(2f − 1) (none for f = 0),
    inverse multiply 2n(n − 1): 4n² − 2n + 4f − 3 AND in all (f ≥ 1), 4n² − 2n − 1 for f = 0;
    qubits 7n + 1 (p of 2n bits plus the multiplier's 2n + 1 ancillas).
    T-depth 2n² (f = 0) or 2n² + 3f − 2 (f ≥ 1), Toffoli depth one less, for n ≥ 2: the
    multiplier's (n+1)(n−1) + 2 layers and its inverse's (n+1)(n−1) + 1 overlap by one layer,
    the final addition runs inside the inverse's pipeline, and the f-bit corrections add
    3f − 2 (they wait on c's top bits).
    """

    bits: int
    frac_bits: int
    name = "mac"

    def __post_init__(self) -> None:
        check_format(self.bits, self.frac_bits)

    @property
    def signature(self) -> Signature:
        n = self.bits
        return Signature([Register(r, n, signed=True) for r in ("a", "b", "c")])

    def _corrections(self) -> tuple[tuple[Block, int], ...]:
        f = self.frac_bits
        return ((ControlledAdder(f, subtract=True), 2),) if f else ()

    def children(self):
        n = self.bits
        return ((SchoolbookMultiplier(n, n), 1), (GidneyAdder(n), 1)) + self._corrections() + (
            (SchoolbookMultiplier(n, n, inverse=True), 1),)

    def qubits(self) -> int:
        return self.signature.width + 2 * self.bits + max(
            0, max(c.qubits() - c.signature.width for c, _ in self.children()))

    def t_depth(self) -> int:
        n, f = self.bits, self.frac_bits
        if n == 1:
            return 2 + 2 * f
        return 2 * n * n + (3 * f - 2 if f else 0)

    def toffoli_depth(self) -> int:
        n, f = self.bits, self.frac_bits
        if n == 1:
            return 1 + 2 * f
        return 2 * n * n - 1 + (3 * f - 2 if f else 0)

    def build(self, bb: Builder, *, a: list[int], b: list[int], c: list[int]) -> None:
        n, f = self.bits, self.frac_bits
        p = bb.alloc(2 * n)
        bb.call(SchoolbookMultiplier(n, n), a=a, b=b, p=p)
        bb.call(GidneyAdder(n), a=c, b=p[f:f + n])
        if f:
            sub = ControlledAdder(f, subtract=True)
            bb.call(sub, c=[a[n - 1]], a=c[n - f:], b=b[:f])
            bb.call(sub, c=[b[n - 1]], a=c[n - f:], b=a[:f])
        bb.call(SchoolbookMultiplier(n, n, inverse=True), a=a, b=b, p=p)
        bb.release(p)

    def reference(self, *, a: int, b: int, c: int) -> dict[str, int]:
        n = self.bits
        return {"a": a, "b": b, "c": (c + fixed_product(a, b, n, self.frac_bits)) % (1 << n)}


@dataclass(frozen=True)
class FixedPointDot(Block):
    """|a_i⟩|b_i⟩|0⟩ → |a_i⟩|b_i⟩|Σ_i ⌊A_i·B_i/2^f⌋ mod 2^n⟩ (each product truncated as in
    :class:`FixedPointMac`, then summed with wrap-around).

    ``length`` MACs into the fresh y; each uncomputes its own product, so the operands are
    restored and no intermediate survives (seed 000, appendix B.2, eq. (5)).
    Cost: length × MAC; qubits 2·length·n + n + 4n + 1 (one MAC's product and ancillas at a
    time); T-depth length·D − (length−1)·(n+2), Toffoli depth length·D' − (length−1)·(n+1)
    (n ≥ 2; D, D' the MAC's), since consecutive MACs overlap (see ``_overlap``).
    """

    length: int
    bits: int
    frac_bits: int
    name = "dot"

    def __post_init__(self) -> None:
        check_format(self.bits, self.frac_bits)

    @cached_property  # 2L + 1 registers: a 3×3×512 conv's dot has 9,217
    def signature(self) -> Signature:
        n, L = self.bits, self.length
        return Signature(numbered("a", L, n)
                         + numbered("b", L, n)
                         + [Register("y", n, Role.OUTPUT, signed=True)])

    def _mac(self) -> FixedPointMac:
        return FixedPointMac(self.bits, self.frac_bits)

    def children(self):
        return ((self._mac(), self.length),)

    def qubits(self) -> int:
        """2·length·n + n + the MAC's ancillas, without building the 2L + 1 registers."""
        mac = self._mac()
        return (2 * self.length + 1) * self.bits + mac.cost().qubits - mac.signature.width

    def _overlap(self) -> tuple[int, int]:
        """T and Toffoli layers by which consecutive MACs overlap: the next MAC's first
        partial-product row depends only on its own operands and starts while the previous
        MAC is still uncomputing its product."""
        n, f = self.bits, self.frac_bits
        return (n + 2, n + 1) if n > 1 else (2 + f, 1 + f)

    def t_depth(self) -> int:
        return self.length * self._mac().t_depth() - (self.length - 1) * self._overlap()[0]

    def toffoli_depth(self) -> int:
        return self.length * self._mac().toffoli_depth() - (self.length - 1) * self._overlap()[1]

    def build(self, bb: Builder, *, y: list[int], **regs: list[int]) -> None:
        for i in range(self.length):
            bb.call(self._mac(), a=regs[f"a{i}"], b=regs[f"b{i}"], c=y)

    def reference(self, *, y: int, **values: int) -> dict[str, int]:
        n, f = self.bits, self.frac_bits
        total = sum(fixed_product(values[f"a{i}"], values[f"b{i}"], n, f)
                    for i in range(self.length))
        return {**values, "y": (y + total) % (1 << n)}


class MacParams(Params):
    bits: Bits
    frac_bits: int = Field(0, ge=0, description="fractional bits of the (bits, frac_bits) format")

    @model_validator(mode="after")
    def _format(self) -> "MacParams":
        if self.frac_bits > self.bits:  # a ValueError, so the model file's line is reported
            raise ValueError(f"frac_bits={self.frac_bits} exceeds bits={self.bits}")
        return self


class DotParams(MacParams):
    # one register pair per product: the signature is O(length) (13 s and 470 MB at 2^20),
    # so counting never builds it (FixedPointDot.qubits, WideDot.register_width)
    length: int = Field(ge=1, le=1 << 20, description="number of products summed")
    acc_bits: int = Field(0, ge=0, description="accumulator width m (bits ≤ m ≤ 2·bits − "
                                               "frac_bits; 0: bits): guard bits for long sums")


def _make_dot(p: DotParams) -> Block:
    if p.acc_bits in (0, p.bits):
        return FixedPointDot(p.length, p.bits, p.frac_bits)
    from qdl.circuits.qam.wide_mac import WideDot  # builds on this module

    return WideDot(p.length, p.bits, p.frac_bits, p.acc_bits)


register(Primitive(
    name="mac",
    params=MacParams,
    make=lambda p: FixedPointMac(p.bits, p.frac_bits),
    action="|a⟩|b⟩|c⟩ → |a⟩|b⟩|c + ⌊A·B/2^f⌋ mod 2^n⟩, signed (bits, frac_bits), floor",
    cost="4n²−2n+4f−3 AND (f ≥ 1), 7n+1 qubits",
    reference="seed 000 appendix B.2 eq. (5); Gidney, Quantum 2, 74 (2018) §4",
))

register(Primitive(
    name="dot",
    params=DotParams,
    make=_make_dot,
    action="|a_i⟩|b_i⟩|0⟩ → |a_i⟩|b_i⟩|Σ ⌊A_i·B_i/2^f⌋ mod 2^n⟩, operands restored",
    cost="length × mac; qubits 2·length·n + 5n + 1",
    reference="seed 000 appendix B.2 eq. (5) (tensor dot with uncomputation)",
))
