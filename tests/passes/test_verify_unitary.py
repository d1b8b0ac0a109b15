"""The unitary verifier catches a wrong block-encoding and a wrong α."""

from dataclasses import dataclass

import numpy as np

from qdl.circuits.qlam.block_encoding import DenseBlockEncoding
from qdl.passes.verify import verify_block


def as_tuple(a):
    return tuple(tuple(complex(v) for v in row) for row in a)


@dataclass(frozen=True)
class WrongAlpha(DenseBlockEncoding):
    @property
    def alpha(self):
        return 1.1 * super().alpha


@dataclass(frozen=True)
class WrongTarget(DenseBlockEncoding):
    def target(self):
        return super().target().T


def test_correct_block_passes_and_wrong_ones_fail():
    a = as_tuple(np.random.default_rng(0).normal(size=(4, 4)))
    assert verify_block(DenseBlockEncoding(2, a)).passed
    for bad in (WrongAlpha(2, a), WrongTarget(2, a)):
        result = verify_block(bad)
        assert not result.passed
        assert "alpha * top-left block differs" in result.failures[-1]


def test_size_only_block_is_checked_for_counts_only():
    result = verify_block(DenseBlockEncoding(2))
    assert result.passed and "counts only" in result.method
