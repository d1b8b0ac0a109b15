"""Optimisation levels: per-pass costs recorded, every level re-verified on a qdl block."""

import pytest

from qdl.circuits.registry import lookup
from qdl.errors import UsageError
from qdl.passes.build import build_circuit
from qdl.passes.optimize import block_clean_qubits, level_passes, optimize_circuit
from qdl.passes.verify import verify_circuit


def add_block(variant: str, bits: int = 3):
    prim = lookup("add")
    return prim.block(prim.params(bits=bits, variant=variant))


@pytest.mark.parametrize("level", [0, 1, 2, 3])
def test_every_level_keeps_the_cdkm_adder_correct(level):
    block = add_block("cdkm")
    built = build_circuit(block)
    opt = optimize_circuit(built, level, clean=block_clean_qubits(block, built))
    assert verify_circuit(block, opt.circuit).passed
    assert len(opt.steps) == len(level_passes(level, 0))
    section = opt.section()
    assert section["level"] == level
    assert section["before"]["t_count"] == block.cost().t_count
    if level == 3:  # one Selinger ancilla set: T-depth 3 per Toffoli → 1
        assert section["after"]["t_depth"] == block.cost().t_depth // 3
        assert section["after"]["qubits"] == block.cost().qubits + 4


def test_level_3_respects_an_explicit_budget():
    block = add_block("cdkm")
    built = build_circuit(block)
    opt = optimize_circuit(built, 3, qubit_budget=built.num_qubits)
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
    opt = optimize_circuit(built, 3, clean=block_clean_qubits(block, built))
    assert opt.circuit.metadata == {"rotation_eps": 1e-6}
