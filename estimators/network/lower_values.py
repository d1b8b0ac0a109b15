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
  (h'N(N − 1) + h'(2N − 1)): rotation depth Θ(h'N² + N·d);
- QROM-loaded angles (``state_prep`` method qrom, ``heads_dense`` loader qrom, phase-gradient
  rotation), with the T-minimising QROAM per level or with the plain QROM (K = 1, fewest
  qubits): T-depth O(N√(h'b) + √(N·d·b)) with QROAM. The angles have b = min(30, f + 2) bits
  (f the numerics' fractional bits; each angle within span/2^(b+1), span 2π for the
  non-negative softmax, 4π for V); offered while the tables stay within the loaders' limits.
"""

from __future__ import annotations

from qdl.circuits.dtm.qrom_state_prep import MAX_QROM_QUBITS
from qdl.circuits.qlam.head_dense import MAX_TABLE_BITS
from qdl.circuits.qlam.loaders import index_width
from qdl.estimators.network.graph import Node, index_bits
from qdl.estimators.network.lower_weights import choose
from qdl.estimators.network.modules import primitive

ROTATIONS = "rotation trees (state_prep tree, heads_dense rotations)"
QROAM = "QROM-loaded angles, QROAM at least T (state_prep qrom, heads_dense qrom)"
QROM = "QROM-loaded angles, plain QROM (state_prep qrom, heads_dense qrom, K = 1)"


def layout(node: Node) -> tuple[int, int, int]:
    """(n, m, hb): qubits of the token, the column within a head and the head in ``vals``."""
    heads = node.layer.heads
    n = max(1, index_bits(node.out.positions))
    m = index_bits(node.out.features // heads)
    return n, m, index_width(heads) if heads > 1 else 0


def angle_bits(s) -> int:
    """The qrom loaders' bits per angle: f + 2 (at least 2, at most 30)."""
    return min(30, max(2, s.frac_bits + 2))


def values_stage(node: Node, s, name: str):
    """The cheapest A·V stage for ``s.optimize_for`` among the offered loaders."""
    n, m, hb = layout(node)
    candidates = [(ROTATIONS, _values(node, name, {}, {}))]
    if n + m + hb <= MAX_QROM_QUBITS and 2 * n + hb <= MAX_TABLE_BITS:
        b = angle_bits(s)
        for label, block in ((QROAM, None), (QROM, 1)):
            kw = {"angle_bits": b, "block": block}
            candidates.append((label, _values(node, name, {"method": "qrom", **kw},
                                              {"loader": "qrom", **kw})))
    return choose(candidates, s.optimize_for)


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


__all__ = ["values_stage", "layout", "angle_bits", "ROTATIONS", "QROAM", "QROM"]
