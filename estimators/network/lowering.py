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

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from typing import Any

from qdl.circuits.block import Block, Register, Signature
from qdl.circuits.compose import Call, Composite, Loop, call_flat
from qdl.circuits.dtm.qdac import LessThan
from qdl.estimators.network import parallel_const
from qdl.estimators.network.graph import Node, index_bits
from qdl.estimators.network.lower_reprepare import input_choice, table_load
from qdl.estimators.network.lower_weights import LOADED, SHIFT_ADD, all_features, choose
from qdl.estimators.network.modules import primitive
from qdl.estimators.network.parallel import fit_ways, parallel_dot
from qdl.estimators.network.stage import ProgramWriter, acc_width, part_name, pattern


@dataclass(frozen=True)
class Setting:
    """The numerics, QRAM model and readout in force for one layer (overrides applied)."""

    bits: int
    frac_bits: int
    qram: str
    readout: Any
    #: "classical" (constants: shift-and-add or a table, the cheaper) or "quantum" (loaded)
    weights: str = "classical"
    #: t_count | t_depth | qubits | spacetime: what the choice among constructions minimises
    optimize_for: str = "spacetime"
    #: parallel groups a stage's sums may run in (qdl.estimators.network.parallel; 1 serial,
    #: each stage takes the largest of its offered group counts ≤ this)
    ways: int = 1
    #: the model file's schedule rule (qdl.estimators.network.schedule picks ``ways`` by it)
    schedule: Any = "serial"
    #: a construction label kept regardless of ``optimize_for`` (None: the objective's); the
    #: schedule lowers every construction to offer its points (qdl.estimators.network.schedule)
    construction: str | None = None


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
    #: (construction, stage) of every construction lower_weights.choose considered, each as
    #: a forced lowering would give it (the schedule's points; empty: one construction)
    alternatives: tuple = field(default=(), repr=False, compare=False)

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
    #: parallel groups of count/ways repetitions, each on its own copy of the registers
    #: (a parallel Loop: depth one group's, qubits × ways; qdl.circuits.compose)
    ways: int = 1

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
        return Signature([Register(n, w * self.ways) for n, w in self.registers])

    def params(self) -> dict[str, object]:
        return {"label": self.label, "calls": self.count, "ways": self.ways}

    def ops(self):
        widths, body = dict(self.registers), []
        for block, wiring in self.calls:  # group j's copy of reg at j·width (outer stride)
            wires = tuple((r, ((reg, at, at + block.signature[r].width)
                               + ((0, widths[reg]) if self.ways > 1 else ()),))
                          for r, reg, at in wiring)
            body.append(Call(block, wires))
        if self.ways == 1:
            return [Loop(self.count, tuple(body))]
        return [Loop(self.ways, (Loop(self.count // self.ways, tuple(body)),), parallel=True)]


def _stage(node: Node, name: str, w: ProgramWriter, output: str, readout: int | None,
           **notes) -> Stage:
    if w.split[1] > 1:  # the sum the schedule may split (qdl.estimators.network.schedule)
        notes["schedule"] = {"groups": w.split[0], "terms": w.split[1], **w.schedule}
    block = w.circuit(name, output)
    if block.saturates:  # the convention behind the stage's success amplitude, stated
        notes["conversion"] = (f"{block.output_width}-bit sum saturated to "
                               f"{block.converted_width} bits for qdac")
    return Stage(name, node.type, node, block, readout, w.tables, notes, fields=list(w.fields))


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
    """y_{p,j} = Σ_k ⌊window_p[k]·W_j[k]⌋ (+ e_{p,j}): window by position (conv: length
    k²·C_in; linear: d_in), at b + ⌈log2 L⌉ bits; W_j by shift-and-add constants or loaded
    (qdl.estimators.network.lower_weights: the cheaper for ``optimize_for``)."""
    def built(constants: bool) -> Stage:
        if data is not None or not _BUILDS:
            return _dot_stage(node, s, name, positions, length, outputs, data, extra, constants)
        # at a group count this construction does not offer it fits fewer groups: the
        # program it was already built as (reuse_builds)
        groups = (parallel_const.fit_groups(s.ways, length, outputs) if constants
                  else fit_ways(s.ways, length))
        key = (name, positions, length, outputs, extra, constants, groups)
        found = _BUILDS[-1].get(key)
        if found is None:
            found = _BUILDS[-1][key] = _dot_stage(node, s, name, positions, length, outputs,
                                                  data, extra, constants)
        return found

    candidates = [(LOADED, built(False))]
    if s.weights == "classical":
        candidates.insert(0, (SHIFT_ADD, built(True)))
    return choose(candidates, s.optimize_for, s.construction)


#: the dot stages one node's schedule points have built (reuse_builds), innermost last
_BUILDS: list[dict] = []


@contextmanager
def reuse_builds() -> Iterator[None]:
    """Lowerings of one node at several group counts (qdl.estimators.network.schedule) reuse
    each dot-stage construction built at the groups it fits: a construction offers fewer
    group counts than the node (loaded weights: the powers of two dividing L; shift-and-add:
    features × partial sums), and at the others it is the same program again. The node and
    its setting (but ``ways``) must stay fixed inside the block."""
    _BUILDS.append({})
    try:
        yield
    finally:
        _BUILDS.pop()


def _dot_stage(node, s, name, positions, length, outputs, data, extra, constants) -> Stage:
    b = s.bits
    w = ProgramWriter(s.qram, [("pos", positions), ("out", outputs)], data is not None, s.bits)
    d = data or {}
    w.table(("pos",), length * b, "win", lambda v: pattern(d["windows"][v["pos"]], b))
    if constants:
        width = acc_width(b, s.frac_bits, length)
        all_features(w, s, length, outputs, data, width)
    else:
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


def _elementwise(s: Setting, node: Node, data, width: int, load=table_load) -> ProgramWriter:
    """A writer over (pos, ch) with the element's input loaded into ``x`` by ``load``
    (qdl.estimators.network.lower_reprepare: a table or DCD re-preparation)."""
    w = ProgramWriter(s.qram, [("pos", node.out.positions), ("ch", node.out.features)],
                      data is not None, s.bits)
    load(w, ("pos", "ch"), "x", 1, width,
         lambda v: pattern([data["x"][v["pos"], v["ch"]]], width))
    return w


def _reprepared(node: Node, s: Setting, data, build) -> Stage:
    """The cheaper of ``build(load)`` with the input from a table or re-prepared."""
    bits = index_bits(node.out.positions) + index_bits(node.out.features)
    return input_choice(s, bits, data, build)


def lower_batchnorm(node: Node, s: Setting, name: str, data=None) -> list[Stage]:
    """y = x·scale_c + shift_c, statistics folded classically from the previous readout."""
    return [_reprepared(node, s, data, lambda load: _batchnorm(node, s, name, data, load))]


def _batchnorm(node: Node, s: Setting, name: str, data, load) -> Stage:
    n, c, b = node.out.positions, node.out.features, s.bits
    w = _elementwise(s, node, data, b, load)
    w.table(("ch",), 2 * b, "aff",
            lambda v: pattern([data["scale"][v["ch"]], data["shift"][v["ch"]]], b))
    w.reg("y", b)
    w.call(primitive("mac", bits=b, frac_bits=s.frac_bits), a=("x", 0, b), b=("aff", 0, b),
           c=("y", 0, b))
    w.call(primitive("add", bits=b), a=("y", 0, b), b=("aff", b, 2 * b))
    return _stage(node, name, w, "y", n * c, statistics="classical (seed 000 App. C)")


def lower_relu(node: Node, s: Setting, name: str, data=None) -> list[Stage]:
    def build(load):
        b = s.bits
        w = _elementwise(s, node, data, b, load)
        w.reg("y", b)
        w.call(primitive("relu", bits=b, frac_bits=s.frac_bits), x=("x", 0, b), y=("y", 0, b))
        return _stage(node, name, w, "y", node.out.elements)

    return [_reprepared(node, s, data, build)]


def lower_add(node: Node, s: Setting, name: str, data=None) -> list[Stage]:
    return [_reprepared(node, s, data, lambda load: _add(node, s, name, data, load))]


def _add(node: Node, s: Setting, name: str, data, load) -> Stage:
    """Residual join (App. C step 3): body + shortcut in place, then the final ReLU if any;
    the two inputs (body, shortcut) loaded as one two-field word or re-prepared each."""
    b = s.bits
    w = ProgramWriter(s.qram, [("pos", node.out.positions), ("ch", node.out.features)],
                      data is not None, s.bits)
    load(w, ("pos", "ch"), "x", 2, b,
         lambda v: pattern([data["a"][v["pos"], v["ch"]], data["b"][v["pos"], v["ch"]]], b))
    w.call(primitive("add", bits=b), a=("x", 0, b), b=("x", b, 2 * b))
    w.reg("y", b)
    if node.residual.relu:
        w.call(primitive("relu", bits=b, frac_bits=s.frac_bits), x=("x", 0, b), y=("y", 0, b))
    else:  # the sum, copied out of the loaded word so the conversion sees b bits
        w.call(_fanout(b), a=("x", 0, b), b=("y", 0, b))
    return _stage(node, name, w, "y", node.out.elements)


def _window_writer(s: Setting, node: Node, data, width: int, taps: int) -> ProgramWriter:
    w = ProgramWriter(s.qram, [("pos", node.out.positions), ("ch", node.out.features)],
                      data is not None, s.bits)
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
    if node.layer.kernel is None:  # global pooling contracts over N: QLAM inner products,
        # the C channels' estimates in parallel groups on copies of the registers
        block = primitive("inner_product", size=max(2, n_in), epsilon=s.readout.precision)
        ways = fit_ways(s.ways, c)
        notes = {"contraction": "mean over N positions = ⟨uniform|x_c⟩ per channel"}
        if c > 1:
            notes["schedule"] = {"groups": ways, "terms": c}
        return [Stage(name, node.type, node,
                      replace(QlamStage.single(name, block, c), ways=ways), None, notes=notes)]
    k2, b = node.layer.kernel ** 2, s.bits
    w = _window_writer(s, node, data, b, k2)
    scale = round((1 << s.frac_bits) / k2)  # 1/k² on the grid (f ≥ log2 k²: exact)
    w.table((), k2 * b, "wt", lambda v: pattern([scale] * k2, b))
    _dot(w, s, k2, "win", "wt", "acc", b)
    return [_stage(node, name, w, "acc", node.out.elements, scale=f"{scale}/2^{s.frac_bits}")]


def classical(node: Node, name: str, why: str) -> Stage:
    return Stage(name, node.type, node, None, None, notes={"classical": why}, classical=True)


def lower_token_select(node: Node, s: Setting, name: str, data=None) -> list[Stage]:
    return [classical(node, name, "keeps one token of the classical readout")]


from qdl.estimators.network.lower_transformer import (  # noqa: E402  (they use the above)
    lower_attention, lower_ffn, lower_layernorm, lower_softmax)

LOWER = {"conv": lower_conv, "linear": lower_linear, "patch_embed": lower_patch_embed,
         "batchnorm": lower_batchnorm, "relu": lower_relu, "maxpool": lower_maxpool,
         "avgpool": lower_avgpool, "layernorm": lower_layernorm, "softmax": lower_softmax,
         "ffn": lower_ffn, "attention": lower_attention, "add": lower_add,
         "token_select": lower_token_select}


def lower(node: Node, s: Setting, data: dict | None = None) -> list[Stage]:
    return LOWER[node.type](node, s, node.name, data)


__all__ = ["Setting", "Stage", "lower", "dot_stage", "index_bits", "lower_ffn"]
