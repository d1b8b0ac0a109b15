"""The fixed-point truncation bound against the measured drift of the fixed-point forward pass.

The budget charges each stage P·2^-f per output entry (qdl.estimators.network.account: P
truncated products, each floored into (−2^-f, 0]). Through the network those local errors
propagate (qdl.estimators.network.propagation), so the bound on a layer's drift from the
float64 network, in ℓ2 over its output tensor, is the forward recursion

    D_k = L_k·Σ_{p ∈ pred(k)} D_p + t_k,   t_k = √(n_k)·(per-entry truncation of layer k),

with per-entry truncation L·2^-f for a dot of length L (conv, linear, patch embedding), 2^-f
for batch-norm's one product, d_in·2^-f through ‖W₂‖₂ plus h·2^-f for an FFN, 2^-(f+1) for
the global mean put on the grid, 0 for ReLU, max pooling and residual adds, and L_k the
layer's Lipschitz constant for the same weights (qdl.estimators.network.propagation; a
convolution's from its exact circular-embedding operator norm). Layer norm, attention and a
classical softmax round classical statistics or have no global constant: their D_k is the
a-posteriori bound of qdl.estimators.network.rounding (a function of the fixed pass's own
values, the weights and D_in).

:func:`compare` runs both forward passes (qdl.estimators.network.forward) on the seeded input,
with the weights put on the fixed-point grid first so both use the same numbers, and gives
per layer t_k, D_k and the measured ‖fixed − float‖₂. It runs on networks of at most
:data:`MAX_MACS` multiply-accumulates (small and --verify sizes; at full size the report
states the bound alone) whose layers all have a rule above (a quantum softmax has none).
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from qdl.estimators.network import rounding
from qdl.estimators.network.propagation import lipschitz, spectral

#: Largest network (multiply-accumulates of one forward pass) the comparison runs on.
MAX_MACS = 5_000_000
#: Layer types with a per-entry truncation rule.
RULES = ("conv", "linear", "patch_embed", "batchnorm", "relu", "add", "maxpool", "avgpool",
         "ffn", "token_select")


def _local(node, prm: dict, frac: int) -> float:
    """t_k: the layer's own truncation error, ℓ2 over its output tensor."""
    if node.type == "ffn":  # d_in·2^-f on each hidden entry, through W₂, plus h·2^-f
        q, h, n = 2.0 ** -frac, node.layer.hidden, node.out.positions
        return (spectral(prm["w2"]) * math.sqrt(n * h) * node.inp.features * q
                + math.sqrt(node.out.elements) * h * q)
    return math.sqrt(node.out.elements) * _per_entry(node, frac)


def _per_entry(node, frac: int) -> float:
    t, q = node.type, 2.0 ** -frac
    if t == "conv":
        return node.layer.kernel ** 2 * node.inp.features * q
    if t == "patch_embed":
        return node.layer.patch ** 2 * node.inp.features * q
    if t == "linear":
        return node.inp.features * q
    if t == "batchnorm":
        return q
    if t == "avgpool":
        return q / 2  # the global mean rounded to the nearest grid point
    return 0.0


def unruled(net):
    """The first layer without a truncation rule (None: every layer has one)."""
    return next((n for n in net.nodes if not rounding.ruled(n) and (
        n.type not in RULES or (n.type == "avgpool" and n.layer.kernel is not None))), None)


def applies(net) -> str | None:
    """Why the comparison cannot run on ``net`` in a compile (None: it can)."""
    from qdl.estimators.network.classical import layer_macs

    macs = sum(layer_macs(n) for n in net.nodes)
    if macs > MAX_MACS:
        return (f"{macs:.3g} MACs per forward pass > {MAX_MACS:,}: the truncation part is a "
                "bound only at this size (verify: {drift: true} runs the comparison)")
    other = unruled(net)
    if other:
        return (f"layer '{other.name}' ({other.type}) has no rounding bound: the truncation "
                "part is a bound only")
    return None


def gridded(net, seed: int) -> tuple[np.ndarray, dict]:
    """The seeded input and weights, the weights put on the fixed-point grid, so the fixed
    and the float pass use the same numbers."""
    from qdl.estimators.network.calibration import seeded_input
    from qdl.estimators.network.forward import Arith

    ar = Arith(net.spec.numerics.bits, net.spec.numerics.frac_bits)
    x0, params = seeded_input(net, seed)
    return x0, {k: {n: ar.real(ar.grid(v)) for n, v in p.items()} for k, p in params.items()}


def bounds(net, params: dict, fixed) -> dict[str, tuple[float, float]]:
    """Per layer (t_k, D_k): local and propagated truncation bound (module docstring);
    ``fixed`` the fixed-point pass on the same input (the a-posteriori rules use it)."""
    frac = net.spec.numerics.frac_bits
    bound: dict[str, float] = {"input": 0.0}
    out = {}
    for node in net.nodes:
        prm = params.get(node.name, {})
        into = sum(bound[p] for p in net.graph.predecessors(node.name))
        if rounding.ruled(node):
            local, bound[node.name] = rounding.bound(node, prm, into, fixed, frac)
        else:
            local = _local(node, prm, frac)
            bound[node.name] = lipschitz(node, prm) * into + local
        out[node.name] = (local, bound[node.name])
    return out


def compare(net, seed: int) -> list[dict[str, Any]]:
    """Per layer: local bound t, propagated bound D and measured ‖fixed − float‖₂ (module
    docstring), and the fixed pass's wrapped sums, clamped and saturated outputs (the bound
    assumes none)."""
    from qdl.estimators.network.calibration import drift_passes

    x0, params = gridded(net, seed)
    rows, fixed = drift_passes(net.nodes, net.graph, params, x0, net.spec.numerics.bits,
                               net.spec.numerics.frac_bits)
    limits = bounds(net, params, fixed)
    return [{"layer": r["layer"], "local_bound": limits[r["layer"]][0],
             "bound": limits[r["layer"]][1], "measured": r["l2"],
             "saturated": r["saturated"] + r["wrapped"] + r["clamped"]} for r in rows]
