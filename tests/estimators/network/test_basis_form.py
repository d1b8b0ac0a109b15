"""The basis-state form check 2 of --verify runs: same basis-state map, AND preconditions
asserted, refused where a phase could matter."""

import numpy as np
from qiskit import QuantumCircuit

from qdl.circuits.block import Register, Role, Signature
from qdl.circuits.builder import Builder
from qdl.estimators.network.basis_form import basis_form, expand_but_and, run_indices
from qdl.passes.build import build_circuit


class _Sig:
    """A minimal block for run_indices: registers a (2 bits, in) and t (1 bit, out)."""

    signature = Signature([Register("a", 2), Register("t", 1, Role.OUTPUT)])


def _and_circuit(dirty: bool) -> QuantumCircuit:
    bb = Builder()
    a, t = bb.alloc(2), bb.alloc(1)
    if dirty:
        bb.x(t[0])
    bb.gate("t", a[0])  # a phase only: dropped
    bb.gate("and", a[0], a[1], t[0])
    return bb.to_circuit(_Sig.signature, {"a": a, "t": t})


def test_and_becomes_a_toffoli_and_diagonal_gates_go():
    form = basis_form(expand_but_and(_and_circuit(False)))
    ops = form.count_ops()
    assert ops["ccx"] == 1 and "t" not in ops and ops["measure"] == 1


def test_and_on_basis_states_and_a_dirty_target_is_caught():
    runs, how = run_indices(_Sig(), _and_circuit(False), [0, 1, 2, 3], seed=1, register="a")
    assert how == "basis form"
    assert [got["t"] for got, _ in runs] == [0, 0, 0, 1]
    assert not any(dirty for _, dirty in runs)
    runs, _ = run_indices(_Sig(), _and_circuit(True), [0, 3], seed=1, register="a")
    assert all(dirty for _, dirty in runs)  # the AND's target was not |0⟩


def test_a_gate_between_h_and_its_measurement_has_no_basis_form():
    qc = QuantumCircuit(2)
    qc.h(0)
    qc.cx(0, 1)
    assert basis_form(qc) is None
    qc = QuantumCircuit(2)
    qc.h(0)
    qc.s(0)  # S on |+⟩ then H would not be a phase on a basis state
    qc.h(0)
    assert basis_form(qc) is None


def test_measured_uncompute_is_kept_and_its_phase_fix_dropped():
    from qdl.circuits.gates import And, AndUncompute

    bb = Builder()
    a, t = bb.alloc(2), bb.alloc(1)
    bb.call(And(), a=[a[0]], b=[a[1]], t=t)
    bb.call(AndUncompute(), a=[a[0]], b=[a[1]], t=t)
    qc = bb.to_circuit(_Sig.signature, {"a": a, "t": t})
    form = basis_form(expand_but_and(qc))
    assert form is not None and "if_else" not in form.count_ops()
    runs, _ = run_indices(_Sig(), qc, [0, 1, 2, 3], seed=3, register="a")
    assert [got["t"] for got, _ in runs] == [0, 0, 0, 0] and not any(d for _, d in runs)


def test_a_stage_gives_the_same_outputs_in_both_forms():
    """The basis form of a network stage's compute half against the circuit as built."""
    from qdl.estimators.network import spec as S
    from qdl.estimators.network import verify as V
    from qdl.estimators.network.compile import compile_network

    net = compile_network(S.NetworkSpec.model_validate({
        "layers": [{"type": "batchnorm"}], "input": {"channels": 1, "height": 2, "width": 2},
        "numerics": {"bits": 4, "frac_bits": 1},
        "readout": {"protocol": "tomography_linf", "delta": 0.1}}))
    ((stage, expected),), _ = V.shrunk_stages(net)
    half = stage.block.compute_half()
    built = build_circuit(half)
    indices = [i for i, _ in V.elements(stage, expected)]
    fast, how = run_indices(half, built, indices, seed=2)
    assert how == "basis form"
    from qdl.passes.verify import expand_for_aer, run_basis_cases

    slow = run_basis_cases(half, expand_for_aer(built), [{"index": i} for i in indices], 2)
    assert [g for g, _ in fast] == [g for g, _ in slow]
    assert np.array_equal([g[stage.block.output] for g, _ in fast],
                          [v % (1 << stage.block.output_width) for _, v in
                           V.elements(stage, expected)])
