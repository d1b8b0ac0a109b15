"""PREPARE by coherent alias sampling (Babbush et al., PRX 8, 041015 (2018), §III.D, Fig. 11).

For weights w_0 … w_{L−1} ≥ 0 (p_ℓ = w_ℓ/Σw) on B = L bins and μ bits of keep probability,
the classical alias table (Walker 1974; Vose 1991) gives each bin b an integer
``keep_b`` ∈ [0, 2^μ) and an ``alt_b`` < L such that

    p̃_ℓ = (1/B)·(keep_ℓ/2^μ + Σ_{b : alt_b = ℓ} (1 − keep_b/2^μ)) = c_ℓ/(B·2^μ)

for integer counts c_ℓ with Σ c_ℓ = B·2^μ and |c_ℓ − p_ℓ·B·2^μ| < 1 (largest-remainder
rounding), so Σ|p̃_ℓ − p_ℓ| < L/(B·2^μ) = 2^−μ. The circuit, on registers in |0⟩:

    uniform over the L bins on ``index`` (Fig. 12: Hadamards, and for L not a power of two one
    round of amplitude amplification with two RZ), H^{⊗μ} on ``sigma``
    lookup ``index`` → (``alt``, ``keep``)                     (QROM, or QROAM with clean junk)
    ``flag`` ⊕= [σ < keep]; X(flag)                            (flag = 1: move to the alias)
    controlled on ``flag``: SWAP(index, alt)                   (m controlled swaps)

leaves Σ_ℓ √p̃_ℓ |ℓ⟩_index |junk_ℓ⟩ with orthonormal junk (times a global phase from the
uniform superposition, undone by PREP†), which is all an LCU needs:
⟨0|PREP† (Σ_ℓ |ℓ⟩⟨ℓ| ⊗ U_ℓ) PREP|0⟩ = Σ_ℓ p̃_ℓ U_ℓ.

Cost: the uniform superposition (L = 2^k·L': 2 rotations and 3⌈log2 L'⌉ − 2 AND, none if
L' = 1), the lookup of L words of m + μ bits (QROM: 4L − 8 T; QROAM with K: 4(⌈L/K⌉ − 2) +
4(m + μ)(K − 1) T, Berry et al. 2019 App. B), one μ-bit comparator (4μ T) and m controlled
swaps (one Toffoli each, 4m T). Registers: index m, sigma μ, alt m, keep μ, flag 1 and the
QROAM's (K − 1)(m + μ) junk qubits.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from qdl.circuits.dtm.qroam_clean import QROAMClean, best_clean_block
from qdl.circuits.dtm.qrom import QROM
from qdl.circuits.qam.comparison import LessThan
from qdl.circuits.qlam.inline import inline
from qdl.circuits.qlam.program import Program


def alias_table(weights: np.ndarray, bins: int, mu: int) -> tuple[list[int], list[int], np.ndarray]:
    """(keep per bin, alt per bin, counts c_ℓ per term) of the integer alias table."""
    w = np.asarray(weights, dtype=float)
    total = bins << mu
    exact = w / w.sum() * total
    counts = np.floor(exact).astype(np.int64)
    short = total - int(counts.sum())  # largest remainders get the missing units
    counts[np.argsort(-(exact - counts), kind="stable")[:short]] += 1
    cap = 1 << mu
    level = np.zeros(bins, dtype=np.int64)
    level[: len(counts)] = counts
    keep, alt = [0] * bins, list(range(bins))
    small = [b for b in range(bins) if level[b] < cap]
    large = [b for b in range(bins) if level[b] > cap]
    while small:
        s = small.pop()
        big = large[-1]  # Σ level = bins·cap, so a short bin always has a large partner
        keep[s], alt[s] = int(level[s]), big
        level[big] -= cap - level[s]
        if level[big] <= cap:
            large.pop()
            if level[big] < cap:
                small.append(big)
    # full bins (level == cap) keep themselves: alt = self, keep irrelevant, stored as 0
    return keep, alt, counts[: len(w)]


def alias_probabilities(keep: list[int], alt: list[int], mu: int, terms: int) -> np.ndarray:
    """p̃_ℓ that the circuit prepares from a table (an independent check of the counts)."""
    bins, cap = len(keep), 1 << mu
    p = np.zeros(bins)
    for b in range(bins):
        stay = keep[b] if alt[b] != b else cap
        p[b] += stay
        p[alt[b]] += cap - stay
    return p[:terms] / (bins * cap)


@dataclass(frozen=True)
class AliasLayout:
    """Wire layout of the alias-sampling PREPARE inside a ``be`` register."""

    bins: int  # B = L: the uniform superposition and the table cover exactly the L terms
    mu: int
    block: int  # QROAM block size K; 1 = plain QROM

    @property
    def index_bits(self) -> int:
        return max(1, (self.bins - 1).bit_length())

    @property
    def word_bits(self) -> int:
        return self.index_bits + self.mu

    @property
    def width(self) -> int:
        """index + sigma + alt + keep + flag + QROAM junk."""
        return 2 * self.word_bits + 1 + (self.block - 1) * self.word_bits

    @staticmethod
    def choose(bins: int, mu: int, block: int | None) -> "AliasLayout":
        """``block=None``: the K minimising the lookup's T-count."""
        bins = max(2, bins)
        m = max(1, (bins - 1).bit_length())
        if block is None:
            block = best_clean_block(bins, m + mu) if bins > 2 else 1
        return AliasLayout(bins, mu, block)


def uniform_turn(odd: int) -> float:
    """Babbush et al. 2018 Fig. 12 angle for L' (odd): θ = arccos(1 − 2^⌊log2 L'⌋/L')."""
    return math.acos(1 - (1 << (odd.bit_length() - 1)) / odd)


def record_uniform(prog: Program, index: list[int], count: int) -> None:
    """Σ_{i<L}|i⟩/√L up to a global phase (Babbush et al. 2018, §III.D, Fig. 12).

    L = 2^k·L', L' odd: H on every qubit, then on the top ⌈log2 L'⌉ bits one round of
    amplitude amplification with phases: RZ(θ) on [x < L'] (a comparator with L' written in
    a scratch register), H, RZ(θ) on [x = 0] (an AND ladder), H. Two rotations and
    2⌈log2 L'⌉ − 1 + ⌈log2 L'⌉ − 1 AND; L a power of two: Hadamards only.
    """
    k = (count & -count).bit_length() - 1
    odd = count >> k
    for w in index:
        prog.h(w)
    if odd == 1:
        return
    top = index[k:k + max(1, (odd - 1).bit_length())]
    theta = np.array([uniform_turn(odd)])
    compare = Program(2 * len(top) + 1)
    const, flag = list(range(len(top), 2 * len(top))), 2 * len(top)
    for bit, wire in enumerate(const):
        if (odd >> bit) & 1:
            compare.x(wire)
    inline(compare, LessThan(len(top)), a=list(range(len(top))), b=const, target=[flag])
    scratch = prog.alloc(len(top) + 1)
    wires = top + scratch
    prog.replay(compare.ops, wires)
    prog.mux("rz", (), wires[-1], theta)
    prog.replay(compare.ops, wires, inverse=True)
    prog.release(scratch)
    for w in top:
        prog.h(w)
    with prog.when_equal(top, 0):
        prog.raw_mux("rz", (), prog.control, theta)  # on the [x = 0] wire itself
    for w in top:
        prog.h(w)


def record_alias_prepare(prog: Program, wires: list[int], layout: AliasLayout,
                         keep: list[int] | None, alt: list[int] | None) -> None:
    """PREP on ``wires`` (``layout.width`` of them, index first); None tables: size only."""
    m, mu, K = layout.index_bits, layout.mu, layout.block
    index, sigma = wires[:m], wires[m:m + mu]
    alt_w = wires[m + mu:2 * m + mu]
    keep_w = wires[2 * m + mu:2 * m + 2 * mu]
    flag = wires[2 * m + 2 * mu]
    junk = wires[2 * m + 2 * mu + 1:]
    record_uniform(prog, index, layout.bins)
    for w in sigma:
        prog.h(w)
    words = layout.bins
    data = None if keep is None else tuple(a | (k << m) for a, k in zip(alt, keep))
    if K == 1:
        inline(prog, QROM(words, m + mu, data), address=index, target=alt_w + keep_w)
    else:
        inline(prog, QROAMClean(words, m + mu, K, data), address=index,
               target=alt_w + keep_w, junk=junk)
    inline(prog, LessThan(mu), a=sigma, b=keep_w, target=[flag])
    prog.x(flag)
    with prog.controlled(flag):
        for a, b in zip(index, alt_w):
            prog.swap(a, b)
