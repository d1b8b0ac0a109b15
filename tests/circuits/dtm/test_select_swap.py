"""Select-swap QROAM with dirty ancillas: dirty qubits restored, counts and depths both ways."""

import numpy as np
import pytest

from qdl.circuits.dtm.qrom import QROM
from qdl.circuits.dtm.select_swap import (SelectSwapQROM, best_dirty_block,
                                          select_swap_t_count)
from qdl.circuits.registry import lookup
from qdl.compiler.cli import main
from qdl.passes import verify
from qdl.passes.verify import verify_block


def table(words, bits, seed):
    return tuple(int(x) for x in np.random.default_rng(seed).integers(0, 1 << bits, words))


@pytest.mark.parametrize("words,bits,block", [(4, 1, 2), (5, 1, 2), (8, 1, 4), (11, 2, 2),
                                              (13, 1, 2), (16, 1, 4)])
def test_both_invariants_with_random_dirty_qubits(words, bits, block):
    result = verify_block(SelectSwapQROM(words, bits, block, table(words, bits, words)))
    assert result.passed, result.failures


def test_without_data_at_three_sizes():
    for args in ((9, 1, 4), (12, 2, 4), (16, 1, 2)):
        assert verify_block(SelectSwapQROM(*args)).passed


@pytest.mark.slow  # 256 Aer runs, ~18 s; 16 words are exhaustive in the test above
def test_every_address_of_64_words(monkeypatch):
    monkeypatch.setattr(verify, "EXHAUSTIVE_BITS", 6)  # 64 addresses × 4 dirty states
    result = verify_block(SelectSwapQROM(64, 1, 2, table(64, 1, 2)))
    assert result.passed and result.cases == 256, result.failures


@pytest.mark.parametrize("words,bits", [(1 << 10, 8), (1 << 16, 16)])
def test_t_count_two_lookups_and_four_swap_networks(words, bits):
    K = best_dirty_block(words, bits)
    cost = SelectSwapQROM(words, bits, K).cost()
    # Berry et al. 2019 App. A: 2⌈N/K⌉ + 4bK Toffolis to leading order (4 T each)
    assert cost.t_count == 8 * (-(-words // K) - 2) + 16 * bits * (K - 1)
    assert cost.t_count == select_swap_t_count(words, bits, K) < QROM(words, bits).cost().t_count
    assert cost.qubits == QROM(-(-words // K), K * bits).cost().qubits + K.bit_length() - 1 + bits


def test_primitive(tmp_path, capsys):
    prim = lookup("select_swap")
    assert prim.block(prim.params(words=1024, word_bits=1)).block == best_dirty_block(1024, 1)
    assert isinstance(prim.block(prim.params(words=4, word_bits=8)), QROM)
    model = tmp_path / "s.yaml"
    model.write_text("name: s\nprimitive: select_swap\nparams:\n  words: 8\n  word_bits: 1\n"
                     "  block: 8\n")
    assert main([str(model)]) == 2
    assert "⌈N/block⌉ ≥ 2" in capsys.readouterr().err


def test_tables_past_the_depth_simulations_reach_are_refused():
    """words × word_bits ≤ 2^24 when K ≥ 2: beyond, the depth simulation takes minutes; a
    table whose cheapest K is 1 is the plain QROM (closed form) at any size."""
    from qdl.circuits.registry import lookup

    prim = lookup("select_swap")
    assert prim.params(words=1 << 20, word_bits=16).size == 1 << 20
    wide = prim.params(words=16, word_bits=1 << 24)
    assert type(prim.block(wide)).__name__ == "QROM"
    with pytest.raises(ValueError, match="exceeds 16,777,216"):
        prim.params(words=1 << 40, word_bits=4)
