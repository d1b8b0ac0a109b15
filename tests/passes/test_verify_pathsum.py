"""Sum-over-paths equivalence: proofs, counterexamples, and "undecided" — checked against
exact unitaries on random small circuits (it must never prove a false equality)."""

import random

import pytest
from qiskit import QuantumCircuit
from qiskit.quantum_info import Operator

from qdl.passes.tdepth import t_depth_one_toffolis
from qdl.passes.verify_pathsum import pathsum_applicable, pathsum_compare

GATES = ["h", "cx", "t", "s", "x", "tdg", "ccx", "sdg", "z", "cz"]


def random_circuit(rng: random.Random, n: int, gates: int) -> QuantumCircuit:
    qc = QuantumCircuit(n)
    for _ in range(gates):
        g = rng.choice(GATES)
        if g in ("cx", "cz"):
            getattr(qc, g)(*rng.sample(range(n), 2))
        elif g == "ccx":
            qc.ccx(*rng.sample(range(n), 3))
        else:
            getattr(qc, g)(rng.randrange(n))
    return qc


def test_hadamard_identities_are_proved():
    hsh = QuantumCircuit(1)
    for _ in range(3):
        hsh.h(0)
        hsh.s(0)
    one = QuantumCircuit(1)  # (HS)^3 = e^{iπ/4}·I
    assert pathsum_compare(one, hsh) == "proved"


def test_a_classical_difference_is_a_counterexample():
    a = QuantumCircuit(2)
    a.cx(0, 1)
    assert pathsum_compare(a, QuantumCircuit(2)) == "different"


def test_selinger_toffoli_with_clean_ancillas():
    qc = QuantumCircuit(3)
    qc.h(0)
    qc.ccx(0, 1, 2)
    out = t_depth_one_toffolis(qc, max_qubits=7)
    padded = QuantumCircuit(7)
    padded.compose(qc, range(3), inplace=True)
    zero = frozenset(range(3, 7))
    assert pathsum_compare(padded, out, zero) == "proved"
    assert pathsum_compare(padded, out) != "proved"  # ancillas not |0⟩: not the same map
    dirty = out.copy()
    dirty.x(4)
    assert pathsum_compare(padded, dirty, zero) == "different"


def test_never_wrong_against_exact_unitaries():
    rng = random.Random(5)
    seen = set()
    for _ in range(400):
        a = random_circuit(rng, 3, rng.randint(1, 10))
        b = a.copy()
        if rng.random() < 0.5:  # an equal circuit written differently
            b.t(0)
            b.t(0)
            b.sdg(0)
            b.h(1)
            b.h(1)
        else:
            b.compose(random_circuit(rng, 3, rng.randint(1, 3)), inplace=True)
        equal = Operator(a).equiv(Operator(b))
        verdict = pathsum_compare(a, b)
        assert verdict != ("different" if equal else "proved")
        seen.add(verdict)
    assert seen == {"proved", "different", "undecided"}


def test_rotations_are_outside_its_gate_set():
    qc = QuantumCircuit(1)
    qc.rz(0.1, 0)
    assert not pathsum_applicable(qc)


@pytest.mark.parametrize("limit", [0.0])
def test_time_limit_gives_undecided(limit):
    qc = QuantumCircuit(2)
    for _ in range(5):
        qc.h(0)
        qc.cx(0, 1)
    assert pathsum_compare(qc, qc, time_limit=limit) == "undecided"
