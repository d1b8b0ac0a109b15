"""The attention value stage (A·V, QLAM; seed 000 §III.2 step 5, App. D.1) and its loaders.

Multi-head attention's output before the projection is, per head k, A_k·V_k with V_k head
k's d/h columns of V (Vaswani et al. 2017, §3.2.2). The stage holds V's element index in one
register ``vals`` = (token j: n = ⌈log2 N⌉ qubits, lowest; column within the head c': m =
⌈log2 d/h⌉; head k: hb = ⌈log2 h⌉, highest), loads V as the state Σ V[j, k·d/h + c']|j, c',
k⟩/‖V‖ (``state_prep``) and applies ⊕_k A_k by one ``heads_dense`` block-encoding whose head
register *is* the top of ``vals`` (so A_k reaches only head k's columns), ``be`` its n + 1
ancillas (n for one head). With ``be`` = 0 the state is

    Σ_{k, c', i} (A_k V_k)[i, c'] / (α‖V‖) |i, c', k⟩,   α = max_k ‖A_k‖_F,

the heads' outputs side by side (qdl.estimators.network.verify_values checks it on Aer); it
is already an amplitude state (no qdac) and post-selects with ‖(A_k V_k)_k‖²/(α‖V‖)². Column
and head indices are padded to powers of two (empty columns and heads carry no amplitude).

Both loads are state-preparation trees; :func:`values_stage` builds the stage with each
loader and keeps the cheapest for ``optimize_for`` (qdl.estimators.network.lower_weights
.choose, the others listed with their costs):

- rotation trees: ``state_prep`` tree (2^v − 1 rotations) and ``heads_dense`` rotations
  (hN(N − 1) + h'(2N − 1); h' = 2^hb pays only in the norms' tree): rotation depth
  Θ(hN² + N·d);
- QROM-loaded angles (``state_prep`` method qrom, ``heads_dense`` loader qrom, phase-gradient
  rotation; Low, Kliuchnikov, Schaeffer 2018), the lookups of every tree level by

  - the plain QROM (K = 1): fewest qubits, but T and T-depth ≈ 8·(hN² + N·d'), Θ(N²);
  - a QROAM with one block size K for every level (:func:`shared_block`: the K minimising
    the lookups' T, Σ_W 4⌈W/K⌉ + 4b(K − 1), one junk register of (K − 1)·b qubits);
  - the T-minimising QROAM per level (Berry et al., Quantum 3, 208 (2019), App. B): least T
    and T-depth, O(N√(hb) + √(N·d·b)), but the top level's ~√(W·b) junk qubits are the
    stage's width.

  The angles have b = min(30, f + 2) bits (f the numerics' fractional bits; each angle within
  span/2^(b+1), span 2π for the non-negative softmax, 4π for V); their worst-case rounding is
  a part of the stage's precision ε, and where b does not fit it the budget re-costs the
  stage at the least b that does (qdl.estimators.network.angle_budget). V over more than 2^20
  amplitudes (``state_prep`` method qrom's limit) keeps its rotation tree (N·d' rotations:
  linear in N); the A table is offered up to 2^30 words (2^24 with data, ``--verify``).
"""

from __future__ import annotations

from functools import lru_cache

from qdl.circuits.dtm.qroam_clean import qroam_clean_t_count
from qdl.circuits.dtm.qrom_state_prep import MAX_QROM_QUBITS
from qdl.circuits.qlam.head_dense import MAX_SIZE_ONLY_BITS, MAX_TABLE_BITS
from qdl.circuits.qlam.loaders import index_width
from qdl.estimators.network.graph import Node, index_bits
from qdl.estimators.network.lower_weights import choose
from qdl.estimators.network.modules import primitive

ROTATIONS = "rotation trees (state_prep tree, heads_dense rotations)"
QROAM = "QROM-loaded angles, QROAM at least T per level (state_prep, heads_dense qrom)"
SHARED = "QROM-loaded angles, QROAM with K = {K} at every level (state_prep, heads_dense qrom)"
QROM = "QROM-loaded angles, plain QROM (state_prep, heads_dense qrom, K = 1)"
#: appended when V is too large for state_prep method qrom
V_TREE = "; V by its rotation tree"


def layout(node: Node) -> tuple[int, int, int]:
    """(n, m, hb): qubits of the token, the column within a head and the head in ``vals``."""
    heads = node.layer.heads
    n = max(1, index_bits(node.out.positions))
    m = index_bits(node.out.features // heads)
    return n, m, index_width(heads) if heads > 1 else 0


def angle_bits(s) -> int:
    """The qrom loaders' bits per angle: f + 2 (at least 2, at most 30)."""
    return min(30, max(2, s.frac_bits + 2))


def values_stage(node: Node, s, name: str, data=None):
    """The cheapest A·V stage for ``s.optimize_for`` among the offered loaders."""
    n, m, hb = layout(node)
    candidates = [(ROTATIONS, _values(node, name, {}, {}))]
    # with data (--verify) the column table is analysed word by word: a lower limit
    if 2 * n + hb <= (MAX_TABLE_BITS if data is not None else MAX_SIZE_ONLY_BITS):
        b = angle_bits(s)
        v_qrom = n + m + hb <= MAX_QROM_QUBITS  # else V by its tree (N·d' rotations, linear)
        shared = shared_block(lookup_words(node, v_qrom), b)
        for label, block in ((QROAM, None), (SHARED.format(K=shared), shared), (QROM, 1)):
            if block == 1 and label != QROM:  # the shared K is 1: the plain QROM below
                continue
            kw = {"angle_bits": b, "block": block}
            prep = {"method": "qrom", **kw} if v_qrom else {}
            if not v_qrom:
                label = label[:-1] + V_TREE + ")"
            candidates.append((label, _values(node, name, prep, {"loader": "qrom", **kw})))
    # the objective's loader whatever construction the schedule forces (it offers one k)
    return choose(candidates, s.optimize_for, explored=False)


def lookup_words(node: Node, v_qrom: bool = True) -> list[int]:
    """Words of every angle lookup of the QROM-loaded stage: V's tree (levels 1 … v − 1; none
    when V is loaded by its rotation tree), the columns' (h·2^(n+ℓ), ℓ < n: the live heads,
    qdl.circuits.qlam.head_dense) and the norms' (2^(hb+ℓ), ℓ ≤ n; n levels for h = 1)."""
    n, m, hb = layout(node)
    norms = n + (hb > 0)
    return ([1 << ell for ell in range(1, n + m + hb) if v_qrom]
            + [node.layer.heads << (n + ell) for ell in range(n)]
            + [1 << (hb + ell) for ell in range(norms) if hb + ell > 0])


def shared_block(words: list[int], bits: int) -> int:
    """The power of two K minimising Σ_W qroam_clean_t_count(W, b, K_W), K_W = K halved
    while ⌈W/K_W⌉ < 2 (as qdl.circuits.qlam.qrom_loader.lookup_block does)."""
    return _shared_block(tuple(words), bits)


@lru_cache(maxsize=None)  # every schedule point of every attention layer asks again
def _shared_block(words: tuple[int, ...], bits: int) -> int:
    def t_count(K: int) -> int:
        total = 0
        for w in words:
            k = K
            while k > 1 and -(-w // k) < 2:
                k //= 2
            total += qroam_clean_t_count(w, bits, k)
        return total

    return min((1 << j for j in range(max(words).bit_length())), key=t_count)


def _values(node: Node, name: str, prep_kw: dict, be_kw: dict):
    from qdl.estimators.network.lowering import QlamStage, Stage

    n, m, hb = layout(node)
    width = n + m + hb
    prep = primitive("state_prep", size=1 << width, **prep_kw)
    be = primitive("heads_dense", heads=node.layer.heads, size=1 << n, **be_kw)
    at = {"sys": 0, "head": n + m}
    wiring = tuple((r.name, "be" if r.name == "be" else "vals", at.get(r.name, 0))
                   for r in be.signature)
    regs = (("vals", width), ("be", be.signature["be"].width))
    stage = QlamStage(name, regs, ((prep, (("state", "vals", 0),)), (be, wiring)))
    notes = {"amplitudes": "V loaded as a state, ⊕_k A_k applied by one block-encoding "
                           "controlled by the head bits of V's column index: the output is "
                           "already an amplitude state (no qdac)",
             "layout": f"vals = token ({n} qubits) | column in head ({m}) | head ({hb})",
             "alpha": "max_k ‖A_k‖_F",
             "postselection": "success probability Σ_k ‖A_k V_k‖²/(α‖V‖)² is "
                              "data-dependent (calibration)"}
    if be_kw:
        notes["angle_bits"] = be_kw["angle_bits"]
    return Stage(name, node.type, node, stage, node.out.elements, notes=notes)


__all__ = ["values_stage", "layout", "angle_bits", "shared_block", "lookup_words", "ROTATIONS",
           "QROAM", "SHARED", "QROM", "V_TREE"]
