"""Small fixed-point building blocks shared by the function primitives (private: no primitive).

- :class:`XorConstant`: t ⊕= K (X gates) or t ⊕= c·K (CNOTs from a control), 0 T.
- :class:`Reflect`: t → K − t (mod 2^n), the "2 − x·y" and "3 − x·y²" of Newton's iterations;
  it is its own inverse, so uncomputing it is running it again.
- :class:`LeadingOneGuess`: y ⊕= 2^{e(i)} where i is the position of x's leading one, the
  power-of-two initial guess of Newton iterations (Bhaskar, Hadfield, Papageorgiou, Petras,
  "Quantum algorithms and circuits for scientific computing", QIC 16, 197 (2016),
  arXiv:1511.08253, Algorithm INV); :class:`FloorGuess` the same for the exponent rule
  e(i) = base − ⌊(i + shift)/step⌋ of reciprocal and inverse square root, counted in O(1).
- :func:`check_unsigned_format`: the (bits, frac_bits) rules with a one-line error.
"""

from __future__ import annotations

from dataclasses import dataclass

from qdl.circuits.block import Block, Register, Signature
from qdl.circuits.builder import Builder
from qdl.circuits.cost import Cost
from qdl.circuits.gates import CX, And, AndUncompute, Clifford
from qdl.circuits.qam.constant_addition import ConstantAdder
from qdl.errors import ParameterError

X = Clifford("x")


def check_frac_bits(bits: int, frac_bits: int, low: int, spare: int, why: str) -> None:
    """``low ≤ frac_bits ≤ bits − spare`` or a one-line ParameterError saying ``why``."""
    if not low <= frac_bits <= bits - spare:
        raise ParameterError(f"frac_bits={frac_bits} must lie in {low}…{bits - spare} for "
                             f"bits={bits}", why)


@dataclass(frozen=True)
class XorConstant(Block):
    """|t⟩ → |t ⊕ K⟩ (n X gates on K's set bits), or with ``controlled`` |c⟩|t⟩ → |c⟩|t ⊕ c·K⟩
    (one CNOT per set bit). Cost: popcount(K) Cliffords, depth 0; its own inverse."""

    bits: int
    value: int
    controlled: bool = False
    name = "xor_const"
    self_inverse = True

    @property
    def signature(self) -> Signature:
        regs = [Register("c", 1)] if self.controlled else []
        return Signature(regs + [Register("t", self.bits)])

    def _set_bits(self) -> list[int]:
        return [i for i in range(self.bits) if (self.value >> i) & 1]

    def children(self):
        ones = (self.value & ((1 << self.bits) - 1)).bit_count()  # no list: words of 10⁵ bits
        return ((CX if self.controlled else X, ones),)

    def leaf_cost(self) -> Cost:  # K = 0: no gates
        return Cost(qubits=self.signature.width)

    def build(self, bb: Builder, *, t: list[int], c: list[int] | None = None) -> None:
        for i in self._set_bits():
            bb.cx(c[0], t[i]) if self.controlled else bb.x(t[i])

    def reference(self, *, t: int, c: int = 1) -> dict[str, int]:
        out = {"t": t ^ (self.value if c else 0)}
        return {"c": c, **out} if self.controlled else out


@dataclass(frozen=True)
class Reflect(Block):
    """|t⟩ → |K − t mod 2^n⟩ as ¬t + (K + 1): n X gates, then a :class:`ConstantAdder`.

    Cost: the ConstantAdder(n, K+1) plus n X; T-depth and qubits the adder's. Self-inverse.
    """

    bits: int
    value: int
    name = "reflect"
    self_inverse = True

    @property
    def signature(self) -> Signature:
        return Signature([Register("t", self.bits)])

    def _adder(self) -> ConstantAdder:
        return ConstantAdder(self.bits, (self.value + 1) % (1 << self.bits))

    def children(self):
        return ((X, self.bits), (self._adder(), 1))

    def build(self, bb: Builder, *, t: list[int]) -> None:
        for q in t:
            bb.x(q)
        bb.call(self._adder(), a=t)

    def reference(self, *, t: int) -> dict[str, int]:
        return {"t": (self.value - t) % (1 << self.bits)}


class _GuessBase(Block):
    """|x⟩|y⟩ → |x⟩|y ⊕ 2^{e(i)}⟩, i = ⌊log2 x⌋ the leading one of x, e = :meth:`exponent`
    (outside 0 … n−1: nothing); x = 0 leaves y alone. Each output bit's positions must be
    an interval.

    With s_i = x_i ∨ … ∨ x_{n−1} the leading one is at i iff s_i ⊕ s_{i+1}, so output bit j
    is s_lo ⊕ s_{hi+1} for its interval [lo, hi] of positions: CNOTs only. The chain
    r_i = ¬s_i = ¬x_i ∧ r_{i+1} takes n−1 temporary ANDs on the negated x, uncomputed by
    measurement (Gidney, Quantum 2, 74 (2018), Fig. 3).

    Cost: n−1 AND (t_count 4n−4); 2n X (+1 per output bit whose interval reaches the top),
    1–2 CNOT per output bit, n−1 measured uncomputes; qubits 3n−1; T-depth n and Toffoli
    depth n−1 (one chain), 0 for n = 1. Self-inverse.
    """

    name = "leading_one_guess"
    self_inverse = True

    @property
    def signature(self) -> Signature:
        return Signature([Register("x", self.bits), Register("y", self.bits)])

    def exponent(self, i: int) -> int:
        raise NotImplementedError

    def span_counts(self) -> tuple[int, int]:
        """(output bits set by some position, those whose interval reaches n − 1)."""
        n = self.bits
        spans = self.intervals().values()
        return len(spans), sum(1 for _, hi in spans if hi == n - 1)

    def intervals(self) -> dict[int, tuple[int, int]]:
        """Output bit j → [lo, hi] of leading-one positions that set it."""
        spans: dict[int, list[int]] = {}
        for i in range(self.bits):
            if 0 <= (e := self.exponent(i)) < self.bits:
                spans.setdefault(e, []).append(i)
        for j, positions in spans.items():
            if positions != list(range(positions[0], positions[-1] + 1)):
                raise ValueError(f"positions {positions} setting bit {j} are not an interval")
        return {j: (p[0], p[-1]) for j, p in spans.items()}

    def children(self):
        n = self.bits
        spans, tops = self.span_counts()  # one CNOT for an interval reaching the top, else 2
        return ((X, 2 * n + tops), (CX, 2 * spans - tops), (And(), n - 1),
                (AndUncompute(), n - 1))

    def qubits(self) -> int:
        return 3 * self.bits - 1

    def t_depth(self) -> int:
        return self.bits if self.bits > 1 else 0

    def toffoli_depth(self) -> int:
        return self.bits - 1

    def build(self, bb: Builder, *, x: list[int], y: list[int]) -> None:
        n = self.bits
        for q in x:
            bb.x(q)
        r = [0] * n
        r[n - 1] = x[n - 1]
        for i in range(n - 2, -1, -1):
            r[i] = bb.alloc(1)[0]
            bb.call(And(), a=[x[i]], b=[r[i + 1]], t=[r[i]])
        for j, (lo, hi) in sorted(self.intervals().items()):
            bb.cx(r[lo], y[j])
            if hi == n - 1:
                bb.x(y[j])  # s_n = 0, so the bit is s_lo = ¬r_lo
            else:
                bb.cx(r[hi + 1], y[j])
        for i in range(n - 1):
            bb.call(AndUncompute(), a=[x[i]], b=[r[i + 1]], t=[r[i]])
            bb.release([r[i]])
        for q in x:
            bb.x(q)

    def guess(self, x: int) -> int:
        if not x:
            return 0
        e = self.exponent(x.bit_length() - 1)
        return 1 << e if 0 <= e < self.bits else 0

    def reference(self, *, x: int, y: int) -> dict[str, int]:
        return {"x": x, "y": y ^ self.guess(x)}


@dataclass(frozen=True)
class LeadingOneGuess(_GuessBase):
    """The guess with exponents listed: e(i) = ``exponents[i]`` (−1: nothing)."""

    bits: int
    exponents: tuple[int, ...]

    def exponent(self, i: int) -> int:
        return self.exponents[i]


@dataclass(frozen=True)
class FloorGuess(_GuessBase):
    """The guess with e(i) = base − ⌊(i + shift)/step⌋ (step ≥ 1): reciprocal's
    2f − 1 − i and inverse square root's f − ⌊(i − f + 1)/2⌋.

    e falls by 0 or 1 from i to i + 1, so every output bit between e(n−1) and e(0) is set by
    one interval of positions and the interval of e(n−1) is the one that reaches n − 1: the
    counts need no list of n exponents (the declared maximum is n = 2^24)."""

    bits: int
    base: int
    shift: int
    step: int

    def exponent(self, i: int) -> int:
        return self.base - (i + self.shift) // self.step

    def span_counts(self) -> tuple[int, int]:
        n = self.bits
        low, high = self.exponent(n - 1), self.exponent(0)
        spans = max(0, min(high, n - 1) - max(low, 0) + 1)
        return spans, int(0 <= low < n)
