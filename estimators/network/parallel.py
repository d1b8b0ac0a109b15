"""Parallel sums in a stage program: a sum of L terms in k groups at once, then an adder tree.

A stage computes one element y_e = Σ_{t<L} f_t (a dot's products, an FFN's hidden units);
serially the L terms accumulate one after another into one register (T-depth ∝ L). With
``ways`` k (a divisor of L), k groups of L/k consecutive terms run at the same time, each on
its own wires, into k partial sums side by side in one register, and a binary tree of
⌈log2 k⌉ levels of in-place adds (level s: p_j += p_{j+s} for j ≡ 0 mod 2s, all at once)
leaves y_e in the first partial sum:

    T-depth ≈ (L/k)·D_term + ⌈log2 k⌉·D_add   instead of   L·D_term,
    qubits ≈ serial + (k − 1)·(w + the ancillas of one term) (+ copies of shared operands),

with w the accumulator width. Every partial sum runs at the full accumulator width
w = b + min(⌈log2 L⌉, b − f) (docs/network.md), so the tree's sum equals the serial sum mod
2^w bit for bit. Operands a group shares with the others (an FFN's input x) are copied into
k registers by CNOT fan-outs before the groups start (Clifford: no T, no T-depth) and
erased by the same fan-outs in the uncompute; a dot's window and weight row are disjoint
slices per group and need no copy. The schedule is qdl.circuits.compose's parallel Loop
(docs/composition.md): depth the slowest group's, qubits the sum, checked against the built
circuit.
"""

from __future__ import annotations

from qdl.estimators.network.modules import primitive
from qdl.estimators.network.stage import ProgramWriter, acc_width


def ways_options(length: int) -> list[int]:
    """The group counts a sum of ``length`` terms is offered in: the powers of two that
    divide L (equal groups) and L itself, ascending; [1] for a single term."""
    out = {1, length}
    p = 2
    while length % p == 0:
        out.add(p)
        p *= 2
    return sorted(out)


def offered(notes: dict) -> list[int]:
    """The group counts a stage offers, from its notes: its ``schedule`` note's ``offers``
    (a constant-weight stage's g·t, qdl.estimators.network.parallel_const) or
    ways_options(terms); [1] without a sum to split."""
    sched = notes.get("schedule", {})
    return list(sched.get("offers") or ways_options(sched.get("terms", 1)))


def fit_ways(requested: int, length: int) -> int:
    """The largest offered group count ≤ ``requested`` (1: serial)."""
    return max(k for k in ways_options(length) if k <= max(1, requested))


def tree(w: ProgramWriter, reg: str, width: int, ways: int) -> None:
    """Fold the ``ways`` partial sums of ``width`` bits in ``reg`` into its first: level s
    adds p_{j+s} into p_j for every j ≡ 0 (mod 2s), the adds of a level in parallel."""
    add = primitive("add", bits=width)
    step = 1
    while step < ways:
        pairs, s = len(range(0, ways - step, 2 * step)), step

        def level(i, s=s):
            w.call(add, a=w.at(i, reg, 0, width, 2 * s * width),
                   b=w.at(i, reg, s * width, (s + 1) * width, 2 * s * width))

        w.loop(pairs, level, parallel=True)
        step *= 2


def parallel_dot(w: ProgramWriter, s, length: int, a: str, b: str, y: str, bits: int,
                 ways: int) -> int:
    """y = Σ_k a_k·b_k (operands of ``bits`` bits side by side in a and b) as ``ways``
    dots of L/ways terms into partial sums of y, then the tree; returns the sum's width.
    ``y`` holds ways partial sums; its first ``width`` bits are the result."""
    acc = acc_width(bits, s.frac_bits, length)
    m = length // ways
    dot = primitive("dot", length=m, bits=bits, frac_bits=s.frac_bits, acc_bits=acc)
    w.reg(y, ways * acc)

    def group(j):
        from qdl.circuits.compose import call_flat

        w.ops.append(call_flat(dot, w.at(j, a, 0, m * bits, m * bits),
                               w.at(j, b, 0, m * bits, m * bits), w.at(j, y, 0, acc, acc)))

    w.loop(ways, group, parallel=True)
    tree(w, y, acc, ways)
    w.sums[y] = acc
    return acc


def copies(w: ProgramWriter, src: str, width: int, dst: str, ways: int) -> None:
    """``ways`` copies of ``src``[0:width] side by side in ``dst`` by CNOT fan-outs (the
    operand every group reads; Clifford, erased by the same fan-outs in the uncompute)."""
    from qdl.circuits.qam._staged import Fanout

    w.reg(dst, ways * width)
    w.loop(ways, lambda j: w.call(Fanout(width), a=(src, 0, width),
                                  b=w.at(j, dst, 0, width, width)))
