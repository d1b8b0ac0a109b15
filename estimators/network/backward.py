"""Backpropagation costs (seed 000 App. E), added per weighted layer by ``backward: true``.

For a layer Y = W·X with N positions (X: d_in x N) and incoming gradient ∂L/∂Y:
- input gradient ∂L/∂X = Wᵀ·∂L/∂Y: position-wise, so QAM conditioned on the index register,
  lowered exactly like the forward map with d_in and d_out exchanged, and read out (stage
  ``<layer>.grad_input``; the network's first layer needs none);
- weight gradient ∂L/∂W = ∂L/∂Y·Xᵀ: each of the d_in·d_out entries is an inner product of two
  N-dimensional vectors, estimated by QLAM ``inner_product`` to the layer's readout precision
  (stage ``<layer>.grad_weight``: the estimates are the numbers, no further readout).

Attention's score and value contractions are not differentiated here: only its two weight
matrices (QKV and output projections) are, as in App. E's linear-layer derivation.
"""

from __future__ import annotations

from dataclasses import replace

from qdl.estimators.network.graph import Node
from qdl.estimators.network.lowering import QlamStage, Setting, Stage, dot_stage, lower_ffn
from qdl.estimators.network.modules import primitive


def _weight_stage(node: Node, s: Setting, name: str, positions: int, weights: int) -> Stage:
    block = primitive("inner_product", size=max(2, positions), epsilon=s.readout.precision)
    label = name + ".grad_weight"
    return Stage(label, node.type, node, QlamStage.single(label, block, weights), None,
                 notes={"weights": weights,
                        "method": "QLAM inner-product estimation per weight (App. E eq. 15)"})


def _linear(node: Node, s: Setting, name: str, positions: int, d_in: int, d_out: int) -> Stage:
    return dot_stage(node, s, name, positions, d_in, d_out)


def backward_stages(node: Node, s: Setting, first: bool) -> list[Stage]:
    """The gradient stages of ``node`` (empty for layers without weights)."""
    t, name = node.type, node.name
    n_out, d_out, n_in, d_in = (node.out.positions, node.out.features, node.inp.positions,
                                node.inp.features)
    stages: list[Stage] = []
    if t == "conv":
        k2 = node.layer.kernel ** 2
        if not first:
            stages.append(_linear(node, s, name + ".grad_input", n_in, k2 * d_out, d_in))
        stages.append(_weight_stage(node, s, name, n_out, k2 * d_in * d_out))
    elif t == "linear":
        if not first:
            stages.append(_linear(node, s, name + ".grad_input", n_in, d_out, d_in))
        stages.append(_weight_stage(node, s, name, n_out, d_in * d_out))
    elif t == "patch_embed":
        stages.append(_weight_stage(node, s, name, n_out, node.layer.patch ** 2 * d_in * d_out))
    elif t == "ffn":
        h = node.layer.hidden
        grad = lower_ffn(node, s, name + ".grad_input")[0]  # Wᵀ maps have the same shapes
        stages += [grad, _weight_stage(node, s, name, n_out, 2 * d_in * h)]
    elif t == "attention":
        d = d_in
        stages.append(_linear(node, s, name + ".proj.grad_input", n_in, d, d))
        stages.append(_linear(node, s, name + ".qkv.grad_input", n_in, 3 * d, d))
        stages.append(_weight_stage(node, s, name, n_out, 4 * d * d))
    return [replace(st, notes={**st.notes, "pass": "backward"}) for st in stages]
