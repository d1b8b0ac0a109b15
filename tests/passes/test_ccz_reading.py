"""CCZ gates read back from Clifford+T (passes/ccz_reading.py): exact on random three-wire
CNOT+phase circuits (a group is replaced only when its operator is CCZ), the suite's
expansions all found, and level 3 reaching 20 T on mod_mult_55 from its Clifford+T file (27
before, when PyZX saw only the expansions; 20 is what it reaches from the `.qc` CCZ form)."""

import random
from pathlib import Path

import numpy as np
import pytest
from qiskit import QuantumCircuit
from qiskit.quantum_info import Operator

from qdl.compiler.circuit_input import load_circuit
from qdl.passes.ccz_reading import read_ccz
from qdl.passes.circuit_count import count_circuit
from qdl.passes.equivalence import check_equivalent
from qdl.passes.optimize import optimize_circuit

SUITE = Path(__file__).parents[2] / "benchmarks" / "tpar"


def _ccz_expansion(qc, a, b, c):
    """The 7-T CCZ of the suite's files (target c)."""
    for g, qs in (("cx", (b, c)), ("tdg", (c,)), ("cx", (a, c)), ("t", (c,)), ("cx", (b, c)),
                  ("tdg", (c,)), ("cx", (a, c)), ("t", (b,)), ("t", (c,)), ("cx", (a, b)),
                  ("t", (a,)), ("tdg", (b,)), ("cx", (a, b))):
        getattr(qc, g)(*qs)


def test_an_expansion_between_other_gates_becomes_one_ccz():
    qc = QuantumCircuit(4)
    qc.h(2)
    _ccz_expansion(qc, 0, 1, 2)
    qc.h(2)
    qc.t(3)  # another wire: skipped, the group goes on around it
    out = read_ccz(qc)
    assert out.count_ops().get("ccz") == 1 and "cx" not in out.count_ops()
    assert Operator(out).equiv(Operator(qc)) and np.isclose(
        Operator(out).data[0, 0], Operator(qc).data[0, 0])


def test_a_wrong_phase_or_a_blocking_gate_stops_the_reading():
    near = QuantumCircuit(3)
    _ccz_expansion(near, 0, 1, 2)
    near.data[1] = near.data[1].replace(operation=near.data[7].operation)  # tdg → t
    assert "ccz" not in read_ccz(near).count_ops()
    blocked = QuantumCircuit(4)
    blocked.cx(2, 3)
    blocked.h(3)
    blocked.cx(3, 1)  # wire 1 is touched before the group would take it
    qc = QuantumCircuit(4)
    _ccz_expansion(qc, 0, 1, 2)
    mixed = blocked.compose(qc)
    mixed.data.insert(4, mixed.data.pop(0))  # cx(2, 3) between the group's gates
    assert Operator(read_ccz(mixed)) == Operator(mixed)


def test_random_three_wire_circuits_are_read_only_when_equal():
    rng = random.Random(20)
    read = 0
    for _ in range(300):
        qc = QuantumCircuit(3)
        if rng.random() < 0.3:
            _ccz_expansion(qc, *rng.sample(range(3), 3))
        for _ in range(rng.randint(0, 6)):
            g = rng.choice(["cx", "t", "tdg", "s", "h"])
            if g == "cx":
                qc.cx(*rng.sample(range(3), 2))
            else:
                getattr(qc, g)(rng.randrange(3))
        out = read_ccz(qc)
        read += "ccz" in out.count_ops()
        assert np.allclose(Operator(out).data, Operator(qc).data)
    assert read > 30


def test_every_expansion_of_the_suite_files_is_read_and_proved():
    qc = load_circuit(str(SUITE / "mod_mult_55.qasm"))
    out = read_ccz(qc)
    assert out.count_ops()["ccz"] == 7 and "t" not in out.count_ops()
    assert check_equivalent(qc, out).status == "proved"


def test_level_3_reaches_20_t_on_mod_mult_55_from_clifford_t():
    pytest.importorskip("pyzx")
    qc = load_circuit(str(SUITE / "mod_mult_55.qasm"))
    opt = optimize_circuit(qc, 3)
    assert opt.after.t_count == 20 and opt.after.toffoli == 0  # before: 27
    assert check_equivalent(qc, opt.circuit).status == "proved"
