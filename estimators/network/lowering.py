"""Lowering: each layer node → one or more stages (a circuit executed per readout repetition).

The seed's allocation (seed 000 §II.3, App. C-E), with d the feature and N the position
dimension of the layer, and b/f the fixed-point format:

- per-position arithmetic over d → QAM blocks (``dot``, ``mac``, ``relu``, ``add``, ...) acting
  on registers loaded, for the index register's position, by one query of the chosen QRAM over
  a table of N words (all the window's inputs in one wide word) and unloaded by a second query;
  classical weights and constants are written into a register with X gates (worst case: all
  ones) and erased after use;
- contractions over N (A·V, global pooling, weight gradients) → QLAM blocks
  (``lcu_heads``/``block_encoding``, ``inner_product``);
- every stage whose output is an N·d tensor ends in a readout: ``qdac`` turns the digital
  outputs into amplitudes, and the readout cost model (qdl.estimators.readout) gives the number
  of executions; batch-norm, layer-norm and softmax statistics are computed classically from
  the previous readout (App. C, D.1).

Stages whose QLAM block already is an estimation (``inner_product``) have no extra readout.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from qdl.circuits.block import Block
from qdl.circuits.gates import CX
from qdl.estimators.network.execution import LayerCircuit
from qdl.estimators.network.graph import Node, index_bits
from qdl.estimators.network.modules import constant_write, primitive, qram_load


@dataclass(frozen=True)
class Setting:
    """The numerics, QRAM model and readout in force for one layer (overrides applied)."""

    bits: int
    frac_bits: int
    qram: str
    readout: Any


@dataclass
class Stage:
    name: str
    type: str
    node: Node
    parts: list[tuple[str, Block, int]]
    resident: int
    #: elements read out after each execution (None: the stage's QLAM estimates its numbers)
    readout_size: int | None
    tables: list[tuple[int, int]] = field(default_factory=list)  # QRAM (words, word_bits)
    notes: dict[str, Any] = field(default_factory=dict)
    classical: bool = False

    def circuit(self) -> LayerCircuit:
        return LayerCircuit(self.name, self.resident,
                            tuple((block, mult) for _, block, mult in self.parts))


class _Builder:
    """Collects the parts of one stage under a setting."""

    def __init__(self, s: Setting):
        self.s = s
        self.parts: list[tuple[str, Block, int]] = []
        self.tables: list[tuple[int, int]] = []

    def add(self, name: str, mult: int, **params) -> None:
        if mult:
            self.parts.append((name, primitive(name, **params), mult))

    def qam(self, name: str, mult: int, **extra) -> None:
        """A QAM primitive at the layer's (bits, frac_bits) where it takes them."""
        params = {"bits": self.s.bits, **extra}
        if name in ("mac", "dot", "relu", "exp", "reciprocal"):
            params["frac_bits"] = self.s.frac_bits
        self.add(name, mult, **params)

    def load(self, words: int, width: int, mult: int = 1) -> None:
        """Load (and later unload) one word per position: 2 queries per use."""
        block, k = qram_load(self.s.qram, words, width)
        self.parts.append((self.s.qram if words > 1 else "clifford", block, 2 * k * mult))
        if words > 1:
            self.tables.append((words, width))

    def const(self, bits: int, mult: int) -> None:
        block, k = constant_write(bits)
        self.parts.append(("clifford", block, 2 * k * mult))

    def stage(self, node: Node, name: str, resident: int, readout: int | None, **notes) -> Stage:
        if readout is not None:
            self.add("qdac", 1, size=max(2, readout), bits=self.s.bits)
        return Stage(name, node.type, node, self.parts, resident, readout, self.tables, notes)


def _linear(node: Node, s: Setting, name: str, positions: int, d_in: int, d_out: int,
            window: int | None = None) -> Stage:
    """d_out dot products of length d_in per position (conv: d_in = k²·C_in)."""
    b = _Builder(s)
    bits = s.bits
    b.load(positions, d_in * bits)
    b.const(d_in * bits, d_out)
    b.qam("dot", d_out, length=d_in)
    resident = index_bits(positions) + 2 * d_in * bits + d_out * bits
    return b.stage(node, name, resident, positions * d_out, dot_length=d_in, dots=d_out)


def lower_conv(node: Node, s: Setting, name: str) -> list[Stage]:
    k, cin = node.layer.kernel, node.inp.features
    return [_linear(node, s, name, node.out.positions, k * k * cin, node.out.features)]


def lower_linear(node: Node, s: Setting, name: str) -> list[Stage]:
    return [_linear(node, s, name, node.out.positions, node.inp.features, node.out.features)]


def lower_patch_embed(node: Node, s: Setting, name: str) -> list[Stage]:
    p, cin, dim = node.layer.patch, node.inp.features, node.out.features
    stage = _linear(node, s, name, node.out.positions, p * p * cin, dim)
    b = _Builder(s)
    b.qam("add_const", dim, value=1)  # position embedding: worst-case constant (bit 0 set)
    stage.parts[-1:-1] = b.parts  # before the conversion
    return [stage]


def lower_batchnorm(node: Node, s: Setting, name: str) -> list[Stage]:
    """y = x·(γ/σ) + (β − μγ/σ) per channel, statistics from the previous readout (App. C)."""
    n, c, bits = node.out.positions, node.out.features, s.bits
    b = _Builder(s)
    b.load(n, c * bits)
    b.const(bits, c)
    b.qam("mac", c)
    b.qam("add_const", c, value=1)
    resident = index_bits(n) + 2 * c * bits + bits
    return [b.stage(node, name, resident, n * c, statistics="classical (seed 000 App. C)")]


def lower_relu(node: Node, s: Setting, name: str) -> list[Stage]:
    n, c = node.out.positions, node.out.features
    b = _Builder(s)
    b.load(n, c * s.bits)
    b.qam("relu", c)
    return [b.stage(node, name, index_bits(n) + 2 * c * s.bits, n * c)]


def lower_maxpool(node: Node, s: Setting, name: str) -> list[Stage]:
    """Running maximum over the k² window: per step compare, subtract and controlled add
    (y += [y < a]·(a − y)); the comparison flags stay live until the readout."""
    n, c, k, bits = node.out.positions, node.out.features, node.layer.kernel, s.bits
    steps = k * k - 1
    b = _Builder(s)
    b.load(n, k * k * c * bits)
    b.qam("compare", steps * c)
    b.qam("sub", steps * c)
    b.qam("ctrl_add", steps * c)
    b.parts.append(("clifford", CX, (bits + 2 * bits * steps) * c))  # copies into y, temp
    resident = index_bits(n) + k * k * c * bits + c * bits + c * steps * (bits + 1)
    return [b.stage(node, name, resident, n * c)]


def lower_avgpool(node: Node, s: Setting, name: str) -> list[Stage]:
    n_in, c = node.inp.positions, node.out.features
    if node.layer.kernel is None:  # global pooling contracts over N: QLAM inner products
        b = _Builder(s)
        b.add("inner_product", c, size=max(2, n_in), epsilon=s.readout.precision)
        return [b.stage(node, name, index_bits(n_in) + 1, None,
                        contraction="mean over N positions = ⟨uniform|x_c⟩ per channel")]
    n, k, bits = node.out.positions, node.layer.kernel, s.bits
    b = _Builder(s)
    b.load(n, k * k * c * bits)
    b.qam("add", 2 * k * k * c)  # accumulate, then uncompute the accumulator
    b.const(bits, c)
    b.qam("mac", c)  # scale by 1/k²
    resident = index_bits(n) + k * k * c * bits + 3 * c * bits + bits
    return [b.stage(node, name, resident, n * c)]


def lower_layernorm(node: Node, s: Setting, name: str) -> list[Stage]:
    """y = ((x − μ)·r)·γ + β with per-token μ, r = 1/σ from the previous readout, loaded with
    the token; the centred and scaled values are uncomputed after use."""
    n, d, bits = node.out.positions, node.out.features, s.bits
    b = _Builder(s)
    b.load(n, (d + 2) * bits)
    b.qam("sub", d)
    b.qam("mac", 3 * d)
    b.qam("add", d)
    b.const(bits, d)
    b.qam("add_const", d, value=1)
    resident = index_bits(n) + (d + 2) * bits + 2 * d * bits + bits
    return [b.stage(node, name, resident, n * d, statistics="classical (per-token μ, σ)")]


def lower_softmax(node: Node, s: Setting, name: str) -> list[Stage]:
    n, d, bits = node.out.positions, node.out.features, s.bits
    if node.layer.mode == "classical":
        return [classical(node, name, "normalised classically from the measured scores "
                                      "(seed 000 App. D.1)")]
    b = _Builder(s)
    b.load(n, d * bits)
    b.qam("exp", d)
    b.qam("add", d - 1)
    b.qam("reciprocal", 1)
    b.qam("mac", d)
    return [b.stage(node, name, index_bits(n) + 3 * d * bits + 2 * bits, n * d)]


def lower_ffn(node: Node, s: Setting, name: str) -> list[Stage]:
    """Two position-wise linear maps with a ReLU between (App. D.2); the hidden layer is
    uncomputed after the second map."""
    n, d, h, bits = node.out.positions, node.out.features, node.layer.hidden, s.bits
    b = _Builder(s)
    b.load(n, d * bits)
    b.const(d * bits, 2 * h)
    b.qam("dot", 2 * h, length=d)
    b.qam("relu", 2 * h)
    b.const(h * bits, d)
    b.qam("dot", d, length=h)
    resident = index_bits(n) + 2 * d * bits + 2 * h * bits + max(d, h) * bits
    return [b.stage(node, name, resident, n * d, hidden=h)]


def lower_attention(node: Node, s: Setting, name: str) -> list[Stage]:
    """Seed 000 §III.2 / App. D.1: QKV projection (QAM), scores q_i·k_j over index registers
    i, j, head (QAM), softmax classical on the measured scores, A·V per head by a dense
    block-encoding and the heads combined by LCU (QLAM), output projection (QAM)."""
    n, d, heads = node.out.positions, node.out.features, node.layer.heads
    dh, bits = d // heads, s.bits
    qkv = _linear(node, s, name + ".qkv", n, d, 3 * d)
    b = _Builder(s)
    b.load(n * heads, dh * bits, mult=2)  # q_i and k_j
    b.qam("dot", 1, length=dh)
    pairs = n * n * heads
    scores = b.stage(node, name + ".scores", index_bits(pairs) + 2 * dh * bits + bits, pairs,
                     softmax="classical on the measured scores (App. D.1)")
    b = _Builder(s)
    b.add("state_prep", 1, size=max(2, n * d))
    if heads > 1:
        b.add("lcu_heads", 1, heads=heads, size=max(2, n), variant="dense")
    else:
        b.add("block_encoding", 1, size=max(2, n), variant="dense")
    values = b.stage(node, name + ".values", index_bits(n * d) + index_bits(heads), n * d,
                     postselection="success probability ‖A·V‖²/(α‖V‖)² is data-dependent "
                                   "and not included")
    proj = _linear(node, s, name + ".proj", n, d, d)
    return [qkv, scores, values, proj]


def lower_add(node: Node, s: Setting, name: str) -> list[Stage]:
    """Residual join (App. C step 3): body output + shortcut, then the final ReLU if any."""
    n, c, bits = node.out.positions, node.out.features, s.bits
    relu = node.residual.relu
    b = _Builder(s)
    b.load(n, c * bits, mult=2)
    b.qam("add", 2 * c)  # add in place, and undo after the ReLU has copied the sum out
    b.qam("relu", c if relu else 0)
    resident = index_bits(n) + (3 if relu else 2) * c * bits
    return [b.stage(node, name, resident, n * c)]


def classical(node: Node, name: str, why: str) -> Stage:
    return Stage(name, node.type, node, [], 0, None, notes={"classical": why}, classical=True)


def lower_token_select(node: Node, s: Setting, name: str) -> list[Stage]:
    return [classical(node, name, "keeps one token of the classical readout")]


LOWER = {"conv": lower_conv, "linear": lower_linear, "patch_embed": lower_patch_embed,
         "batchnorm": lower_batchnorm, "relu": lower_relu, "maxpool": lower_maxpool,
         "avgpool": lower_avgpool, "layernorm": lower_layernorm, "softmax": lower_softmax,
         "ffn": lower_ffn, "attention": lower_attention, "add": lower_add,
         "token_select": lower_token_select}


def lower(node: Node, s: Setting) -> list[Stage]:
    return LOWER[node.type](node, s, node.name)
