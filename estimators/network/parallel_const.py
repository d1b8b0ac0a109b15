"""Constant-weight stages in parallel: feature groups on copies of the window, partial sums.

A shift-and-add stage (qdl.estimators.network.lower_weights) computes, for the element's
position p, every output feature y_j = Σ_{l<L} ⌊x_l·W_jl / 2^f⌋ mod 2^A (j < d_out, L window
values x of b bits, A = acc_width(b, f, L)), each a ``FlooredConstantDot`` into its own
accumulator, and ``SelectCopy`` hands the readout the y_j its index names. Serially the
d_out·L constant products run one after another. With ``ways`` k = g·t they run as g·t
branches of a parallel Loop (docs/composition.md, "Parallel branches"):

- **g feature groups** (g | d_out): group γ computes features γ·m … γ·m + m − 1 (m = d_out/g)
  on its own copy of the window; the g − 1 copies are CNOT fan-outs of the loaded window
  (L·b CNOTs each, Clifford: no T, no T-depth), erased by the same fan-outs in the uncompute;
- **t partial sums** (t a power of two dividing L, or t = L when g = 1): branch (γ, u) adds
  the products of window slice u (L/t values) into partial sum u of each of its features, at
  the full width A (so the sum of the partials is the serial sum mod 2^A bit for bit); then an
  adder tree of ⌈log2 t⌉ levels, level s adding partial u + s into partial u (u ≡ 0 mod 2s)
  for every pair of every group at once and the m features of a group one after another.

Layout of the accumulator register: partial u of feature γ·m + i at A·(m·(γ·t + u) + i), so a
branch's window slice ((L/t)·b·(γ·t + u)) and accumulators move with one stride each; the
K − d_out padding words of SelectCopy (K = 2^⌈log2 d_out⌉) follow. SelectCopy reads partial 0
of every feature (g segments of m·A bits and the padding).

One execution, with D the T-depth of one constant product and D_add of an A-bit add:

    T-depth ≈ (d_out/g)·(L/t)·D + ⌈log2 t⌉·(d_out/g)·D_add + SelectCopy,
    qubits ≈ serial + (g − 1)·L·b + (t − 1)·d_out·A + (g·t − 1)·(one product's scratch),

counts: the serial products unchanged, plus the tree's (t − 1)·d_out adds (and their inverse
in the uncompute). For a given k the (g, t) of least added register qubits
(g − 1)·L·b + (t − 1)·d_out·A is built (ties: more partial sums); its cost is its program's.
"""

from __future__ import annotations

from functools import lru_cache

from qdl.circuits.compose import call_flat
from qdl.circuits.dtm.select_copy import SelectCopy
from qdl.circuits.qam._staged import Fanout
from qdl.estimators.network.graph import index_bits
from qdl.estimators.network.lower_weights import floored_dot
from qdl.estimators.network.modules import primitive
from qdl.estimators.network.parallel import ways_options


def term_groups(length: int) -> list[int]:
    """Partial-sum counts t offered for an L-term dot: powers of two dividing L, and L."""
    return ways_options(length)


@lru_cache(maxsize=4096)
def pairs(length: int, outputs: int) -> tuple[tuple[int, int], ...]:
    """Every (g, t) the stage can run in: g | d_out (ways_options), t of :func:`term_groups`,
    t a power of two unless g = 1 (the tree's pairs must be the same in every group)."""
    return tuple((g, t) for g in ways_options(outputs) for t in term_groups(length)
                 if g == 1 or t & (t - 1) == 0)


@lru_cache(maxsize=4096)
def offers(length: int, outputs: int) -> tuple[int, ...]:
    """The group counts k = g·t the stage offers, ascending (1: serial)."""
    return tuple(sorted({g * t for g, t in pairs(length, outputs)}))


def fit_groups(ways: int, length: int, outputs: int) -> int:
    """The largest offered k = g·t ≤ ``ways`` (1: serial)."""
    return max(o for o in offers(length, outputs) if o <= max(1, ways))


@lru_cache(maxsize=4096)
def split(ways: int, length: int, outputs: int, bits: int, acc: int) -> tuple[int, int]:
    """(g, t) for the largest offered k ≤ ``ways``: the pair of least added register qubits
    (g − 1)·L·b + (t − 1)·d_out·A (ties: more partial sums)."""
    k = fit_groups(ways, length, outputs)
    return min(((g, t) for g, t in pairs(length, outputs) if g * t == k),
               key=lambda p: ((p[0] - 1) * length * bits + (p[1] - 1) * outputs * acc, -p[1]))


def split_features(w, s, length: int, outputs: int, rows, acc: int, g: int, t: int,
                   out: str = "acc") -> None:
    """Every feature of the position into its accumulator in g groups × t partial sums (module
    docstring), the tree, then the feature the index's ``out`` field names into ``out``
    (SelectCopy; a single feature is summed in ``out`` itself). ``rows(j)``: the weight row j
    (j None: the worst-case row of the count)."""
    b, m, n = s.bits, outputs // g, length // t
    if g > 1:  # copies 1 … g − 1 of the loaded window (slice 0)
        w.reg("win", g * length * b)
        w.loop(g - 1, lambda i: w.call(Fanout(length * b), a=("win", 0, length * b),
                                       b=w.at(i, "win", length * b, 2 * length * b,
                                              length * b)))
    sel = index_bits(outputs)
    reg = out if outputs == 1 else "accs"
    w.reg(reg, outputs * t * acc + (0 if outputs == 1 else ((1 << sel) - outputs) * acc))

    def product(q, i):
        if q is None or i is None:
            weights = rows(None)[:n]
        else:
            weights = rows((q // t) * m + i)[(q % t) * n:(q % t + 1) * n]
        block = floored_dot(b, s.frac_bits, tuple(weights), acc)
        w.ops.append(call_flat(block, w.at(i, "win", 0, n * b, 0, q, n * b),
                               w.at(i, reg, 0, acc, acc, q, m * acc)))

    w.loop(g * t, lambda q: w.loop(m, lambda i: product(q, i)), parallel=True)
    add, step = primitive("add", bits=acc), 1
    while step < t:  # level s: partial u += partial u + s, every pair of every group at once
        stride, half = 2 * step * m * acc, step * m * acc

        def fold(r, i, stride=stride, half=half):
            w.call(add, a=w.at(i, reg, 0, acc, acc, r, stride),
                   b=w.at(i, reg, half, half + acc, acc, r, stride))

        count = g * len(range(0, t - step, 2 * step))
        w.loop(count, lambda r, fold=fold: w.loop(m, lambda i: fold(r, i)), parallel=True)
        step *= 2
    if outputs == 1:
        w.sums[out] = acc
        return
    w.reg(out, acc)
    words = [(reg, gr * m * t * acc, gr * m * t * acc + m * acc) for gr in range(g)]
    if outputs < 1 << sel:
        words.append((reg, outputs * t * acc, (outputs * t + (1 << sel) - outputs) * acc))
    lo, hi = w.offsets["out"]
    w.call(SelectCopy(sel, acc), select=("index", lo, hi), r=words, y=(out, 0, acc))


__all__ = ["offers", "fit_groups", "split", "split_features", "pairs", "term_groups"]
