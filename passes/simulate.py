"""Simulate a block's circuit on Aer with user inputs, shots and optional noise.

Inputs are given per register the way a user thinks of them (DESIGN §1; docs/simulation.md):

- an integer: the register's basis value (negative values need a signed register);
- a float: a fixed-point value with the block's ``frac_bits`` (rounded to the nearest
  representable value; out of range is an error);
- a list of 2^width numbers: amplitudes, prepared with Qiskit's ``initialize``.

Outputs are decoded the same way: registers given as floats, and output registers of a model
whose inputs were floats, come back as fixed-point numbers; the rest as integers (two's
complement for signed registers). With basis-state inputs the block's reference gives the
expected outputs, so the result carries the success probability: the fraction of shots whose
every register equals the reference and whose ancillas are back in |0⟩.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from qdl.circuits.block import Block, Role
from qdl.errors import QdlError, UsageError

#: Noise channels a user can ask for, by name.
NOISE_KINDS = ("depolarizing", "damping")
#: Default method: basis-state arithmetic with mid-circuit measurement runs shot by shot, and
#: matrix product states keep each shot cheap at any width (a statevector shot of a 23-qubit
#: 8-bit adder costs ~1 s; an MPS shot, milliseconds).
DEFAULT_METHOD = "matrix_product_state"


@dataclass(frozen=True)
class Noise:
    kind: str
    strength: float

    @classmethod
    def parse(cls, text: str) -> "Noise":
        """``depolarizing:p`` or ``damping:gamma``."""
        kind, _, value = text.partition(":")
        if kind not in NOISE_KINDS or not value:
            raise UsageError(f"cannot read --noise '{text}'",
                             "write depolarizing:P or damping:GAMMA, e.g. depolarizing:0.001")
        try:
            strength = float(value)
        except ValueError:
            raise UsageError(f"--noise strength '{value}' is not a number",
                             "e.g. depolarizing:0.001") from None
        if not 0 <= strength <= 1:
            raise UsageError(f"--noise strength {strength} is outside [0, 1]",
                             "give a probability between 0 and 1")
        return cls(kind, strength)

    def model(self, gate_names: set[str]):
        """An Aer noise model applying this channel after every gate (k-qubit gates get the
        k-fold tensor power of the 1-qubit channel, or the k-qubit depolarizing channel)."""
        from qiskit.circuit import Gate
        from qiskit.circuit.library import get_standard_gate_name_mapping
        from qiskit_aer.noise import NoiseModel, amplitude_damping_error, depolarizing_error

        arity = {name: gate.num_qubits
                 for name, gate in get_standard_gate_name_mapping().items()
                 if name in gate_names and isinstance(gate, Gate)}
        model = NoiseModel()
        for k in sorted(set(arity.values())):
            names = [n for n, a in arity.items() if a == k]
            if self.kind == "depolarizing":
                error = depolarizing_error(self.strength, k)
            else:
                error = amplitude_damping_error(self.strength)
                for _ in range(k - 1):
                    error = error.tensor(amplitude_damping_error(self.strength))
            model.add_all_qubit_quantum_error(error, names)
        return model


@dataclass
class SimulationResult:
    shots: int
    method: str
    registers: list[str]
    #: decoded outcome (one value per register, in ``registers`` order) -> count
    counts: Counter
    noise: str | None = None
    expected: dict[str, Any] | None = None
    success_probability: float | None = None
    dirty_shots: int = 0
    options: dict[str, Any] = field(default_factory=dict)

    def section(self, top: int = 16) -> dict[str, Any]:
        """The report section: summary values plus a histogram table (most frequent first)."""
        rows = [[*map(_show, outcome), count, round(count / self.shots, 6)]
                for outcome, count in self.counts.most_common(top)]
        out: dict[str, Any] = {"shots": self.shots, "method": self.method,
                               "noise": self.noise or "none",
                               "distinct_outcomes": len(self.counts)}
        if self.expected is not None:
            out["expected"] = " ".join(f"{k}={_show(v)}" for k, v in self.expected.items())
            out["success_probability"] = self.success_probability
        if self.dirty_shots:
            out["shots_with_dirty_ancillas"] = self.dirty_shots
        out["counts"] = {" ".join(f"{r}={_show(v)}" for r, v in zip(self.registers, outcome)):
                         count for outcome, count in self.counts.most_common()}
        out["tables"] = [{"title": f"Simulated outputs (top {min(top, len(self.counts))} of "
                                   f"{len(self.counts)})",
                          "columns": [*self.registers, "shots", "probability"], "rows": rows}]
        return out


def _show(value: Any) -> Any:
    return round(value, 12) if isinstance(value, float) else value


class _Codec:
    """Encodes user values into register bits and decodes measured bits back."""

    def __init__(self, block: Block, inputs: dict[str, Any]):
        self.block = block
        self.frac_bits = block.params().get("frac_bits")
        self.fixed = {name for name, v in inputs.items() if isinstance(v, float)}
        if self.fixed and self.frac_bits is None:
            name = sorted(self.fixed)[0]
            raise QdlError(f"input '{name}' is a fixed-point number but "
                           f"{type(block).__name__} has no frac_bits parameter",
                           "write an integer")
        if self.fixed:  # results of fixed-point inputs are fixed-point too
            self.fixed |= {r.name for r in block.signature if r.role is Role.OUTPUT}

    def encode(self, name: str, value: Any) -> int:
        reg = self.block.signature[name]
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise QdlError(f"input '{name}' must be an integer, a number or a list of "
                           f"{1 << reg.width} amplitudes", "see docs/simulation.md")
        if isinstance(value, float):
            scaled = value * (1 << self.frac_bits)
            value = int(np.rint(scaled))
        low = -(1 << (reg.width - 1)) if reg.signed else 0
        high = (1 << (reg.width - 1)) - 1 if reg.signed else (1 << reg.width) - 1
        if not low <= value <= high:
            raise QdlError(f"input '{name}' does not fit the {reg.width}-bit "
                           f"{'signed' if reg.signed else 'unsigned'} register",
                           f"use a value in [{self.decode(name, low % (1 << reg.width))}, "
                           f"{self.decode(name, high)}]")
        return value % (1 << reg.width)

    def decode(self, name: str, bits: int) -> int | float:
        reg = self.block.signature[name]
        value = bits - (1 << reg.width) if reg.signed and bits >> (reg.width - 1) else bits
        return value / (1 << self.frac_bits) if name in self.fixed else value


#: shots when the user gives none and the outcome is not known to be deterministic
DEFAULT_SHOTS = 1024
#: noisy runs (minutes: every shot is a separate trajectory) go to Aer in this many batches,
#: so a terminal shows shots done and an ETA; noiseless runs are one call. Batch i starts at
#: seed + (shots before it): Aer seeds shot j of a run with seed + j, so the batches reuse no
#: trajectory (consecutive seeds per batch would repeat almost all of them). The split depends
#: only on the inputs, never on the terminal: results reproduce.
NOISY_BATCHES = 16


def _run_in_batches(sim, qc, shots: int, seed: int, noise_model) -> Counter:
    from qdl import progress

    batches = NOISY_BATCHES if noise_model is not None and shots >= 4 * NOISY_BATCHES else 1
    sizes = [shots // batches + (1 if i < shots % batches else 0) for i in range(batches)]
    counts: Counter = Counter()
    with progress.bar("shots on Aer", total=shots) as task:
        done = 0
        for size in sizes:
            result = sim.run(qc, shots=size, seed_simulator=seed + done,
                             noise_model=noise_model).result()
            counts.update(result.get_counts())
            done += size
            task.advance(size)
    return counts


def deterministic(block: Block, inputs: dict[str, Any], noise: "Noise | None") -> bool:
    """True when every shot gives the same decoded output: a noiseless run of a basis-state
    map (``reference_kind == "basis"``, checked against Aer by the tests) on basis inputs.
    Mid-circuit measurements (measurement-based uncompute) may be random, but their
    classically controlled fix-ups make the outputs the same on every shot."""
    return (noise is None and block.reference_kind == "basis"
            and not any(isinstance(v, (list, tuple)) for v in inputs.values()))


def _option_rejected(exc: Exception) -> UsageError:
    """The one-line error for an --aer-option Aer refuses (when made, or when it runs)."""
    return UsageError(f"Aer rejected an option: {exc}", "see docs/simulation.md")


def simulate_block(block: Block, inputs: dict[str, Any], *, shots: int | None = None,
                   seed: int = 1,
                   method: str | None = None, noise: Noise | None = None,
                   device: str = "CPU", aer_options: dict[str, Any] | None = None
                   ) -> SimulationResult:
    """Run ``block`` on Aer from ``inputs`` and histogram the decoded register values.

    ``shots=None``: one shot when the result is deterministic (:func:`deterministic`), else
    DEFAULT_SHOTS."""
    from qiskit import ClassicalRegister, QuantumCircuit
    from qiskit_aer import AerSimulator

    from qdl.passes.build import build_circuit, check_buildable
    from qdl.passes.verify import (MAX_VERIFY_GATES, expand_for_aer, gate_names,
                                   register_offsets)

    names = block.signature.names()
    unknown = sorted(set(inputs) - set(names))
    if unknown:
        raise QdlError(f"inputs name no register '{unknown[0]}'",
                       f"registers are {', '.join(names)}")
    if shots is None:
        shots = 1 if deterministic(block, inputs, noise) else DEFAULT_SHOTS
    if shots < 1:
        raise UsageError(f"--shots must be at least 1, got {shots}", "e.g. --shots 1024")
    check_buildable(block, MAX_VERIFY_GATES, "simulates", "simulate a smaller size")
    codec = _Codec(block, inputs)
    body = expand_for_aer(build_circuit(block))
    offsets = register_offsets(block)
    qc = QuantumCircuit(*body.qregs, *body.cregs)
    basis: dict[str, int] = {}
    for reg in block.signature:
        value = inputs.get(reg.name, 0)
        wires = list(range(offsets[reg.name], offsets[reg.name] + reg.width))
        if isinstance(value, (list, tuple)):
            amplitudes = np.asarray(value, dtype=complex)
            if amplitudes.shape != (1 << reg.width,) or not np.linalg.norm(amplitudes):
                raise QdlError(f"input '{reg.name}' has {len(value)} amplitudes",
                               f"give {1 << reg.width} amplitudes, not all zero")
            qc.initialize(amplitudes / np.linalg.norm(amplitudes), wires)
        else:
            basis[reg.name] = codec.encode(reg.name, value)
            for i, wire in enumerate(wires):
                if (basis[reg.name] >> i) & 1:
                    qc.x(wire)
    qc.compose(body, inplace=True)
    out = ClassicalRegister(body.num_qubits, "out")
    qc.add_register(out)
    qc.measure(range(body.num_qubits), out)

    if device not in AerSimulator().available_devices():
        raise UsageError(f"Aer has no {device} device here (available: "
                         f"{', '.join(AerSimulator().available_devices())})",
                         "install qiskit-aer-gpu on a machine with a CUDA GPU, or drop --device")
    chosen = method or DEFAULT_METHOD
    options = dict(aer_options or {})  # the user's, as reported
    layout = {}
    if chosen == "matrix_product_state" and "mps_swap_direction" not in options:
        from qdl.passes.mps_layout import MPS_OPTIONS, first_touch_layout

        qc = first_touch_layout(qc)  # measured clbits unchanged: the decoding below holds
        layout = {"mps_swap_direction": MPS_OPTIONS["mps_swap_direction"]}
    try:
        sim = AerSimulator(method=chosen, device=device, **options, **layout)
    except Exception as exc:  # Aer rejects unknown options with AerError
        raise _option_rejected(exc) from None
    noise_model = noise.model(gate_names(qc)) if noise else None
    try:
        counts = _run_in_batches(sim, qc, shots, seed, noise_model)
    except TypeError as exc:  # Aer checks an option's value type only when it runs
        if "invalid option type" not in str(exc):
            raise
        raise _option_rejected(exc) from None

    expected = None
    if len(basis) == len(names) and block.reference_kind == "basis":
        expected = block.reference(**basis)
    width = block.signature.width
    decoded: Counter = Counter()
    good = dirty = 0
    for key, count in counts.items():
        bits = key.split(" ")[0][::-1]
        values = {r.name: int(bits[offsets[r.name]:offsets[r.name] + r.width][::-1], 2)
                  for r in block.signature}
        clean = not bits[width:].strip("0")
        dirty += 0 if clean else count
        if expected is not None and clean and values == expected:
            good += count
        decoded[tuple(codec.decode(n, values[n]) for n in names)] += count
    return SimulationResult(
        shots=shots, method=f"aer:{chosen} ({device})", registers=names, counts=decoded,
        noise=f"{noise.kind}:{noise.strength}" if noise else None,
        expected=None if expected is None else {n: codec.decode(n, expected[n]) for n in names},
        success_probability=None if expected is None else good / shots,
        dirty_shots=dirty, options=options)
