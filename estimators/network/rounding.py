"""Rounding bounds of the layers whose fixed-point pass rounds classical statistics or is not
globally Lipschitz: layer norm, attention (scores, softmax, A·V) and a classical softmax.

qdl.estimators.network.truncation bounds a layer's drift D_k = ‖fixed − float‖₂ (value
units, over its output tensor) from its input's bound D_in. For conv, linear, FFN, ... that is
L·D_in + t (a global Lipschitz constant and the layer's own truncation). These layers need the
fixed pass's own values (x̃ the layer's fixed-point input, known before any drift is
measured), so their bounds are *a posteriori*: functions of x̃, the weights and D_in, never of
the measured drift. q = 2^-f; every product is floored ((−q, 0] each), a value put on the grid
is rounded to the nearest point (±q/2); the bounds assume no wrapped sum and no saturated
output (the fixed pass counts both; the comparison reports them).

**Layer norm** (forward.py: μ̃ = round(μ), r̃ = round(1/√(var + η)), t = ⌊(x̃ − μ̃)·r̃⌋,
y = ⌊t·γ⌋ + β, η = 10⁻⁵). Against the float layer on the same x̃ (μ, r exact):
t − (x̃ − μ)r = (x̃ − μ)(r̃ − r) + (μ − μ̃)r̃ − e₁, so per entry

    |y − y*| ≤ |γ_e|·(|x̃_pe − μ_p|·|r̃_p − r_p| + |μ_p − μ̃_p|·|r̃_p| + q) + q

(|μ̃ − μ|, |r̃ − r| ≤ q/2 unless r̃ saturated; the pass's own values are used), and t_k is
the ℓ2 norm of that over (p, e). The float layer's Jacobian per token is
(γ/s)·(P − c cᵀ/(d s²)) with c = Px the centred token, P = I − 11ᵀ/d and s = √(v + η): the
bracket is P minus a multiple (v/(v + η) < 1) of the projector onto c, so its norm is at most
max|γ|/√(v + η). Along the segment from x̃_p to the float input (‖Δ_p‖ ≤ D_in) the standard
deviation is at least σ̃_p − D_in/√d (σ is 1/√d-Lipschitz), so

    D_k ≤ max_p max|γ| / √(max(0, σ̃_p − D_in/√d)² + η) · D_in + t_k.

**Attention** (forward.py: qkv = dot(x̃, W) floored, per head scores s = Σ⌊q_t k_t⌋, the
classical softmax of s/√d_h in float64, A·V in float64 (the QLAM stage: its error is the
readout's), A·V put on the grid, then dot(·, W_p)). Triangle inequalities through each step,
ℓ2 over all heads (E the bound of each intermediate):

    E_q, E_k, E_v = ‖W_·‖₂·D_in + √(n d)·d·q                      (each a linear layer)
    E_s = √(h n²)·d_h·q + max_h‖q̃_h‖₂·E_k + E_q·(max_h‖k̃_h‖₂ + E_k)   (q̃k̃ᵀ − q*k*ᵀ)
    E_a = E_s/√d_h          (the row-wise softmax is 1-Lipschitz in ℓ2: Gao, Pavel,
                             arXiv:1704.00805, Prop. 4)
    E_av = max_h‖ã_h‖₂·E_v + E_a·(max_h‖ṽ_h‖₂ + E_v) + √(n d)·q/2   (ÃṼ − A*V*, the grid)
    D_k = ‖W_p‖₂·E_av + √(n d)·d·q,

with ‖·‖₂ the spectral norms of the fixed pass's q̃_h, k̃_h (n × d_h), ã_h (n × n), ṽ_h. It is
local (no global constant exists: Kim, Papamakarios, Mnih, ICML 2021, Thm. 3.1), but finite.

**Softmax** (classical, a layer of its own): the float softmax rounded to the grid: row-wise
1-Lipschitz plus √(n d)·q/2. A quantum softmax (exp, reciprocal on the QAM) has no bound here.
"""

from __future__ import annotations

import math

import numpy as np

from qdl.estimators.network.propagation import LN_EPS, spectral

#: Layer types bounded here (a softmax only in classical mode: see :func:`ruled`).
TYPES = ("layernorm", "attention", "softmax")


def ruled(node) -> bool:
    return node.type in TYPES and not (node.type == "softmax" and node.layer.mode == "quantum")


def bound(node, prm: dict, d_in: float, fixed, frac: int) -> tuple[float, float]:
    """(t_k, D_k) of the module docstring: the layer's own rounding (D_in = 0) and its drift
    bound from an input drift ``d_in``; ``fixed`` the fixed pass
    (qdl.estimators.network.forward.Pass), whose stage data hold x̃ and the rounded
    statistics."""
    rule = {"layernorm": _layernorm, "attention": _attention, "softmax": _softmax}[node.type]
    return rule(node, prm, 0.0, fixed, frac), rule(node, prm, d_in, fixed, frac)


def _layernorm(node, prm, d_in, fixed, frac) -> float:
    """The rounding of μ and r is taken from the fixed pass itself (|μ̃ − μ|, |r̃ − r|: at most
    q/2 each unless r̃ saturated, which this then covers too)."""
    q = 2.0 ** -frac
    data = fixed.data[node.name]
    x = np.asarray(data["x"], float) * q
    mu = x.mean(axis=1)
    var = x.var(axis=1)
    mu_err = np.abs(np.asarray(data["mu"], float) * q - mu)
    r_fixed = np.asarray(data["r"], float) * q
    r_err = np.abs(r_fixed - 1 / np.sqrt(var + LN_EPS))
    gamma = np.abs(np.asarray(prm["gamma"], float))[None, :]
    entry = (np.abs(x - mu[:, None]) * r_err[:, None] + (mu_err * np.abs(r_fixed))[:, None]
             + q)
    local = float(np.linalg.norm(gamma * entry + q))
    if not d_in:
        return local
    d = x.shape[1]
    low = np.maximum(0.0, np.sqrt(var) - d_in / math.sqrt(d))
    lip = float(gamma.max() / np.sqrt(low ** 2 + LN_EPS).min())
    return lip * d_in + local


def _attention(node, prm, d_in, fixed, frac) -> float:
    q = 2.0 ** -frac
    n, d, heads = node.out.positions, node.out.features, node.layer.heads
    dh = d // heads
    w = np.asarray(prm["qkv"], float)
    trunc = math.sqrt(n * d) * d * q
    e_q, e_k, e_v = (spectral(w[i * d:(i + 1) * d]) * d_in + trunc for i in range(3))
    sc = fixed.data[node.name + ".scores"]
    qh, kh = (np.asarray(sc[key], float) * q for key in ("q", "k"))  # (heads, n, d_h)
    top_q = max(spectral(m) for m in qh)
    top_k = max(spectral(m) for m in kh)
    e_s = math.sqrt(heads * n * n) * dh * q + top_q * e_k + e_q * (top_k + e_k)
    e_a = e_s / math.sqrt(dh)
    vals = fixed.data[node.name + ".values"]
    a = np.asarray(vals["a"], float)
    v = np.asarray(vals["v"], float).reshape(n, heads, dh).transpose(1, 0, 2)
    top_a = max(spectral(m) for m in a)
    top_v = max(spectral(m) for m in v)
    e_av = top_a * e_v + e_a * (top_v + e_v) + math.sqrt(n * d) * q / 2
    return spectral(prm["proj"]) * e_av + trunc


def _softmax(node, prm, d_in, fixed, frac) -> float:
    return d_in + math.sqrt(node.out.elements) * 2.0 ** -frac / 2
