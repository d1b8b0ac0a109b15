import pytest

from qdl.circuits.qam.out_of_place_addition import OutOfPlaceAdder
from qdl.circuits.registry import lookup
from qdl.passes.build import build_circuit
from qdl.passes.circuit_count import count_circuit
from qdl.passes.verify import verify_block


@pytest.mark.parametrize("n", [1, 2, 5, 64])
def test_qualtran_counts(n):
    """Qualtran 0.7 OutOfPlaceAdder: n ANDs and 5n CNOTs with the carry bit, n − 1 without."""
    cost = OutOfPlaceAdder(n).cost()
    assert (cost.and_, cost.clifford, cost.qubits) == (n, 5 * n, 3 * n + 1)
    assert (cost.t_depth, cost.toffoli_depth) == (n + 1, n)
    assert OutOfPlaceAdder(n, carry_out=False).cost().and_ == n - 1
    undo = OutOfPlaceAdder(n, uncompute=True).cost()
    assert undo.t_count == 0 and undo.measurements == n


BLOCKS = [OutOfPlaceAdder(n, carry, undo) for n in (1, 2, 3) for carry in (True, False)
          for undo in (False, True)]


@pytest.mark.parametrize("block", BLOCKS)
def test_both_invariants_exhaustive(block):
    assert block.cost() == count_circuit(build_circuit(block))
    result = verify_block(block)
    assert result.passed and "exhaustive" in result.method, result.failures


@pytest.mark.slow
@pytest.mark.parametrize("undo", [False, True])
def test_four_bits_exhaustive(undo):
    assert verify_block(OutOfPlaceAdder(4, False, undo)).passed


def test_random_32_bits_and_registry():
    assert verify_block(OutOfPlaceAdder(32), random_cases=3).passed
    prim = lookup("add_oop")
    assert prim.block(prim.params(bits=8, carry_out=False)) == OutOfPlaceAdder(8, False)


@pytest.mark.parametrize("n,carry", [(2, True), (3, False)])
def test_uncompute_phases_on_a_superposition(n, carry):
    """Compute then uncompute is the identity on the uniform superposition of all (a, b):
    the measured AND uncomputes must fix their phases (the basis checks cannot see them)."""
    from dataclasses import dataclass

    from qdl.circuits.block import Block, Signature
    from qdl.passes.verify import verify_circuit

    @dataclass(frozen=True)
    class RoundTrip(Block):
        bits: int
        carry_out: bool

        @property
        def signature(self):
            return Signature(OutOfPlaceAdder(self.bits, self.carry_out).signature[:2])

        def children(self):
            return ((OutOfPlaceAdder(self.bits, self.carry_out), 1),
                    (OutOfPlaceAdder(self.bits, self.carry_out, uncompute=True), 1))

        def build(self, bb, *, a, b):
            c = bb.alloc(self.bits + self.carry_out)
            bb.call(OutOfPlaceAdder(self.bits, self.carry_out), a=a, b=b, c=c)
            bb.call(OutOfPlaceAdder(self.bits, self.carry_out, uncompute=True), a=a, b=b, c=c)
            bb.release(c)

        def reference(self, *, a, b):
            return {"a": a, "b": b}

    block = RoundTrip(n, carry)
    result = verify_circuit(block, build_circuit(block))
    assert result.passed and "phase check" in result.method, result.failures
