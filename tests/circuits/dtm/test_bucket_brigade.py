"""Bucket-brigade QRAM: exact counts, O(N) qubits, O(log N) depth, every address on Aer."""

import numpy as np
import pytest

from qdl.circuits.dtm.bucket_brigade import BucketBrigadeQRAM
from qdl.circuits.dtm.swaps import (CSWAP, swap_with_zero_order,
                                    swap_with_zero_permutation)
from qdl.circuits.registry import lookup
from qdl.compiler.cli import main
from qdl.passes import verify
from qdl.passes.verify import verify_block


def table(n, bits, seed=0):
    rng = np.random.default_rng(seed)
    return tuple(int(x) for x in rng.integers(0, 1 << bits, 1 << n))


@pytest.mark.parametrize("n,b", [(1, 1), (1, 3), (2, 2), (3, 1), (4, 2)])
def test_both_invariants(n, b):
    result = verify_block(BucketBrigadeQRAM(n, b, table(n, b, n)))
    assert result.passed, result.failures


def test_every_address_of_32_cells(monkeypatch):
    monkeypatch.setattr(verify, "EXHAUSTIVE_BITS", 5)  # all 32 addresses (a 100-qubit tree)
    result = verify_block(BucketBrigadeQRAM(5, 2, table(5, 2, 3)))
    assert result.passed and result.cases == 32, result.failures


@pytest.mark.slow
def test_every_address_of_64_cells(monkeypatch):
    monkeypatch.setattr(verify, "EXHAUSTIVE_BITS", 6)  # 200 qubits on the MPS method
    result = verify_block(BucketBrigadeQRAM(6, 1, table(6, 1, 3)))
    assert result.passed and result.cases == 64, result.failures


@pytest.mark.parametrize("n", [1, 5, 20])
def test_formulas(n):
    N, b = 1 << n, 3
    cost = BucketBrigadeQRAM(n, b).cost()
    assert cost.toffoli == 2 * (N - 1 - n) + 2 * b * (N - 1)
    assert cost.t_count == 8 * (N - 1 - n) + 8 * b * (N - 1)
    assert cost.qubits == 3 * N - 2 + n + b  # O(N)
    assert cost.toffoli_depth == 2 * n * b + 2 * (n - 1)  # O(log N)
    assert cost.t_depth == 3 * cost.toffoli_depth


def test_swap_network_moves_register_l_to_zero():
    for select in range(8):
        assert swap_with_zero_permutation(8, select)[0] == select
    assert len(swap_with_zero_order(8, 3)) == 7 * 3
    assert verify_block(CSWAP).passed


def test_primitive_rejects_wrong_table_length(tmp_path, capsys):
    prim = lookup("bucket_brigade")
    assert prim.block(prim.params(address_bits=2, word_bits=1)).data is None
    model = tmp_path / "bb.yaml"
    model.write_text("name: q\nprimitive: bucket_brigade\nparams:\n  address_bits: 2\n"
                     "  word_bits: 1\n  data: [1, 0, 1]\n")
    assert main([str(model)]) == 2
    assert "needs 4" in capsys.readouterr().err
