"""Error-budget arithmetic: union bounds, per-rotation precision from counts, truncation,
amplification and the QRAM noise term, against their formulas."""

import math

import pytest

from qdl.circuits.cost import rotation_t_count
from qdl.estimators import budget as B


def test_union_bound_splits_the_share_over_every_coefficient():
    assert B.failure_per_coefficient(0.005, 59 * 20) == pytest.approx(0.005 / 1180)
    # more stages, more coefficients: each must fail less often
    assert B.failure_per_coefficient(0.005, 2 * 1180) == B.failure_per_coefficient(0.005,
                                                                                    1180) / 2
    assert B.failure_per_coefficient(0.005, 0) == 0.005


@pytest.mark.parametrize("rotations", [1, 1000, 5 * 10**7, 2 * 10**20])
def test_rotation_precision_is_the_share_over_the_count(rotations):
    eps, t = B.t_per_rotation(0.0025, rotations)
    assert eps == pytest.approx(0.0025 / rotations)
    assert t == rotation_t_count(0.0025 / rotations) == math.ceil(
        3 * math.log2(rotations / 0.0025))


def test_t_per_rotation_grows_with_the_count():
    ts = [B.t_per_rotation(0.0025, 10**k)[1] for k in (3, 6, 9, 12)]
    assert ts == sorted(ts) and ts[-1] - ts[0] == pytest.approx(3 * math.log2(10**9), abs=1)
    assert B.t_per_rotation(0.0025, 0) == (0.0, 0)


def test_truncation_bound_adds_one_signed_errors():
    assert B.truncation_bound(4608, 8) == 18.0
    assert B.truncation_bound(1, 24) == 2.0**-24


@pytest.mark.parametrize("a, calls, method", [
    (1 / 256, 403, "amplitude amplification"),  # θ = asin(1/256): k = ⌈π/(4θ) − ½⌉ = 201
    (0.9, 2, "repeat until success"),            # ⌈1/0.81⌉ = 2 < 2·1 + 1
    (1.0, 1, "none (amplitude 1)"),
])
def test_amplification_takes_the_cheaper(a, calls, method):
    assert B.amplification(a) == (calls, method)


def test_amplification_rounds_follow_brassard_et_al():
    for a in (0.01, 0.05, 0.2):
        k = math.ceil(math.pi / (4 * math.asin(a)) - 0.5)
        assert B.amplification(a)[0] == min(2 * k + 1, math.ceil(1 / a**2))


def test_precision_check_names_the_part_that_breaks_it():
    B.check_precision({"readout": 0.01, "fixed point": 0.002}, 0.0125, "s")
    with pytest.raises(B.BudgetError, match="fixed point: stage 's' needs") as err:
        B.check_precision({"readout": 0.01, "fixed point": 0.5}, 0.0125, "s",
                          {"fixed point": "why"}, {"fixed point": "frac_bits ≥ 16"})
    assert err.value.part == "fixed point" and err.value.fix == "frac_bits ≥ 16"


def test_qram_term_is_the_appendix_f_model():
    from qdl.circuits.dtm.bucket_brigade import BucketBrigadeQRAM
    from qdl.estimators.qram_noise import exact_infidelity
    from qdl.passes.build import build_circuit

    gamma = 1e-5
    qc = build_circuit(BucketBrigadeQRAM(address_bits=2, word_bits=1, data=(1, 0, 1, 0)))
    assert B.qram_query_infidelity(2, 1, gamma) == pytest.approx(
        exact_infidelity(qc, 2, gamma)[0])
    assert B.qram_query_infidelity(2, 8, gamma) == pytest.approx(
        8 * B.qram_query_infidelity(2, 1, gamma))
    wide = [B.qram_query_infidelity(n, 1, gamma) for n in (3, 6, 10, 20)]
    assert wide == sorted(wide)  # the quadratic fit grows with the address width
