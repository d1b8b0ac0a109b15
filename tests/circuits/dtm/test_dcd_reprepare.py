"""dcd_reprepare: x̃_p from r DCD coefficients by arithmetic, against the N-word table."""

import numpy as np
import pytest
from numpy.polynomial import chebyshev

from qdl.circuits.dtm.dcd_reprepare import DcdReprepare, node_series
from qdl.circuits.dtm.qrom import QROM
from qdl.circuits.qam.mac import signed
from qdl.circuits.registry import lookup
from qdl.compiler.cli import main
from qdl.passes.build import build_circuit
from qdl.passes.circuit_count import count_circuit
from qdl.passes.verify import verify_block


def test_u_is_the_position_mapped_to_minus_one_one():
    block = DcdReprepare(3, 8, 4, (0,))
    for p in range(8):
        assert signed(block.u_pattern(p), 8) / 16 == (2 * p + 1) / 8 - 1


def test_hierarchy_equals_circuit():
    block = DcdReprepare(2, 6, 3, (3, 5))
    assert block.cost() == count_circuit(build_circuit(block))


@pytest.mark.slow  # ~45 s: four positions through 2 × 4 + 2 six-bit macs on MPS
def test_aer_every_position():
    result = verify_block(DcdReprepare(2, 6, 3, (3, 5)))
    assert result.passed and "exhaustive" in result.method, result.failures


@pytest.mark.parametrize("m,B,F", [(4, 12, 8), (6, 16, 12)])
def test_accuracy_against_the_real_series_at_the_real_nodes(m, B, F):
    """The nodes to ≤ 2 ulp; x̃_p to the series' rounding bound r(r+1)/2 ulp plus the node
    error times the slope of the series on [−1, 1] (|T_j'| ≤ j²), plus 1 ulp."""
    rng = np.random.default_rng(m)
    c = rng.uniform(-0.5, 0.5, 4) / np.arange(1, 5)
    cq = [int(np.floor(x * 2 ** F + 0.5)) for x in c]
    block = DcdReprepare(m, B, F, tuple(v % (1 << B) for v in cq))
    nodes = np.cos(np.pi * (np.arange(1 << m) + 0.5) / (1 << m))
    for p, t in enumerate(nodes):
        t_q = signed(block.node_block().evaluate(block.u_pattern(p)), B)
        assert abs(t_q / 2 ** F - t) * 2 ** F <= 2
        x = signed(block.reference(p=p, y=0)["y"], B)
        exact = chebyshev.chebval(t, np.array(cq) / 2 ** F)
        slope = sum(j * j * abs(v) for j, v in enumerate(cq)) / 2 ** F
        assert abs(x / 2 ** F - exact) * 2 ** F <= 4 * 5 / 2 + 2 * slope + 1


def test_node_series_is_odd_and_short():
    q = node_series(24, 18)
    assert len(q) == 8 and all(v == 0 for v in q[0::2])


def test_against_the_n_word_table():
    """r = 16: the table is cheaper at N = 2^16 (T 262,136 vs 599,808), the arithmetic from
    about N = 2^17.2 on: 4.6× fewer T and 8.8× less T-depth at N = 2^20."""
    small = DcdReprepare(16, 24, 18, (0,) * 16).cost()
    assert QROM(1 << 16, 24).cost().t_count < small.t_count == 599_808
    big = DcdReprepare(20, 28, 22, (0,) * 16).cost()
    table = QROM(1 << 20, 28).cost()
    assert big.t_count == 917_840 and table.t_count / big.t_count > 4.5
    assert table.t_depth / big.t_depth > 8.5 and big.qubits == 273


def test_model_file(tmp_path, capsys):
    prim = lookup("dcd_reprepare")
    block = prim.block(prim.params(position_bits=3, bits=10, frac_bits=6, coefficients=[0.5]))
    assert block == DcdReprepare(3, 10, 6, (32,))
    model = tmp_path / "d.yaml"
    model.write_text("name: d\nprimitive: dcd_reprepare\nparams: {position_bits: 9, bits: 10, "
                     "frac_bits: 8, terms: 4}\n")
    assert main([str(model)]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith(f"error: {model}:3:") and "position_bits" in err
