"""A network stage as a block: compute → convert → uncompute over an element index.

One execution of a stage (seed 000 §II.2 step 2) prepares, for an index register in
superposition, the amplitude state Σ_e y_e|e⟩ of the stage's outputs. As a program of
registry-block calls (qdl.circuits.compose) on named registers:

    load the element's operands by QRAM/QROM queries addressed by slices of ``index``;
    compute the fixed-point output y_e (QAM calls, possibly in loops);
    [a sum with guard bits, w > b: sat ← sat_b(y), over ← [y out of range]]
    qdac(y or sat) → (m, flag) (signed conversion: amplitude Y/2^(k) on m = 0, flag = 1);
    [the saturation's inverse]
    the inverse of every compute and load call, in reverse order (Bennett 1973),

so every digital register is back in |0⟩ and only ``index``, ``m`` and ``flag`` carry the
state the readout samples. A w-bit accumulator (b + guard bits) is converted through its
b-bit saturated copy (qdl.circuits.qam.saturation): amplitude sat_b(Y)/2^(b−1) instead of
Y/2^(w−1), so the success amplitude does not lose the factor 2^(w−b); the readout hands the
next layer values saturated to b bits in either case.

Each compute call's inverse is an existing block (qdl.estimators.network.uncompute): table
lookups, comparisons, staged functions and constant writes XOR their result and are their own
inverse; an adder's is the subtractor; an accumulating block (``dot``, ``mac``: c += f) is
undone by :class:`~qdl.estimators.network.uncompute.Complemented` (c − f = ¬(¬c + f)).

The *compute half* (loads and compute only, every work register an output) is the form the
verification runs gate by gate: its map on basis states is e ↦ the fixed-point outputs at e.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import cached_property

from qdl.circuits.block import Block, Register, Role, Signature
from qdl.circuits.compose import Alloc, Call, Composite, Free, Loop, Op, Parallel, program_hash
from qdl.estimators.network.modules import primitive, request_of
from qdl.estimators.network.uncompute import Complemented, ReluUncompute, uncompute

@dataclass(frozen=True)
class StageCircuit(Composite):
    """One execution of a stage: |e⟩|0⟩_m|0⟩_flag → |e⟩ ⊗ qdac(y_e) (module docstring).

    ``registers`` are the work registers (allocated in order), ``compute`` the load and
    compute ops on ``index`` and them, ``output`` the register holding y_e (``signed``:
    two's complement; wider than ``convert_bits``: converted through its saturated copy).
    ``half``: the compute half only, with every work register an output.
    Every cost field, the width and the depths derive from the program (qdl.circuits.compose).
    """

    label: str
    index_bits: int
    registers: tuple[tuple[str, int], ...]
    compute: tuple
    output: str
    signed: bool = True
    half: bool = False
    #: bits of ``output`` holding y_e (0: all; a parallel sum keeps its partial sums beside)
    output_bits: int = 0
    #: the format's b: a wider output is converted through its b-bit saturated copy
    #: (qdl.circuits.qam.saturation; 0: converted whole)
    convert_bits: int = 0
    fresh_per_register = True
    persist_cost = True  # a network counts hundreds of stage programs (schedule points)
    #: the reference is the network's numpy forward pass, element by element (the stage's
    #: map e ↦ y_e depends on the data of the whole network), checked by
    #: qdl.estimators.network.verify rather than by a per-block verifier
    reference_kind = "stage"

    @property
    def name(self) -> str:  # type: ignore[override]
        return "stage"

    def params(self) -> dict[str, object]:
        return {"label": self.label, "index_bits": self.index_bits,
                "output_bits": self.output_width}

    @property
    def output_width(self) -> int:
        return self.output_bits or dict(self.registers)[self.output]

    @property
    def saturates(self) -> bool:
        """The output is wider than b bits and converted through a saturated b-bit copy."""
        return self.signed and 2 <= self.convert_bits < self.output_width

    @property
    def converted_width(self) -> int:
        """The width ``qdac`` converts: b when saturating, else the output's."""
        return self.convert_bits if self.saturates else self.output_width

    def converted(self, value: int) -> int:
        """The signed number the conversion turns the output ``value`` into (sat_b)."""
        from qdl.circuits.qam.saturation import saturate

        return saturate(value, self.convert_bits) if self.saturates else int(value)

    def saturation(self) -> Block:
        from qdl.circuits.qam.saturation import Saturate

        return Saturate(self.output_width, self.convert_bits)

    def qdac(self) -> Block:
        return primitive("qdac", size=max(2, 1 << self.index_bits), bits=self.converted_width,
                         signed=self.signed)

    @cached_property  # a stage's walk reads it at every step; building it looks up qdac
    def signature(self) -> Signature:
        regs = [Register("index", max(1, self.index_bits))]
        if self.half:
            return Signature(regs + [Register(n, w, Role.OUTPUT) for n, w in self.registers])
        q = self.qdac().signature
        return Signature(regs + [Register("m", q["m"].width, Role.OUTPUT),
                                 Register("flag", 1, Role.OUTPUT)])

    def ops(self) -> list[Op]:
        if self.half:
            return list(self.compute)
        out, conv = self.output_width, self.converted_width
        source = (self.output, 0, out)
        if self.saturates:  # compute → copy-saturated → qdac → uncompute the copy
            sat = self.saturation()
            wires = (("x", (source,)), ("t", ((SATURATED, 0, conv),)), ("o", ((OVER, 0, 1),)))
            source = (SATURATED, 0, conv)
        convert = [Call(self.qdac(), (("y", (source,)),
                                      ("m", (("m", 0, self.signature["m"].width),)),
                                      ("flag", (("flag", 0, 1),))))]
        if self.saturates:
            convert = ([Alloc(SATURATED, conv), Alloc(OVER, 1), Call(sat, wires)] + convert
                       + [Call(sat.inverted(), wires), Free(OVER, 1), Free(SATURATED, conv)])
        return ([Alloc(n, w) for n, w in self.registers] + list(self.compute) + convert
                + uncompute(self.compute) + [Free(n, w) for n, w in reversed(self.registers)])

    def __hash__(self) -> int:
        # the dataclass hash re-hashes the whole program every time; a network's counting
        # looks each stage up several times, and its unlabelled copies share the program
        return hash((self.label, self.index_bits, self.registers, program_hash(self.compute),
                     self.output, self.signed, self.half, self.output_bits,
                     self.convert_bits))

    def count_key(self) -> "StageCircuit":
        # the label names the layer; equal programs of differently named layers (a network's
        # repeated blocks, a schedule point counted again unlabelled) are counted once
        if not self.label:
            return self
        key = self.__dict__.get("_count_key")  # cost() and the tally both ask
        if key is None:
            key = replace(self, label="")
            object.__setattr__(self, "_count_key", key)
        return key

    def compute_half(self) -> "StageCircuit":
        return StageCircuit(self.label, self.index_bits, self.registers, self.compute,
                            self.output, self.signed, half=True, output_bits=self.output_bits,
                            convert_bits=self.convert_bits)


#: The conversion's own registers: the saturated b-bit copy and its out-of-range flag.
SATURATED, OVER = "saturated", "over"


def part_name(block: Block) -> str:
    """The registry name of a stage's part ("clifford" for barriers and constant writes)."""
    if isinstance(block, Complemented):
        return part_name(block.block)
    if isinstance(block, ReluUncompute):
        return "relu"
    request = request_of(block)
    if request is not None:
        return request[0]
    return "clifford" if not block.cost().t_count and not block.cost().rotations else block.name


# -- writing stage programs ---------------------------------------------------------------------
def guard_bits(length: int) -> int:
    """⌈log2 L⌉: the sum of L products of one width never leaves a register this much wider."""
    return max(0, (length - 1).bit_length())


def acc_width(bits: int, frac_bits: int, length: int) -> int:
    """The accumulator of a sum of L products of (b, f) numbers: b + min(⌈log2 L⌉, b − f)
    bits (the wide MAC takes at most b − f guard bits: qdl.circuits.qam.wide_mac)."""
    return bits + min(guard_bits(length), bits - frac_bits)


def pattern(values, width: int) -> int:
    """Signed values packed as ``width``-bit two's-complement fields, the first lowest."""
    word = 0
    for i, v in enumerate(values):
        word |= (int(v) % (1 << width)) << (i * width)
    return word


class ProgramWriter:
    """Collects a stage program: an index register made of named fields (each over ``count``
    values, ⌈log2 count⌉ bits, the first lowest), work registers, tables and calls; ``bits``
    is the format's b (an output wider than b is converted saturated to b bits).

    ``data`` None: tables and constants are worst case (all-ones words) and loops are kept
    whole; with data, their contents are the given values and loops are unrolled."""

    def __init__(self, qram: str, fields: list[tuple[str, int]], data: bool, bits: int):
        from qdl.estimators.network.graph import index_bits

        self.qram = qram
        #: the format's b: a wider output is converted through its saturated b-bit copy
        #: (required, so that no stage converts a guard-bit sum whole by omission)
        self.bits = bits
        self.data = data
        self.fields = fields
        self.offsets: dict[str, tuple[int, int]] = {}
        at = 0
        for name, count in fields:
            self.offsets[name] = (at, at + index_bits(count))
            at += index_bits(count)
        self.index_bits = at
        self.registers: dict[str, int] = {}
        self.ops: list[Op] = []
        self.tables: list[tuple[int, int]] = []
        #: register → bits holding its result when it also holds partial sums (parallel sums)
        self.sums: dict[str, int] = {}
        #: (groups, terms) of the stage's parallelisable sums (terms 1: nothing to split)
        self.split = (1, 1)
        #: more of the stage's schedule notes (the group counts it offers, how a k is split)
        self.schedule: dict = {}

    def reg(self, name: str, width: int) -> str:
        if name in ("index", "m", "flag", SATURATED, OVER):  # the stage's own (qdac, saturation)
            raise ValueError(f"work register name '{name}' is reserved")
        self.registers[name] = max(width, self.registers.get(name, 0))
        return name

    def call(self, block: Block, **segs) -> Call:
        from qdl.circuits.compose import call

        op = call(block, **segs)
        self.ops.append(op)
        return op

    def entries(self, over: tuple[str, ...]) -> int:
        """Table words addressed by the contiguous fields ``over`` (the last one unpadded)."""
        counts = dict(self.fields)
        words = counts[over[-1]]
        for name in over[:-1]:
            lo, hi = self.offsets[name]
            words <<= hi - lo
        return words

    def table(self, over: tuple[str, ...], word_bits: int, target: str, entry=None) -> None:
        """XOR into ``target`` the word addressed by fields ``over``; ``entry(values)`` gives
        the word for a dict of field values (None: worst case)."""
        from qdl.circuits.qam._fixed_point import XorConstant
        from qdl.estimators.network.modules import qram_load

        self.reg(target, word_bits)
        words = self.entries(over) if over else 1
        if words <= 1:
            value = entry(dict.fromkeys(over, 0)) if entry and self.data else (1 << word_bits) - 1
            self.call(XorConstant(word_bits, value), t=(target, 0, word_bits))
            return
        block, _ = qram_load(self.qram, words, word_bits)
        if entry is not None and self.data:
            block = replace(block, data=tuple(self._word(over, entry, i) for i in range(words)))
        lo, hi = self.offsets[over[0]][0], self.offsets[over[-1]][1]
        segs = {"address": ("index", lo, hi), "target": (target, 0, word_bits)}
        for r in block.signature:
            if r.name not in segs:  # borrowed/extra wires of a table model
                segs[r.name] = (self.reg(f"{self.qram}.{r.name}", r.width), 0, r.width)
        self.call(block, **segs)
        self.tables.append((words, word_bits))

    def _word(self, over, entry, i: int) -> int:
        values, counts = {}, dict(self.fields)
        for name in over:
            lo, hi = self.offsets[name]
            values[name] = (i >> (lo - self.offsets[over[0]][0])) & ((1 << (hi - lo)) - 1)
            if values[name] >= counts[name]:
                return 0
        return entry(values)

    def loop(self, count: int, body, parallel: bool = False) -> None:
        """``body(i)`` records iteration i, its moving segments made by :meth:`at`; kept as one
        Loop (the body recorded once) when counting, unrolled when the data is given (a
        parallel loop into the branches of a Parallel: the same schedule)."""
        if self.data:
            branches = []
            for i in range(count):
                outer, self.ops = self.ops, []
                body(i)
                branch, self.ops = self.ops, outer
                branches.append(tuple(branch))
            if parallel:
                self.ops.append(Parallel(tuple(branches)))
            else:
                self.ops.extend(op for branch in branches for op in branch)
            return
        outer, self.ops = self.ops, []
        body(None)
        inner, self.ops = self.ops, outer
        self.ops.append(Loop(count, tuple(inner), parallel))

    @staticmethod
    def at(i: int | None, reg: str, lo: int, hi: int, stride: int, j: int | None = None,
           outer: int = 0) -> tuple:
        """register[lo + i·stride + j·outer : …]: a segment moving with loop index i and, for a
        serial loop inside a parallel one, with the parallel index j (kept loops: None)."""
        if i is None:
            return (reg, lo, hi, stride, outer) if outer else (reg, lo, hi, stride)
        shift = i * stride + (j or 0) * outer
        return (reg, lo + shift, hi + shift)

    def circuit(self, label: str, output: str) -> StageCircuit:
        return StageCircuit(label, self.index_bits, tuple(self.registers.items()),
                            tuple(self.ops), output, output_bits=self.sums.get(output, 0),
                            convert_bits=self.bits)
