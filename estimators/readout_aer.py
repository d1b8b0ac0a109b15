"""The readout protocols' measurements as Qiskit circuits, sampled on Aer (N ≤ 64).

Same interface as :class:`qdl.estimators.readout_protocols.NumpySampler`. States are prepared
with Qiskit's ``StatePreparation`` (exact, unitary, controllable); an N that is not a power of
two is padded with zero amplitudes. Qubit order is Qiskit's: the state's index register is
qubits 0..n−1 (qubit 0 least significant), the Hadamard-test control is qubit n, the phase
register of amplitude estimation is qubits n+1..n+m.

Amplitude estimation builds the Hadamard test A (n+1 qubits) as a matrix from its circuit, the
Grover iterate Q = −A S₀ A† S_χ (S_χ flips the sign of control-0 states, S₀ of |0…0⟩) and
the controlled powers Q^(2^k) as unitary gates (N ≤ 64 keeps them at most 128×128, doubled by
the control); then the inverse QFT and a measurement of the phase register. Only the sampling
is Aer's: the circuit is the textbook phase estimation, run shot by shot with ``runs`` shots.
"""

from __future__ import annotations

import numpy as np

from qdl.errors import BuildLimitError

#: Largest state Aer runs the protocols on (the issue's bound; beyond it use numpy).
MAX_AER_SIZE = 64
#: Largest phase register for AE on Aer (statevector of n + 1 + bits qubits).
MAX_AER_PHASE_BITS = 14


class AerSampler:
    name = "aer"

    def __init__(self, seed: int, size: int):
        if size > MAX_AER_SIZE:
            raise BuildLimitError(f"Aer runs the readout protocols for N ≤ {MAX_AER_SIZE}, "
                                  f"got N = {size}", "use execute: numpy for larger states")
        from qiskit_aer import AerSimulator

        self.size = size
        self.qubits = max(1, (size - 1).bit_length())
        self.seeds = np.random.default_rng(seed)
        self.sim = AerSimulator(method="statevector")

    def _pad(self, v: np.ndarray) -> np.ndarray:
        out = np.zeros(1 << self.qubits)
        out[: v.size] = v
        return out / np.linalg.norm(out)

    def _run(self, qc, shots: int) -> dict[int, int]:
        from qiskit import transpile

        seed = int(self.seeds.integers(2**31))
        tqc = transpile(qc, self.sim, seed_transpiler=seed)
        counts = self.sim.run(tqc, shots=shots, seed_simulator=seed).result().get_counts()
        return {int(key.replace(" ", ""), 2): n for key, n in counts.items()}

    def _state(self, v: np.ndarray):
        from qiskit.circuit.library import StatePreparation

        return StatePreparation(self._pad(v))

    def basis_counts(self, x: np.ndarray, shots: int) -> np.ndarray:
        from qiskit import QuantumCircuit

        qc = QuantumCircuit(self.qubits)
        qc.append(self._state(x), range(self.qubits))
        qc.measure_all()
        counts = np.zeros(1 << self.qubits, dtype=np.int64)
        for i, n in self._run(qc, shots).items():
            counts[i] = n
        return counts[: self.size]

    def _hadamard_test(self, x: np.ndarray, q: np.ndarray):
        """H(c); U_x on control 0; U_q on control 1; H(c): ½Σ[(x+q)|0⟩ + (x−q)|1⟩]."""
        from qiskit import QuantumCircuit

        n = self.qubits
        qc = QuantumCircuit(n + 1)
        qc.h(n)
        qc.append(self._state(x).control(1, ctrl_state=0), [n, *range(n)])
        qc.append(self._state(q).control(1, ctrl_state=1), [n, *range(n)])
        qc.h(n)
        return qc

    def sign_counts(self, x: np.ndarray, q: np.ndarray, shots: int) -> np.ndarray:
        qc = self._hadamard_test(x, q)
        qc.measure_all()
        counts = np.zeros((2, 1 << self.qubits), dtype=np.int64)
        for idx, n in self._run(qc, shots).items():
            counts[idx >> self.qubits, idx & ((1 << self.qubits) - 1)] = n
        return counts[:, : self.size]

    def grover_iterate(self, x: np.ndarray, w: np.ndarray) -> np.ndarray:
        """Q = −A S₀ A† S_χ on n+1 qubits; good states are those with control qubit n at 0."""
        from qiskit.quantum_info import Operator

        a = Operator(self._hadamard_test(x, w)).data
        dim = a.shape[0]
        s_chi = np.ones(dim)
        s_chi[: dim // 2] = -1  # control qubit n is the most significant bit
        s_0 = np.ones(dim)
        s_0[0] = -1
        return -(a * s_0) @ a.conj().T * s_chi  # −A·diag(s₀)·A†·diag(s_χ)

    def ae_outcomes(self, x: np.ndarray, w: np.ndarray, bits: int, runs: int) -> np.ndarray:
        if bits > MAX_AER_PHASE_BITS:
            raise BuildLimitError(f"amplitude estimation with a 2^{bits}-point phase register "
                                  f"is beyond Aer's limit here (2^{MAX_AER_PHASE_BITS})",
                                  "raise epsilon, lower the rank, or use execute: numpy")
        from qiskit import QuantumCircuit
        from qiskit.circuit.library import QFTGate, UnitaryGate
        from qiskit.quantum_info import Operator

        n = self.qubits
        system = list(range(n + 1))
        qc = QuantumCircuit(n + 1 + bits, bits)
        qc.append(UnitaryGate(Operator(self._hadamard_test(x, w)).data), system)
        power = self.grover_iterate(x, w)
        eye = np.eye(power.shape[0])
        zero = np.zeros_like(power)
        for k in range(bits):
            ctrl = n + 1 + k
            qc.h(ctrl)
            controlled = np.block([[eye, zero], [zero, power]])  # control = most significant
            qc.append(UnitaryGate(controlled, check_input=False), [*system, ctrl])
            power = power @ power
        phase = list(range(n + 1, n + 1 + bits))
        qc.append(QFTGate(bits).inverse(), phase)
        qc.measure(phase, range(bits))
        outcomes = []
        for y, count in self._run(qc, runs).items():
            outcomes += [y] * count
        return np.array(outcomes, dtype=np.int64)
