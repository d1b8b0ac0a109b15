"""Verifier for amplitude estimation (``reference_kind = "amplitude"``), run on Aer.

:func:`check_amplitude_estimation` runs the estimator many times with seeded randomness and
counts how often the estimate lands within ε of the oracle's true amplitude a:

- ``qpe``: the built circuit (phase estimation, then the evaluation register measured) runs
  once on Aer for the distribution of y; ``repetitions`` seeded draws of y are complete
  estimates ã = sin²(πy/2^p). Promised: success ≥ 8/π² (Brassard et al. 2002, Thm. 12).
- ``iterative``: the whole adaptive protocol (qdl.circuits.qlam.ae_protocol) runs
  ``repetitions`` times. For each power k the built circuit Q^k A runs once on Aer, which
  gives the flag probability p_k exactly; each round's shots are then drawn as
  Binomial(shots, p_k) from a seeded generator (the same statistics as shots on Aer, at a
  fraction of the time). Promised: success ≥ 1 − δ (Grinko et al. 2021, Thm. 1).

The result also records the qubits each variant needs, so a report can say that the
QPE-free variant uses fewer.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from qiskit import QuantumCircuit
from qiskit_aer import AerSimulator

from qdl.circuits.block import Block
from qdl.circuits.qlam.ae_protocol import iterative_ae
from qdl.passes.build import build_circuit
from qdl.passes.verify import expand_for_aer, register_verifier

QPE_REPETITIONS = 400
ITERATIVE_REPETITIONS = 100


@dataclass
class AmplitudeCheck:
    variant: str
    amplitude: float
    epsilon: float
    promised: float
    success_rate: float
    repetitions: int
    qubits: int
    mean_queries: float
    max_queries: int

    @property
    def passed(self) -> bool:
        return self.success_rate >= self.promised


def measured_distribution(block: Block, count: int, sim: AerSimulator, seed: int) -> np.ndarray:
    """Distribution of the last ``count`` measured qubits of the built circuit, from Aer.

    The final measurements become saved probabilities (the AND ladders' mid-circuit
    measurements do not change them: their fix-ups make the state outcome-independent).
    """
    qc = expand_for_aer(build_circuit(block))
    finals = [qc.data.pop() for _ in range(count)][::-1]
    assert all(inst.operation.name == "measure" for inst in finals)
    qc.save_probabilities([inst.qubits[0] for inst in finals])
    result = sim.run(qc, shots=1, seed_simulator=seed).result()
    return np.asarray(result.data(0)["probabilities"], dtype=float)


def check_amplitude_estimation(block: Block, repetitions: int | None = None,
                               seed: int = 11) -> AmplitudeCheck:
    a = block.oracle.amplitude()
    if a is None:
        raise ValueError("the oracle has no data: nothing to estimate")
    sim = AerSimulator()
    if block.variant == "qpe":
        reps = repetitions or QPE_REPETITIONS
        dist = measured_distribution(block, block.bits, sim, seed)
        ys = np.random.default_rng(seed).choice(len(dist), size=reps, p=dist / dist.sum())
        good = sum(abs(block.estimate(int(y)) - a) <= block.eps for y in ys)
        queries = 2 * ((1 << block.bits) - 1) + 1
        return AmplitudeCheck("qpe", a, block.eps, 8 / 3.141592653589793 ** 2, good / reps,
                              reps, block.cost().qubits, queries, queries)
    reps = repetitions or ITERATIVE_REPETITIONS
    probability: dict[int, float] = {}
    rng = np.random.default_rng(seed)

    def sample(k: int, shots: int) -> int:
        if k not in probability:
            probability[k] = measured_distribution(block.at_power(k), 1, sim, seed)[1]
        return int(rng.binomial(shots, probability[k]))

    runs = [iterative_ae(sample, block.eps, block.delta) for _ in range(reps)]
    good = sum(abs(r.estimate - a) <= block.eps for r in runs)
    queries = [r.queries for r in runs]
    return AmplitudeCheck("iterative", a, block.eps, 1 - block.delta, good / reps, reps,
                          block.cost().qubits, sum(queries) / reps, max(queries))


def verify_amplitude(block: Block, built: QuantumCircuit, seed: int,
                     random_cases: int) -> tuple[str, int, list[str]]:
    if block.oracle.amplitude() is None:
        return "no data: counts only", 0, []
    check = check_amplitude_estimation(block, seed=seed)
    method = (f"aer: {check.repetitions} seeded {check.variant} estimates, "
              f"{check.success_rate:.3f} within ε (promised ≥ {check.promised:.3f})")
    failures = [] if check.passed else [
        f"only {check.success_rate:.3f} of estimates within ε={check.epsilon}, "
        f"promised {check.promised:.3f}"]
    return method, check.repetitions, failures


register_verifier("amplitude", verify_amplitude)
