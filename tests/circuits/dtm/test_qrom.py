"""QROM by unary iteration: literature counts, both invariants, every address on Aer."""

import numpy as np
import pytest

from qdl.circuits.dtm._tree import pruned_tree
from qdl.circuits.dtm.qrom import QROM, tree_leaf
from qdl.circuits.registry import lookup
from qdl.compiler.cli import main
from qdl.passes import verify
from qdl.passes.build import build_circuit
from qdl.passes.circuit_count import count_circuit
from qdl.passes.verify import verify_block


def random_table(words, bits, seed=0):
    rng = np.random.default_rng(seed)
    return tuple(int(x) for x in rng.integers(0, 1 << bits, words))


@pytest.mark.parametrize("words", [4, 16, 64, 1 << 20])
def test_t_count_is_qualtran_4n_minus_8(words):
    cost = QROM(words, 8).cost()
    assert cost.t_count == 4 * words - 8
    assert cost.and_ == cost.measurements == words - 2
    assert cost.t_depth == words - 1 and cost.toffoli_depth == words - 2


def test_clifford_count_follows_the_data():
    data = (0, 1, 3, 7, 0)
    base = 2 * 4 + 3 + 2 * 3  # X pairs, CX(ctrl, anc), uncompute Cliffords
    assert QROM(5, 3, data).cost().clifford == base + 0 + 1 + 2 + 3 + 0
    assert QROM(5, 3).cost().clifford == base + 5 * 3  # no data: all-ones worst case


@pytest.mark.parametrize("words,bits", [(2, 3), (3, 2), (5, 3), (8, 2), (13, 2)])
def test_verifies_exhaustively(words, bits):
    result = verify_block(QROM(words, bits, random_table(words, bits, words)))
    assert result.passed, result.failures


def test_every_address_of_a_64_word_table_on_aer(monkeypatch):
    monkeypatch.setattr(verify, "EXHAUSTIVE_BITS", 6)  # all 64 addresses, not a sample
    result = verify_block(QROM(64, 3, random_table(64, 3, 7)))
    assert result.passed and result.cases == 64, result.failures


def test_counts_match_circuit_at_three_sizes_without_data():
    for words in (6, 11, 32):
        assert verify_block(QROM(words, 2)).passed


def test_out_of_range_addresses_alias_along_the_tree():
    assert [tree_leaf(5, a) for a in range(8)] == [0, 1, 2, 3, 4, 4, 4, 4]
    tree = pruned_tree(np.arange(4, dtype=np.uint64)[:, None])  # no two words equal
    assert tree.ands_before().tolist() == [1, 1, 2, 2]


def test_primitive_checks_data(tmp_path, capsys):
    prim = lookup("qrom")
    assert prim.block(prim.params(word_bits=2, data=[1, 2, 3])) == QROM(3, 2, (1, 2, 3))
    model = tmp_path / "m.yaml"
    model.write_text("name: q\nprimitive: qrom\nparams:\n  word_bits: 2\n  data: [1, 9]\n")
    assert main([str(model)]) == 2
    err = capsys.readouterr().err
    assert "m.yaml:3" in err and "does not fit in 2" in err
    model.write_text("name: q\nprimitive: qrom\nparams:\n  word_bits: 2\n  words: 4\n"
                     "  data: table.npy\n")
    assert main([str(model)]) == 2
    assert "not found" in capsys.readouterr().err
    np.save(tmp_path / "table.npy", np.array([0, 1, 2, 3]))
    assert main([str(model), "--verify"]) == 0


def test_entries_wider_than_the_word_are_refused():
    # build() writes only the word's bits, so a wider entry would be counted (popcount) but
    # not written: the 11-word table 0..10 does not fit in 3 bits
    with pytest.raises(ValueError, match="does not fit in 3 unsigned bits"):
        QROM(11, 3, tuple(range(11)))
    with pytest.raises(ValueError, match="does not fit in 2 unsigned bits"):
        QROM(2, 4, (1, 2, 4, 3), pack=2)  # packed: each sub-word has 4 / 2 bits


def test_non_power_of_two_tables_count_what_they_build():
    for words in (3, 5, 6, 7, 11, 13):
        for data in (tuple(range(words)), tuple(w % 3 for w in range(words)), None):
            block = QROM(words, 4, data)
            assert block.cost() == count_circuit(build_circuit(block))
