"""QROAM with clean ancillas: Qualtran's counts, data-dependent depths, Aer on every case."""

import numpy as np
import pytest

from qdl.circuits.dtm.qrom import QROM
from qdl.circuits.dtm.qroam_clean import QROAMClean, best_clean_block, qroam_clean_t_count
from qdl.circuits.registry import lookup
from qdl.compiler.cli import main
from qdl.passes import verify
from qdl.passes.verify import verify_block


def table(words, bits, seed):
    return tuple(int(x) for x in np.random.default_rng(seed).integers(0, 1 << bits, words))


@pytest.mark.parametrize("words,bits,block", [(4, 1, 2), (5, 2, 2), (11, 2, 4), (16, 2, 8),
                                              (13, 1, 2), (32, 1, 4)])
def test_both_invariants(words, bits, block):
    result = verify_block(QROAMClean(words, bits, block, table(words, bits, words + block)))
    assert result.passed, result.failures


def test_every_address_of_64_words(monkeypatch):
    monkeypatch.setattr(verify, "EXHAUSTIVE_BITS", 6)  # all 64 addresses, not a sample
    result = verify_block(QROAMClean(64, 1, 4, table(64, 1, 1)))
    assert result.passed and result.cases == 64, result.failures


@pytest.mark.parametrize("words,bits", [(1 << 10, 8), (1 << 20, 16), (3000, 4)])
def test_t_count_equals_qualtran_qroam_clean(words, bits):
    # Qualtran QROAMClean: QROM over ⌈N/K⌉ (4⌈N/K⌉−8 T) + b(K−1) CSwapApprox (4 T each)
    K = best_clean_block(words, bits)
    cost = QROAMClean(words, bits, K).cost()
    assert cost.t_count == 4 * (-(-words // K) - 2) + 4 * bits * (K - 1)
    assert cost.t_count == qroam_clean_t_count(words, bits, K) < QROM(words, bits).cost().t_count


def test_best_block_minimises_t_count():
    words, bits = 1 << 12, 4
    K = best_clean_block(words, bits)
    assert all(qroam_clean_t_count(words, bits, K) <= qroam_clean_t_count(words, bits, 1 << k)
               for k in range(12))
    assert K == 32  # ≈ √(N/b), Berry et al. App. B


def test_primitive_auto_block_and_errors(tmp_path, capsys):
    prim = lookup("qroam_clean")
    assert isinstance(prim.block(prim.params(words=8, word_bits=8)), QROM)  # K = 1 wins
    assert prim.block(prim.params(words=1024, word_bits=1)).block == 32
    model = tmp_path / "q.yaml"
    model.write_text("name: q\nprimitive: qroam_clean\nparams:\n  words: 16\n  word_bits: 2\n"
                     "  block: 3\n")
    assert main([str(model)]) == 2
    assert "power of two" in capsys.readouterr().err
