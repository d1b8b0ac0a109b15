"""A sparse table looked up entry by entry, as one block counted in closed form."""

import numpy as np
import pytest

from qdl.circuits.qlam.ladder_lookup import LadderLookup
from qdl.circuits.qlam.program import Program
from qdl.circuits.qlam.sparse_access import ladder_lookup
from qdl.passes.build import build_circuit
from qdl.passes.circuit_count import count_circuit
from qdl.passes.verify import verify_block


def table(w: int, b: int, entries: int, seed: int) -> tuple[tuple[int, int], ...]:
    rng = np.random.default_rng(seed)
    keys = sorted(rng.choice(1 << w, entries, replace=False).tolist())
    return tuple((k, int(rng.integers(1, 1 << b))) for k in keys)


@pytest.mark.parametrize("w,b,entries", [(1, 2, 1), (2, 2, 3), (3, 2, 5), (4, 3, 7)])
def test_block_counts_its_circuit_and_looks_up(w, b, entries):
    block = LadderLookup(w, b, table(w, b, entries, 10 * w + b))
    assert block.cost().differences(count_circuit(build_circuit(block))) == {}
    result = verify_block(block)  # every (address, target) on Aer against the reference
    assert result.passed, result.failures


@pytest.mark.parametrize("w,entries", [(2, 4), (5, 9), (8, 40)])
def test_closed_forms(w, entries):
    """E(w − 1) AND; T-depth E(w − 1) + 1 (the first AND onto a fresh flag takes 2 layers),
    Toffoli depth E(w − 1): the ladders share the address wires."""
    block = LadderLookup(w, 3, table(w, 3, entries, w))
    cost = block.cost()
    assert cost.and_ == entries * (w - 1) and cost.t_count == 4 * entries * (w - 1)
    assert cost.t_depth == entries * (w - 1) + 1 and cost.toffoli_depth == entries * (w - 1)
    assert cost.qubits == w + 3 + w - 1
    # the same gates as the Program's when_equal ladders (sparse_access.ladder_lookup)
    prog = Program(w + 3)
    for key, value in block.table:
        with prog.when_equal(list(range(w)), key):
            for bit in range(3):
                if (value >> bit) & 1:
                    prog.x(w + bit)
    assert prog.cost() == cost


def test_sparse_ladder_is_one_op_from_call_words_up():
    big = {k: 1 + k % 3 for k in range(0, 256, 3)}  # 86 entries × 7 AND ≥ CALL_WORDS
    prog = Program(10)
    ladder_lookup(prog, list(range(8)), [8, 9], big)
    assert [type(op.block) for op in prog.ops if hasattr(op, "block")].count(LadderLookup) == 1
    assert prog.cost().and_ == 86 * 7
    assert prog.cost() == count_circuit(prog.circuit())
    with pytest.raises(ValueError, match="distinct keys and nonzero"):
        LadderLookup(2, 1, ((1, 1), (1, 1)))
