"""The program walk: repeated bodies by max-plus powers equal the unrolled walk and the circuit."""

import numpy as np
import pytest

from qdl.circuits.compose import Loop
from qdl.circuits.qlam.program import Program
from qdl.passes.circuit_count import count_circuit


def grow(prog):
    with prog.when_equal([0, 1], 2):
        prog.mux("ry", [2], 3, np.array([0.3, np.pi / 4]))
        prog.cx(3, 2)


@pytest.mark.parametrize("count", [3, 5, 16])
def test_repeat_counts_like_the_unrolled_program(count):
    folded, unrolled = Program(4), Program(4)
    with folded.controlled(1):
        folded.repeat(count, lambda: grow(folded))
    with unrolled.controlled(1):
        for _ in range(count):
            grow(unrolled)
    assert any(isinstance(op, Loop) for op in folded.ops)
    assert folded.cost() == unrolled.cost() == count_circuit(folded.circuit())


@pytest.mark.parametrize("outer,inner", [(3, 4), (5, 3)])
def test_nested_repeats(outer, inner):
    """A repeat inside a repeated body is composed symbolically (max-plus forms)."""
    def body(prog):
        prog.mux("rz", [0], 1, np.array([0.2, 1.1]))
        prog.repeat(inner, lambda: grow(prog))
        prog.ccx(0, 3, 1)

    folded, unrolled = Program(4), Program(4)
    folded.repeat(outer, lambda: body(folded))

    def flat_body():
        unrolled.mux("rz", [0], 1, np.array([0.2, 1.1]))
        for _ in range(inner):
            grow(unrolled)
        unrolled.ccx(0, 3, 1)

    for _ in range(outer):
        flat_body()
    assert folded.cost() == unrolled.cost() == count_circuit(folded.circuit())


def test_no_repeat_when_the_pool_changes():
    """A body that leaves the ancilla pool in another order is recorded unrolled."""
    prog = Program(2)
    kept = []

    def body():
        kept.extend(prog.alloc(1))
        prog.cx(0, kept[-1])

    prog.repeat(4, body)
    assert not any(isinstance(op, Loop) for op in prog.ops)
    assert prog.cost() == count_circuit(prog.circuit())
