"""The network's forward pass in numpy: fixed point (what the stage circuits must compute) and
float64 (what the fixed-point network approximates).

Independent of the circuits: integers P stand for P/2^f; a product is ⌊A·B/2^f⌋ (arithmetic
shift, as qdl.circuits.qam.mac), a stage's sum wraps at its register width (b bits, or
b + min(⌈log2 L⌉, b − f) for sums of L products: see qdl.estimators.network.lowering), such a
sum's conversion sees it saturated to b bits (the stage converts a saturated copy:
qdl.circuits.qam.saturation), and between stages the readout hands the next layer values
saturated to b bits. Wrapped sums, outputs the conversion saturates (``clamped``) and saturated
layer outputs are counted, so an overflow is reported, never silent.

:func:`run` walks the layer graph once and returns, per node, its output tensor and, per
stage, the data the lowering builds the stage from (``data``) and the expected outputs in the
stage's element order (``expected``). ``fixed=False`` gives the float64 network on the same
parameters (stage data and overflow counts are then empty).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from qdl.estimators.network.stage import acc_width


@dataclass
class Pass:
    outputs: dict[str, np.ndarray] = field(default_factory=dict)
    data: dict[str, dict] = field(default_factory=dict)
    expected: dict[str, np.ndarray] = field(default_factory=dict)
    overflows: dict[str, int] = field(default_factory=dict)
    saturated: dict[str, int] = field(default_factory=dict)
    #: per stage: outputs outside the b-bit range, which its conversion saturates (a sum
    #: with guard bits is converted through its copy saturated to b bits)
    clamped: dict[str, int] = field(default_factory=dict)
    #: b, the range of a stage's converted output
    bits: int = 0
    #: float pass: per A·V stage, ‖[A_1; …; A_h]·V‖²/(α‖V‖)², α² = Σ_h ‖A_h‖_F²
    postselection: dict[str, float] = field(default_factory=dict)


class Arith:
    """Fixed-point (bits, frac) integer arithmetic, or float64 when ``fixed`` is False."""

    def __init__(self, bits: int, frac: int, fixed: bool = True):
        self.bits, self.frac, self.fixed = bits, frac, fixed

    def mul(self, a, b):
        if not self.fixed:
            return np.asarray(a, float) * np.asarray(b, float)
        return (np.asarray(a, np.int64) * np.asarray(b, np.int64)) >> self.frac

    def wrap(self, x, width: int, counter: list | None = None):
        if not self.fixed:
            return np.asarray(x, float)
        x = np.asarray(x, np.int64)
        half = 1 << (width - 1)
        out = (x + half) % (1 << width) - half
        if counter is not None:
            counter[0] += int(np.count_nonzero(out != x))
        return out

    def saturate(self, x, counter: list | None = None):
        if not self.fixed:
            return np.asarray(x, float)
        half = 1 << (self.bits - 1)
        out = np.clip(x, -half, half - 1)
        if counter is not None:
            counter[0] += int(np.count_nonzero(out != x))
        return out

    def grid(self, values):
        """Float values → this format (fixed: nearest grid point, saturated)."""
        if not self.fixed:
            return np.asarray(values, float)
        return self.saturate(np.rint(np.asarray(values, float) * (1 << self.frac)).astype(np.int64))

    def real(self, x):
        return np.asarray(x, float) / (1 << self.frac) if self.fixed else np.asarray(x, float)

    def convert(self, x, src: "Arith", counter: list | None = None):
        """Values of format ``src`` in this format: fractional bits added exactly (shift left)
        or dropped by flooring, then saturated to this width (counted)."""
        if not self.fixed:
            return np.asarray(x, float)
        x, shift = np.asarray(x, np.int64), self.frac - src.frac
        return self.saturate(x << shift if shift >= 0 else x >> -shift, counter)


def image_windows(x: np.ndarray, h: int, w: int, k: int, stride: int, pad: int,
                  fill: float = 0) -> np.ndarray:
    """(positions_out, k·k·C) windows of an (h·w, C) image, rows (ky, kx, c) major to minor."""
    c = x.shape[1]
    img = np.full((h + 2 * pad, w + 2 * pad, c), fill, dtype=x.dtype)
    img[pad:pad + h, pad:pad + w] = x.reshape(h, w, c)
    ho, wo = (h + 2 * pad - k) // stride + 1, (w + 2 * pad - k) // stride + 1
    return np.array([img[r * stride:r * stride + k, q * stride:q * stride + k].ravel()
                     for r in range(ho) for q in range(wo)])


def run(nodes, graph, params: dict, x0: np.ndarray, bits: int, frac: int,
        fixed: bool = True, local: dict[str, tuple[int, int]] | None = None) -> Pass:
    """The forward pass of ``nodes`` on the (positions, features) input ``x0`` (floats).

    ``local``: layer name → its own (bits, frac) (--verify's wider quantum softmax): its
    inputs are converted into that format and its output back (Arith.convert, saturations
    counted on the layer); its stage data and expected outputs are in its own format."""
    ar = Arith(bits, frac, fixed)
    local = local or {}
    out = Pass(bits=bits if fixed else 0)
    values = {"input": ar.grid(x0)}
    for node in nodes:
        preds = list(graph.predecessors(node.name))
        if node.type == "add":
            edges = graph.in_edges(node.name, data="branch")
            src = {b: s for s, _, b in edges}
            ins = [values[src["main"]], values[src["shortcut"]]]
        else:
            ins = [values[preds[0]]]
        sat = [0]
        if node.name in local:
            own = Arith(*local[node.name], fixed)
            out.bits = own.bits if fixed else 0  # its stages convert in its own format
            y = _layer(node, [own.convert(v, ar, sat) for v in ins],
                       params.get(node.name, {}), own, out)
            out.bits = bits if fixed else 0
            y = ar.convert(y, own, sat)
        else:
            y = _layer(node, ins, params.get(node.name, {}), ar, out)
        values[node.name] = ar.saturate(y, sat)
        out.outputs[node.name] = values[node.name]
        out.saturated[node.name] = sat[0]
    return out


#: Products held in memory at once by :func:`contract` (full-size layers are chunked).
CHUNK = 1 << 23


def contract(ar: Arith, x: np.ndarray, w: np.ndarray) -> np.ndarray:
    """out[p, j] = Σ_k mul(x[p, k], w[j, k]): each product rounded as the MAC rounds it,
    computed in chunks of positions so a full-size layer fits in memory."""
    if not ar.fixed:
        return np.asarray(x, float) @ np.asarray(w, float).T
    step = max(1, CHUNK // max(1, w.size))
    return np.concatenate([ar.mul(x[i:i + step, None, :], w[None, :, :]).sum(axis=-1)
                           for i in range(0, len(x), step)]) if len(x) else np.zeros(
        (0, len(w)), np.int64)


def _stage(out: Pass, name: str, data: dict, expected, overflow: list) -> None:
    out.data[name] = data
    out.expected[name] = expected
    out.overflows[name] = overflow[0]
    if out.bits:
        half = 1 << (out.bits - 1)
        y = np.asarray(expected)
        out.clamped[name] = int(np.count_nonzero((y < -half) | (y >= half)))


def _dot(ar: Arith, name: str, out: Pass, windows, weights, extra=None):
    """acc[p, j] = Σ_k ⌊win[p,k]·W[j,k]⌋ (+ e[p, j]) at b + ⌈log2 L⌉ bits, as one stage."""
    width = acc_width(ar.bits, ar.frac, windows.shape[1])
    wts = ar.grid(weights)
    acc = contract(ar, windows, wts)
    data = {"windows": windows, "weights": wts}
    if extra is not None:
        data["extra"] = ar.grid(extra)
        acc = acc + data["extra"]
    flow = [0]
    acc = ar.wrap(acc, width, flow)
    _stage(out, name, data, acc, flow)
    return acc


def _layer(node, ins, prm, ar: Arith, out: Pass):
    t, name = node.type, node.name
    x = ins[0]
    if t in ("conv", "patch_embed"):
        k = node.layer.kernel if t == "conv" else node.layer.patch
        stride = node.layer.stride if t == "conv" else k
        pad = node.layer.padding if t == "conv" else 0
        win = image_windows(x, node.inp.b, node.inp.c, k, stride, pad)
        if t == "patch_embed" and node.layer.cls_token:
            win = np.vstack([np.zeros((1, win.shape[1]), win.dtype), win])
        return _dot(ar, name, out, win, prm["w"], prm.get("extra"))
    if t == "linear":
        return _dot(ar, name, out, x, prm["w"])
    if t == "relu":
        y = np.maximum(x, 0)
        _stage(out, name, {"x": x}, y, [0])
        return y
    if t == "batchnorm":
        flow = [0]
        scale, shift = ar.grid(prm["scale"]), ar.grid(prm["shift"])
        y = ar.wrap(ar.wrap(ar.mul(x, scale[None, :]), ar.bits, flow) + shift, ar.bits, flow)
        _stage(out, name, {"x": x, "scale": scale, "shift": shift}, y, flow)
        return y
    if t == "add":
        flow = [0]
        y = ar.wrap(ins[0] + ins[1], ar.bits, flow)
        if node.residual.relu:
            y = np.maximum(y, 0)
        _stage(out, name, {"a": ins[0], "b": ins[1]}, y, flow)
        return y
    if t == "maxpool":
        k, stride = node.layer.kernel, node.layer.stride or node.layer.kernel
        low = -(1 << (ar.bits - 1)) if ar.fixed else -np.inf
        win = image_windows(x, node.inp.b, node.inp.c, k, stride, node.layer.padding, low)
        win = win.reshape(len(win), k * k, -1).transpose(0, 2, 1)  # (pos, ch, taps)
        y = win.max(axis=-1)
        _stage(out, name, {"windows": win}, y, [0])
        return y
    if t == "avgpool":
        if node.layer.kernel is None:  # QLAM contraction: classical reference, not bit-checked
            return ar.grid(ar.real(x).mean(axis=0, keepdims=True))
        k, stride = node.layer.kernel, node.layer.stride or node.layer.kernel
        win = image_windows(x, node.inp.b, node.inp.c, k, stride, 0)
        win = win.reshape(len(win), k * k, -1).transpose(0, 2, 1)
        width = acc_width(ar.bits, ar.frac, k * k)
        scale = round((1 << ar.frac) / (k * k)) if ar.fixed else 1 / (k * k)
        flow = [0]
        y = ar.wrap(ar.mul(win, scale).sum(axis=-1), width, flow)  # (pos, ch, k²): small
        _stage(out, name, {"windows": win}, y, flow)
        return y
    if t == "layernorm":
        real = ar.real(x)
        mu = ar.grid(real.mean(axis=1))
        r = ar.grid(1 / np.sqrt(real.var(axis=1) + 1e-5))
        gamma, beta = ar.grid(prm["gamma"]), ar.grid(prm["beta"])
        flow = [0]
        xc = ar.wrap(x - mu[:, None], ar.bits, flow)
        tt = ar.wrap(ar.mul(xc, r[:, None]), ar.bits, flow)
        y = ar.wrap(ar.wrap(ar.mul(tt, gamma[None, :]), ar.bits, flow) + beta, ar.bits, flow)
        _stage(out, name, {"x": x, "mu": mu, "r": r, "gamma": gamma, "beta": beta}, y, flow)
        return y
    if t == "softmax":
        if node.layer.mode == "quantum" and ar.fixed:
            return _softmax_digital(ar, name, x, out)
        real = ar.real(x)
        e = np.exp(real - real.max(axis=1, keepdims=True))
        return ar.grid(e / e.sum(axis=1, keepdims=True))
    if t == "ffn":
        wide = acc_width(ar.bits, ar.frac, node.inp.features)
        width = acc_width(wide, ar.frac, node.layer.hidden)
        w1, w2 = ar.grid(prm["w1"]), ar.grid(prm["w2"])
        flow = [0]
        h = ar.wrap(contract(ar, x, w1), wide, flow)
        rr = np.maximum(h, 0)
        y = ar.wrap(contract(ar, rr, w2), width, flow)
        _stage(out, name, {"x": x, "w1": w1, "w2": w2}, y, flow)
        return y
    if t == "attention":
        return _attention(node, x, prm, ar, out)
    if t == "token_select":
        return x[node.layer.index:node.layer.index + 1]
    raise ValueError(f"no forward rule for layer type {t!r}")


def _softmax_digital(ar: Arith, name: str, x, out: Pass):
    """The quantum softmax stage's map (qdl.estimators.network.lower_transformer.lower_softmax)
    by the registry blocks' own references on b-bit words: with the row maximum m_p and
    z_pk = m_p − x_pk ∈ [0, 2^b − 1] (unsigned), e_pk = exp(z_pk) ≈ e^{x_pk − m_p},
    s_p = Σ_k e_pk (b-bit adds, wrapping: each wrapped row is counted as an overflow),
    r_p = reciprocal(s_p), y_pk = 0 + mac(e_pk, r_p) ≈ softmax(x_p)_k, the float pass's
    e^{x − max}/Σ. (The blocks' references are their specifications, checked against their
    circuits by their own tests.)"""
    from qdl.estimators.network.modules import primitive

    b, f = ar.bits, ar.frac
    exp, add = primitive("exp", bits=b, frac_bits=f), primitive("add", bits=b)
    rec, mac = (primitive("reciprocal", bits=b, frac_bits=f),
                primitive("mac", bits=b, frac_bits=f))
    x = np.asarray(x, np.int64)
    z = x.max(axis=1, keepdims=True) - x  # the max shift: 0 ≤ z < 2^b, no wrap
    table = {int(v): exp.reference(z=int(v), y=0)["y"] for v in np.unique(z)}
    e = np.vectorize(table.__getitem__, otypes=[np.int64])(z)
    y = np.zeros_like(z)
    flow = [int(np.count_nonzero(e.sum(axis=1) >= 1 << b))]
    for p in range(len(z)):
        total = 0
        for v in e[p]:
            total = add.reference(a=total, b=int(v))["a"]
        r = rec.reference(x=total, y=0)["y"]
        y[p] = [mac.reference(a=int(v), b=r, c=0)["c"] for v in e[p]]
    y = ar.wrap(y, b)  # the b-bit words as signed values
    _stage(out, name, {"x": x}, y, flow)
    return y


def _attention(node, x, prm, ar: Arith, out: Pass):
    n, d, heads = node.out.positions, node.out.features, node.layer.heads
    dh = d // heads
    qkv = ar.saturate(_dot(ar, node.name + ".qkv", out, x, prm["qkv"]))
    q, k, v = (qkv[:, i * d:(i + 1) * d].reshape(n, heads, dh).transpose(1, 0, 2)
               for i in range(3))
    width = acc_width(ar.bits, ar.frac, dh)
    flow = [0]
    if ar.fixed:  # each product rounded as the MAC rounds it
        s = ar.wrap(ar.mul(q[:, :, None, :], k[:, None, :, :]).sum(-1), width, flow)  # (h,i,j)
    else:
        s = np.asarray(q, float) @ np.asarray(k, float).transpose(0, 2, 1)
    _stage(out, node.name + ".scores", {"q": q, "k": k}, s.transpose(1, 0, 2), flow)
    logits = ar.real(ar.saturate(s)) / np.sqrt(dh)
    a = np.exp(logits - logits.max(-1, keepdims=True))
    a /= a.sum(-1, keepdims=True)  # classical softmax on the measured scores
    av = (a @ ar.real(v)).transpose(1, 0, 2).reshape(n, d)  # QLAM A·V: classical here
    if not ar.fixed:  # the values stage's post-selection (qdl.estimators.network.success)
        vh = ar.real(v)  # (h, N, d/h): head h's columns, as the circuit loads them
        alpha2 = max(np.sum(a[h] ** 2) for h in range(heads))  # α = max_h ‖A_h‖_F
        norm2 = alpha2 * np.sum(vh ** 2)
        if norm2 > 0:  # V = 0 has no amplitude state to load: success falls back (success.py)
            out.postselection[node.name + ".values"] = float(np.sum((a @ vh) ** 2) / norm2)
    # the values stage applies head h's A_h to head h's columns of V (verify_values checks it)
    out.data[node.name + ".values"] = {"a": a, "v": ar.real(qkv[:, 2 * d:3 * d])}
    return _dot(ar, node.name + ".proj", out, ar.grid(av), prm["proj"])
