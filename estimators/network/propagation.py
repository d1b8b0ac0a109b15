"""How an error in one layer's output reaches the network's output: Lipschitz constants per
layer and the amplification factor they give the budget's per-stage ε.

Convention. Errors are ℓ2 norms over a layer's whole output tensor, in value units. The
budget bounds each stage's error *given the input it read in* (local): e_k ≤ ε_k·u_k with u_k
the readout's unit in value units (DCD, absolute: ‖y_k‖₂, the ε is on the unit vector; per
entry: ‖y_k‖₂/√n_k; ℓ∞ tomography: √n_k times those; a global mean estimated as ⟨u|x_c⟩ to
±ε on unit vectors: ε‖x‖₂/√N over its channels; ‖y‖ from the calibration's σ·√n, the
readout's norm taken as exact). A layer f_j with ℓ2 Lipschitz constant
L_j passes an input error Δ on as at most L_j·Δ, so by the triangle inequality along the layer
graph the output's error is at most

    E_out ≤ Σ_k G_k·e_k,   G_k = Σ over paths k → out of Π_{j on the path after k} L_j,

(a reverse-topological sum: G_out = 1, G_k = Σ_{s ∈ succ(k)} L_s·G_s; a residual join adds
its branches with L = 1 each). The report gives G_k, the end-to-end bound on the output's
relative error R = Σ_k G_k·e_k / ‖y_out‖₂, and the amplification A = R / ε_out: how much
larger the network's guarantee is than the last stage's own budget. It is reported, not
budgeted: splitting ε by G_k would make every early stage's precision (and cost) grow with
the product of all later constants.

Constants (ℓ2 → ℓ2), with weights known (``calibration: {source: forward}``: the seeded
weights of variance 1/fan-in the forward pass uses) or in the worst case over parameters of
magnitude ≤ 1 (the truncation bound's weight model; a matrix of such entries has
‖W‖₂ ≤ ‖W‖_F ≤ √(rows·cols)):

- conv k×k, stride s: ⌈k/s⌉·‖W‖₂ (an input pixel lies in at most ⌈k/s⌉² windows, so the
  window map has norm ⌈k/s⌉); with known weights also the operator norm of the circular
  convolution it embeds in, whichever is smaller (:func:`conv_norm`); linear and patch
  embedding ‖W‖₂; FFN ‖W₂‖₂·‖W₁‖₂ (ReLU between);
- batch-norm y = γ/σ·x + shift: max |γ/σ| (the ``scale``); ReLU, residual add, token select 1;
- max pooling ⌈k/s⌉ (a max is 1-Lipschitz in ℓ∞ of its window); windowed average pooling
  ⌈k/s⌉/k; global average pooling 1/√N;
- layer-norm γ·(x − μ)/√(var + η): max |γ|/√η, η = 10⁻⁵ (the Jacobian's norm is at most
  1/√(var + η)); softmax 1 (Gao, Pavel, arXiv:1704.00805, Prop. 4: λ-Lipschitz at inverse
  temperature λ = 1);
- dot-product self-attention: none. It is not globally Lipschitz (Kim, Papamakarios, Mnih,
  ICML 2021, Thm. 3.1), so G_k = ∞ for every stage before an attention layer.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

#: layer-norm's variance floor η (qdl.estimators.network.forward uses the same)
LN_EPS = 1e-5


def spectral(w: np.ndarray) -> float:
    """‖W‖₂ = √(largest eigenvalue of the smaller Gram matrix)."""
    w = np.asarray(w, float)
    g = w @ w.T if w.shape[0] <= w.shape[1] else w.T @ w
    return float(math.sqrt(max(0.0, np.linalg.eigvalsh(g)[-1])))


#: Kernel DFT entries (frequencies × c_out × c_in) held at once by :func:`conv_norm`.
CHUNK = 1 << 22


def conv_norm(w: np.ndarray, kernel: int, height: int, width: int, padding: int) -> float:
    """An upper bound on ‖conv‖₂ of a zero-padded k×k convolution of an H×W image: the norm of
    the circular convolution on the padded (H + 2p)×(W + 2p) grid, max over its DFT
    frequencies ω of ‖K̂(ω)‖₂ (Sedghi, Gupta, Long, "The singular values of convolutional
    layers", ICLR 2019, Thm. 6). The padded input embeds isometrically into that grid and every
    output (every stride) is one of the circular outputs without wrap-around, so the layer is
    a restriction of the circular operator. ``w``: (c_out, k·k·c_in), rows (ky, kx, c)."""
    c_out = w.shape[0]
    k = np.asarray(w, float).reshape(c_out, kernel, kernel, -1)  # (o, ky, kx, c)
    n_h, n_w = height + 2 * padding, width + 2 * padding
    fy = np.exp(-2j * np.pi * np.outer(np.arange(n_h), np.arange(kernel)) / n_h)  # (ω, ky)
    fx = np.exp(-2j * np.pi * np.outer(np.arange(n_w), np.arange(kernel)) / n_w)
    rows = max(1, CHUNK // max(1, n_w * k.shape[0] * k.shape[3]))
    top = 0.0
    for lo in range(0, n_h, rows):
        # K̂(ω_y, ω_x) = Σ_{ky,kx} K[:, ky, kx, :]·e^{−2πi(ω_y ky/n_h + ω_x kx/n_w)}
        hat = np.einsum("ya,xb,oabc->yxoc", fy[lo:lo + rows], fx, k, optimize=True)
        gram = (np.conj(np.swapaxes(hat, -1, -2)) @ hat if hat.shape[-1] <= hat.shape[-2]
                else hat @ np.conj(np.swapaxes(hat, -1, -2)))
        top = max(top, float(np.linalg.eigvalsh(gram)[..., -1].max()))
    return math.sqrt(max(0.0, top))


def _matrix(prm: dict, key: str, rows: int, cols: int) -> float:
    return spectral(prm[key]) if key in prm else math.sqrt(rows * cols)


def lipschitz(node, prm: dict | None) -> float:
    """L of ``node``'s map in its (each) input; ``prm`` its weights, None: worst case."""
    t, p = node.type, prm or {}
    d_in, d_out = node.inp.features, node.out.features
    known = prm is not None
    if t == "conv":
        k, s = node.layer.kernel, node.layer.stride
        windows = math.ceil(k / s) * _matrix(p, "w", d_out, k * k * d_in)
        if "w" not in p:
            return windows
        return min(windows, conv_norm(p["w"], k, node.inp.b, node.inp.c, node.layer.padding))
    if t == "linear":
        return _matrix(p, "w", d_out, d_in)
    if t == "patch_embed":
        return _matrix(p, "w", d_out, node.layer.patch ** 2 * d_in)
    if t == "ffn":
        h = node.layer.hidden
        return _matrix(p, "w1", h, d_in) * _matrix(p, "w2", d_out, h)
    if t == "batchnorm":
        return float(np.abs(p["scale"]).max()) if known else 1.0
    if t == "layernorm":
        return (float(np.abs(p["gamma"]).max()) if known else 1.0) / math.sqrt(LN_EPS)
    if t in ("relu", "add", "token_select"):
        return 1.0
    if t == "maxpool":
        k = node.layer.kernel
        return float(math.ceil(k / (node.layer.stride or k)))
    if t == "avgpool":
        k = node.layer.kernel
        if k is None:
            return 1 / math.sqrt(node.inp.positions)
        return math.ceil(k / (node.layer.stride or k)) / k
    if t == "softmax":
        return 1.0
    return math.inf  # attention (Kim et al. 2021), and any map without a global constant


def gains(nodes, graph, params: dict | None) -> dict[str, float]:
    """G_k per node: the factor by which an error in k's output can reach the last output."""
    if not nodes:
        return {}
    lip = {n.name: lipschitz(n, None if params is None else params.get(n.name, {}))
           for n in nodes}
    g = {nodes[-1].name: 1.0}
    for node in reversed(nodes[:-1]):
        total = 0.0
        for succ in graph.successors(node.name):
            if succ in g:
                total += lip[succ] * g[succ] if g[succ] else 0.0
        g[node.name] = total
    return g


def unit(protocol: str, mode: str, elements: int, rms: float) -> float:
    """Value-unit ℓ2 error per unit of the readout's given precision (module docstring)."""
    norm = rms * math.sqrt(elements)
    if mode == "per_entry":
        norm /= math.sqrt(elements)
    return norm * (math.sqrt(elements) if protocol == "tomography_linf" else 1.0)


def propagation(net, stages, mode: str, rms_of, params: dict | None) -> dict[str, Any]:
    """The bound of the module docstring for accounted ``stages`` (each with ``epsilon``):
    per node its G and local error e (the last readout stage of the node), the output's
    relative error R, the amplification A = R/ε_out, and what limits it."""
    g = gains(net.nodes, net.graph, params)
    local: dict[str, tuple[float, float]] = {}  # node → (e_k, ε_k)
    preds = {n.name: next(iter(net.graph.predecessors(n.name)), None) for n in net.nodes}
    for s in stages:
        st = s.compiled.stage
        if st.notes.get("pass") == "backward":  # the bound is the forward pass's
            continue
        est = s.estimate or {}
        if st.type == "avgpool" and est.get("precision"):
            # ⟨u|x_c⟩ to ±ε on unit vectors: mean_c off by ε‖x_c‖/√N, over channels ε‖x‖/√N
            eps = est["precision"]
            local[st.node.name] = (eps * rms_of(preds[st.node.name]) *
                                   math.sqrt(st.node.out.features), eps)
            continue
        if s.epsilon is None or not st.readout_size:
            continue
        protocol = s.readout["protocol"] if s.readout else "dcd"
        e = s.epsilon * unit(protocol, mode, st.readout_size, rms_of(st.name))
        local[st.node.name] = (e, s.epsilon)
    last = net.nodes[-1]
    out_norm = rms_of(last.name) * math.sqrt(last.out.elements)
    terms = {k: g[k] * e for k, (e, _) in local.items()}
    total = sum(terms.values())
    eps_out = local.get(last.name, (None, None))[1]
    rel = total / out_norm if out_norm else math.inf
    unbounded = [k for k in local if math.isinf(g[k])]
    blockers = [n.name for n in net.nodes if n.type == "attention"]
    rows = sorted(((k, g[k], e, terms[k]) for k, (e, _) in local.items()),
                  key=lambda r: -r[3] if not math.isnan(r[3]) else 0)
    return {"weights": "seeded, variance 1/fan-in (the calibration forward pass)"
            if params is not None else "worst case: parameters of magnitude ≤ 1",
            "relative_output_error": rel,
            "epsilon_out": eps_out,
            "amplification": rel / eps_out if eps_out else None,
            "largest_gain": max(g.values()) if g else 1.0,
            "unbounded_stages": len(unbounded),
            "not_lipschitz": blockers[-1] if unbounded and blockers else None,
            "rows": rows}
