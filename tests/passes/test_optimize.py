"""Optimisation levels: per-pass costs recorded, every level re-verified on a qdl block."""

import pytest
from qiskit import QuantumCircuit, QuantumRegister
from qiskit.circuit import AncillaRegister

from qdl.circuits.registry import lookup
from qdl.errors import UsageError
from qdl.passes.build import build_circuit
from qdl.passes.equivalence import check_equivalent
from qdl.passes.optimize import block_clean_qubits, level_passes, optimize_circuit
from qdl.passes.verify import verify_circuit


def add_block(variant: str, bits: int = 3):
    prim = lookup("add")
    return prim.block(prim.params(bits=bits, variant=variant))


@pytest.mark.parametrize("level", [0, 1, 2, 3])
def test_every_level_keeps_the_cdkm_adder_correct(level):
    block = add_block("cdkm")
    built = build_circuit(block)
    opt = optimize_circuit(built, level, clean=block_clean_qubits(block, built),
                           target="t_depth")
    assert verify_circuit(block, opt.circuit).passed
    assert len(opt.steps) == len(level_passes(level, 0, target="t_depth"))
    section = opt.section()
    assert section["level"] == level
    assert section["before"]["t_count"] == block.cost().t_count
    if level == 3:  # one Selinger ancilla set: T-depth 3 per Toffoli → 1
        assert section["after"]["t_depth"] == block.cost().t_depth // 3
        assert section["after"]["qubits"] == block.cost().qubits + 4


def test_level_3_respects_an_explicit_budget():
    block = add_block("cdkm")
    built = build_circuit(block)
    opt = optimize_circuit(built, 3, qubit_budget=built.num_qubits, target="t_depth")
    assert opt.after.qubits == built.num_qubits
    assert opt.after.t_depth == block.cost().t_depth


def test_gidney_adder_is_already_optimal():
    block = add_block("gidney", 4)
    opt = optimize_circuit(build_circuit(block), 3)
    assert opt.after.t_count == opt.before.t_count == 4 * 4 - 4  # Gidney 2018: 4n − 4


def test_unknown_level_is_a_usage_error():
    with pytest.raises(UsageError):
        level_passes(4, 0)


def test_every_pass_keeps_the_circuit_metadata():
    # qdl.passes.build records the rotations' synthesis precision there, for count_circuit
    block = add_block("cdkm")
    built = build_circuit(block)
    built.metadata = {"rotation_eps": 1e-6}
    opt = optimize_circuit(built, 3, clean=block_clean_qubits(block, built), target="t_depth")
    assert opt.circuit.metadata == {"rotation_eps": 1e-6}


def test_unknown_target_is_a_usage_error():
    with pytest.raises(UsageError):
        level_passes(3, 0, target="speed")


def test_t_count_target_never_trades_t_count_for_depth():
    block = add_block("cdkm")
    built = build_circuit(block)
    opt = optimize_circuit(built, 3, clean=block_clean_qubits(block, built))
    assert opt.target == "t_count" and opt.after.t_count <= opt.before.t_count
    assert "TDepthOneToffoli" not in [s.name for s in opt.steps]


def parallel_toffolis(k: int) -> QuantumCircuit:
    qc = QuantumCircuit(3 * k)
    for j in range(k):
        qc.ccx(3 * j, 3 * j + 1, 3 * j + 2)
    return qc


def test_a_pass_that_worsens_its_objective_is_undone():
    # four Toffolis in parallel: T-depth 3. One Selinger ancilla set serialises them at
    # T-depth 1 each, 4 > 3 (the old level 3 kept it: csum_mux_9 18 → 28)
    qc = parallel_toffolis(4)
    opt = optimize_circuit(qc, 3, target="t_depth")
    step = next(s for s in opt.steps if s.name == "TDepthOneToffoli")
    assert step.after.t_depth > step.before.t_depth and not step.kept
    assert opt.after.t_depth == 3 and opt.circuit.num_qubits == 12
    shown = {p["pass"]: p for p in opt.section()["passes"]}
    assert shown["TDepthOneToffoli"]["kept"] is False
    # T-par, after it, treats a Toffoli as one opaque gate: nothing to place, depth unchanged
    assert shown["TPar"]["after"]["t_depth"] == 3


def test_and_rewriting_sees_through_cancelled_hadamards():
    # H·H on a clean Toffoli target hid that it is |0⟩ from the AND pass when it ran first
    x, anc = QuantumRegister(2, "x"), AncillaRegister(1, "anc")
    out = QuantumRegister(1, "out")
    qc = QuantumCircuit(x, out, anc)
    qc.h(anc[0])
    qc.h(anc[0])
    qc.ccx(x[0], x[1], anc[0])
    qc.cx(anc[0], out[0])
    qc.ccx(x[0], x[1], anc[0])
    opt = optimize_circuit(qc, 1)
    assert (opt.after.and_, opt.after.toffoli, opt.after.t_count) == (1, 0, 4)
    assert check_equivalent(qc, opt.circuit).passed
