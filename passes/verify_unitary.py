"""Verifier for block-encodings (``reference_kind = "unitary"``): α · top-left block == A.

The block's circuit is simulated on Aer and the block of its unitary with every non-``sys``
qubit in |0⟩ on the input side (and every ancilla |0⟩ on the output side) is compared, times
the block's α, with ``block.target()`` to 1e−8 in every entry. Registers come first in
signature order, so that block is ``U[:R, :C]`` for a target of shape R × C.

- Without mid-circuit measurements: Aer's ``unitary`` method (≤ 10 qubits, DESIGN §2).
- With measurement-based uncomputation (Gidney's AND, whose fix-up makes the state
  independent of the outcome): each of the C input columns runs on the ``statevector``
  method with one shot, for two measurement seeds; column c of the result is the output
  state, so the check still covers the circuit as built, measurements included.
- Wider than that (alias-sampling PREPAREs keep ~2m + 2μ qubits of junk in ``be``): the same
  columns on the ``matrix_product_state`` method, contracting only the R amplitudes of the
  block (every other qubit 0) from the saved MPS (qdl.passes.mps_amplitudes: Aer's
  ``save_amplitudes`` there reads permuted basis states once qubits are reordered,
  qiskit-aer #2235).
"""

from __future__ import annotations

import numpy as np
from qiskit import QuantumCircuit
from qiskit_aer import AerSimulator

from qdl.circuits.block import Block
from qdl.passes.mps_amplitudes import low_amplitudes
from qdl.passes.verify import expand_for_aer, register_verifier

#: Largest circuit width whose unitary is simulated.
MAX_UNITARY_QUBITS = 10
#: Largest width for the column-by-column statevector form.
MAX_COLUMN_QUBITS = 16
#: Largest width for the column-by-column MPS form (amplitudes of the block only).
MAX_MPS_QUBITS = 64
TOLERANCE = 1e-8


def has_measurements(qc: QuantumCircuit) -> bool:
    return any(inst.operation.name in ("measure", "if_else") for inst in qc.data)


def encoded_block(body: QuantumCircuit, rows: int, cols: int, seed: int) -> tuple[np.ndarray, str]:
    """U[:rows, :cols] of the circuit (see the module docstring for the two methods)."""
    n = body.num_qubits
    if not has_measurements(body):
        if n > MAX_UNITARY_QUBITS:
            raise ValueError(f"{n} qubits: more than the {MAX_UNITARY_QUBITS} simulated")
        qc = body.copy()
        qc.save_unitary()
        u = np.asarray(AerSimulator(method="unitary").run(qc).result().get_unitary())
        return u[:rows, :cols], "aer:unitary"
    mps = n > MAX_COLUMN_QUBITS
    if n > (MAX_MPS_QUBITS if mps else MAX_COLUMN_QUBITS):
        raise ValueError(f"{n} qubits: more than the {MAX_MPS_QUBITS} simulated")
    out = np.zeros((rows, cols), dtype=complex)
    sim = AerSimulator(method="statevector")
    circuits = []
    for c in range(cols):
        qc = QuantumCircuit(*body.qregs, *body.cregs)
        for q in range(n):
            if (c >> q) & 1:
                qc.x(q)
        qc.compose(body, inplace=True)
        if not mps:
            qc.save_statevector()
        circuits.append(qc)

    def run(part: list, seed: int) -> list:
        if mps:  # the rows are the basis states of the (rows − 1).bit_length() low qubits
            k = (rows - 1).bit_length()
            return [low_amplitudes(qc, k, seed + i)[:rows] for i, qc in enumerate(part)]
        result = sim.run(part, shots=1, seed_simulator=seed).result()
        return [np.asarray(result.get_statevector(i))[:rows] for i in range(len(part))]

    from qdl import progress

    first = None
    # in about 10 batches per seed, so a terminal shows columns done and an ETA (a 16-qubit
    # matrix inversion takes minutes); batch k of seed s starts at seed s + k's first column
    batch = max(1, -(-cols // 10))
    with progress.bar("columns on Aer (2 measurement seeds)", total=2 * cols) as task:
        for s in (seed, seed + 1):
            states = []
            for begin in range(0, cols, batch):
                part = circuits[begin:begin + batch]
                states += run(part, s + begin)
                task.advance(len(part))
            block = np.array(states).T
            if first is None:
                first = out = block
            elif not np.allclose(first, block, atol=TOLERANCE):
                raise AssertionError("output depends on a mid-circuit measurement outcome")
    method = "matrix_product_state (contracted)" if mps else "statevector"
    return out, f"aer:{method} per column, 2 measurement seeds"


def verify_unitary(block: Block, built: QuantumCircuit, seed: int,
                   random_cases: int) -> tuple[str, int, list[str]]:
    target = block.target()
    if target is None:
        return "no data: counts only", 0, []
    rows, cols = target.shape
    try:
        got, method = encoded_block(expand_for_aer(built), rows, cols, seed)
    except (ValueError, AssertionError) as exc:
        return "aer", 0, [str(exc)]
    err = float(np.abs(got * block.alpha - target).max())
    failures = [] if err <= TOLERANCE else [
        f"alpha * top-left block differs from the matrix by {err:.3e} (> {TOLERANCE:g})"]
    return f"{method}, alpha*block vs matrix (max err {err:.1e})", rows * cols, failures


register_verifier("unitary", verify_unitary)
