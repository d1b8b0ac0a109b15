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
                      data is not None)
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
    n, dim, b = node.out.positions, node.out.features, s.bits
    if node.layer.mode == "classical":
        return [classical(node, name, "normalised classically from the measured scores "
                                      "(seed 000 App. D.1)")]
    f = s.frac_bits
    w = ProgramWriter(s.qram, [("pos", n), ("out", dim)], data is not None)
    d = data or {}
    w.table(("pos",), dim * b, "row", lambda v: pattern(d["x"][v["pos"]], b))
    w.table(("pos", "out"), b, "x", lambda v: pattern([d["x"][v["pos"], v["out"]]], b))
    ways = fit_ways(s.ways, dim)  # Σ exp in groups of dim/ways terms, then an adder tree
    w.reg("e", dim * b), w.reg("sum", ways * b), w.reg("r", b), w.reg("ex", b), w.reg("y", b)
    exp, add = primitive("exp", bits=b, frac_bits=f), primitive("add", bits=b)
    m = dim // ways

    def term(i):
        w.call(exp, z=w.at(i, "row", 0, b, b), y=w.at(i, "e", 0, b, b))
        w.call(add, a=("sum", 0, b), b=w.at(i, "e", 0, b, b))

    def group_term(j, i):  # term i of group j: into the group's partial sum
        e = w.at(i, "e", 0, b, b, j, m * b)
        w.call(exp, z=w.at(i, "row", 0, b, b, j, m * b), y=e)
        w.call(add, a=w.at(i, "sum", 0, b, 0, j, b), b=e)

    if ways > 1:
        w.loop(ways, lambda j: w.loop(m, lambda i: group_term(j, i)), parallel=True)
        tree(w, "sum", b, ways)
    else:
        w.loop(dim, term)
    w.split = (ways, dim)
    w.call(primitive("reciprocal", bits=b, frac_bits=f), x=("sum", 0, b), y=("r", 0, b))
    w.call(exp, z=("x", 0, b), y=("ex", 0, b))
    w.call(primitive("mac", bits=b, frac_bits=f), a=("ex", 0, b), b=("r", 0, b), c=("y", 0, b))
    return [_stage(node, name, w, "y", n * dim)]


def lower_ffn(node: Node, s: Setting, name: str, data=None) -> list[Stage]:
    """y_{p,j} = Σ_k W2[j,k]·relu(W1_k·x_p) (App. D.2): per hidden unit k, h_k = W1_k·x_p at
    w1 = acc_width(b, d) bits, r_k = relu(h_k); then one dot of the r with W2's row j (stored
    at w1 bits) into acc_width(w1, h) bits. W1_k is the same for every element, so it is
    either shift-and-add constants (``weights: classical``) or written into a register by X
    gates, multiplied by ``dot`` and erased (loaded); the cheaper for ``optimize_for``."""
    candidates = [(LOADED, _ffn(node, s, name, data, False))]
    if s.weights == "classical":
        candidates.insert(0, (SHIFT_ADD, _ffn(node, s, name, data, True)))
    return [choose(candidates, s.optimize_for)]


def _ffn(node: Node, s: Setting, name: str, data, constants: bool) -> Stage:
    n, dim, hid, b = node.out.positions, node.out.features, node.layer.hidden, s.bits
    d_in = node.inp.features
    w1 = acc_width(b, s.frac_bits, d_in)
    w = ProgramWriter(s.qram, [("pos", n), ("out", dim)], data is not None)
    d = data or {}
    w.table(("pos",), d_in * b, "x", lambda v: pattern(d["x"][v["pos"]], b))
    # the loaded form may run its hidden units in parallel groups, each on its own copy of x
    # and W1 register (qdl.estimators.network.parallel); the constant form runs them serially
    ways = 1 if constants else fit_ways(s.ways, hid)
    if not constants:
        w.reg("w1", ways * d_in * b)
    w.reg("h", hid * w1), w.reg("r", hid * w1)
    relu = primitive("relu", bits=w1, frac_bits=s.frac_bits)

    def unit(i):
        if constants:
            constant_dot(w, s, d_in, "x", w.at(i, "h", 0, w1, w1), b,
                         constant_row(data, i, "w1", d_in, b), w1)
        else:
            value = pattern(d["w1"][i], b) if i is not None and d else (1 << d_in * b) - 1
            write = _xor_constant(d_in * b, value)
            w.call(write, t=("w1", 0, d_in * b))
            _dot(w, s, d_in, "x", "w1", "h", b, i, w1)
            w.call(write, t=("w1", 0, d_in * b))
        w.call(relu, x=w.at(i, "h", 0, w1, w1), y=w.at(i, "r", 0, w1, w1))

    if ways > 1:
        _ffn_units(w, s, d, d_in, hid, w1, relu, ways)
    else:
        w.loop(hid, unit)
    w.table(("out",), hid * w1, "w2", lambda v: pattern(d["w2"][v["out"]], w1))
    width = _dot(w, s, hid, "r", "w2", "y", w1)
    return _stage(node, name, w, "y", n * dim, hidden=hid, guard_bits=width - b)


def _ffn_units(w, s, d, d_in, hid, w1, relu, ways: int) -> None:
    """The hidden units (loaded W1) in ``ways`` parallel groups of hid/ways consecutive units,
    each group on its own copy of x (CNOT fan-outs) and its own W1 register."""
    b, m, width = s.bits, hid // ways, d_in * s.bits
    dot = primitive("dot", length=d_in, bits=b, frac_bits=s.frac_bits, acc_bits=w1)
    copies(w, "x", width, "xs", ways)

    def unit(j, i):
        u = j * m + i if i is not None else None
        write = _xor_constant(width, pattern(d["w1"][u], b) if u is not None and d
                              else (1 << width) - 1)
        mine = w.at(i, "w1", 0, width, 0, j, width)
        h = w.at(i, "h", 0, w1, w1, j, m * w1)
        w.call(write, t=mine)
        w.ops.append(call_flat(dot, w.at(i, "xs", 0, width, 0, j, width), mine, h))
        w.call(write, t=mine)
        w.call(relu, x=h, y=w.at(i, "r", 0, w1, w1, j, m * w1))

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
    w = ProgramWriter(s.qram, [("i", n), ("head", heads), ("j", n)], data is not None)
    sc = d.get("scores") or {}
    w.table(("i", "head"), dh * b, "q", lambda v: pattern(sc["q"][v["head"], v["i"]], b))
    w.table(("head", "j"), dh * b, "k", lambda v: pattern(sc["k"][v["head"], v["j"]], b))
    _dot(w, s, dh, "q", "k", "acc", b)
    scores = _stage(node, name + ".scores", w, "acc", n * n * heads,
                    softmax="classical on the measured scores (App. D.1)")
    values = values_stage(node, s, name + ".values", data)
    proj = dot_stage(node, s, name + ".proj", n, dim, dim, d.get("proj"))
    return [qkv, scores, values, proj]
