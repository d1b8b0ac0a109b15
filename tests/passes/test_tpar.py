"""T-par (Amy–Maslov–Mosca 2014): matroid partitioning, CNOT synthesis, and the pass itself
(exact, T-count never up, T-depth down on circuits with parallelisable phases)."""

import itertools
import math
import random
from pathlib import Path

import pytest
from qiskit import QuantumCircuit

from qdl.compiler.circuit_input import load_circuit
from qdl.passes.circuit_count import count_circuit
from qdl.passes.equivalence import check_equivalent
from qdl.passes.optimize import optimize_circuit
from qdl.passes.tpar import t_par
from qdl.passes.tpar_matroid import augment, independent, linear_synthesis, partition, rank

SUITE = Path(__file__).parents[2] / "benchmarks" / "tpar"


def test_edmonds_partition_beats_first_fit():
    # first fit puts 001, 010, 100 together and then needs three sets; two suffice:
    # {001, 010, 101} and {011, 100, 110} are both linearly independent
    elements = [0b001, 0b010, 0b011, 0b100, 0b101, 0b110]
    sets = partition(elements, ancillas=0)
    assert len(sets) == 2
    assert sorted(p for s in sets for p in s) == sorted(elements)
    assert all(rank(s) == len(s) for s in sets)


def test_augmenting_path_makes_room_without_a_new_set():
    # 110 fits neither set as it is; 110 replaces 100 in the first, 100 joins the second
    sets = [[0b001, 0b010, 0b100], [0b011, 0b101]]
    assert augment(sets, 0b110, ancillas=0)
    assert len(sets) == 2 and sorted(sum(sets, [])) == [1, 2, 3, 4, 5, 6]
    assert all(independent(s, 0) for s in sets)
    full = [[0b01, 0b10]]
    assert not augment(full, 0b11, ancillas=0) and full == [[0b01, 0b10]]


def test_ancillas_let_dependent_parities_share_a_layer():
    # a, b, a⊕b: rank 2; one ancilla holds the surplus copy
    assert not independent([0b01, 0b10, 0b11], ancillas=0)
    assert independent([0b01, 0b10, 0b11], ancillas=1)
    assert len(partition([0b01, 0b10, 0b11], ancillas=1)) == 1


def _fits(elements, k, ancillas) -> bool:
    """Brute force: can ``elements`` be split into ``k`` independent sets?"""
    for labels in itertools.product(range(k), repeat=len(elements)):
        groups = [[e for e, lab in zip(elements, labels) if lab == j] for j in range(k)]
        if all(independent(g, ancillas) for g in groups):
            return True
    return False


@pytest.mark.parametrize("ancillas", [0, 1, 2])
def test_random_partitions_are_minimum_independent_covers(ancillas):
    rng = random.Random(ancillas)
    for _ in range(15):
        dim = rng.randint(2, 4)
        elements = rng.sample(range(1, 2 ** dim), min(6, rng.randint(1, 2 ** dim - 1)))
        sets = partition(elements, ancillas)
        assert sorted(p for s in sets for p in s) == sorted(elements)
        assert all(independent(s, ancillas) for s in sets)
        assert len(sets) == 1 or not _fits(elements, len(sets) - 1, ancillas)


def test_linear_synthesis_reaches_the_target():
    rng = random.Random(7)
    for _ in range(50):
        n = rng.randint(1, 7)
        current = [1 << i for i in range(n)]
        target = list(current)
        for _ in range(3 * n):  # a random invertible map: random row operations
            i, j = rng.sample(range(n), 2) if n > 1 else (0, 0)
            if i != j:
                target[j] ^= target[i]
        rows = list(current)
        for c, t in linear_synthesis(current, target):
            assert c != t
            rows[t] ^= rows[c]
        assert rows == target


def _phase_ladder() -> QuantumCircuit:
    """Four T gates on parities x0, x0⊕x1, x0⊕x1⊕x2, x2, one after another on a path of
    CNOTs: T-depth 4. Any three are independent, all four are not: two layers on 3 wires,
    one layer with one ancilla."""
    qc = QuantumCircuit(3)
    qc.h([0, 1, 2])
    qc.t(0)
    qc.cx(0, 1)
    qc.t(1)
    qc.cx(1, 2)
    qc.tdg(2)
    qc.cx(1, 2)
    qc.cx(0, 1)
    qc.t(2)
    qc.h([0, 1, 2])
    return qc


def test_parallel_phases_go_in_one_layer_and_the_result_is_proved():
    qc = _phase_ladder()
    out = t_par(qc)
    before, after = count_circuit(qc), count_circuit(out)
    assert (before.t, before.t_depth) == (4, 4)
    assert (after.t, after.t_depth, after.qubits) == (4, 2, 3)
    assert check_equivalent(qc, out).status == "proved"
    wide = t_par(qc, ancillas=1)
    assert (count_circuit(wide).t_depth, wide.num_qubits) == (1, 4)
    assert check_equivalent(qc, wide).status == "proved"  # the ancilla ends in |0⟩


def test_phases_merge_across_cnots_and_global_phase_is_kept():
    qc = QuantumCircuit(2)
    qc.h(0)
    qc.x(1)
    qc.t(1)           # phase on 1 ⊕ x1: a global phase and −π/4 on x1
    qc.cx(0, 1)
    qc.cx(0, 1)
    qc.t(1)
    qc.rz(math.pi / 2, 0)
    qc.h(0)
    out = t_par(qc)
    assert count_circuit(out).t == 0  # T·T on the same parity is an S
    assert check_equivalent(qc, out).status == "proved"


def test_a_column_of_hadamards_costs_one_flush():
    # two CCZ regions on disjoint wires: each alone needs 3 layers (7 parities of rank 3),
    # and held Hadamards are flushed together, so the two share those 3 layers
    qc = QuantumCircuit(6)
    for a, b, c in ((0, 1, 2), (3, 4, 5)):
        qc.h(c)
        qc.ccz(a, b, c)
        qc.h(c)
    out = t_par(qc)
    assert count_circuit(out).t == 14
    assert count_circuit(out).t_depth == 3
    assert check_equivalent(qc, out).status == "proved"


def test_angles_that_are_not_eighths_leave_the_circuit_alone():
    qc = QuantumCircuit(1)
    qc.p(0.3, 0)
    qc.t(0)
    assert t_par(qc) is qc


def test_measurements_place_pending_terms_first():
    qc = QuantumCircuit(2, 1)
    qc.h(0)
    qc.cx(0, 1)
    qc.t(1)
    qc.measure(0, 0)
    qc.t(1)
    out = t_par(qc)
    names = [i.operation.name for i in out.data]
    m = names.index("measure")
    # wire 1 keeps x0⊕x1 across the measurement of wire 0, so its two T gates are one
    # diagonal S on wire 1's value, placed before the measurement (they commute)
    assert names.count("t") == 0 and names[:m].count("s") == 1
    assert "s" not in names[m:] and "t" not in names[m:]


@pytest.mark.parametrize("name", ["mod5_4", "tof_5", "mod_mult_55", "barenco_tof_3"])
def test_suite_circuits_depth_down_count_never_up_and_proved(name):
    qc = load_circuit(str(SUITE / f"{name}.qasm"))
    before = count_circuit(qc)
    for ancillas in (0, 2):
        out = t_par(qc, ancillas)
        after = count_circuit(out)
        assert after.t <= before.t
        assert after.t_depth < before.t_depth
        assert after.qubits == qc.num_qubits + ancillas
        assert check_equivalent(qc, out).status == "proved"


def test_ancillas_lower_t_depth_further():
    qc = load_circuit(str(SUITE / "mod_mult_55.qasm"))
    assert count_circuit(t_par(qc, 2)).t_depth < count_circuit(t_par(qc)).t_depth


def test_level_3_t_depth_runs_t_par_and_never_ends_deeper():
    qc = _phase_ladder()
    opt = optimize_circuit(qc, 3, target="t_depth")
    step = next(s for s in opt.steps if s.name == "TPar")
    assert step.kept and step.after.t_depth == 2
    assert opt.after.t_depth <= opt.before.t_depth
    assert check_equivalent(qc, opt.circuit).status == "proved"


def test_qubit_budget_gives_t_par_ancillas():
    qc = load_circuit(str(SUITE / "mod5_4.qasm"))
    plain = optimize_circuit(qc, 3, target="t_depth")
    wide = optimize_circuit(qc, 3, target="t_depth", qubit_budget=qc.num_qubits + 2)
    assert plain.after.qubits == qc.num_qubits
    assert wide.after.t_depth <= plain.after.t_depth
    assert wide.after.qubits <= qc.num_qubits + 2
    assert check_equivalent(qc, wide.circuit).status == "proved"
