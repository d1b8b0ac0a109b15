"""--verify's DCD check: the Hadamard test of every Chebyshev coefficient j."""

import numpy as np

from qdl.estimators.chebyshev import orthonormal_basis
from qdl.estimators.network import spec as S
from qdl.estimators.network import verify as V
from qdl.estimators.network.compile import compile_network
from qdl.estimators.network.verify_dcd import check_hadamard, reflection


def test_reflection_prepares_each_chebyshev_vector():
    basis = orthonormal_basis(8, 8)
    for w in basis:
        r = reflection(w)
        assert np.allclose(r[:, 0], w) and np.allclose(r @ r.T, np.eye(8))


def _relu():
    net = compile_network(S.NetworkSpec.model_validate({
        "layers": [{"type": "relu"}], "input": {"channels": 1, "height": 2, "width": 2},
        "numerics": {"bits": 4, "frac_bits": 1},
        "readout": {"protocol": "tomography_linf", "delta": 0.1}}))
    ((stage, expected),), _ = V.shrunk_stages(net)
    return stage, expected


def test_a_higher_coefficient_passes_and_sees_a_wrong_value():
    stage, expected = _relu()
    assert check_hadamard(stage, expected, coefficients=[1, 3]).passed
    wrong = expected.copy()
    wrong[0, 0] += 2  # w_1[0] ≠ 0: the overlap moves by 2·w_1[0]/(√N·2^k)
    result = check_hadamard(stage, wrong, coefficients=[1])
    assert not result.passed and result.failures[0].startswith("j = 1")
