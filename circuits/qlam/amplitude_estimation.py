"""Amplitude estimation: a = ‖Π_good A|0⟩‖² to ±ε (primitive ``amplitude_estimation``).

The state-preparation oracle A (a :class:`StateOracle`) flags the good subspace by one qubit
in |1⟩. The Grover operator is Q = −A S_0 A† S_χ with S_χ = Z on the flag and
S_0 = I − 2|0⟩⟨0| (an AND ladder over the other qubits and a CZ); on span{A|0⟩, Q A|0⟩} it
rotates by 2θ with a = sin²θ (Brassard, Høyer, Mosca, Tapp, Contemp. Math. 305 (2002), §2).

- ``qpe`` (:class:`QPEAmplitudeEstimation`): p evaluation qubits, controlled Q^{2^j}, inverse
  QFT, ã = sin²(πy/2^p). Brassard et al. 2002, Thm. 12: |ã − a| ≤ 2π√(a(1−a))/M + π²/M²
  with probability ≥ 8/π², M = 2^p; qdl picks the least p with π/M + π²/M² ≤ ε (worst case
  a = 1/2); the median of ⌈ln(1/δ)/(2(8/π² − ½)²)⌉ runs reaches confidence 1 − δ.
  Controlled Q = A · (controlled S_0) · A† · (controlled S_χ) · Z_c: A needs no control
  because A A† = I. Queries to A: 2(M − 1) + 1. Qubits: p + the oracle's + ladder.

Oracles: :class:`RotationOracle` (a given), :class:`VectorOracle` (a state-preparation tree,
flag = top qubit) and :class:`BlockEncodingOracle` (x, then a block-encoding U_A, then the flag
set when the block-encoding's ancillas are |0⟩: a = ‖A x‖²/α²; its A† is the recorded program
replayed in reverse).

- ``iterative`` (:class:`IterativeAmplitudeEstimation`): no phase register. Grinko, Gacon,
  Zoufal, Woerner, npj Quantum Inf. 7, 52 (2021), Alg. 1–2: circuits Q^k A|0⟩ measured with
  adaptively chosen k, Chernoff–Hoeffding intervals, |ã − a| ≤ ε with probability ≥ 1 − δ
  and at most (50/ε)·ln((2/δ)·log2(π/(4ε))) queries (Thm. 1). The block is the deepest
  circuit the protocol can ask for, k_max = ⌊(π/(2ε) − 2)/4⌋ (its interval on θ is then
  below 2ε); qdl.circuits.qlam.ae_protocol runs the protocol.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cached_property
from typing import Literal

import numpy as np
from pydantic import Field, model_validator

from qdl.circuits.block import Register, Signature
from qdl.circuits.data import RealVector
from qdl.circuits.qlam.block_encoding import BlockEncodingParams, make_block_encoding
from qdl.circuits.qlam.loaders import prepare_tree
from qdl.circuits.qlam.program import Program, ProgramBlock
from qdl.circuits.registry import Params, Primitive, register

#: Brassard et al. 2002, Thm. 12: success probability of one QPE estimate.
QPE_SUCCESS = 8 / math.pi ** 2


class StateOracle:
    """A on ``width`` qubits; the good subspace is wire ``good`` in |1⟩."""

    width: int
    good: int

    def record(self, prog: Program, wires: list[int], adjoint: bool = False) -> None:
        raise NotImplementedError

    def amplitude(self) -> float | None:
        raise NotImplementedError

    def describe(self, epsilon: float) -> dict:
        """What the estimate means, for reports."""
        return {"estimates": "a = P(flag = 1)", "exact_value": self.amplitude()}


@dataclass(frozen=True)
class RotationOracle(StateOracle):
    """A|0⟩ = √(1−a)|0⟩ + √a|1⟩ by one RY(2 arcsin √a): the textbook test oracle."""

    a: float
    width = 1
    good = 0

    def record(self, prog, wires, adjoint=False):
        angle = 2 * math.asin(math.sqrt(self.a))
        prog.mux("ry", (), wires[0], np.array([-angle if adjoint else angle]))

    def amplitude(self):
        return self.a


@dataclass(frozen=True)
class VectorOracle(StateOracle):
    """A|0⟩ = v/‖v‖ on n qubits; good = top qubit 1, a = Σ_{i ≥ N/2} v_i²/‖v‖²."""

    n: int
    vector: tuple | None = None

    @property
    def width(self):
        return self.n

    @property
    def good(self):
        return self.n - 1

    def record(self, prog, wires, adjoint=False):
        table = None if self.vector is None else np.array(self.vector, dtype=float)[None, :]
        prepare_tree(prog, wires, (), table, adjoint=adjoint)

    def amplitude(self):
        if self.vector is None:
            return None
        v = np.array(self.vector, dtype=float)
        return float((v[len(v) // 2:] ** 2).sum() / (v ** 2).sum())


@dataclass(frozen=True)
class BlockEncodingOracle(StateOracle):
    """A = (flag ⊕= [be = 0]) · U_A · (x on sys): a = ‖A x‖²/(α‖x‖)², the weight of the
    block-encoded product A x/α in the state (x = e_0 when not given). Wires: sys, be, flag.
    """

    encoding: object  # a qlam BlockEncoding
    x: tuple | None = None

    @property
    def width(self):
        return self.encoding.signature.width + 1

    @property
    def good(self):
        return self.encoding.signature.width

    @cached_property
    def _program(self) -> Program:
        sys_w = self.encoding.signature["sys"].width
        be = list(range(sys_w, self.good))
        prog = Program(self.width)
        if self.x is not None:
            prepare_tree(prog, list(range(sys_w)), (), np.array(self.x, dtype=float)[None, :])
        self.encoding.record(prog, sys=list(range(sys_w)), be=be)
        with prog.when_equal(be, 0):
            prog.x(self.good)
        return prog

    def record(self, prog, wires, adjoint=False):
        prog.replay(self._program.ops, wires, inverse=adjoint)

    def amplitude(self):
        a = self.encoding.target()
        if a is None:
            return None
        x = np.zeros(a.shape[1])
        if self.x is None:
            x[0] = 1.0
        else:
            x[: len(self.x)] = self.x
        y = a @ (x / np.linalg.norm(x)) / self.encoding.alpha
        return float(np.vdot(y, y).real)


def reflect_zero(prog: Program, wires: list[int]) -> None:
    """S_0 = I − 2|0…0⟩⟨0…0|: X on the last wire, (multi-)controlled Z, X again."""
    last, rest = wires[-1], wires[:-1]
    with prog.frame():
        prog.x(last)
    if rest:
        with prog.when_equal(rest, 0):
            prog.z(last)
    else:
        prog.z(last)
    with prog.frame():
        prog.x(last)


def grover(prog: Program, oracle: StateOracle, wires: list[int]) -> None:
    """Q = −A S_0 A† S_χ (controlled when the program is: A and A† stay uncontrolled)."""
    prog.z(wires[oracle.good])
    with prog.frame():
        oracle.record(prog, wires, adjoint=True)
    reflect_zero(prog, wires)
    with prog.frame():
        oracle.record(prog, wires)
    prog.global_phase(math.pi)


def inverse_qft(prog: Program, wires: list[int]) -> None:
    """QFT† on a little-endian register (undoes Σ_y e^{2πiφy}|y⟩ → |2^p φ⟩)."""
    p = len(wires)
    for i in range(p // 2):
        prog.swap(wires[i], wires[p - 1 - i])
    for i in range(p):
        for j in range(i):
            with prog.controlled(wires[j]):
                prog.phase(wires[i], -math.pi / (1 << (i - j)))
        prog.h(wires[i])


def qpe_bits(epsilon: float) -> int:
    """Least p with π/2^p + π²/4^p ≤ ε (Brassard et al. 2002, Thm. 12, √(a(1−a)) ≤ 1/2)."""
    p = 1
    while math.pi / (1 << p) + math.pi ** 2 / (1 << (2 * p)) > epsilon:
        p += 1
    return p


def median_runs(delta: float) -> int:
    """Runs whose median is within ε with probability ≥ 1 − δ, each run succeeding with
    p ≥ 8/π² (Hoeffding: the median fails only if half the runs do, ≤ e^{−2R(p−½)²})."""
    return max(1, math.ceil(math.log(1 / delta) / (2 * (QPE_SUCCESS - 0.5) ** 2)))


def iterative_k_max(epsilon: float) -> int:
    return max(0, math.floor((math.pi / (2 * epsilon) - 2) / 4))


def iterative_query_bound(epsilon: float, delta: float) -> int:
    """Grinko et al. 2021, Thm. 1: queries to A < (50/ε)·ln((2/δ)·log2(π/(4ε)))."""
    return math.ceil(50 / epsilon * math.log(2 / delta * math.log2(math.pi / (4 * epsilon))))


class AmplitudeEstimation(ProgramBlock):
    """Common face: the oracle, ε, and what the report shows."""

    reference_kind = "amplitude"

    @property
    def epsilon(self) -> float:
        return self.eps  # type: ignore[attr-defined]

    def grover_cost(self):
        prog = Program(self.oracle.width)  # type: ignore[attr-defined]
        grover(prog, self.oracle, list(range(self.oracle.width)))  # type: ignore[attr-defined]
        return prog.cost()

    def params(self) -> dict:
        return {"variant": self.variant, "epsilon": self.eps,  # type: ignore[attr-defined]
                "oracle": type(self.oracle).__name__,  # type: ignore[attr-defined]
                "oracle_qubits": self.oracle.width}  # type: ignore[attr-defined]


@dataclass(frozen=True)
class QPEAmplitudeEstimation(AmplitudeEstimation):
    """Canonical AE by phase estimation on Q (module docstring); measures the p eval qubits."""

    oracle: StateOracle
    eps: float
    delta: float = 0.05
    variant = "qpe"
    name = "amplitude_estimation"

    @cached_property
    def bits(self) -> int:
        return qpe_bits(self.eps)

    @property
    def signature(self) -> Signature:
        return Signature([Register("eval", self.bits), Register("state", self.oracle.width)])

    def record(self, prog: Program, *, eval: list[int], state: list[int]) -> None:
        self.oracle.record(prog, state)
        for q in eval:
            prog.h(q)
        for j, q in enumerate(eval):
            with prog.controlled(q):
                prog.repeat(1 << j, lambda: grover(prog, self.oracle, state))
        inverse_qft(prog, eval)
        for q in eval:
            prog.measure(q)

    def estimate(self, y: int) -> float:
        return math.sin(math.pi * y / (1 << self.bits)) ** 2

    def notes(self) -> dict:
        m = 1 << self.bits
        iterative = IterativeAmplitudeEstimation(self.oracle, self.eps)
        return {**self.oracle.describe(self.eps),
                "evaluation_qubits": self.bits, "grover_iterations": m - 1,
                "queries": 2 * (m - 1) + 1, "success_probability": QPE_SUCCESS,
                "error_bound": math.pi / m + math.pi ** 2 / m ** 2,
                "confidence": 1 - self.delta,
                "median_of_runs_for_confidence": median_runs(self.delta),
                "qubits_vs_iterative": f"{self.cost().qubits} vs {iterative.cost().qubits}"}


@dataclass(frozen=True)
class IterativeAmplitudeEstimation(AmplitudeEstimation):
    """Q^k A|0⟩ then measure the flag; default k = k_max(ε), the protocol's deepest circuit."""

    oracle: StateOracle
    eps: float
    delta: float = 0.05
    k: int | None = None
    variant = "iterative"
    name = "amplitude_estimation"

    @property
    def powers(self) -> int:
        return iterative_k_max(self.eps) if self.k is None else self.k

    @property
    def signature(self) -> Signature:
        return Signature([Register("state", self.oracle.width)])

    def record(self, prog: Program, *, state: list[int]) -> None:
        self.oracle.record(prog, state)
        prog.repeat(self.powers, lambda: grover(prog, self.oracle, state))
        prog.measure(state[self.oracle.good])

    def at_power(self, k: int) -> "IterativeAmplitudeEstimation":
        return IterativeAmplitudeEstimation(self.oracle, self.eps, self.delta, k)

    def notes(self) -> dict:
        bound = iterative_query_bound(self.eps, self.delta)
        per_q = self.grover_cost().t_count
        return {**self.oracle.describe(self.eps),
                "k_max": self.powers, "confidence": 1 - self.delta, "query_bound": bound,
                "protocol_t_count_bound": (bound // 2) * per_q,
                "qubits_vs_qpe": f"{self.cost().qubits} vs "
                                 f"{QPEAmplitudeEstimation(self.oracle, self.eps).cost().qubits}"}


class OracleParams(Params):
    amplitude: float | None = Field(None, ge=0, le=1, description="a for a one-qubit RY oracle")
    vector: RealVector | None = Field(None, description="A|0⟩ ∝ vector; good = top qubit 1")
    qubits: int | None = Field(None, ge=1, le=64, description="oracle width (no data)")
    block_encoding: BlockEncodingParams | None = Field(
        None, description="estimate ‖A x‖²/α² through this block-encoding (x: 'input')")
    input: RealVector | None = Field(None, description="x for block_encoding (default e_0)")

    @model_validator(mode="after")
    def _one(self):
        kinds = ("amplitude", "vector", "qubits", "block_encoding")
        given = [k for k in kinds if getattr(self, k) is not None]
        if len(given) != 1:
            raise ValueError("give exactly one of 'amplitude', 'vector', 'qubits', "
                             "'block_encoding'")
        if self.input is not None:
            if self.block_encoding is None:
                raise ValueError("'input' goes with 'block_encoding'")
            dim = 1 << make_block_encoding(self.block_encoding).signature["sys"].width
            if len(self.input) > dim or not any(self.input):
                raise ValueError(f"input must be a nonzero vector of at most {dim} entries")
        if self.vector is not None:
            if len(self.vector) < 2 or len(self.vector) & (len(self.vector) - 1):
                raise ValueError(f"vector length {len(self.vector)} is not a power of two ≥ 2")
            if not any(self.vector):
                raise ValueError("vector is zero")
        return self

    def oracle(self) -> StateOracle:
        if self.amplitude is not None:
            return RotationOracle(self.amplitude)
        if self.vector is not None:
            return VectorOracle(len(self.vector).bit_length() - 1, tuple(self.vector))
        if self.block_encoding is not None:
            encoding = make_block_encoding(self.block_encoding)
            x = None
            if self.input is not None:
                x = tuple(self.input) + (0.0,) * ((1 << encoding.signature["sys"].width)
                                                   - len(self.input))
            return BlockEncodingOracle(encoding, x)
        return VectorOracle(self.qubits)


class AEParams(OracleParams):
    variant: Literal["qpe", "iterative"] = Field("qpe", description="qpe (Brassard 2002) or "
                                                 "iterative (Grinko 2021, no phase register)")
    epsilon: float = Field(0.05, gt=0, lt=0.5, description="additive precision on a")
    confidence: float = Field(0.95, gt=0, lt=1, description="1 − δ: iterative's guarantee; "
                              "for qpe, the median of how many runs reaches it (notes)")


def make_ae(p: AEParams) -> AmplitudeEstimation:
    if p.variant == "qpe":
        return QPEAmplitudeEstimation(p.oracle(), p.epsilon, 1 - p.confidence)
    return IterativeAmplitudeEstimation(p.oracle(), p.epsilon, 1 - p.confidence)


register(Primitive(
    name="amplitude_estimation",
    params=AEParams,
    make=make_ae,
    action="estimate a = ‖Π_good A|0⟩‖² to ±ε (measured; good = flag qubit |1⟩)",
    cost="qpe: 2^p − 1 controlled Q, p = least with π/2^p + π²/4^p ≤ ε, success ≥ 8/π²; "
         "iterative: circuits Q^k A, k ≤ ⌊(π/(2ε) − 2)/4⌋, < (50/ε) ln((2/δ) log2(π/(4ε))) queries",
    reference="Brassard, Høyer, Mosca, Tapp, Contemp. Math. 305 (2002) Thm. 12; "
              "Grinko, Gacon, Zoufal, Woerner, npj Quantum Inf. 7, 52 (2021) Alg. 1, Thm. 1",
))
