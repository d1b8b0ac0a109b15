"""Lowering: each layer node → one or more stages, each a block (qdl.estimators.network.stage).

The seed's allocation (seed 000 §II.3, App. C-E), with N the position and d the feature
dimension, b/f the fixed-point format:

- a stage's index register ranges over its output *elements* e = (position, feature) (the
  readout's amplitude state is Σ_e y_e|e⟩), made of named fields (``pos``, ``out``, ...);
- per-element arithmetic → QAM blocks (``dot``, ``mac``, ``relu``, ``add``, ...) on operands
  loaded by QRAM/QROM queries addressed by fields of the index: the input window by the
  position, a weight row by the output feature (classical tables);
- sums of L products run at b + ⌈log2 L⌉ bits (guard bits: operands stored sign-extended),
  so a sum of in-range products cannot overflow; the readout rescales classically;
- contractions over N (A·V, global pooling, weight gradients) → QLAM blocks;
- every stage with a readout converts its output with the signed ``qdac`` and then uncomputes
  every digital register (compute → convert → uncompute); batch-norm, layer-norm and softmax
  statistics come classically from the previous readout (App. C, D.1).

Every ``lower_*`` takes the data of a small instance (``data``: arrays of fixed-point integers,
see qdl.estimators.network.forward) to build it; without data it gives the worst-case
program that counts at full size.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from qdl.circuits.block import Block, Register, Signature
from qdl.circuits.compose import Call, Composite, Loop, call_flat
from qdl.circuits.dtm.qdac import LessThan
from qdl.estimators.network.graph import Node, index_bits
from qdl.estimators.network.modules import primitive
from qdl.estimators.network.parallel import copies, fit_ways, parallel_dot, tree
from qdl.estimators.network.stage import ProgramWriter, acc_width, part_name, pattern


@dataclass(frozen=True)
class Setting:
    """The numerics, QRAM model and readout in force for one layer (overrides applied)."""

    bits: int
    frac_bits: int
    qram: str
    readout: Any
    #: parallel groups a stage's sums may run in (qdl.estimators.network.parallel; 1 serial,
    #: each stage takes the largest of its offered group counts ≤ this)
    ways: int = 1
    #: the model file's schedule rule (qdl.estimators.network.schedule picks ``ways`` by it)
    schedule: Any = "serial"


@dataclass
class Stage:
    name: str
    type: str
    node: Node
    block: Block | None
    #: elements read out after each execution (None: the stage's QLAM estimates its numbers)
    readout_size: int | None
    tables: list[tuple[int, int]] = field(default_factory=list)  # QRAM (words, word_bits)
    notes: dict[str, Any] = field(default_factory=dict)
    classical: bool = False
    #: the index register's fields (name, count), the first in the lowest bits
    fields: list[tuple[str, int]] = field(default_factory=list)

    def circuit(self) -> Block:
        return self.block

    @property
    def parts(self) -> list[tuple[str, Block, int]]:
        """(registry name, block, calls per execution) of the stage's program."""
        if self.block is None:
            return []
        return [(part_name(b), b, m) for b, m in self.block.children()]


@dataclass(frozen=True)
class QlamStage(Composite):
    """A contraction stage: ``count`` repetitions of QLAM calls on shared registers.

    ``calls`` are (block, wiring) with wiring (block register, stage register, offset); a
    block alone is wired onto registers named like its own."""

    label: str
    registers: tuple[tuple[str, int], ...]
    calls: tuple[tuple[Block, tuple[tuple[str, str, int], ...]], ...]
    count: int = 1

    @staticmethod
    def single(label: str, block: Block, count: int = 1) -> "QlamStage":
        regs = tuple((r.name, r.width) for r in block.signature)
        wiring = tuple((r.name, r.name, 0) for r in block.signature)
        return QlamStage(label, regs, ((block, wiring),), count)

    @property
    def name(self) -> str:  # type: ignore[override]
        return "stage"

    @property
    def signature(self):
        return Signature([Register(n, w) for n, w in self.registers])

    def params(self) -> dict[str, object]:
        return {"label": self.label, "calls": self.count}

    def ops(self):
        body = []
        for block, wiring in self.calls:
            wires = tuple((r, ((reg, at, at + block.signature[r].width),))
                          for r, reg, at in wiring)
            body.append(Call(block, wires))
        return [Loop(self.count, tuple(body))]


def _stage(node: Node, name: str, w: ProgramWriter, output: str, readout: int | None,
           **notes) -> Stage:
    if w.split[1] > 1:  # the sum the schedule may split (qdl.estimators.network.schedule)
        notes["schedule"] = {"groups": w.split[0], "terms": w.split[1]}
    return Stage(name, node.type, node, w.circuit(name, output), readout, w.tables, notes,
                 fields=list(w.fields))


def _dot(w: ProgramWriter, s: Setting, length: int, a: str, b: str, y: str, bits: int,
         i=None, stride: int = 0) -> int:
    """y (+)= Σ_k a_k·b_k, operands of ``bits`` bits side by side in registers a and b, into
    an accumulator with guard bits (its width is returned); outside loops in the setting's
    parallel groups (qdl.estimators.network.parallel)."""
    ways = fit_ways(s.ways, length) if i is None and stride == 0 else 1
    if i is None and stride == 0:
        w.split = (ways, length)
    if ways > 1:
        return parallel_dot(w, s, length, a, b, y, bits, ways)
    acc = acc_width(bits, s.frac_bits, length)
    dot = primitive("dot", length=length, bits=bits, frac_bits=s.frac_bits, acc_bits=acc)
    w.reg(y, acc if stride == 0 else w.registers.get(y, 0))
    w.ops.append(call_flat(dot, (a, 0, length * bits), (b, 0, length * bits),
                           w.at(i, y, 0, acc, stride)))
    return acc


def dot_stage(node: Node, s: Setting, name: str, positions: int, length: int, outputs: int,
              data: dict | None = None, extra: bool = False) -> Stage:
    """y_{p,j} = Σ_k window_p[k]·W_j[k] (+ e_{p,j}): window by position, weight row by output
    feature (conv: length k²·C_in; linear: d_in), at b + ⌈log2 L⌉ bits."""
    b = s.bits
    w = ProgramWriter(s.qram, [("pos", positions), ("out", outputs)], data is not None)
    d = data or {}
    w.table(("pos",), length * b, "win", lambda v: pattern(d["windows"][v["pos"]], b))
    w.table(("out",), length * b, "wt", lambda v: pattern(d["weights"][v["out"]], b))
    width = _dot(w, s, length, "win", "wt", "acc", b)
    if extra:  # position embedding (and class token): one more table over the element
        w.table(("pos", "out"), width, "emb",
                lambda v: pattern([d["extra"][v["pos"], v["out"]]], width))
        w.call(primitive("add", bits=width), a=("acc", 0, width), b=("emb", 0, width))
    return _stage(node, name, w, "acc", positions * outputs, dot_length=length,
                  guard_bits=width - s.bits)


def lower_conv(node: Node, s: Setting, name: str, data=None) -> list[Stage]:
    k, cin = node.layer.kernel, node.inp.features
    return [dot_stage(node, s, name, node.out.positions, k * k * cin, node.out.features, data)]


def lower_linear(node: Node, s: Setting, name: str, data=None) -> list[Stage]:
    return [dot_stage(node, s, name, node.out.positions, node.inp.features,
                      node.out.features, data)]


def lower_patch_embed(node: Node, s: Setting, name: str, data=None) -> list[Stage]:
    p, cin, dim = node.layer.patch, node.inp.features, node.out.features
    return [dot_stage(node, s, name, node.out.positions, p * p * cin, dim, data, extra=True)]


def _elementwise(s: Setting, node: Node, data, width: int) -> ProgramWriter:
    """A writer over (pos, ch) with the element's input loaded into ``x``."""
    w = ProgramWriter(s.qram, [("pos", node.out.positions), ("ch", node.out.features)],
                      data is not None)
    w.table(("pos", "ch"), width, "x", lambda v: pattern([data["x"][v["pos"], v["ch"]]], width))
    return w


def lower_batchnorm(node: Node, s: Setting, name: str, data=None) -> list[Stage]:
    """y = x·scale_c + shift_c, statistics folded classically from the previous readout."""
    n, c, b = node.out.positions, node.out.features, s.bits
    w = _elementwise(s, node, data, b)
    w.table(("ch",), 2 * b, "aff",
            lambda v: pattern([data["scale"][v["ch"]], data["shift"][v["ch"]]], b))
    w.reg("y", b)
    w.call(primitive("mac", bits=b, frac_bits=s.frac_bits), a=("x", 0, b), b=("aff", 0, b),
           c=("y", 0, b))
    w.call(primitive("add", bits=b), a=("y", 0, b), b=("aff", b, 2 * b))
    return [_stage(node, name, w, "y", n * c, statistics="classical (seed 000 App. C)")]


def lower_relu(node: Node, s: Setting, name: str, data=None) -> list[Stage]:
    b = s.bits
    w = _elementwise(s, node, data, b)
    w.reg("y", b)
    w.call(primitive("relu", bits=b, frac_bits=s.frac_bits), x=("x", 0, b), y=("y", 0, b))
    return [_stage(node, name, w, "y", node.out.elements)]


def lower_add(node: Node, s: Setting, name: str, data=None) -> list[Stage]:
    """Residual join (App. C step 3): body + shortcut in place, then the final ReLU if any."""
    b = s.bits
    w = ProgramWriter(s.qram, [("pos", node.out.positions), ("ch", node.out.features)],
                      data is not None)
    w.table(("pos", "ch"), 2 * b, "x",
            lambda v: pattern([data["a"][v["pos"], v["ch"]], data["b"][v["pos"], v["ch"]]], b))
    w.call(primitive("add", bits=b), a=("x", 0, b), b=("x", b, 2 * b))
    w.reg("y", b)
    if node.residual.relu:
        w.call(primitive("relu", bits=b, frac_bits=s.frac_bits), x=("x", 0, b), y=("y", 0, b))
    else:  # the sum, copied out of the loaded word so the conversion sees b bits
        w.call(_fanout(b), a=("x", 0, b), b=("y", 0, b))
    return [_stage(node, name, w, "y", node.out.elements)]


def _window_writer(s: Setting, node: Node, data, width: int, taps: int) -> ProgramWriter:
    w = ProgramWriter(s.qram, [("pos", node.out.positions), ("ch", node.out.features)],
                      data is not None)
    w.table(("pos", "ch"), taps * width, "win",
            lambda v: pattern(data["windows"][v["pos"], v["ch"]], width))
    return w


def lower_maxpool(node: Node, s: Setting, name: str, data=None) -> list[Stage]:
    """Running maximum over the k² window: y = a_0; per step flag = [y < a], d = a − y,
    y += flag·d (flags and differences are uncomputed after the conversion)."""
    k2, b = node.layer.kernel ** 2, s.bits
    w = _window_writer(s, node, data, b, k2)
    steps = k2 - 1
    w.reg("y", b), w.reg("gt", steps), w.reg("d", steps * b)
    w.call(_fanout(b), a=("win", 0, b), b=("y", 0, b))
    flip = _xor_constant(b, 1 << (b - 1))

    def step(i):
        a = w.at(i, "win", b, 2 * b, b)
        for reg in (("y", 0, b), a):  # signed order = unsigned order with sign bits flipped
            w.call(flip, t=reg)
        # [y < a] XORed into the flag by CNOT (qdac's comparator), so the Bennett reversal
        # can apply it again on a flag in |1⟩ (the QAM compare ends with an AND onto it)
        w.call(LessThan(b), m=("y", 0, b), y=a, flag=w.at(i, "gt", 0, 1, 1))
        for reg in (("y", 0, b), a):
            w.call(flip, t=reg)
        w.call(_fanout(b), a=a, b=w.at(i, "d", 0, b, b))
        w.call(primitive("sub", bits=b), a=w.at(i, "d", 0, b, b), b=("y", 0, b))
        w.call(primitive("ctrl_add", bits=b), c=w.at(i, "gt", 0, 1, 1), a=("y", 0, b),
               b=w.at(i, "d", 0, b, b))

    w.loop(steps, step)
    return [_stage(node, name, w, "y", node.out.elements)]


def _xor_constant(bits: int, value: int) -> Block:
    from qdl.circuits.qam._fixed_point import XorConstant

    return XorConstant(bits, value)


def _fanout(bits: int) -> Block:
    from qdl.circuits.qam._staged import Fanout

    return Fanout(bits)


def lower_avgpool(node: Node, s: Setting, name: str, data=None) -> list[Stage]:
    n_in, c = node.inp.positions, node.out.features
    if node.layer.kernel is None:  # global pooling contracts over N: QLAM inner products
        block = primitive("inner_product", size=max(2, n_in), epsilon=s.readout.precision)
        return [Stage(name, node.type, node, QlamStage.single(name, block, c), None,
                      notes={"contraction": "mean over N positions = ⟨uniform|x_c⟩ per channel"})]
    k2, b = node.layer.kernel ** 2, s.bits
    w = _window_writer(s, node, data, b, k2)
    scale = round((1 << s.frac_bits) / k2)  # 1/k² on the grid (f ≥ log2 k²: exact)
    w.table((), k2 * b, "wt", lambda v: pattern([scale] * k2, b))
    _dot(w, s, k2, "win", "wt", "acc", b)
    return [_stage(node, name, w, "acc", node.out.elements, scale=f"{scale}/2^{s.frac_bits}")]


def lower_layernorm(node: Node, s: Setting, name: str, data=None) -> list[Stage]:
    """y = ((x − μ)·r)·γ + β with per-token μ, r = 1/σ from the previous readout."""
    b = s.bits
    w = ProgramWriter(s.qram, [("pos", node.out.positions), ("out", node.out.features)],
                      data is not None)
    d = data or {}
    w.table(("pos", "out"), b, "x", lambda v: pattern([d["x"][v["pos"], v["out"]]], b))
    w.table(("pos",), 2 * b, "st", lambda v: pattern([d["mu"][v["pos"]], d["r"][v["pos"]]], b))
    w.table(("out",), 2 * b, "aff",
            lambda v: pattern([d["gamma"][v["out"]], d["beta"][v["out"]]], b))
    w.reg("t", b), w.reg("y", b)
    mac = primitive("mac", bits=b, frac_bits=s.frac_bits)
    w.call(primitive("sub", bits=b), a=("x", 0, b), b=("st", 0, b))
    w.call(mac, a=("x", 0, b), b=("st", b, 2 * b), c=("t", 0, b))
    w.call(mac, a=("t", 0, b), b=("aff", 0, b), c=("y", 0, b))
    w.call(primitive("add", bits=b), a=("y", 0, b), b=("aff", b, 2 * b))
    return [_stage(node, name, w, "y", node.out.elements,
                   statistics="classical (per-token μ, σ)")]


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
    """y_{p,j} = Σ_k W2[j,k]·relu(W1_k·x_p) (App. D.2): per hidden unit k, W1_k is written
    (a classical constant), h_k = W1_k·x_p at w1 = acc_width(b, d), W1_k erased,
    r_k = relu(h_k); then one dot of the r with W2's row j (stored at w1 bits) into
    acc_width(w1, h) bits."""
    n, dim, hid, b = node.out.positions, node.out.features, node.layer.hidden, s.bits
    d_in = node.inp.features
    w1 = acc_width(b, s.frac_bits, d_in)
    w = ProgramWriter(s.qram, [("pos", n), ("out", dim)], data is not None)
    d = data or {}
    w.table(("pos",), d_in * b, "x", lambda v: pattern(d["x"][v["pos"]], b))
    ways = fit_ways(s.ways, hid)  # groups of hidden units, each with its own W1 register
    w.reg("w1", ways * d_in * b), w.reg("h", hid * w1), w.reg("r", hid * w1)
    relu = primitive("relu", bits=w1, frac_bits=s.frac_bits)
    if ways > 1:
        _ffn_units(w, s, d, d_in, hid, w1, relu, ways)
    else:
        w.loop(hid, lambda i: _ffn_unit(w, s, d, d_in, w1, relu, i))
    w.table(("out",), hid * w1, "w2", lambda v: pattern(d["w2"][v["out"]], w1))
    width = _dot(w, s, hid, "r", "w2", "y", w1)
    return [_stage(node, name, w, "y", n * dim, hidden=hid, guard_bits=width - b)]


def _ffn_unit(w, s, d, d_in, w1, relu, i) -> None:
    """Hidden unit i, serially: W1_i written, h_i = W1_i·x, W1_i erased, r_i = relu(h_i)."""
    b = s.bits
    value = pattern(d["w1"][i], b) if i is not None and d else (1 << d_in * b) - 1
    write = _xor_constant(d_in * b, value)
    w.call(write, t=("w1", 0, d_in * b))
    _dot(w, s, d_in, "x", "w1", "h", b, i, w1)
    w.call(write, t=("w1", 0, d_in * b))
    w.call(relu, x=w.at(i, "h", 0, w1, w1), y=w.at(i, "r", 0, w1, w1))


def _ffn_units(w, s, d, d_in, hid, w1, relu, ways: int) -> None:
    """The hidden units in ``ways`` parallel groups of hid/ways consecutive units, each group
    on its own copy of x (CNOT fan-outs) and its own W1 register
    (qdl.estimators.network.parallel)."""
    from qdl.circuits.compose import call_flat

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
    index (i, head, j) (QAM), softmax classical on the measured scores, A·V per head by a
    dense block-encoding and the heads combined by LCU (QLAM), output projection (QAM)."""
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
    if heads > 1:
        be = primitive("lcu_heads", heads=heads, size=max(2, n), variant="dense")
    else:
        be = primitive("block_encoding", size=max(2, n), variant="dense")
    prep = primitive("state_prep", size=max(2, n * dim))
    vals = prep.signature["state"].width
    wiring = tuple((r.name, "vals" if r.name == "sys" else r.name, 0) for r in be.signature)
    regs = (("vals", max(vals, be.signature["sys"].width)),) + tuple(
        (r.name, r.width) for r in be.signature if r.name != "sys")
    values = Stage(name + ".values", node.type, node,
                   QlamStage(name + ".values", regs,
                             ((prep, (("state", "vals", 0),)), (be, wiring))), n * dim,
                   notes={"amplitudes": "V loaded as a state, A applied by its block-encoding: "
                                        "the output is already an amplitude state (no qdac)",
                          "postselection": "success probability ‖A·V‖²/(α‖V‖)² is "
                                           "data-dependent and not included"})
    proj = dot_stage(node, s, name + ".proj", n, dim, dim, d.get("proj"))
    return [qkv, scores, values, proj]


def classical(node: Node, name: str, why: str) -> Stage:
    return Stage(name, node.type, node, None, None, notes={"classical": why}, classical=True)


def lower_token_select(node: Node, s: Setting, name: str, data=None) -> list[Stage]:
    return [classical(node, name, "keeps one token of the classical readout")]


LOWER = {"conv": lower_conv, "linear": lower_linear, "patch_embed": lower_patch_embed,
         "batchnorm": lower_batchnorm, "relu": lower_relu, "maxpool": lower_maxpool,
         "avgpool": lower_avgpool, "layernorm": lower_layernorm, "softmax": lower_softmax,
         "ffn": lower_ffn, "attention": lower_attention, "add": lower_add,
         "token_select": lower_token_select}


def lower(node: Node, s: Setting, data: dict | None = None) -> list[Stage]:
    return LOWER[node.type](node, s, node.name, data)


__all__ = ["Setting", "Stage", "lower", "dot_stage", "index_bits"]
