"""Lookups kept whole in a QLAM program (qlam.calls): program counts == built circuit's."""

import numpy as np
import pytest

import qdl.circuits.qlam.qrom_loader as qrom_loader
from qdl.circuits.compose import Call
from qdl.circuits.dtm.qroam_clean import QROAMClean
from qdl.circuits.dtm.qrom import QROM
from qdl.circuits.qlam.calls import SwapNetwork, record_lookup
from qdl.circuits.qlam.program import Program
from qdl.circuits.registry import lookup
from qdl.passes.build import build_circuit
from qdl.passes.circuit_count import count_circuit
from qdl.passes.verify import verify_block


@pytest.mark.parametrize("reverse", [False, True])
@pytest.mark.parametrize("registers,width", [(2, 1), (4, 3), (8, 2)])
def test_swap_network_is_one_chain(registers, width, reverse):
    block = SwapNetwork(registers, width, reverse)
    assert block.cost().t_depth == 3 * width * (registers - 1)
    assert block.cost().differences(count_circuit(build_circuit(block))) == {}


@pytest.mark.parametrize("table", [QROM(16, 3, tuple(range(8)) * 2),
                                   QROAMClean(16, 3, 4, tuple(v % 5 for v in range(16)))])
def test_a_lookup_and_its_unload_as_calls(table):
    """Load, a gate on the loaded word, unload: counted from the blocks' closed forms between
    syncs, equal to the circuit the program builds, and the unload restores every input."""
    n, b = table.n, table.word_bits
    junk = table.signature.width - n - b
    prog = Program(n + b + junk + 1)
    address, target = list(range(n)), list(range(n, n + b))
    rest, extra = list(range(n + b, n + b + junk)), n + b + junk
    prog.x(extra)
    record_lookup(prog, table, address, target, rest)
    prog.cx(target[0], extra)
    record_lookup(prog, table, address, target, rest, unload=True)
    assert prog.cost() == count_circuit(prog.circuit())
    inverse = Program(prog.width)  # replayed backwards: the same construction
    inverse.replay(prog.ops, list(range(prog.width)), inverse=True)
    assert inverse.cost() == count_circuit(inverse.circuit())


@pytest.fixture
def calls_everywhere(monkeypatch):
    monkeypatch.setattr(qrom_loader, "CALL_WORDS", 2)


@pytest.mark.parametrize("block", [None, 1, 2])
def test_state_prep_with_called_lookups(calls_everywhere, block):
    prim = lookup("state_prep")
    x = np.random.default_rng(3).normal(size=8)
    prep = prim.block(prim.params(amplitudes=x.tolist(), method="qrom", angle_bits=3,
                                  block=block))
    result = verify_block(prep)  # counts == built circuit's, and the state on Aer
    assert result.passed, result.failures


def test_dense_loader_with_called_lookups(calls_everywhere):
    prim = lookup("block_encoding")
    a = np.abs(np.random.default_rng(1).normal(size=(4, 4)))
    be = prim.block(prim.params(variant="dense", matrix=a.tolist(), loader="qrom",
                                angle_bits=4, block=2))
    result = verify_block(be)
    assert result.passed, result.failures


def test_under_a_control_the_call_is_recorded_gate_by_gate():
    table = QROM(8, 2, (1, 2, 3, 0, 1, 1, 2, 2))
    prog = Program(3 + 2)
    record_lookup(prog, table, [0, 1, 2], [3, 4], [])
    ctrl = Program(prog.width + 1)
    with ctrl.controlled(prog.width):
        ctrl.replay(prog.ops, list(range(prog.width)))
    assert all(hasattr(op.block, "wire_levels") for op in ctrl.ops if isinstance(op, Call))
    assert ctrl.cost() == count_circuit(ctrl.circuit())
