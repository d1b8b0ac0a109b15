import itertools
import math

import pytest

from qdl.circuits.qam.mac import FixedPointDot, FixedPointMac, fixed_product, signed
from qdl.circuits.qam.multiplication import SchoolbookMultiplier
from qdl.compiler.cli import main
from qdl.passes.build import build_circuit
from qdl.passes.circuit_count import count_circuit
from qdl.passes.verify import verify_block


def test_rounding_is_floor_of_the_exact_product():
    n, f = 5, 2
    for a, b in itertools.product(range(1 << n), repeat=2):
        exact = signed(a, n) * signed(b, n) / 4 ** f * 2 ** f  # A·B / 2^f in integer units
        assert signed(fixed_product(a, b, n, f), n) == (math.floor(exact) + 16) % 32 - 16


@pytest.mark.parametrize("n,f", [(2, 0), (2, 1), (8, 4), (16, 8), (32, 16), (500, 3)])
def test_mac_and_count(n, f):
    cost = FixedPointMac(n, f).cost()
    assert cost.and_ == 4 * n * n - 2 * n + (4 * f - 3 if f else -1)
    assert cost.qubits == 7 * n + 1
    mult = SchoolbookMultiplier(n, n).cost().and_
    assert cost.and_ == mult + (n - 1) + (2 * (2 * f - 1) if f else 0) + 2 * n * (n - 1)


def test_dot_is_length_macs():
    mac = FixedPointMac(8, 4).cost()
    dot = FixedPointDot(10, 8, 4).cost()
    assert dot.t_count == 10 * mac.t_count and dot.measurements == 10 * mac.measurements
    assert dot.qubits == 2 * 10 * 8 + 5 * 8 + 1


@pytest.mark.parametrize("block", [FixedPointMac(1, 0), FixedPointMac(1, 1), FixedPointMac(2, 2),
                                   FixedPointMac(4, 0), FixedPointMac(5, 3), FixedPointMac(7, 7),
                                   FixedPointDot(1, 3, 1), FixedPointDot(3, 1, 1),
                                   FixedPointDot(2, 4, 2), FixedPointDot(3, 5, 0)])
def test_hierarchy_equals_circuit_on_every_field(block):
    assert block.cost() == count_circuit(build_circuit(block))


@pytest.mark.parametrize("block", [FixedPointMac(1, 0), FixedPointMac(1, 1), FixedPointMac(2, 1),
                                   FixedPointDot(2, 1, 1)])
def test_aer_exhaustive(block):
    result = verify_block(block)
    assert result.passed, result.failures
    assert "exhaustive" in result.method


@pytest.mark.slow
@pytest.mark.parametrize("block", [FixedPointMac(3, 0), FixedPointMac(3, 2), FixedPointMac(2, 0),
                                   FixedPointMac(2, 2), FixedPointDot(2, 2, 1)])
def test_aer_exhaustive_wider(block):
    assert verify_block(block).passed


def test_aer_random_mac_16():
    result = verify_block(FixedPointMac(16, 8), random_cases=1)
    assert result.passed, result.failures


@pytest.mark.slow
def test_aer_random_dot_16():
    assert verify_block(FixedPointDot(2, 16, 8), random_cases=3).passed


def test_frac_bits_above_bits_is_one_line_exit_2(tmp_path, capsys):
    model = tmp_path / "m.yaml"
    model.write_text("name: m\nprimitive: mac\nparams: {bits: 4, frac_bits: 6}\n")
    assert main([str(model)]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith(f"error: {model}:3:") and "frac_bits" in err and "\n" not in err


def test_dot_counts_from_the_cli(tmp_path, capsys):
    model = tmp_path / "d.yaml"
    model.write_text("name: d\nprimitive: dot\nparams: {length: 4, bits: 8, frac_bits: 4}\n")
    assert main([str(model), "--format", "json"]) == 0
    assert f'"and": {4 * FixedPointMac(8, 4).cost().and_}' in capsys.readouterr().out


def test_dot_counts_at_its_declared_maximum_without_its_registers():
    # 2^20 products: 2^21 + 1 registers, which counting must not build (O(length) memory)
    block = FixedPointDot(1 << 20, 8, 0)
    cost = block.cost()
    assert cost.qubits == 2 * (1 << 20) * 8 + 5 * 8 + 1
    assert cost.and_ == (1 << 20) * FixedPointMac(8, 0).cost().and_
    assert "signature" not in vars(block)
