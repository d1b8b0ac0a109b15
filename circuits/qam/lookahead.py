"""Carry-lookahead addition ``a += b (mod 2^n)`` in T-depth O(log n).

The carries come from a Brent–Kung parallel-prefix tree over (generate, propagate) pairs, the
tree of Draper, Kutin, Rains, Svore, "A logarithmic-depth quantum carry-lookahead adder",
QIC 6, 351 (2006), arXiv:quant-ph/0406142, §3 (G-, P- and C-rounds). Every tree node is a
temporary AND into a fresh ancilla (a G node is P_hi ∧ G_lo ⊕ G_hi: the two terms never both
hold), so the whole tree is uncomputed by measurement at 0 T (Gidney, Quantum 2, 74 (2018),
Fig. 3). The in-place adder is DKRS's out-of-place construction made in place (their §4
idea): copy the carries c_1..c_{n−1} into a fresh register and uncompute the tree; write
s = a ⊕ b ⊕ c into a; the carries of ¬s + b equal those of a + b (c_i = [s mod 2^i < b mod
2^i]), so a second tree on (¬s, b) XORs them out of the copy.

The circuit is generated once as a plan (a list of AND / measured-uncompute / CNOT / X ops
on abstract wires) that the build replays on a Builder. The cost is closed-form and needs no
plan (O(log n) time and memory, so the declared maximum of 2^24 bits counts in microseconds):
op counts from the Brent–Kung round sizes, and depths of the as-soon-as-possible schedule with
the conventions of qdl.passes.circuit_count (an AND sets its three wires to max(L_a, L_b,
L_t + 1) + 1 T layers; a measured uncompute raises its controls to the target's level through
the classically controlled CZ; Cliffords synchronise), see LookaheadAdder.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from qdl.circuits.builder import Builder
from qdl.circuits.gates import CX, And, AndUncompute, Clifford
from qdl.circuits.qam._registers import InPlaceAdder

Op = tuple  # ("and"|"unand", x, y, t) | ("cx", c, t) | ("x", q) | ("alloc", w) | ("free", w)


class _Plan:
    """Ops on abstract wires: 0..n−1 are ``a``, n..2n−1 are ``b``, later ids are ancillas."""

    def __init__(self, n: int):
        self.n = n
        self.ops: list[Op] = []
        self.next_wire = 2 * n

    def alloc(self) -> int:
        w = self.next_wire
        self.next_wire += 1
        self.ops.append(("alloc", w))
        return w

    def and_(self, x: int, y: int) -> int:
        t = self.alloc()
        self.ops.append(("and", x, y, t))
        return t

    def carries(self, x: list[int], y: list[int], copy: list[int]) -> None:
        """copy[k] ^= c_{k+1}(x + y), k < len(copy); x, y and the ancillas end as they began."""
        leaves = len(copy)
        start = len(self.ops)
        g = [self.and_(x[k], y[k]) for k in range(leaves)]
        for k in range(1, leaves):  # p_k = x_k ⊕ y_k, in place in y
            self.ops.append(("cx", x[k], y[k]))
        p: list[int | None] = [None] + y[1:leaves]
        for k, j, need_p in brent_kung(leaves):
            t = self.and_(p[k], g[j])  # G = G_hi ⊕ P_hi·G_lo
            self.ops.append(("cx", g[k], t))
            g[k] = t
            p[k] = self.and_(p[k], p[j]) if need_p else None
        for k in range(leaves):
            self.ops.append(("cx", g[k], copy[k]))
        kept = set(copy)
        for op in reversed(self.ops[start:]):  # uncompute everything but the copies
            if op[0] == "and":
                self.ops += [("unand", *op[1:]), ("free", op[3])]
            elif op[0] == "cx" and op[2] not in kept:
                self.ops.append(op)


def brent_kung(leaves: int) -> list[tuple[int, int, bool]]:
    """Prefix combines (hi, lo, new P needed) turning leaf k into the prefix over 0..k.

    Up-sweep: node k ← node k ∘ node k−2^s when 2^{s+1} divides k+1 (DKRS's G- and P-rounds);
    down-sweep, s decreasing: node k ← node k ∘ node k−2^s when k+1 = m·2^{s+1} + 2^s, m ≥ 1
    (their C-rounds). A combined P is computed only if a later combine uses the node as its
    upper operand, or uses it as the lower operand of a P that is itself needed.
    """
    pairs = []
    s = 0
    while (2 << s) <= leaves:
        pairs += [(k, k - (1 << s)) for k in range((2 << s) - 1, leaves, 2 << s)]
        s += 1
    for s in reversed(range(s)):
        pairs += [(k, k - (1 << s)) for k in range((3 << s) - 1, leaves, 2 << s)]
    version = [0] * leaves
    named = []
    for k, j in pairs:
        named.append(((k, version[k]), (j, version[j])))
        version[k] += 1
    needed: set[tuple[int, int]] = set()
    out = []
    for hi, lo in reversed(named):
        need_p = (hi[0], hi[1] + 1) in needed
        needed.add(hi)
        if need_p:
            needed.add(lo)
        out.append((hi[0], lo[0], need_p))
    return out[::-1]


def tree_size(leaves: int) -> tuple[int, int]:
    """(combines, combined P nodes) of :func:`brent_kung` over ``leaves`` leaves, in O(log n).

    With S = ⌊log2 leaves⌋ up-sweep rounds: round s combines the ⌊leaves/2^{s+1}⌋ nodes k with
    2^{s+1} | k+1; down-sweep round s (run when leaves ≥ 3·2^s) combines
    ⌊(leaves − 3·2^s)/2^{s+1}⌋ + 1 nodes. A combined P is needed exactly for the up-sweep
    nodes k+1 = m·2^{s+1} with m ≥ 2 (each is later an upper operand, in round s+1 of the
    up-sweep for m even, of the down-sweep for m odd); the m = 1 nodes and every down-sweep
    node are finished prefixes, whose P no G combine reads.
    """
    rounds = range(leaves.bit_length() - 1)
    up = sum(leaves >> (s + 1) for s in rounds)
    down = sum(((leaves - 3 * (1 << s)) >> (s + 1)) + 1 for s in rounds if leaves >= 3 << s)
    return up + down, sum(max(0, (leaves >> (s + 1)) - 1) for s in rounds)


@dataclass(frozen=True)
class LookaheadAdder(InPlaceAdder):
    """|a⟩|b⟩ → |a + b mod 2^n⟩|b⟩ with two Brent–Kung carry trees of temporary ANDs.

    Closed-form cost (n ≥ 2), with L = n − 1 carries, S = ⌊log2 L⌋ and (C, P) =
    :func:`tree_size` (L) the tree's combines and needed P nodes; each tree computes L leaf
    G's and C + P combines, each an AND into a fresh ancilla, uncomputed by measurement:

    - AND = measured uncomputes = 2(L + C + P), T = 8(L + C + P) (4 per AND, 0 per uncompute);
    - CNOT 8n − 11 + 4C (per tree: L − 1 for p = x ⊕ y and C into the G nodes, both undone,
      plus L into the copy; then n for s = a ⊕ b and n − 1 for the carries), X 2n;
    - qubits 4n − 2 + C + P: a, b, the L-bit copy and one tree's L + C + P ancillas;
    - T-depth 6S − 1 + 2·[L ≥ 3·2^{S−1}] (3 for n = 2), Toffoli depth one less: the
      as-soon-as-possible schedule of the plan (module docstring): 6 more T layers for each
      further up-sweep round (with its down-sweep partner), 2 more when the top down-sweep
      round exists. Read off that schedule, run op by op, and found equal to it for every
      n ≤ 1,200 and around 2^k and 3·2^{k−1} for k ≤ 15.

    Every count is O(log n) arithmetic; tests/circuits/qam/test_lookahead.py checks them all
    against the count of the built circuit. n = 1 is one CNOT.
    """

    @cached_property
    def plan(self) -> _Plan:
        n = self.bits
        plan = _Plan(n)
        a, b = list(range(n)), list(range(n, 2 * n))
        copy = [plan.alloc() for _ in range(n - 1)]
        plan.carries(a, b, copy)
        plan.ops += [("cx", b[i], a[i]) for i in range(n)]
        plan.ops += [("cx", copy[i - 1], a[i]) for i in range(1, n)]
        plan.ops += [("x", q) for q in a]
        plan.carries(a, b, copy)  # carries of ¬s + b are those of a + b: the copy is cleared
        plan.ops += [("x", q) for q in a] + [("free", w) for w in copy]
        return plan

    def children(self):
        n = self.bits
        if n == 1:
            return ((CX, 1),)
        combines, p_nodes = tree_size(n - 1)
        ands = 2 * (n - 1 + combines + p_nodes)
        return ((CX, 8 * n - 11 + 4 * combines), (Clifford("x"), 2 * n),
                (And(), ands), (AndUncompute(), ands))

    def qubits(self) -> int:
        n = self.bits
        return 4 * n - 2 + sum(tree_size(n - 1)) if n > 1 else 2

    def t_depth(self) -> int:
        rounds = (self.bits - 1).bit_length() - 1  # S = ⌊log2 L⌋
        if rounds < 1:
            return 3 if self.bits == 2 else 0
        return 6 * rounds - 1 + 2 * (self.bits - 1 >= 3 << (rounds - 1))

    def toffoli_depth(self) -> int:
        return max(0, self.t_depth() - 1)

    def build(self, bb: Builder, *, a: list[int], b: list[int]) -> None:
        if self.bits == 1:
            bb.cx(b[0], a[0])
            return
        wire = dict(enumerate(a + b))
        for op in self.plan.ops:
            kind, args = op[0], [wire.get(w) for w in op[1:]]
            if kind == "alloc":
                wire[op[1]] = bb.alloc(1)[0]
            elif kind == "free":
                bb.release([wire.pop(op[1])])
            elif kind == "cx":
                bb.cx(*args)
            elif kind == "x":
                bb.x(args[0])
            else:
                bb.call(And() if kind == "and" else AndUncompute(),
                        a=[args[0]], b=[args[1]], t=[args[2]])

