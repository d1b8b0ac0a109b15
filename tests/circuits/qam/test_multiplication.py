import json
from dataclasses import dataclass

import pytest

from qdl.circuits.block import Register, Role, Signature
from qdl.circuits.qam.controlled_addition import ControlledAdder
from qdl.circuits.qam.multiplication import SchoolbookMultiplier, Squarer, product_signature
from qdl.circuits.registry import lookup
from qdl.compiler.cli import main
from qdl.passes.build import build_circuit
from qdl.passes.circuit_count import count_circuit
from qdl.passes.verify import verify_block


@pytest.mark.parametrize("n,m", [(1, 1), (3, 5), (16, 16), (32, 32), (1000, 700)])
def test_schoolbook_target_2nm_minus_max(n, m):
    cost = SchoolbookMultiplier(n, m).cost()
    big, small = max(n, m), min(n, m)
    assert cost.and_ == 2 * n * m - big and cost.toffoli == 0  # ≤ 2nm − n of issue 3
    assert cost.t_count == 8 * n * m - 4 * big
    assert SchoolbookMultiplier(n, m, inverse=True).cost().and_ == 2 * big * (small - 1)
    # the narrower operand controls the rows: Su et al. 2021's 2nm − max(n, m)
    assert SchoolbookMultiplier(m, n).cost() == cost


def test_schoolbook_depth_and_width_formulas():
    cost = SchoolbookMultiplier(32, 32).cost()
    assert cost.t_depth == 33 * 31 + 2 and cost.toffoli_depth == 33 * 31 + 1
    assert cost.qubits == 2 * 64 + 2 * 32 + 1


@pytest.mark.parametrize("n", [1, 2, 5, 32, 1000])
def test_square_target_n2_minus_n(n):
    cost = Squarer(n).cost()
    assert cost.and_ == n * n - n and cost.toffoli == 0
    assert cost.t_depth == (0 if n == 1 else n * (n + 1) // 2)


@pytest.mark.parametrize("n", [2, 3, 7])
def test_square_closed_form_equals_its_rows(n):
    rows = [ControlledAdder(j, carry_out=True).cost() for j in range(1, n)]
    cost = Squarer(n).cost()
    assert cost.and_ == sum(r.and_ for r in rows)
    assert cost.clifford == n + sum(r.clifford for r in rows)
    assert cost.measurements == sum(r.measurements for r in rows)
    # a and s are 3n wires; the widest row's own registers (2n of them) lie among them
    assert cost.qubits == n + rows[-1].qubits


@pytest.mark.parametrize("block", [SchoolbookMultiplier(1, 1), SchoolbookMultiplier(1, 4), SchoolbookMultiplier(2, 7, True),
                                   SchoolbookMultiplier(4, 1), SchoolbookMultiplier(3, 5),
                                   SchoolbookMultiplier(6, 6), SchoolbookMultiplier(5, 3, True),
                                   SchoolbookMultiplier(12, 9, True), Squarer(1), Squarer(2),
                                   Squarer(5), Squarer(11)])
def test_hierarchy_equals_circuit_on_every_field(block):
    assert block.cost() == count_circuit(build_circuit(block))


@pytest.mark.parametrize("block", [SchoolbookMultiplier(2, 3), SchoolbookMultiplier(4, 1),
                                   Squarer(1), Squarer(3), Squarer(4)])
def test_aer_exhaustive(block):
    result = verify_block(block)
    assert result.passed, result.failures
    assert "exhaustive" in result.method


@pytest.mark.slow
@pytest.mark.parametrize("n,m", [(3, 4), (4, 4)])
def test_aer_exhaustive_up_to_4x4(n, m):
    assert verify_block(SchoolbookMultiplier(n, m)).passed


def test_aer_random_square_16():
    result = verify_block(Squarer(16), random_cases=3)
    assert result.passed, result.failures


@pytest.mark.slow
@pytest.mark.parametrize("block", [SchoolbookMultiplier(32, 32), Squarer(32)])
def test_aer_random_32_bits(block):
    result = verify_block(block, random_cases=4)
    assert result.passed, result.failures


@dataclass(frozen=True)
class _RoundTrip(SchoolbookMultiplier):
    """p = a·b followed by the inverse: the identity on |a⟩|b⟩|0⟩."""

    @property
    def signature(self) -> Signature:
        return Signature([Register("a", self.bits), Register("b", self.bits_b),
                          Register("p", self.bits + self.bits_b, Role.OUTPUT)])

    def children(self):
        return ((SchoolbookMultiplier(self.bits, self.bits_b), 1),
                (SchoolbookMultiplier(self.bits, self.bits_b, True), 1))

    def build(self, bb, *, a, b, p):
        bb.call(SchoolbookMultiplier(self.bits, self.bits_b), a=a, b=b, p=p)
        bb.call(SchoolbookMultiplier(self.bits, self.bits_b, True), a=a, b=b, p=p)

    def reference(self, *, a, b, p):
        return {"a": a, "b": b, "p": p}


@pytest.mark.parametrize("n,m", [(2, 3)])
def test_inverse_undoes_the_product_on_aer(n, m):
    block = _RoundTrip(n, m)
    built = build_circuit(block)
    from qdl.passes.verify import verify_basis

    _, cases, failures = verify_basis(block, built, 7, 0)
    assert cases == 1 << (n + m) and not failures


def test_example_verifies_16x16(capsys):
    assert main(["examples/multiply16.yaml", "--verify", "--format", "json"]) == 0
    out = capsys.readouterr().out
    assert '"passed": true' in out and '"and": 496' in out


def test_count_from_circuit_agrees(capsys):
    totals = []
    for extra in ([], ["--count-from", "circuit"]):
        assert main(["examples/multiply16.yaml", "--format", "json", *extra]) == 0
        totals.append(json.loads(capsys.readouterr().out)["totals"])
    assert totals[0] == totals[1] and totals[0]["t_depth"] == 257


def test_bad_variant_is_one_line_exit_2(tmp_path, capsys):
    model = tmp_path / "m.yaml"
    model.write_text("name: m\nprimitive: multiply\nparams: {bits: 4, variant: fft}\n")
    assert main([str(model)]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith(f"error: {model}:3:") and "\n" not in err


def test_counting_is_closed_form_at_any_size(python_calls):
    for name, params in [("multiply", {"bits": 1 << 20, "bits_b": 1 << 19}),
                         ("square", {"bits": 1 << 20})]:
        prim = lookup(name)
        block = prim.block(prim.params(**params))
        calls, _ = python_calls(block.cost)  # a few hundred calls, whatever the size
        assert calls < 5_000


def test_product_signature_roles():
    assert product_signature(3, 2)["p"].role is Role.OUTPUT
    assert product_signature(3, 2, inverse=True)["p"].width == 5
