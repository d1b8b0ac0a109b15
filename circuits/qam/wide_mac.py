"""Multiply-accumulate and dot product into an accumulator wider than the operands (guard bits).

A sum of L products of (n, f) numbers can leave n bits even when every product fits; with an
accumulator of m = n + g bits, g = ⌈log2 L⌉, a sum of in-range products never wraps.

:class:`WideMac`: |a⟩|b⟩|c⟩ → |a⟩|b⟩|c + ⌊A·B/2^f⌋ mod 2^m⟩ (a, b: n bits; c: m bits,
n ≤ m ≤ 2n − f). The construction of qdl.circuits.qam.mac.FixedPointMac carries over: with p =
a·b unsigned (2n bits) and A·B = a·b − 2^n·(a_{n−1}·b + b_{n−1}·a) + 2^{2n}·a_{n−1}b_{n−1},
the last term vanishes mod 2^{m+f} (m + f ≤ 2n), so
⌊A·B/2^f⌋ ≡ p[f : f+m] − 2^{n−f}·(a_{n−1}·b + b_{n−1}·a)  (mod 2^m):
c += p[f:f+m] (GidneyAdder(m)), then the two controlled subtractions of the low f + g bits of
b and a from c[n−f : m], and p uncomputed by the multiplier's measured inverse. The
multiplier stays n × n (sign-extending the operands to m bits instead would cost (m/n)² more).

Both are :class:`~qdl.circuits.compose.Composite` programs, so cost, width and depths derive
from their calls (the barrier schedule; exact against the built circuit, see the tests), and
:class:`WideDot` counts its L MACs as one loop.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from qdl.circuits.block import Register, Role, Signature, numbered
from qdl.circuits.compose import Alloc, Composite, Free, Loop, call, call_flat
from qdl.circuits.qam.addition import GidneyAdder
from qdl.circuits.qam.controlled_addition import ControlledAdder
from qdl.circuits.qam.mac import check_format, signed
from qdl.circuits.qam.multiplication import SchoolbookMultiplier
from qdl.errors import ParameterError


def check_accumulator(bits: int, frac_bits: int, acc_bits: int) -> None:
    check_format(bits, frac_bits)
    if not bits <= acc_bits <= 2 * bits - frac_bits:
        raise ParameterError(f"acc_bits={acc_bits} must lie in bits…2·bits − frac_bits = "
                             f"{bits}…{2 * bits - frac_bits}",
                             "guard bits beyond the product's own width add nothing")


def wide_product(a: int, b: int, bits: int, frac_bits: int, acc_bits: int) -> int:
    """⌊A·B/2^f⌋ mod 2^m for n-bit two's-complement patterns a, b."""
    return (signed(a, bits) * signed(b, bits) >> frac_bits) % (1 << acc_bits)


@dataclass(frozen=True)
class WideMac(Composite):
    """|a⟩|b⟩|c⟩ → |a⟩|b⟩|c + ⌊A·B/2^f⌋ mod 2^m⟩ (module docstring). Cost: the n × n
    multiplier and its inverse, GidneyAdder(m), 2 × ControlledAdder(f + g) (g = m − n);
    qubits 2n + m + 2n (p) + the multiplier's ancillas; depths from the schedule."""

    bits: int
    frac_bits: int
    acc_bits: int
    name = "mac"

    def __post_init__(self) -> None:
        check_accumulator(self.bits, self.frac_bits, self.acc_bits)

    @property
    def signature(self) -> Signature:
        n, m = self.bits, self.acc_bits
        return Signature([Register("a", n, signed=True), Register("b", n, signed=True),
                          Register("c", m, signed=True)])

    def ops(self):
        n, f, m = self.bits, self.frac_bits, self.acc_bits
        k = f + m - n  # width of the sign corrections
        ops = [Alloc("p", 2 * n),
               call(SchoolbookMultiplier(n, n), a=("a", 0, n), b=("b", 0, n), p=("p", 0, 2 * n)),
               call(GidneyAdder(m), a=("c", 0, m), b=("p", f, f + m))]
        if k:
            sub = ControlledAdder(k, subtract=True)
            ops += [call(sub, c=("a", n - 1, n), a=("c", n - f, m), b=("b", 0, k)),
                    call(sub, c=("b", n - 1, n), a=("c", n - f, m), b=("a", 0, k))]
        return ops + [call(SchoolbookMultiplier(n, n, inverse=True), a=("a", 0, n),
                           b=("b", 0, n), p=("p", 0, 2 * n)), Free("p", 2 * n)]

    def reference(self, *, a: int, b: int, c: int) -> dict[str, int]:
        m = self.acc_bits
        return {"a": a, "b": b,
                "c": (c + wide_product(a, b, self.bits, self.frac_bits, m)) % (1 << m)}


@dataclass(frozen=True)
class WideDot(Composite):
    """|a_i⟩|b_i⟩|y⟩ → |a_i⟩|b_i⟩|y + Σ_i ⌊A_i·B_i/2^f⌋ mod 2^m⟩: ``length`` WideMacs into
    the m-bit y, one loop (registers a0…a{L−1}, b0…, y in signature order, as the n-bit
    ``dot``). Cost: length × WideMac plus the barriers between them."""

    length: int
    bits: int
    frac_bits: int
    acc_bits: int
    name = "dot"

    def __post_init__(self) -> None:
        check_accumulator(self.bits, self.frac_bits, self.acc_bits)

    @cached_property
    def signature(self) -> Signature:
        n, L = self.bits, self.length
        return Signature(numbered("a", L, n)
                         + numbered("b", L, n)
                         + [Register("y", self.acc_bits, Role.OUTPUT, signed=True)])

    def ops(self):
        # the registers, in signature order, are one flat wire list "*": a's, b's, then y
        n, L = self.bits, self.length
        mac = WideMac(n, self.frac_bits, self.acc_bits)
        body = (call_flat(mac, ("*", 0, n, n), ("*", L * n, (L + 1) * n, n),
                          ("*", 2 * L * n, 2 * L * n + self.acc_bits)),)
        return [Loop(L, body)]

    def build(self, bb, **regs: list[int]) -> None:
        flat = [q for r in self.signature for q in regs[r.name]]
        super().build(bb, **{"*": flat})

    def _start(self):
        from qdl.circuits.compose import _State

        # y accumulates (it need not start in |0⟩: the stage uncomputes by complementing it),
        # so no register is ever reset as "fresh"
        return _State({}, self.register_width())

    def register_width(self) -> int:  # counting never builds the 2L + 1 registers
        return 2 * self.length * self.bits + self.acc_bits

    def reference(self, *, y: int, **values: int) -> dict[str, int]:
        n, f, m = self.bits, self.frac_bits, self.acc_bits
        total = sum(wide_product(values[f"a{i}"], values[f"b{i}"], n, f, m)
                    for i in range(self.length))
        return {**values, "y": (y + total) % (1 << m)}
