"""Verification must catch broken circuits: each test breaks one thing on purpose."""

from dataclasses import dataclass

from qdl.circuits.builder import Builder
from qdl.circuits.gates import And, AndUncompute
from qdl.circuits.qam.addition import GidneyAdder
from qdl.passes.verify import verify_block


@dataclass(frozen=True)
class AdderWithoutTopCarry(GidneyAdder):
    """Forgets to propagate the last carry into the top sum bit."""

    def build(self, bb: Builder, *, a, b):
        ops_before = len(bb._ops)
        super().build(bb, a=a, b=b)
        carry_into_top = [i for i, op in enumerate(bb._ops[ops_before:], ops_before)
                          if op[0] == "cx" and op[1][1] == a[-1]][0]
        del bb._ops[carry_into_top]

    def children(self):  # keep the count honest so only the semantics are wrong
        from qdl.circuits.gates import CX
        n = self.bits
        return ((CX, 6 * n - 10), (And(), n - 1), (AndUncompute(), n - 1))


@dataclass(frozen=True)
class UncomputeWithoutFixup(AndUncompute):
    """Measures the AND target but never applies the CZ fix-up: right bits, wrong phase."""

    def build(self, bb, *, a, b, t):
        bb.h(t[0])
        bb.measure(t[0])
        bb.cz(a[0], b[0])  # unconditional: correct only when the outcome is 1
        bb.reset(t[0])


@dataclass(frozen=True)
class AndPair(GidneyAdder):
    """AND then a faulty uncompute on the same wires: the identity on basis states."""

    bits: int = 1

    @property
    def signature(self):
        from qdl.circuits.block import Register, Signature
        return Signature([Register("a", 1), Register("b", 1)])

    def children(self):
        return ((And(), 1), (UncomputeWithoutFixup(), 1))

    def qubits(self):
        return 3

    def t_depth(self):
        return 2

    def toffoli_depth(self):
        return 1

    def build(self, bb, *, a, b):
        t = bb.alloc(1)
        bb.call(And(), a=a, b=b, t=t)
        bb.call(UncomputeWithoutFixup(), a=a, b=b, t=t)
        bb.release(t)

    def reference(self, *, a, b):
        return {"a": a, "b": b}


@dataclass(frozen=True)
class AdderWithWrongDepth(GidneyAdder):
    def t_depth(self):
        return super().t_depth() + 1


def test_wrong_arithmetic_fails_the_basis_check():
    result = verify_block(AdderWithoutTopCarry(3))
    assert not result.passed
    assert any("expected" in f for f in result.failures)


def test_missing_phase_fixup_passes_basis_states_but_fails_the_phase_check():
    result = verify_block(AndPair())
    assert not result.passed
    assert all("superposition" in f for f in result.failures)


def test_wrong_cost_formula_fails_the_count_check():
    result = verify_block(AdderWithWrongDepth(5))
    assert not result.passed
    assert result.failures == ["hierarchical t_depth=6 but the built circuit has 5"]


def test_correct_block_passes_and_reports_what_was_run():
    result = verify_block(GidneyAdder(3))
    assert result.passed
    d = result.as_dict()
    assert d["cases"] == 64 and d["block"] == "GidneyAdder" and d["params"] == {"bits": 3}
