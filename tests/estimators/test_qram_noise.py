"""QRAM noise simulators: exact sparse density matrix == Aer, trajectories agree with it."""

import pytest

from qdl.circuits.dtm.bucket_brigade import BucketBrigadeQRAM
from qdl.estimators.qram_noise import (aer_infidelity, exact_infidelity, fit_quadratic,
                                       layered_ops, trajectory_infidelity)
from qdl.passes.build import build_circuit


@pytest.mark.parametrize("gamma", [1e-3, 5e-2])
def test_exact_matches_aer_density_matrix(gamma):
    qc = build_circuit(BucketBrigadeQRAM(1, 1, (1, 0)))
    exact, _ = exact_infidelity(qc, 1, gamma)
    assert exact == pytest.approx(aer_infidelity(qc, 1, gamma), abs=1e-12)


def test_noiseless_query_is_perfect():
    qc = build_circuit(BucketBrigadeQRAM(3, 1, (1, 0, 0, 1, 1, 1, 0, 1)))
    assert abs(exact_infidelity(qc, 3, 1e-12)[0]) < 1e-9


def test_trajectories_agree_with_exact_within_four_sigma():
    qc = build_circuit(BucketBrigadeQRAM(2, 1, (0, 1, 1, 0)))
    exact, _ = exact_infidelity(qc, 2, 1e-2)
    estimate, err = trajectory_infidelity(qc, 2, 1e-2, 3000, seed=5)
    assert abs(estimate - exact) < 4 * err


def test_infidelity_grows_with_n_and_the_fit_is_quadratic():
    values = [exact_infidelity(build_circuit(BucketBrigadeQRAM(n, 1)), n, 1e-3)[0]
              for n in (1, 2, 3)]
    assert values[0] < values[1] < values[2]
    fit = fit_quadratic([1, 2, 3], values)
    assert fit(2) == pytest.approx(values[1])
    assert len(layered_ops(build_circuit(BucketBrigadeQRAM(1, 1)))) == 15
