"""Data-aware lookups: subtrees of equal words skipped in qrom, select_swap and qroam_clean."""

import numpy as np
import pytest

from qdl.circuits.dtm._tree import LeafWrites, pruned_tree, row_bits, table_rows
from qdl.circuits.dtm.qroam_clean import QROAMClean
from qdl.circuits.dtm.qrom import QROM
from qdl.circuits.dtm.select_swap import SelectSwapQROM
from qdl.passes.build import build_circuit
from qdl.passes.circuit_count import count_circuit
from qdl.passes.verify import verify_block


def runs(words, bits, run, seed):
    """A table of ``run`` equal words per run (the last run cut at ``words``)."""
    values = np.random.default_rng(seed).integers(0, 1 << bits, -(-words // run))
    return tuple(int(v) for v in np.repeat(values, run)[:words])


def test_qualtran_example_16_equal_words_per_run_at_1024():
    """Qualtran 0.7 QROM(data with runs of 16 at N = 2^10): 248 T; qdl without pruning 4,088."""
    data = runs(1 << 10, 8, 16, 0)
    assert QROM(1 << 10, 8, data).cost().t_count == 248
    assert QROM(1 << 10, 8).cost().t_count == 4088  # no data: the worst case, nothing skipped
    # runs of r aligned words: the tree stops at level log2 r, N/r − 2 ANDs
    for r in (1, 2, 8, 64):
        assert QROM(1 << 10, 8, runs(1 << 10, 8, r, r)).cost().and_ <= (1 << 10) // r - 2


def test_pruned_tree_structure():
    tree = pruned_tree(np.array([5, 5, 5, 5, 1, 2, 2, 2, 2, 7, 7], dtype=np.uint64)[:, None])
    # [0,4) is one word; [4,8) splits into 4 | 5 | [6,8); [8,11) splits into 8 | [9,11)
    assert tree.leaf_lo.tolist() == [0, 4, 5, 6, 8, 9, 10]
    assert not tree.root_uniform and tree.ands == 5
    one_word = pruned_tree(np.full((9, 1), 3, dtype=np.uint64))
    assert one_word.root_uniform and one_word.ands == 0 and one_word.leaf_lo.tolist() == [0]


def test_row_bits_and_packing():
    rows = table_rows((1, 2, 3, 255, 4), 3, 16, 2)  # three super-words of two 8-bit words
    assert rows.tolist() == [[1, 2], [3, 255], [4, 0]]
    bits = row_bits(rows, 8)
    assert bits.shape == (3, 16) and bits[1].sum() == 2 + 8
    assert QROM(3, 16, (1, 2, 3, 255, 4), pack=2).word(1) == 3 | 255 << 8
    writes = LeafWrites.of(np.array([[1, 0, 1], [0, 0, 1], [1, 0, 0]], dtype=bool))
    assert writes.cols.tolist() == [0, 2] and writes.first.tolist() == [0, 0]
    assert writes.last.tolist() == [2, 1]


STRUCTURED = [(words, bits, run) for words, bits in ((5, 2), (11, 2), (16, 1), (23, 2), (32, 3))
              for run in (1, 2, 3, 4, 8, 64)]


@pytest.mark.parametrize("words,bits,run", STRUCTURED)
def test_qrom_hierarchy_equals_circuit(words, bits, run):
    block = QROM(words, bits, runs(words, bits, run, words * run))
    assert block.cost() == count_circuit(build_circuit(block))


@pytest.mark.parametrize("words,bits,run", STRUCTURED)
@pytest.mark.parametrize("cls", [SelectSwapQROM, QROAMClean])
def test_qroams_hierarchy_equals_circuit(cls, words, bits, run):
    for K in (2, 4):
        if -(-words // K) >= 2:
            block = cls(words, bits, K, runs(words, bits, run, words + run + K))
            assert block.cost() == count_circuit(build_circuit(block))


@pytest.mark.parametrize("block", [QROM(11, 2, (1, 1, 1, 2, 2, 3, 3, 3, 3, 0, 0)),
                                   QROM(5, 3, (5, 5, 5, 5, 5)),
                                   SelectSwapQROM(13, 1, 2, runs(13, 1, 3, 1)),
                                   QROAMClean(11, 2, 2, runs(11, 2, 4, 2))])
def test_aer_every_address(block):
    result = verify_block(block)
    assert result.passed and "exhaustive" in result.method, result.failures


def test_pruning_never_costs_more():
    for seed in range(5):
        data = runs(300, 4, 1 + seed, seed)
        for block in (QROM(300, 4, data), SelectSwapQROM(300, 4, 8, data),
                      QROAMClean(300, 4, 8, data)):
            worst = type(block)(*[getattr(block, f) for f in ("words", "word_bits")],
                                *([block.block] if hasattr(block, "block") else []))
            assert block.cost().t_count <= worst.cost().t_count


@pytest.mark.parametrize("run", [1, 3])
def test_select_swap_levels_at_256_words(run):
    """The vectorised write levels (first write delays, last write prefix maxima) on a table
    where many leaves write many bits, against the built circuit."""
    block = SelectSwapQROM(256, 3, 8, runs(256, 3, run, 9))
    assert block.cost() == count_circuit(build_circuit(block))
