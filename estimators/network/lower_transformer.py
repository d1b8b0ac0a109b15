"""Lowering of the transformer layers (seed 000 §III.2, App. D): layer norm, softmax, the
feed-forward block and attention, on the stage model of qdl.estimators.network.lowering."""

from __future__ import annotations

from qdl.estimators.network.graph import Node
from qdl.estimators.network.lower_weights import (LOADED, SHIFT_ADD, choose, constant_dot,
                                                  constant_row)
from qdl.estimators.network.lower_values import values_stage
from qdl.estimators.network.lowering import (Setting, Stage, _dot, _reprepared,
                                             _stage, _xor_constant, classical, dot_stage)
from qdl.circuits.compose import call_flat
from qdl.estimators.network.modules import primitive
from qdl.estimators.network.parallel import copies, fit_ways, tree
from qdl.estimators.network.stage import ProgramWriter, acc_width, pattern

def lower_layernorm(node: Node, s: Setting, name: str, data=None) -> list[Stage]:
    """y = ((x − μ)·r)·γ + β with per-token μ, r = 1/σ from the previous readout."""
    return [_reprepared(node, s, data, lambda load: _layernorm(node, s, name, data, load))]


def _layernorm(node: Node, s: Setting, name: str, data, load) -> Stage:
    b = s.bits
    w = ProgramWriter(s.qram, [("pos", node.out.positions), ("out", node.out.features)],
                      data is not None, s.bits)
    d = data or {}
    load(w, ("pos", "out"), "x", 1, b, lambda v: pattern([d["x"][v["pos"], v["out"]]], b))
    w.table(("pos",), 2 * b, "st", lambda v: pattern([d["mu"][v["pos"]], d["r"][v["pos"]]], b))
    w.table(("out",), 2 * b, "aff",
            lambda v: pattern([d["gamma"][v["out"]], d["beta"][v["out"]]], b))
    w.reg("t", b), w.reg("y", b)
    mac = primitive("mac", bits=b, frac_bits=s.frac_bits)
    w.call(primitive("sub", bits=b), a=("x", 0, b), b=("st", 0, b))
    w.call(mac, a=("x", 0, b), b=("st", b, 2 * b), c=("t", 0, b))
    w.call(mac, a=("t", 0, b), b=("aff", 0, b), c=("y", 0, b))
    w.call(primitive("add", bits=b), a=("y", 0, b), b=("aff", b, 2 * b))
    return _stage(node, name, w, "y", node.out.elements, statistics="classical (per-token μ, σ)")


def lower_softmax(node: Node, s: Setting, name: str, data=None) -> list[Stage]:
    """y_{p,k} = softmax(x_p)_k = e^{x_pk − m_p} / Σ_j e^{x_pj − m_p}, m_p = max_j x_pj (the
    standard max shift of the numerically stable softmax, Goodfellow, Bengio, Courville,
    "Deep Learning" (2016) §4.1: every exponent ≤ 0, the largest term 1, so Σ_j ∈ [1, d]).

    ``mode: quantum`` (seed 000 App. D.1's element-wise "approximate softmax" on QAM, here
    exact up to fixed-point rounding): the row x_p and the element x_pk are loaded by tables,
    and m_p is a per-position statistic of the previous readout, loaded like layer norm's μ
    as its complement ¬m_p = −m_p − 1. Each exponent's argument z = m_p − x ∈ [0, 2^b − 1]
    (unsigned, what ``exp`` takes: y ≈ e^{−z}, qdl.circuits.qam.exponential) is made in place
    by z = ¬(x + ¬m_p): one b-bit ``add`` and b X gates per term. Then s_p = Σ_j e^{−z_j}
    (b-bit adds, in ``ways`` groups and an adder tree when the schedule asks), r_p =
    reciprocal(s_p) and y = mac(e^{−z_k}, r_p). The numpy model is
    qdl.estimators.network.forward._softmax_digital; the float truth is np.exp(x − max)."""
    n, dim, b = node.out.positions, node.out.features, s.bits
    if node.layer.mode == "classical":
        return [classical(node, name, "normalised classically from the measured scores "
                                      "(seed 000 App. D.1)")]
    f = s.frac_bits
    w = ProgramWriter(s.qram, [("pos", n), ("out", dim)], data is not None, s.bits)
    d = data or {}
    w.table(("pos",), dim * b, "row", lambda v: pattern(d["x"][v["pos"]], b))
    w.table(("pos", "out"), b, "x", lambda v: pattern([d["x"][v["pos"], v["out"]]], b))
    w.table(("pos",), b, "nmax", lambda v: pattern([~int(max(d["x"][v["pos"]]))], b))
    ways = fit_ways(s.ways, dim)  # Σ exp in groups of dim/ways terms, then an adder tree
    w.reg("e", dim * b), w.reg("sum", ways * b), w.reg("r", b), w.reg("ex", b), w.reg("y", b)
    exp, add = primitive("exp", bits=b, frac_bits=f), primitive("add", bits=b)
    negate = _xor_constant(b, (1 << b) - 1)
    m = dim // ways

    def shifted(x: tuple, nmax: tuple) -> None:  # x ← ¬(x + ¬m) = m − x
        w.call(add, a=x, b=nmax)
        w.call(negate, t=x)

    def term(i):
        shifted(w.at(i, "row", 0, b, b), ("nmax", 0, b))
        w.call(exp, z=w.at(i, "row", 0, b, b), y=w.at(i, "e", 0, b, b))
        w.call(add, a=("sum", 0, b), b=w.at(i, "e", 0, b, b))

    def group_term(j, i):  # term i of group j (its own copy of ¬m): into its partial sum
        e, z = w.at(i, "e", 0, b, b, j, m * b), w.at(i, "row", 0, b, b, j, m * b)
        shifted(z, w.at(i, "nmaxs", 0, b, 0, j, b))
        w.call(exp, z=z, y=e)
        w.call(add, a=w.at(i, "sum", 0, b, 0, j, b), b=e)

    if ways > 1:
        copies(w, "nmax", b, "nmaxs", ways)
        w.loop(ways, lambda j: w.loop(m, lambda i: group_term(j, i)), parallel=True)
        tree(w, "sum", b, ways)
    else:
        w.loop(dim, term)
    w.split = (ways, dim)
    w.call(primitive("reciprocal", bits=b, frac_bits=f), x=("sum", 0, b), y=("r", 0, b))
    shifted(("x", 0, b), ("nmax", 0, b))
    w.call(exp, z=("x", 0, b), y=("ex", 0, b))
    w.call(primitive("mac", bits=b, frac_bits=f), a=("ex", 0, b), b=("r", 0, b), c=("y", 0, b))
    return [_stage(node, name, w, "y", n * dim, shift="max over the row (classical statistic "
                                                      "of the previous readout)")]


def lower_ffn(node: Node, s: Setting, name: str, data=None) -> list[Stage]:
    """y_{p,j} = Σ_k W2[j,k]·relu(W1_k·x_p) (App. D.2): per hidden unit k, h_k = W1_k·x_p at
    w1 = acc_width(b, d) bits, r_k = relu(h_k); then one dot of the r with W2's row j (stored
    at w1 bits) into acc_width(w1, h) bits. W1_k is the same for every element, so it is
    either shift-and-add constants (``weights: classical``) or written into a register by X
    gates, multiplied by ``dot`` and erased (loaded); the cheaper for ``optimize_for``."""
    candidates = [(LOADED, _ffn(node, s, name, data, False))]
    if s.weights == "classical":
        candidates.insert(0, (SHIFT_ADD, _ffn(node, s, name, data, True)))
    return [choose(candidates, s.optimize_for, s.construction)]


def _ffn(node: Node, s: Setting, name: str, data, constants: bool) -> Stage:
    n, dim, hid, b = node.out.positions, node.out.features, node.layer.hidden, s.bits
    d_in = node.inp.features
    w1 = acc_width(b, s.frac_bits, d_in)
    w = ProgramWriter(s.qram, [("pos", n), ("out", dim)], data is not None, s.bits)
    d = data or {}
    w.table(("pos",), d_in * b, "x", lambda v: pattern(d["x"][v["pos"]], b))
    # the hidden units may run in parallel groups, each on its own copy of x (and, loaded,
    # its own W1 register; qdl.estimators.network.parallel)
    ways = fit_ways(s.ways, hid)
    if not constants:
        w.reg("w1", ways * d_in * b)
    w.reg("h", hid * w1), w.reg("r", hid * w1)
    relu = primitive("relu", bits=w1, frac_bits=s.frac_bits)

    def unit(i):
        h, r = w.at(i, "h", 0, w1, w1), w.at(i, "r", 0, w1, w1)
        if constants:
            constant_dot(w, s, d_in, "x", h, b, constant_row(data, i, "w1", d_in, b), w1)
            w.call(relu, x=h, y=r)
        else:
            _loaded_unit(w, s, d, d_in, ("x", 0, d_in * b), ("w1", 0, d_in * b), i, h, r, w1)

    if ways > 1:
        _ffn_units(w, s, data, d_in, hid, w1, relu, ways, constants)
    else:
        w.loop(hid, unit)
    w.table(("out",), hid * w1, "w2", lambda v: pattern(d["w2"][v["out"]], w1))
    width = _dot(w, s, hid, "r", "w2", "y", w1)
    return _stage(node, name, w, "y", n * dim, hidden=hid, guard_bits=width - b)


def _loaded_unit(w, s, d, length: int, x: tuple, w1: tuple, u: int | None, h: tuple,
                 r: tuple, acc: int) -> None:
    """Hidden unit u (None: a kept loop's worst case, all-ones weights) with loaded W1:
    W1_u written into the segment ``w1`` by X gates, h += W1_u·x (``dot`` at ``acc`` bits),
    W1_u erased by the same X gates, r = relu(h). ``x`` is the position's input (serial) or
    a group's copy of it (parallel groups): the same calls either way."""
    b = s.bits
    width = length * b
    value = pattern(d["w1"][u], b) if u is not None and d else (1 << width) - 1
    write = _xor_constant(width, value)
    dot = primitive("dot", length=length, bits=b, frac_bits=s.frac_bits, acc_bits=acc)
    w.call(write, t=w1)
    w.ops.append(call_flat(dot, x, w1, h))
    w.call(write, t=w1)
    w.call(primitive("relu", bits=acc, frac_bits=s.frac_bits), x=h, y=r)


def _ffn_units(w, s, data, d_in, hid, w1, relu, ways: int, constants: bool) -> None:
    """The hidden units in ``ways`` parallel groups of hid/ways consecutive units, each group
    on its own copy of x (CNOT fan-outs) and, loaded, its own W1 register; the serial form
    runs the same unit on x itself (no copy)."""
    m, width, d = hid // ways, d_in * s.bits, data or {}
    copies(w, "x", width, "xs", ways)

    def unit(j, i):
        u = j * m + i if i is not None else None
        xs = w.at(i, "xs", 0, width, 0, j, width)
        h, r = w.at(i, "h", 0, w1, w1, j, m * w1), w.at(i, "r", 0, w1, w1, j, m * w1)
        if constants:
            constant_dot(w, s, d_in, "xs", h, s.bits, constant_row(data, u, "w1", d_in, s.bits),
                         w1, xs)
            w.call(relu, x=h, y=r)
        else:
            _loaded_unit(w, s, d, d_in, xs, w.at(i, "w1", 0, width, 0, j, width), u, h, r, w1)

    w.loop(ways, lambda j: w.loop(m, lambda i: unit(j, i)), parallel=True)


def lower_attention(node: Node, s: Setting, name: str, data=None) -> list[Stage]:
    """Seed 000 §III.2 / App. D.1: QKV projection (QAM), scores q_i·k_j per head over an
    index (i, head, j) (QAM), softmax classical on the measured scores, A·V with head k's A_k
    on head k's columns of V only (QLAM, qdl.estimators.network.lower_values: rotation or
    QROM-loaded trees, the cheaper), output projection (QAM)."""
    n, dim, heads = node.out.positions, node.out.features, node.layer.heads
    dh = dim // heads
    d = data or {}
    qkv = dot_stage(node, s, name + ".qkv", n, dim, 3 * dim, d.get("qkv"))
    b = s.bits
    w = ProgramWriter(s.qram, [("i", n), ("head", heads), ("j", n)], data is not None, s.bits)
    sc = d.get("scores") or {}
    w.table(("i", "head"), dh * b, "q", lambda v: pattern(sc["q"][v["head"], v["i"]], b))
    w.table(("head", "j"), dh * b, "k", lambda v: pattern(sc["k"][v["head"], v["j"]], b))
    _dot(w, s, dh, "q", "k", "acc", b)
    scores = _stage(node, name + ".scores", w, "acc", n * n * heads,
                    softmax="classical on the measured scores (App. D.1)")
    values = values_stage(node, s, name + ".values", data)
    proj = dot_stage(node, s, name + ".proj", n, dim, dim, d.get("proj"))
    return [qkv, scores, values, proj]
