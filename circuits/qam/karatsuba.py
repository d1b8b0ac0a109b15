"""Karatsuba multiplication ``p = a·b`` with a garbage forward pass and a free backward pass.

With h = ⌈n/2⌉, l = ⌊n/2⌋, a = a₀ + 2^h a₁ and b = b₀ + 2^h b₁ (Karatsuba and Ofman, Soviet
Physics Doklady 7, 595 (1963)):

    a·b = z₀ + 2^h (z₁ − z₀ − z₂) + 2^{2h} z₂,   z₀ = a₀b₀, z₂ = a₁b₁, z₁ = (a₀+a₁)(b₀+b₁).

Uncomputing z₁ with a second multiplication would make the cost T(n) = 6T(n/2) + O(n), worse
than schoolbook. Instead every block of the forward pass (:class:`KaratsubaForward`, recursively)
writes only fresh registers with ANDs and CNOTs and keeps them as garbage; the top level
(:class:`KaratsubaMultiplier`) copies the product out and runs the forward pass backwards,
where every AND is erased by measurement (Gidney, Quantum 2, 74 (2018), Fig. 3) at 0 T.
So the AND count is that of the forward pass alone, G(n) = G(h) + G(l) + G(h+1) + 5h + 2n − 1,
with :class:`RowProduct` (2k² − k, schoolbook's count, free to undo) below the ``base`` width.

Every forward block is a :class:`~qdl.circuits.qam._staged.StagedBlock` program whose stages
each write their own output register, serialised by the stage synchronisation of
qdl.circuits.qam._staged: the T-depth is the serial sum D₁ + Σ (Dᵢ − 1) and equals the circuit's.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import cache

from qdl.circuits.block import Block, Register, Role, Signature
from qdl.circuits.builder import Builder
from qdl.circuits.gates import CX, And, AndUncompute, Clifford
from qdl.circuits.qam._staged import Alloc, Fanout, StagedBlock, invert, run
from qdl.circuits.qam.controlled_addition import ControlledCopy
from qdl.circuits.qam.multiplication import product_signature
from qdl.errors import ParameterError

def _role(inverse: bool) -> Role:
    return Role.THRU if inverse else Role.OUTPUT


@dataclass(frozen=True)
class GarbageAdder(Block):
    """|x⟩|y⟩|0⟩_s|0⟩_g → |x⟩|y⟩|x ± y⟩_s|c⟩_g, x and the sum w bits, y v ≤ w bits.

    The sum is mod 2^w, or w+1 bits with ``carry_out``; ``subtract`` computes x − y mod 2^w as
    ~(~x + y) (X gates on x and s). g keeps the carries c₁…c_{w−1} as garbage, each one AND
    (Gidney 2018 §3: c_{i+1} = c_i ⊕ (x_i ⊕ c_i)(y_i ⊕ c_i); c_{i+1} = x_i c_i where y_i = 0),
    so with ``inverse`` the same gates run backwards and each AND is measured out at 0 T.

    Cost: w − 1 + carry_out AND (inverse: as many measured uncomputes), 5(min(v, w−1+co) − 1)
    + 2w + v − 1 CNOT, 3w X when subtracting; qubits 3w + v − 1 + co; T-depth #AND + 1 and
    Toffoli depth #AND (the carries form one chain); inverse 0.
    """

    bits: int
    bits_y: int
    carry_out: bool = False
    subtract: bool = False
    inverse: bool = False
    name = "garbage_add"

    def __post_init__(self) -> None:
        if not (2 <= self.bits and 1 <= self.bits_y <= self.bits) or (
                self.subtract and self.carry_out):
            raise ParameterError(f"garbage adder of {self.bits}±{self.bits_y} bits",
                                 "use 1 ≤ bits_y ≤ bits, bits ≥ 2, no carry out when subtracting")

    @property
    def signature(self) -> Signature:
        w, role = self.bits, _role(self.inverse)
        return Signature([Register("x", w), Register("y", self.bits_y),
                          Register("s", w + self.carry_out, role), Register("g", w - 1, role)])

    def inverted(self) -> GarbageAdder:
        return replace(self, inverse=not self.inverse)

    def _ands(self) -> int:
        return self.bits - 1 + self.carry_out

    def children(self):
        w, v = self.bits, self.bits_y
        cx = 5 * (min(v, self._ands()) - 1) + 2 * w + v - 1
        kids = [(CX, cx), (AndUncompute() if self.inverse else And(), self._ands())]
        if self.subtract:
            kids.append((Clifford("x"), 3 * w))
        return tuple(kids)

    def t_depth(self) -> int:
        return 0 if self.inverse else self._ands() + 1

    def toffoli_depth(self) -> int:
        return 0 if self.inverse else self._ands()

    def _gates(self, x, y, s, g) -> list[tuple]:
        w, v = self.bits, self.bits_y
        carry = [None] + list(g) + ([s[w]] if self.carry_out else [])
        flips = [("x", q) for q in x] if self.subtract else []
        gates = list(flips)
        for i in range(self._ands()):
            c, t = carry[i], carry[i + 1]
            if i == 0:
                gates.append(("and", x[0], y[0], t))
            elif i < v:
                gates += [("cx", c, x[i]), ("cx", c, y[i]), ("and", x[i], y[i], t),
                          ("cx", c, t), ("cx", c, x[i]), ("cx", c, y[i])]
            else:
                gates.append(("and", x[i], c, t))
        for i in range(w):
            sources = [x[i]] + ([y[i]] if i < v else []) + ([carry[i]] if i else [])
            gates += [("cx", q, s[i]) for q in sources]
        if self.subtract:
            gates += [("x", q) for q in s[:w]] + flips
        return gates

    def build(self, bb: Builder, *, x: list[int], y: list[int], s: list[int],
              g: list[int]) -> None:
        gates = self._gates(x, y, s, g)
        for name, *qs in (reversed(gates) if self.inverse else gates):
            if name == "and" and self.inverse:
                bb.call(AndUncompute(), a=[qs[0]], b=[qs[1]], t=[qs[2]])
            else:
                bb.gate(name, *qs)

    def forward_values(self, x: int, y: int) -> tuple[int, int]:
        """(s, g) as the forward pass leaves them."""
        w = self.bits
        xs = x ^ ((1 << w) - 1) if self.subtract else x
        carries, c = 0, 0
        for i in range(self._ands()):
            xi, yi = xs >> i & 1, y >> i & 1
            c = (xi & yi) | (c & (xi ^ yi))
            carries |= c << i
        total = (x - y if self.subtract else x + y) % (1 << (w + self.carry_out))
        g = carries & ((1 << (w - 1)) - 1)
        return total, g

    def reference(self, *, x: int, y: int, s: int, g: int) -> dict[str, int]:
        fs, fg = self.forward_values(x, y)
        return {"x": x, "y": y, "s": s ^ fs, "g": g ^ fg}


class GarbageProduct(StagedBlock):
    """|a⟩|b⟩|0⟩_p|0…⟩ → |a⟩|b⟩|a·b⟩_p|garbage⟩ (a, b: ``bits`` each, p: 2·bits), or with
    ``inverse`` the same program backwards (garbage and p back to |0⟩ at 0 T).

    Subclasses give :meth:`garbage` (name, width) registers and :meth:`forward`; the reference
    runs the program on the stages' own references."""

    fresh_per_register = True

    def garbage(self) -> list[tuple[str, int]]:
        raise NotImplementedError

    def garbage_width(self) -> int:
        return _garbage_width(self)

    @property
    def signature(self) -> Signature:
        return _signature(self)

    def inverted(self) -> GarbageProduct:
        return replace(self, inverse=not self.inverse)

    def ops(self):
        return _ops(self)

    def packed(self, into: str) -> dict[str, tuple[str, int, int]]:
        """Segments of register ``into`` that hold this block's garbage, back to back."""
        out, at = {}, 0
        for name, w in self.garbage():
            out[name] = (into, at, at + w)
            at += w
        return out

    def reference(self, **values: int) -> dict[str, int]:
        regs = {r.name: 0 for r in self.signature}
        regs.update(a=values["a"], b=values["b"])
        for op in self.forward():
            ins = {name: _gather(regs, segs) for name, segs in op.wires}
            for name, value in op.block.reference(**ins).items():
                _scatter(regs, dict(op.wires)[name], value)
        return {name: values[name] ^ (regs[name] if name not in ("a", "b") else 0)
                for name in values}


# Memoised per block value, so that counting visits each of the O(log n) distinct widths once:
# a level's garbage holds its three children's (uncached, 3^depth visits), and the stage
# schedule asks for the program and the signature several times.
@cache
def _garbage_width(block: GarbageProduct) -> int:
    return sum(w for _, w in block.garbage())


@cache
def _signature(block: GarbageProduct) -> Signature:
    role = _role(block.inverse)
    return Signature([Register("a", block.bits), Register("b", block.bits),
                      Register("p", 2 * block.bits, role)]
                     + [Register(name, w, role) for name, w in block.garbage()])


@cache
def _ops(block: GarbageProduct) -> tuple:
    return tuple(invert(block.forward()) if block.inverse else block.forward())


def _gather(regs: dict[str, int], segs) -> int:
    value, at = 0, 0
    for reg, lo, hi in segs:
        value |= (regs[reg] >> lo & ((1 << (hi - lo)) - 1)) << at
        at += hi - lo
    return value


def _scatter(regs: dict[str, int], segs, value: int) -> None:
    for reg, lo, hi in segs:
        mask = ((1 << (hi - lo)) - 1) << lo
        regs[reg] = regs[reg] & ~mask | (value << lo & mask)
        value >>= hi - lo


#: Width from which the registered ``karatsuba`` variant recurses: over every base from 4 to
#: 40, 14 gives the fewest ANDs at every width measured (docs/primitives.md); below it the
#: variant is schoolbook, which Karatsuba does not beat there.
DEFAULT_BASE = 14


@dataclass(frozen=True)
class RowProduct(GarbageProduct):
    """Schoolbook with garbage, the base case: k ≥ 2 bits.

    Rows r_j = b_j·a (:class:`ControlledCopy`, k AND each) into fresh registers; running sums
    h_1 = r_1 + r_0 >> 1, h_j = r_j + h_{j−1} >> 1 (:class:`GarbageAdder` with carry out, k AND
    each); p = r_0[0], h_1[0], …, h_{k−2}[0], h_{k−1} copied out by CNOT.

    Cost: 2k² − k AND (schoolbook's count, t_count 8k² − 4k), 0 T backwards; garbage
    k² + (k−1)(2k) bits; T-depth (2k−1)(k+1) − (2k−2) = 2k² − k + 1 and Toffoli depth
    2k² − k (2k−1 serial stages of k+1 T layers, each after the first sharing one).
    """

    bits: int
    inverse: bool = False
    name = "row_product"

    def __post_init__(self) -> None:
        if self.bits < 2:
            raise ParameterError(f"row product of {self.bits} bits", "use bits ≥ 2")

    def garbage(self):
        k = self.bits
        return ([(f"r{j}", k) for j in range(k)] + [(f"h{j}", k + 1) for j in range(1, k)]
                + [(f"c{j}", k - 1) for j in range(1, k)])

    def forward(self):
        k = self.bits
        ops = [run(ControlledCopy(k), c=("b", j, j + 1), b=("a", 0, k), t=(f"r{j}", 0, k))
               for j in range(k)]
        low = ("r0", 1, k)
        for j in range(1, k):
            ops.append(run(GarbageAdder(k, low[2] - low[1], carry_out=True),
                           x=(f"r{j}", 0, k), y=low, s=(f"h{j}", 0, k + 1),
                           g=(f"c{j}", 0, k - 1)))
            low = (f"h{j}", 1, k + 1)
        bits = [("r0", 0, 1)] + [(f"h{j}", 0, 1) for j in range(1, k - 1)] + [(f"h{k-1}", 0, k + 1)]
        ops.append(run(Fanout(2 * k), a=bits, b=("p", 0, 2 * k)))
        return ops


def forward_product(bits: int, base: int) -> GarbageProduct:
    """Karatsuba from ``base`` bits up, rows below."""
    return KaratsubaForward(bits, base) if bits >= base else RowProduct(bits)


@dataclass(frozen=True)
class KaratsubaForward(GarbageProduct):
    """One Karatsuba level with garbage (n ≥ base ≥ 4; h = ⌈n/2⌉, l = ⌊n/2⌋).

    Stages: s_a = a₀ + a₁ and s_b = b₀ + b₁ (h+1 bits each, h AND); z₀ = a₀b₀, z₂ = a₁b₁,
    z₁ = s_a s_b (:func:`forward_product`, their garbage packed into g0, g2, g1);
    m = z₁ − z₀ and d = m − z₂ mod 2^{2h+1} (the middle term a₀b₁ + a₁b₀ < 2^{2h+1}; 2h AND
    each); p[h:2n] = (z₀ >> h | z₂ << h) + d (z₀ and z₂ do not overlap; 2n − h − 1 AND);
    p[0:h] = z₀[0:h] by CNOT.

    Cost: G(n) = G(h) + G(l) + G(h+1) + 5h + 2n − 1 AND; T-depth and Toffoli depth from the
    stage rule of qdl.circuits.qam._staged (serial stages).
    """

    bits: int
    base: int = 4
    inverse: bool = False
    name = "karatsuba_forward"

    def __post_init__(self) -> None:
        if not 4 <= self.base <= self.bits:
            raise ParameterError(f"karatsuba level of {self.bits} bits with base {self.base}",
                                 "use 4 ≤ base ≤ bits")

    def _halves(self) -> tuple[int, int]:
        return (self.bits + 1) // 2, self.bits // 2

    def _subs(self) -> tuple[GarbageProduct, GarbageProduct, GarbageProduct]:
        h, l = self._halves()
        return tuple(forward_product(k, self.base) for k in (h, l, h + 1))

    def garbage(self):
        h, l = self._halves()
        n = self.bits
        z0, z2, z1 = self._subs()
        return [("sa", h + 1), ("ca", h - 1), ("sb", h + 1), ("cb", h - 1),
                ("z0", 2 * h), ("g0", z0.garbage_width()), ("z2", 2 * l),
                ("g2", z2.garbage_width()), ("z1", 2 * h + 2), ("g1", z1.garbage_width()),
                ("m", 2 * h + 1), ("cm", 2 * h), ("d", 2 * h + 1), ("cd", 2 * h),
                ("ch", 2 * n - h - 1)]

    def forward(self):
        h, l = self._halves()
        n = self.bits
        z0, z2, z1 = self._subs()
        half_sum = GarbageAdder(h, l, carry_out=True)
        middle = 2 * h + 1
        return [
            run(half_sum, x=("a", 0, h), y=("a", h, n), s=("sa", 0, h + 1), g=("ca", 0, h - 1)),
            run(half_sum, x=("b", 0, h), y=("b", h, n), s=("sb", 0, h + 1), g=("cb", 0, h - 1)),
            run(z0, a=("a", 0, h), b=("b", 0, h), p=("z0", 0, 2 * h), **z0.packed("g0")),
            run(z2, a=("a", h, n), b=("b", h, n), p=("z2", 0, 2 * l), **z2.packed("g2")),
            run(z1, a=("sa", 0, h + 1), b=("sb", 0, h + 1), p=("z1", 0, 2 * h + 2),
                **z1.packed("g1")),
            run(GarbageAdder(middle, 2 * h, subtract=True), x=("z1", 0, middle),
                y=("z0", 0, 2 * h), s=("m", 0, middle), g=("cm", 0, middle - 1)),
            run(GarbageAdder(middle, 2 * l, subtract=True), x=("m", 0, middle),
                y=("z2", 0, 2 * l), s=("d", 0, middle), g=("cd", 0, middle - 1)),
            run(GarbageAdder(2 * n - h, middle), x=[("z0", h, 2 * h), ("z2", 0, 2 * l)],
                y=("d", 0, middle), s=("p", h, 2 * n), g=("ch", 0, 2 * n - h - 1)),
            run(Fanout(h), a=("z0", 0, h), b=("p", 0, h)),
        ]


@dataclass(frozen=True)
class KaratsubaMultiplier(StagedBlock):
    """|a⟩|b⟩|0⟩ → |a⟩|b⟩|a·b⟩ (a, b: n bits, p: 2n bits), n ≥ base ≥ 4.

    :class:`KaratsubaForward` into fresh z and garbage registers, p ^= z by CNOT, the forward
    pass backwards (every AND measured out, 0 T). Cost: G(n) AND (t_count 4G(n)), T-depth and
    Toffoli depth those of the forward pass; qubits 6n + garbage(n).
    """

    bits: int
    base: int = 4
    name = "multiply"

    def __post_init__(self) -> None:
        KaratsubaForward(self.bits, self.base)  # the same width checks

    @property
    def signature(self) -> Signature:
        return product_signature(self.bits, self.bits)

    def forward(self):
        n = self.bits
        fwd = KaratsubaForward(n, self.base)
        return [Alloc("z", 2 * n), Alloc("g", fwd.garbage_width()),
                run(fwd, a=("a", 0, n), b=("b", 0, n), p=("z", 0, 2 * n), **fwd.packed("g"))]

    def result(self):
        n = self.bits
        return run(Fanout(2 * n), a=("z", 0, 2 * n), b=("p", 0, 2 * n))

    def reference(self, *, a: int, b: int, p: int) -> dict[str, int]:
        return {"a": a, "b": b, "p": p ^ (a * b)}
