import json
from dataclasses import dataclass
from functools import cache

import pytest

from qdl.circuits.block import Register
from qdl.circuits.qam._staged import Alloc, StagedBlock, output_signature, run
from qdl.circuits.qam.karatsuba import (DEFAULT_BASE, GarbageAdder, KaratsubaForward,
                                        KaratsubaMultiplier, RowProduct)
from qdl.circuits.qam.multiplication import SchoolbookMultiplier
from qdl.circuits.registry import lookup
from qdl.compiler.cli import main
from qdl.passes.build import build_circuit
from qdl.passes.circuit_count import count_circuit
from qdl.passes.verify import verify_block


@cache
def garbage_ands(n: int, base: int) -> int:
    """G(n) of the module docstring, written out independently of the blocks."""
    if n < base:
        return 2 * n * n - n
    h, low = (n + 1) // 2, n // 2
    return (garbage_ands(h, base) + garbage_ands(low, base) + garbage_ands(h + 1, base)
            + 5 * h + 2 * n - 1)


@pytest.mark.parametrize("block", [
    GarbageAdder(2, 1, carry_out=True), GarbageAdder(5, 3, subtract=True), GarbageAdder(4, 4),
    GarbageAdder(6, 2, inverse=True), RowProduct(2), RowProduct(5), RowProduct(4, inverse=True),
    KaratsubaForward(5, 4), KaratsubaForward(6, 4, inverse=True),
    KaratsubaMultiplier(4, 4), KaratsubaMultiplier(8, 4), KaratsubaMultiplier(9, 5),
    KaratsubaMultiplier(16, DEFAULT_BASE)])
def test_hierarchy_equals_circuit_on_every_field(block):
    assert block.cost() == count_circuit(build_circuit(block))


@pytest.mark.parametrize("n, base", [(4, 4), (14, 14), (17, 14), (64, 14), (1000, 14), (300, 5)])
def test_and_count_is_the_forward_pass_only(n, base):
    cost = KaratsubaMultiplier(n, base).cost()
    assert cost.and_ == garbage_ands(n, base) and cost.toffoli == cost.t == 0
    assert cost.t_count == 4 * garbage_ands(n, base)
    assert KaratsubaForward(n, base, inverse=True).cost().t_count == 0  # measured uncompute
    assert cost.measurements == cost.and_
    # every stage is serialised: one T layer per AND, plus the first AND's own
    assert cost.t_depth == cost.and_ + 1 and cost.toffoli_depth == cost.and_
    assert cost.qubits == 6 * n + KaratsubaForward(n, base).garbage_width()  # a, b, p, z


@pytest.mark.parametrize("k", [2, 3, 13])
def test_row_product_is_schoolbook_count_with_free_uncompute(k):
    cost = RowProduct(k).cost()
    assert cost.and_ == 2 * k * k - k == SchoolbookMultiplier(k, k).cost().and_
    assert cost.t_depth == 2 * k * k - k + 1 and cost.toffoli_depth == 2 * k * k - k
    assert RowProduct(k, inverse=True).cost().t_count == 0


def test_t_count_below_schoolbook_from_the_crossover_on():
    for n in range(DEFAULT_BASE, 200):
        assert KaratsubaMultiplier(n, DEFAULT_BASE).cost().t_count \
            < SchoolbookMultiplier(n, n).cost().t_count, n
    # one width lower, recursing does not pay: the reason for the base
    n = DEFAULT_BASE - 1
    assert KaratsubaMultiplier(n, n).cost().t_count >= SchoolbookMultiplier(n, n).cost().t_count


@pytest.mark.parametrize("block", [GarbageAdder(3, 2, carry_out=True),
                                   GarbageAdder(3, 3, subtract=True), RowProduct(2)])
def test_garbage_blocks_exhaustive_on_aer(block):
    result = verify_block(block)
    assert result.passed, result.failures
    assert "exhaustive" in result.method


@dataclass(frozen=True)
class _CopiedSum(StagedBlock):
    """y = u ± v out of place, garbage undone by the adder's measured inverse."""

    adder: GarbageAdder

    @property
    def signature(self):
        a = self.adder
        return output_signature([Register("u", a.bits), Register("v", a.bits_y)],
                                a.bits + a.carry_out)

    def forward(self):
        a = self.adder
        w = a.bits + a.carry_out
        return [Alloc("s", w), Alloc("g", a.bits - 1),
                run(a, x=("u", 0, a.bits), y=("v", 0, a.bits_y), s=("s", 0, w),
                    g=("g", 0, a.bits - 1))]

    def result_segments(self):
        return (("s", 0, self.adder.bits + self.adder.carry_out),)

    def reference(self, *, u, v, y):
        a = self.adder
        total = (u - v if a.subtract else u + v) % (1 << (a.bits + a.carry_out))
        return {"u": u, "v": v, "y": y ^ total}


@pytest.mark.parametrize("adder", [GarbageAdder(2, 2, carry_out=True),
                                   GarbageAdder(3, 2, subtract=True)])
def test_measured_uncompute_restores_phases(adder):
    result = verify_block(_CopiedSum(adder))
    assert result.passed, result.failures
    assert "phase check" in result.method


def test_random_5x5_on_aer():  # about 3 s
    result = verify_block(KaratsubaMultiplier(5, 5), random_cases=6)
    assert result.passed, result.failures


@pytest.mark.slow
def test_exhaustive_4x4_on_aer():  # about 32 s (90 s on a loaded machine): 256 cases on 106 qubits
    result = verify_block(KaratsubaMultiplier(4, 4))
    assert result.passed, result.failures
    assert "exhaustive" in result.method


@pytest.mark.slow
def test_random_16x16_on_aer():  # about 62 s (110 s on a loaded machine): 844 qubits
    result = verify_block(KaratsubaMultiplier(16, DEFAULT_BASE), random_cases=4)
    assert result.passed, result.failures


def test_counting_2_to_the_20_bits_does_not_enumerate(python_calls):
    # ~86,000 Python calls cold (the recursion's distinct sizes), against millions of ANDs;
    # speed itself is measured in benchmarks/, not here
    calls, cost = python_calls(lambda: KaratsubaMultiplier(1 << 20, DEFAULT_BASE).cost())
    assert calls < 400_000
    assert cost.and_ == garbage_ands(1 << 20, DEFAULT_BASE)


def test_registry_variant_and_fallback():
    prim = lookup("multiply")
    assert prim.block(prim.params(bits=16, variant="karatsuba")) == KaratsubaMultiplier(16, 14)
    assert prim.block(prim.params(bits=13, variant="karatsuba")) == SchoolbookMultiplier(13, 13)


def test_cli_counts_agree_both_ways(tmp_path, capsys):
    model = tmp_path / "k.yaml"
    model.write_text("name: k\nprimitive: multiply\nparams: {bits: 14, variant: karatsuba}\n")
    totals = []
    for extra in ([], ["--count-from", "circuit"]):
        assert main([str(model), "--format", "json", *extra]) == 0
        totals.append(json.loads(capsys.readouterr().out)["totals"])
    assert totals[0] == totals[1] and totals[0]["and"] == garbage_ands(14, 14)


def test_unequal_widths_are_one_line_exit_2(tmp_path, capsys):
    model = tmp_path / "k.yaml"
    model.write_text("name: k\nprimitive: multiply\n"
                     "params: {bits: 16, bits_b: 8, variant: karatsuba}\n")
    assert main([str(model)]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith(f"error: {model}:3:") and "\n" not in err and "schoolbook" in err
