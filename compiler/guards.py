"""Resource guards: estimate a simulation or a drawing before it starts, refuse it if too big.

The estimates come from the block's hierarchical cost (no circuit is built), so a refusal takes
milliseconds; the limits are in qdl.compiler.limits (``--limit NAME=N`` raises them). Measured
here (one core of a shared 2-core machine, qiskit-aer 0.18, matrix_product_state):

- with mid-circuit measurement (qdl's adders uncompute by measurement) or noise, Aer runs shot
  by shot, and a run costs about 2.5 µs per (shot × gate × qubit): an 8-bit adder (23 qubits,
  67 gates) at 1024 shots is 1.6·10^6 units, 4 s; a 64-bit adder (191 qubits, 627 gates) at
  1024 shots is 1.2·10^8 units, over 2 minutes. Strong noise costs more: depolarizing p = 1 ran
  ~25× slower per shot than p = 0.01, so noisy work is weighted by (1 + 30·p);
- statevector keeps 16·2^n bytes, density_matrix 16·4^n bytes;
- the stabilizer method runs Clifford circuits only;
- Qiskit's drawers take ~0.2 ms (text) and ~3 ms (png) per qubit × layer cell: a 16-bit
  adder kept hierarchical (47 qubits × 132 layers) draws as text in 1.4 s and as PNG in 18 s.
"""

from __future__ import annotations

import math

from qdl.compiler import limits
from qdl.errors import UsageError

#: drawing limits per format, in qubits × layers (see module docstring for the timings)
DRAW_LIMIT = {"text": "draw_text_cells", "png": "draw_png_cells"}


def state_megabytes(amplitude_bits: int) -> float:
    """MB of a state of 2^``amplitude_bits`` complex128 amplitudes (16 bytes each)."""
    return 16 * _power_of_two(amplitude_bits) / 2**20


def _power_of_two(n: int) -> float:
    """2^n as a float, infinity past a float's range (a 1,200-qubit adder's statevector):
    every limit refuses it, where 2.0 ** n would raise OverflowError."""
    return 2.0 ** n if n < 1000 else math.inf


def _gates(cost) -> int:
    return cost.clifford + cost.t + cost.toffoli + cost.and_ + cost.rotations + cost.measurements


def check_simulation(block, *, shots: int, method: str | None, noise) -> None:
    """Refuse a --simulate run whose estimate exceeds a limit (before anything is built)."""
    limits.check("shots", shots, "--shots is too large", "use fewer shots")
    cost = block.cost()
    qubits = cost.qubits
    method = method or "matrix_product_state"
    if method == "stabilizer":
        non_clifford = cost.t + cost.toffoli + cost.and_ + cost.rotations
        if non_clifford:
            raise UsageError(f"the stabilizer method runs Clifford circuits only; this one has "
                             f"{non_clifford:,} non-Clifford gates (T, Toffoli, AND, rotations)",
                             "use --method matrix_product_state, the default")
    per_amplitude = {"statevector": 1, "density_matrix": 2}.get(method)
    if per_amplitude:
        limits.check("sim_memory_mb", state_megabytes(per_amplitude * qubits),
                     f"--method {method} on {qubits} qubits is too large",
                     "use --method matrix_product_state")
    per_shot = noise is not None or cost.measurements > 0
    strength = 1 + 30 * noise.strength if noise is not None else 1
    work = (shots if per_shot else 1) * max(_gates(cost), 1) * qubits * strength
    limits.check("sim_work", work, f"simulating {qubits} qubits, about {_gates(cost):,} gates, "
                 f"{shots:,} shots{' with noise' if noise else ''} is too large",
                 "use fewer shots or a smaller model")


def check_drawing_estimate(block, fmt: str) -> None:
    """Refuse before building when even one layer per qubit would exceed the drawing limit."""
    if fmt in DRAW_LIMIT:
        qubits = block.cost().qubits
        limits.check(DRAW_LIMIT[fmt], qubits, f"--emit {fmt} cannot draw {qubits:,} qubits "
                     "legibly", "use --emit qasm3 or qpy, or a smaller size")


def check_drawing(qc, fmt: str) -> None:
    """Refuse a drawing of the built circuit larger than the limit (qubits × layers)."""
    if fmt in DRAW_LIMIT:
        cells = qc.num_qubits * max(qc.depth(), 1)
        limits.check(DRAW_LIMIT[fmt], cells, f"--emit {fmt} would draw {qc.num_qubits:,} qubits "
                     f"× {qc.depth():,} layers", "use --emit qasm3 or qpy, or a smaller size")


def check_verification(block) -> None:
    """Refuse a --verify whose basis-state Aer run would take minutes (before building).

    The estimate is gates × input cases (exhaustive up to 4-bit inputs, else 18): measured
    here, a 16-bit multiplier (3,331 gates, 6·10^4 gate-cases) verifies in seconds, a 16-bit
    reciprocal (49,288 gates, 8.9·10^5) in 8 minutes, a 16-bit arccos (3·10^6) in 8.4 minutes.
    """
    from qdl.circuits.block import Role
    from qdl.passes.verify import EXHAUSTIVE_BITS, EXHAUSTIVE_CASES

    if block.reference_kind != "basis":
        return  # unitary and state checks are capped by their own qubit limits
    thru = [r for r in block.signature if r.role is Role.THRU]
    total = 1
    for r in thru:
        total *= 1 << min(r.width, 62)
    exhaustive = all(r.width <= EXHAUSTIVE_BITS for r in thru) and total <= EXHAUSTIVE_CASES
    cases = total if exhaustive else 18
    gates = _gates(block.cost())
    limits.check("verify_gate_cases", gates * cases,
                 f"--verify would run {cases:,} cases of a {gates:,}-gate circuit on Aer",
                 "verify at a smaller size (the counts need no verification run)")


def check_network_verification(stages: list[tuple[str, int, int, int]]) -> None:
    """Refuse a network --verify too large for Aer, before any stage circuit is built.

    ``stages``: (name, qubits, gates, circuit runs) of every stage circuit the verification
    builds and runs, from the shrunk network's counted costs. Two limits: the widest stage's
    qubits (``verify_qubits``), and the work Σ gates × runs (``verify_network_work``; one
    run is a basis-state or superposed Aer run of the stage, or the count of its build).
    Raises UsageError (the caller adds the model's ``verify:`` line).
    """
    if not stages:
        return
    name, qubits = max(((st[0], st[1]) for st in stages), key=lambda s: s[1])
    fix = "lower verify: bits, channels or image size in the model file"
    limits.check("verify_qubits", qubits,
                 f"--verify would build stage '{name}' on {qubits:,} qubits", fix)
    runs = sum(st[3] for st in stages)
    work = sum(st[2] * st[3] for st in stages)
    limits.check("verify_network_work", work,
                 f"--verify would run {len(stages):,} stages on Aer ({runs:,} circuit runs, "
                 f"gates × runs)", fix)


def check_statevector_verification(cost, what: str) -> None:
    """Refuse a statevector --verify run (training's CKS solver check) before it is built:
    16·2^q bytes of state (``sim_memory_mb``) and gates × 2^q amplitude updates
    (``verify_statevector_work``), from the hierarchical cost of the circuit."""
    qubits, gates = cost.qubits, _gates(cost)
    fix = "verify a smaller system"
    limits.check("sim_memory_mb", state_megabytes(qubits),
                 f"--verify would hold {what}'s statevector on {qubits} qubits", fix)
    limits.check("verify_statevector_work", gates * _power_of_two(qubits),
                 f"--verify would run {what}, {gates:,} gates on {qubits} qubits, on Aer's "
                 "statevector", fix)
