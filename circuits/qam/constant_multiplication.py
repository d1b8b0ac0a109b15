"""Products with classical constants: ``y += ⌊X·W/2^f⌋`` and ``y += ⌊Σ_i X_i·W_i / 2^f⌋``.

Network weights are classical, so a weight need not sit in a register and be multiplied by a
quantum×quantum multiplier (``mac``: 4n² − 2n + 4f − 3 AND, 1,021 at n = 16, f = 8). Writing
the weight in its non-adjacent form (NAF, the canonical signed-digit form: digits in
{−1, 0, +1}, no two adjacent nonzero, the fewest nonzero digits of any signed-digit form;
Reitwiesner 1960, Booth recoding), w = Σ_k s_k 2^{e_k}, the product is a sum of shifted
additions and subtractions of x, each a Gidney adder (Gidney, "Halving the cost of quantum
addition", Quantum 2, 74 (2018), Fig. 4) on the part of the accumulator it can change.
This is the shift-and-add multiplication by constants of classical DSP (multiplierless
filters) carried to reversible in-place arithmetic.

Format: (n, f) two's complement as in qdl.circuits.qam.mac, X = signed(x)/2^f; a weight W is
quantized to w = ⌊W·2^f + 1/2⌋ (round half up), which must be an n-bit signed integer.

**Exact floor.** The accumulator is y with f extra low bits L (|0⟩ on entry): acc = L + 2^f·y.
Adding sext(x)·w mod 2^{n+f} leaves 2^f·(y + ⌊X·W⌋_f) + r with r = x·w mod 2^f, so the top n
bits are y + ⌊x·w/2^f⌋ exactly, and L = r is then erased by adding sext(x)·(−w) mod 2^f to L
alone, which only involves the digits below f.

**Sign extension.** An adder's operand must be distinct wires, so x cannot be sign-extended by
repeating its top bit. With x' = x ⊕ 2^{n−1} (one X gate) sext(x) = x' − 2^{n−1} as integers;
x' is added zero-padded and the corrections −Σ s_k 2^{n−1+e_k} are one classical constant C,
added once by :class:`~qdl.circuits.qam.constant_addition.ConstantAdder`.

Costs (:class:`ShiftAddConstant` on an A-bit accumulator, digits e_k of w, e_min the lowest):
Σ_{e_k < A} max(0, A − e_k − 1) AND for the shifted adders plus max(0, A − n − e_min − 1)
for C. A product (``mul_const``) runs it with A = n + f for w and A = f for −w. The cost is
largest, for a given n, f, when the digits sit at 0, 2, 4, … (:func:`worst_case_weight`):
every term decreases in each e_k and a NAF's k-th lowest digit is at e ≥ 2(k−1).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace
from functools import lru_cache

from pydantic import Field, model_validator

from qdl.circuits.block import Block, Register, Signature, numbered
from qdl.circuits.data import RealVector
from qdl.circuits.gates import Clifford
from qdl.circuits.compose import Call, Composite, Sync, call, has_depth, scoped
from qdl.circuits.cost import DEPTHS
from qdl.circuits.compose import _Tally as Tally
from qdl.circuits.qam.addition import GidneyAdder
from qdl.circuits.qam.constant_addition import ConstantAdder
from qdl.circuits.qam.mac import MacParams, check_format, signed
from qdl.circuits.qam.naf import naf, naf_masks, naf_runs, worst_case_weight  # noqa: F401
from qdl.circuits.qam.subtraction import GidneySubtractor
from qdl.circuits.registry import Primitive, register
from qdl.circuits.series import MIN_RUN, RunSum, run_sum


@lru_cache(maxsize=1 << 16)
def _digits_below(w: int, top: int) -> tuple[tuple[int, int], ...]:
    return tuple((e, s) for e, s in naf(w) if e < top)


def quantize(weight: float, bits: int, frac_bits: int) -> int:
    """⌊W·2^f + 1/2⌋; ValueError unless it is an n-bit signed integer."""
    w = int((weight * (1 << frac_bits) + 0.5) // 1)
    lo, hi = -(1 << (bits - 1)), (1 << (bits - 1)) - 1
    if not lo <= w <= hi:
        raise ValueError(f"weight {weight} is {w}/2^{frac_bits}, outside the ({bits}, "
                         f"{frac_bits}) signed range [{lo}, {hi}]/2^{frac_bits} (scale it or "
                         f"widen bits)")
    return w


@dataclass(frozen=True)
class ShiftAddConstant(Composite):
    """|x⟩|acc⟩ → |x⟩|acc + signed(x)·w mod 2^A⟩ (x: n bits two's complement, acc: A bits).

    Stages: X on x's top bit; for each NAF digit (e, s) with e < A, acc[e:A] ±= x'[0:m] padded
    by A − e − m zero wires (m = min(n, A − e)): GidneyAdder / GidneySubtractor(A − e); the
    constant C = −Σ s·2^{n−1+e} mod 2^A by ConstantAdder on acc[j:A], j = n − 1 + e_min; X
    again. A weight without digits below A is the identity (no gates).

    Cost: Σ_{e<A} max(0, A − e − 1) + max(0, A − n − e_min − 1) AND (t_count 4×);
    qubits n + A + max(0, A − e_min − n) pad + the widest adder's A − e_min − 1 carries;
    depths by the barrier schedule of qdl.circuits.compose.
    """

    bits: int
    acc_bits: int
    weight: int
    name = "shift_add"

    @property
    def signature(self) -> Signature:
        return Signature([Register("x", self.bits, signed=True), Register("acc", self.acc_bits)])

    def digits(self) -> tuple[tuple[int, int], ...]:
        return _digits_below(self.weight, self.acc_bits)

    def runs(self) -> tuple[tuple[int, int, int, int], ...]:
        """The digits below A as arithmetic runs (qdl.circuits.qam.naf.naf_runs)."""
        return naf_runs(self.weight, self.acc_bits)

    def _pad(self) -> int:
        runs = self.runs()
        return max(0, self.acc_bits - runs[0][0] - self.bits) if runs else 0

    def correction(self) -> int:
        A, n = self.acc_bits, self.bits
        plus, minus = (m & ((1 << A) - 1) for m in naf_masks(self.weight))
        return -((plus - minus) << (n - 1)) & ((1 << A) - 1)  # mod 2^A, in linear time

    def _constant(self) -> list[Block]:
        c = self.correction()
        j = (c & -c).bit_length() - 1
        return [ConstantAdder(self.acc_bits - j, c >> j)] if c else []

    def _blocks(self) -> list[Block]:
        """The called blocks in order: X, the shifted adders, the constant C, X."""
        A, digits = self.acc_bits, self.digits()
        if not digits:
            return []
        adders = [GidneyAdder(A - e) if s > 0 else GidneySubtractor(A - e) for e, s in digits]
        return [Clifford("x")] + adders + self._constant() + [Clifford("x")]

    def ops(self) -> list:
        """The zero padding in |0⟩; X on x's top bit; the shifted adders; C; X again."""
        n, A, blocks = self.bits, self.acc_bits, self._blocks()
        if not blocks:
            return []
        out = [call(blocks[0], q0=("x", n - 1, n))]
        for (e, _), adder in zip(self.digits(), blocks[1:]):
            m = min(n, A - e)
            b = [("x", 0, m)] + ([("pad", 0, A - e - m)] if A - e > m else [])
            out.append(call(adder, a=("acc", e, A), b=b))
        if len(blocks) > len(self.digits()) + 2:  # the correction constant
            out.append(call(blocks[-2], a=("acc", A - blocks[-2].bits, A)))
        return scoped((("pad", self._pad()),), out + [out[0]])

    # Fast path for counting (mul_const over thousands of distinct weights): the calls
    # without their wiring. Every register is used from the first call (the X) on, so each
    # barrier spans all n + A + pad wires and the barrier schedule gives the tally below.
    # Runs of ≥ min_run digits at equal gaps (the costliest weight: one run of n/2 at
    # n = 2^24) are summed in closed form (qdl.circuits.series); the tests compare both forms
    # with the generic walk and the built circuit.
    def _calls(self, min_run: int) -> tuple[list[Block], list[RunSum]]:
        """The called blocks listed one by one, and the runs of adders summed."""
        A, listed, summed = self.acc_bits, [Clifford("x")], []
        for first, gap, count, sign in self.runs():
            family = GidneyAdder if sign > 0 else GidneySubtractor
            if count > max(min_run, 1):  # adders A − e ≥ 2 are affine in their width, 1 not
                one = A - first - gap * (count - 1) == 1
                summed.append(run_sum(family, A - first, -gap, count - one))
                listed += [family(1)] if one else []
            else:
                listed += [family(A - first - gap * j) for j in range(count)]
        return listed + self._constant() + [Clifford("x")], summed

    def fast_tally(self, min_run: int = MIN_RUN) -> Tally:
        """The barrier schedule's tally from the called blocks alone (no wiring)."""
        if not self.runs():
            return Tally()
        blocks, summed = self._calls(min_run)
        costs = [b.cost() for b in blocks]
        deep = [c for c in costs if has_depth(c)]
        t = [c.t_depth for c in deep if c.t_depth]
        stages = len(deep) + sum(r.count for r in summed)  # every summed adder has depth
        t_stages = len(t) + sum(r.count for r in summed)
        tally, width = Tally(), self.bits + self.acc_bits + self._pad()
        tally.children = dict(Counter(blocks))
        for r in summed:
            r.add_to(tally.children)
        if stages > 1:
            tally.children[Sync(width)] = stages - 1
        tally.peak = width + max([c.qubits - b.signature.width for b, c in zip(blocks, costs)]
                                 + [r.ancillas for r in summed])
        tally.depths = {f: sum(getattr(c, f) for c in deep) + sum(r.depths[f] for r in summed)
                        for f in DEPTHS}
        tally.depths["t_depth"] -= max(0, t_stages - 1)
        return tally

    def reference(self, *, x: int, acc: int) -> dict[str, int]:
        return {"x": x, "acc": (acc + signed(x, self.bits) * self.weight) % (1 << self.acc_bits)}


def product_calls(bits: int, frac_bits: int, weight: int, x: str,
                  sync: tuple[str, ...] | None = None, acc_bits: int | None = None
                  ) -> tuple[Call, Call | None]:
    """acc = L·y += sext(x)·w over A + f bits, then L += sext(x)·(−w) over f bits (erases L);
    ``sync``: the registers the barriers before them cover (None: every used one); ``acc_bits``:
    y's width A (default n; wider for a guard-bit accumulator)."""
    n, f = bits, frac_bits
    a = acc_bits or n
    acc = [("L", 0, f), ("y", 0, a)] if f else [("y", 0, a)]
    full = call(ShiftAddConstant(n, a + f, weight), x=(x, 0, n), acc=acc)
    low = ShiftAddConstant(n, f, -weight) if f else None
    low_call = call(low, x=(x, 0, n), acc=("L", 0, f)) if low and low.runs() else None
    if sync is None:
        return full, low_call
    return (replace(full, sync=sync), low_call and replace(low_call, sync=sync))


@dataclass(frozen=True)
class ConstantMultiplier(Composite):
    """|x⟩|y⟩ → |x⟩|y + ⌊X·W⌋_f⟩: y ← (y + ⌊signed(x)·w / 2^f⌋) mod 2^n, w the quantized W.

    With y = 0 this is the product; the accumulating form is what a layer needs and is the
    constant-weight counterpart of ``mac`` (same format, same floor rounding).
    Cost: ShiftAddConstant(n, n+f, w) + ShiftAddConstant(n, f, −w), see the module docstring;
    qubits 2n + f + the first stage's pad and carries. No weight register.
    """

    bits: int
    frac_bits: int
    weight: int
    name = "mul_const"

    def __post_init__(self) -> None:
        check_format(self.bits, self.frac_bits)

    @property
    def signature(self) -> Signature:
        return Signature([Register("x", self.bits, signed=True),
                          Register("y", self.bits, signed=True)])

    def ops(self) -> list:
        """The low bits L in |0⟩, the product, L erased."""
        if not self.weight:
            return []
        calls = product_calls(self.bits, self.frac_bits, self.weight, "x")
        return scoped((("L", self.frac_bits),), [c for c in calls if c])

    def reference(self, *, x: int, y: int) -> dict[str, int]:
        n, f = self.bits, self.frac_bits
        return {"x": x, "y": (y + (signed(x, n) * self.weight >> f)) % (1 << n)}


@dataclass(frozen=True)
class ConstantDot(Composite):
    """|x_i⟩|y⟩ → |x_i⟩|y + ⌊Σ_i signed(x_i)·w_i / 2^f⌋ mod 2^n⟩ (one rounding of the exact sum).

    All products go into one accumulator with f low bits L, which are erased at the end by
    the low parts of every product; so the sum is floored once (``dot`` floors each product).
    Before each stage only the accumulator and the operand in use are synchronised.
    Cost: Σ_i (ShiftAddConstant(n, n+f, w_i) + ShiftAddConstant(n, f, −w_i)); qubits
    length·n + n + f + the widest stage's pad and carries.
    """

    bits: int
    frac_bits: int
    weights: tuple[int, ...]
    name = "dot_const"

    def __post_init__(self) -> None:
        check_format(self.bits, self.frac_bits)

    @property
    def length(self) -> int:
        return len(self.weights)

    @property
    def signature(self) -> Signature:
        n = self.bits
        return Signature(numbered("x", self.length, n)
                         + [Register("y", n, signed=True)])

    def register_width(self) -> int:  # not the O(length) signature (length ≤ 2^20)
        return self.length * self.bits + self.acc_bits

    def ops(self) -> list:
        """L in |0⟩; every full product; every low part (erasing L). A barrier covers the
        operand in use, L and y only: y carries the critical path."""
        n, f = self.bits, self.frac_bits
        pairs = [product_calls(n, f, w, f"x{i}", (f"x{i}", "L", "y") if f else (f"x{i}", "y"))
                 for i, w in enumerate(self.weights) if w]
        calls = [full for full, _ in pairs] + [low for _, low in pairs if low]
        return scoped((("L", f),), calls)

    # Fast path for counting: the products only differ by their weight, so the cost follows
    # from the histogram of weights, without the O(length) stage list (which the build uses).
    # The tests check every field against Composite's derivation and the built circuit.
    # The tally does not depend on the order of the products (every barrier covers the
    # operand in use, L and y), so a subclass may interleave them.
    @property
    def acc_bits(self) -> int:
        """Width of the accumulator y (a subclass may widen it beyond the operands')."""
        return self.bits

    def _parts(self) -> list[tuple[ShiftAddConstant, int]]:
        n, f, a = self.bits, self.frac_bits, self.acc_bits
        parts: dict[ShiftAddConstant, int] = {}
        histogram = Counter(self.weights)  # C-level count: 2^20 weights in ~0.1 s
        histogram.pop(0, None)
        for w, k in histogram.items():
            for block in (ShiftAddConstant(n, a + f, w), ShiftAddConstant(n, f, -w)):
                if block.runs():
                    parts[block] = parts.get(block, 0) + k
        return list(parts.items())

    def fast_tally(self) -> Tally:
        n, f, parts = self.bits, self.frac_bits, self._parts()
        tally = Tally()
        tally.children = dict(parts)
        deep = [(b.cost(), k) for b, k in parts if b.cost().t_depth]
        stages = sum(k for _, k in deep)
        if stages > 1:
            tally.children[Sync(n + self.acc_bits + f)] = stages - 1
        extra = max((b.cost().qubits - b.signature.width for b, _ in parts), default=0)
        tally.peak = self.register_width() + f + max(0, extra)
        tally.depths = {"t_depth": sum(c.t_depth * k for c, k in deep) - max(0, stages - 1),
                        "toffoli_depth": sum(c.toffoli_depth * k for c, k in deep),
                        "rotation_depth": 0}
        return tally

    def reference(self, *, y: int, **xs: int) -> dict[str, int]:
        n, f = self.bits, self.frac_bits
        total = sum(signed(xs[f"x{i}"], n) * w for i, w in enumerate(self.weights))
        return {**xs, "y": (y + (total >> f)) % (1 << n)}


class MulConstParams(MacParams):
    weight: float | None = Field(None, description="the classical weight W (quantized to "
                                 "⌊W·2^f + 1/2⌋); without it, the costliest n-bit weight")

    @model_validator(mode="after")
    def _check(self) -> "MulConstParams":
        if self.weight is not None:
            quantize(self.weight, self.bits, self.frac_bits)
        return self


#: Cross-parameter maximum of dot_const: counting takes the histogram of the weights, which
#: hashes each n-bit weight (linear in length × bits: 2^28 cells count in well under a
#: second; length 2^20 with 2^24-bit weights would take about an hour).
DOT_CONST_CELLS = 1 << 28


class DotConstParams(MacParams):
    weights: RealVector | None = Field(
        None, description="the classical weights: inline list or .npy/.csv file beside the "
                          "model; without them, length costliest n-bit weights")
    length: int | None = Field(None, ge=1, le=1 << 20, description="number of products "
                               "(default: the number of weights)")

    @model_validator(mode="after")
    def _check_weights(self) -> "DotConstParams":
        if self.weights is None and self.length is None:
            raise ValueError("give 'weights' or 'length'")
        length = self.length if self.weights is None else len(self.weights)
        if length * self.bits > DOT_CONST_CELLS:
            raise ValueError(f"length × bits = {length:,} × {self.bits:,} exceeds "
                             f"{DOT_CONST_CELLS:,} (counting hashes every n-bit weight: use "
                             f"fewer or narrower products)")
        if self.weights is not None:
            if self.length is not None and self.length != len(self.weights):
                raise ValueError(f"length={self.length} but weights has {len(self.weights)}")
            for w in self.weights:
                quantize(w, self.bits, self.frac_bits)
        return self


def _mul_const(p: MulConstParams) -> ConstantMultiplier:
    w = (worst_case_weight(p.bits) if p.weight is None
         else quantize(p.weight, p.bits, p.frac_bits))
    return ConstantMultiplier(p.bits, p.frac_bits, w)


def _dot_const(p: DotConstParams) -> ConstantDot:
    if p.weights is None:
        return ConstantDot(p.bits, p.frac_bits, (worst_case_weight(p.bits),) * p.length)
    return ConstantDot(p.bits, p.frac_bits,
                       tuple(quantize(w, p.bits, p.frac_bits) for w in p.weights))


register(Primitive(
    name="mul_const",
    params=MulConstParams,
    make=_mul_const,
    action="|x⟩|y⟩ → |x⟩|y + ⌊X·W/2^f⌋ mod 2^n⟩, W classical, signed (bits, frac_bits), floor",
    cost="Σ_k (n+f−e_k−1) + Σ_{e_k<f} (f−e_k−1) + max(0, f−1−e_min) AND over the NAF digits "
         "e_k of W·2^f (worst case: digits at 0, 2, 4, …); no weight register",
    reference="shift-and-add over the non-adjacent form (Reitwiesner 1960) with Gidney's "
              "adder, Quantum 2, 74 (2018), Fig. 4",
))

register(Primitive(
    name="dot_const",
    params=DotConstParams,
    make=_dot_const,
    action="|x_i⟩|y⟩ → |x_i⟩|y + ⌊Σ X_i·W_i / 2^f⌋ mod 2^n⟩, W_i classical, one rounding",
    cost="Σ_i mul_const(W_i) AND; qubits length·n + n + f + one product's pad and carries",
    reference="shift-and-add over the non-adjacent form with Gidney's adder; seed 000 "
              "appendix B.2 eq. (5) with classical weights",
))
