"""The shared machinery of the end-to-end checks: numpy fixed point and the indexed circuit."""

import itertools

import numpy as np

from qdl.circuits.qam.mac import fixed_product
from qdl.estimators.network.end_to_end import (MAX_WORD_BITS, IndexedCircuit, check_indexed,
                                               fixed_dot, loads, pack, wrap)
from qdl.estimators.network.modules import primitive


def test_numpy_fixed_point_matches_the_mac_reference_exhaustively():
    n, f = 4, 1
    for a, b in itertools.product(range(-8, 8), repeat=2):
        got = int(fixed_dot(np.array([a]), np.array([b]), n, f)) % (1 << n)
        assert got == fixed_product(a % 16, b % 16, n, f)
    assert list(wrap(np.array([7, 8, -9, 15]), 4)) == [7, -8, 7, -1]


def test_loads_split_wide_rows_and_concatenate_back():
    rows = [[(i - k, 4) for k in range(20)] for i in range(4)]  # 80 bits per row
    tables = loads(rows)
    widths = [t.signature["target"].width for t in tables]
    assert sum(widths) == 80 and max(widths) <= MAX_WORD_BITS and len(tables) == 2
    dot = primitive("dot", length=1, bits=4, frac_bits=1)
    wiring = (("a0", ("word", 0, 4)), ("b0", ("word", 4, 8)), ("y", ("y", 0, 4)))
    expected = tuple((int(wrap(np.array([(i * (i - 1)) >> 1]), 4)[0]) % 16,) for i in range(4))
    circuit = IndexedCircuit("t", tables, (("y", 4),), ((dot, wiring),), expected)
    for i in range(4):
        assert circuit.reference(index=i, word=0, y=0)["word"] == pack(rows[i])
    result, measured = check_indexed(circuit, "test", {})
    assert result.passed, result.failures
    assert [int(v) for v in measured[:, 0]] == [int(wrap(np.array([e[0]]), 4)[0])
                                                for e in expected]
    wrong = IndexedCircuit("t", tables, (("y", 4),), ((dot, wiring),),
                           ((1,),) + expected[1:])
    assert not check_indexed(wrong, "test", {}, indices=[0, 1])[0].passed
