"""Threshold search, cost sums and exponent fits of the readout study on known answers."""

import numpy as np
import pytest

from qdl.estimators import readout, readout_study as rs


def test_threshold_rank_needs_every_larger_rank_to_hold():
    ranks = [2, 4, 8, 16, 32]
    assert rs.threshold(ranks, [0.1, 0.9, 0.5, 0.95, 0.96], 0.9, True) == 16
    assert rs.threshold(ranks, [0.9, 0.91, 0.92, 0.93, 0.95], 0.9, True) == 2
    assert rs.threshold(ranks, [0.9, 0.91, 0.92, 0.93, 0.5], 0.9, True) is None


def test_threshold_delta_needs_every_smaller_delta_to_hold():
    deltas = [1.0, 0.5, 0.2, 0.1]
    assert rs.threshold(deltas, [0.2, 0.95, 0.6, 0.97], 0.9, False) == 0.1
    assert rs.threshold(deltas, [0.2, 0.95, 0.96, 0.97], 0.9, False) == 0.5


def test_query_sums_use_the_cost_models_and_cap_the_rank():
    sizes = rs.layer_sizes(16, 6, 2)
    assert sizes == [1536, 384, 384]
    assert rs.dcd_queries(sizes, 1000, 0.01, 0.01) == (
        readout.dcd(1536, 1000, 0.01).queries + 2 * readout.dcd(384, 384, 0.01).queries)
    assert rs.tomography_queries(sizes, 0.1) == sum(
        readout.tomography_linf(d, 0.1).queries for d in sizes)


def test_summary_recovers_a_known_exponent():
    cfg = rs.StudyConfig(sizes=(8, 16, 32, 64), seeds=(0, 1), levels=(0.95,))
    rng = np.random.default_rng(0)
    runs = []
    for n in cfg.sizes:
        for s in cfg.seeds:
            qo = 5.0 * n**2 * (1 + 0.01 * rng.normal())
            runs.append({"size": n, "seed": s, "peak": 0.9, "rank_0.95": n,
                         "delta_0.95": 1 / n, "qo_dcd_0.95": qo, "qo_tomography_0.95": 3 * n})
    out = rs.summarise(runs, cfg)
    e = out["exponents"]
    assert e["qo_dcd_0.95"]["exponent"] == pytest.approx(2, abs=0.02)
    lo, hi = e["qo_dcd_0.95"]["ci"]
    assert lo < 2 < hi
    assert e["qo_tomography_0.95"]["exponent"] == pytest.approx(1, abs=1e-9)
    assert e["delta_0.95"]["exponent"] == pytest.approx(-1, abs=1e-9)
