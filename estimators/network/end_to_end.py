"""Tiny end-to-end instances of a network, run gate by gate on Aer and compared with numpy.

An :class:`IndexedCircuit` is one stage of a network at one position, as the lowering of
docs/network.md allocates it (seed 000 §III): the position index selects a row of classical
data through a QROM (the stage's inputs and weights), QAM blocks compute on that row, and the
results land in fresh output registers:

    |i⟩|0⟩|0…⟩ → |i⟩|d_i⟩|r_1(i)⟩…|r_k(i)⟩

Every block is a registry primitive (qdl.estimators.network.modules.primitive), wired onto
slices of the loaded row or of earlier results. :func:`run_indexed` runs the built circuit
once per index (basis states, MPS method, one shot each) and decodes every register;
:func:`check_indexed` compares the decoded results with values computed independently in
numpy and turns the comparison into a VerificationResult.

The numpy side implements the fixed-point format of qdl.circuits.qam.mac directly on integer
arrays: an (n, f) number is an n-bit two's-complement pattern P of value P/2^f; a product is
truncated toward −∞ (an arithmetic shift by f) and sums wrap mod 2^n.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from qdl.circuits.block import Block, Register, Role, Signature
from qdl.circuits.qam.mac import signed

if TYPE_CHECKING:
    from qdl.passes.verify import VerificationResult

#: Register names the wiring may read from besides the outputs.
WORD = "word"


# -- fixed point in numpy -------------------------------------------------------------------------
def to_fixed(values: np.ndarray, frac_bits: int) -> np.ndarray:
    """Signed integers P = round(V·2^f) (the caller picks values on the grid)."""
    return np.rint(np.asarray(values, dtype=float) * (1 << frac_bits)).astype(np.int64)


def wrap(values: np.ndarray, bits: int) -> np.ndarray:
    """Two's-complement wrap-around of signed integers to ``bits`` bits (still signed)."""
    half = 1 << (bits - 1)
    return (np.asarray(values, dtype=np.int64) + half) % (1 << bits) - half


def fixed_dot(a: np.ndarray, b: np.ndarray, bits: int, frac_bits: int) -> np.ndarray:
    """Σ_k ⌊a_k·b_k / 2^f⌋ mod 2^n over the last axis (signed integer arrays)."""
    return wrap(((np.asarray(a) * np.asarray(b)) >> frac_bits).sum(axis=-1), bits)


def pattern(value: int, bits: int) -> int:
    """The unsigned n-bit pattern of a signed integer."""
    return int(value) % (1 << bits)


def pack(fields: list[tuple[int, int]]) -> int:
    """Concatenate (signed value, width) fields, the first in the lowest bits."""
    word, at = 0, 0
    for value, width in fields:
        word |= pattern(value, width) << at
        at += width
    return word


#: Widest QROM word: table entries are stored as 64-bit signed integers.
MAX_WORD_BITS = 63


def loads(rows: list[list[tuple[int, int]]]) -> tuple[Block, ...]:
    """QROM primitives holding row i's (signed value, width) fields at index i, split into
    consecutive tables of at most MAX_WORD_BITS bits (concatenated, they give the row)."""
    from qdl.estimators.network.modules import primitive

    widths = [w for _, w in rows[0]]
    parts, start, used = [], 0, 0
    for k, w in enumerate(widths + [MAX_WORD_BITS + 1]):
        if used + w > MAX_WORD_BITS:
            parts.append((start, k))
            start, used = k, 0
        used += w
    return tuple(primitive("qrom", data=tuple(pack(row[lo:hi]) for row in rows),
                           word_bits=sum(widths[lo:hi])) for lo, hi in parts)


# -- the circuit ----------------------------------------------------------------------------------
#: A step: a block and, for each of its registers, (source register, first bit, end bit), where
#: the source is ``word`` (the loaded row) or an output register of the IndexedCircuit.
Wiring = tuple[tuple[str, tuple[str, int, int]], ...]


@dataclass(frozen=True)
class IndexedCircuit(Block):
    """|i⟩|0⟩_word|0…⟩ → |i⟩|d_i⟩|r_1(i)⟩…: QROM loads of row i, then QAM steps on slices.

    ``qroms`` share the index; their words are concatenated (the first in the lowest bits)
    into ``word``, so a row wider than one table entry (at most 63 bits) is split in parts.

    ``expected`` holds, per index, the value each output register must end with; it is the
    block's reference, computed by the caller in numpy, never from the blocks' own
    references. Cost: the QROMs plus each step once (children in sequence).
    """

    label: str
    qroms: tuple[Block, ...]
    outputs: tuple[tuple[str, int], ...]
    steps: tuple[tuple[Block, Wiring], ...]
    expected: tuple[tuple[int, ...], ...]

    @property
    def name(self) -> str:  # type: ignore[override]
        return self.label

    @property
    def signature(self) -> Signature:
        q = [load.signature for load in self.qroms]
        return Signature([Register("index", q[0]["address"].width),
                          Register(WORD, sum(s["target"].width for s in q), Role.OUTPUT)]
                         + [Register(n, w, Role.OUTPUT, signed=True) for n, w in self.outputs])

    def children(self):
        return tuple((load, 1) for load in self.qroms) + tuple((block, 1) for block, _ in self.steps)

    def build(self, bb, *, index: list[int], word: list[int], **outs: list[int]) -> None:
        regs = {WORD: word, **outs}
        at = 0
        for load in self.qroms:
            width = load.signature["target"].width
            bb.call(load, address=index, target=word[at:at + width])
            at += width
        for block, wiring in self.steps:
            bb.call(block, **{reg: regs[src][lo:hi] for reg, (src, lo, hi) in wiring})

    def reference(self, *, index: int, **values: int) -> dict[str, int]:
        row, at = 0, 0
        for load in self.qroms:
            width = load.signature["target"].width
            part = load.reference(address=index, target=0)["target"]
            row, at = row | part << at, at + width
        return {"index": index, WORD: values[WORD] ^ row,
                **{n: values[n] ^ v for (n, _), v in zip(self.outputs, self.expected[index])}}


def run_indexed(circuit: IndexedCircuit, seed: int = 1234,
                indices: list[int] | None = None) -> list[tuple[dict[str, int], bool]]:
    """Each index (default: all) once on Aer: the decoded registers and whether an ancilla
    stayed dirty."""
    from qdl.passes.build import build_circuit
    from qdl.passes.verify import expand_for_aer, run_basis_cases

    body = expand_for_aer(build_circuit(circuit))
    cases = [{"index": i} for i in (indices or range(len(circuit.expected)))]
    return run_basis_cases(circuit, body, cases, seed)


def check_indexed(circuit: IndexedCircuit, what: str, params: dict, seed: int = 1234,
                  indices: list[int] | None = None) -> tuple["VerificationResult", np.ndarray]:
    """Run :func:`run_indexed` and compare every register with the block's reference.

    Returns the result and the measured outputs (signed integers, one row per index), which
    the next stage of the instance loads, as a readout would hand them on. ``indices``
    restricts the run to some positions (a quicker partial check)."""
    from qdl.passes.verify import VerificationResult

    start = time.perf_counter()
    indices = indices or list(range(len(circuit.expected)))
    runs = run_indexed(circuit, seed, indices)
    failures, rows = [], []
    for i, (got, dirty) in zip(indices, runs):
        want = circuit.reference(index=i, **{r.name: 0 for r in circuit.signature
                                            if r.role is Role.OUTPUT})
        if got != want or dirty:
            failures.append(f"index {i}: numpy {want}, aer {got}"
                            + (" with dirty ancillas" if dirty else ""))
        rows.append([signed(got[n], w) for n, w in circuit.outputs])
    n_qubits = circuit.cost().qubits
    method = (f"{what}; aer:matrix_product_state, {len(runs)} basis-state index inputs × "
              f"1 shot, {n_qubits} qubits, every register bit-equal to numpy fixed point")
    return (VerificationResult(circuit.label, params, method, len(runs), not failures, failures,
                               time.perf_counter() - start), np.array(rows, dtype=np.int64))
