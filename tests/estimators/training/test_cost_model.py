import math
from dataclasses import replace

import pytest

from qdl.circuits.qam.addition import GidneyAdder
from qdl.estimators.training import cost_model as cm
from qdl.estimators.training.dissipativity import Spectrum


def _problem(**kw):
    base = dict(params=4096, nonzero_fraction=0.25, steps=8, eta=0.01, eps=1e-3,
                spectrum=Spectrum.from_eigenvalues([1.0, 10.0]), loss="quadratic",
                cubic_norm=0.0, theta0_norm=1.0, hessian_row_nonzeros=4, cubic_row_nonzeros=0,
                bits=8, data_access="qrom", walk_constant="rigorous", readout="l2_tomography",
                readout_precision=0.1, layer_seconds=1e-5, classical_flops=1e12)
    base.update(kw)
    return cm.TrainingProblem(**base)


def test_block_encoding_query_counts_six_lookups_and_the_time_register():
    p = _problem()
    e = cm.estimate(p)
    entries = 1024 * 4
    time_adder = GidneyAdder(math.ceil(math.log2(17))).cost()
    expected_and = 6 * (entries - 1) + GidneyAdder(8).cost().and_ + 2 * time_adder.and_
    assert e.query_cost.and_ == expected_and
    assert e.query_cost.t_depth == 6 * (entries - 1) + GidneyAdder(8).cost().t_depth \
        + 2 * time_adder.t_depth
    qram = cm.estimate(replace(p, data_access="qram")).query_cost
    assert qram.and_ == expected_and                                  # QRAM buys depth only
    assert qram.t_depth == 6 * 12 + GidneyAdder(8).cost().t_depth + 2 * time_adder.t_depth


def test_state_preparation_tree():
    e = cm.estimate(_problem())
    levels = 10                                                       # 1024 amplitudes
    assert e.prep_cost.and_ == 2 * sum((1 << k) - 1 for k in range(levels)) \
        + levels * GidneyAdder(8).cost().and_


def test_readout_samples():
    assert cm.readout_samples(_problem()) == math.ceil(36 * 1024 * math.log(1024) / 0.01)
    assert cm.readout_samples(_problem(readout="linf_tomography")) == \
        math.ceil(36 * math.log(1024) / 0.01)
    assert cm.readout_samples(_problem(readout="observable")) == math.ceil(math.pi / 0.1)


def test_cubic_loss_raises_order_and_adds_lookups():
    p = _problem(loss="cubic", cubic_norm=2.0, theta0_norm=1.0, cubic_row_nonzeros=8,
                 spectrum=Spectrum.from_eigenvalues([20.0, 30.0]), eta=0.02)
    e = cm.estimate(p)
    assert e.r == pytest.approx(0.02 * 2.0 / (1 - 0.6))
    assert e.system.order == math.ceil(math.log(1e-3) / math.log(e.r))
    with pytest.raises(ValueError, match="R = "):
        cm.estimate(replace(p, cubic_norm=50.0))


def test_classical_flops_and_override():
    assert cm.classical_flops(_problem()) == 8 * (2 * 1024 * 4 + 2 * 1024)
    assert cm.classical_flops(_problem(classical_flops_per_step=1e9)) == 8e9


def test_verdict_flips_when_the_classical_step_is_expensive_enough():
    p = _problem(walk_constant="empirical", readout="observable", data_access="qram")
    v = cm.verdict(p)
    assert not v["quantum_wins"]
    cheap = replace(p, classical_flops_per_step=10 * v["break_even_classical_flops_per_step"])
    assert 8 in cm.verdict(cheap)["quantum_wins_for_T"]
    assert v["T_exponent_up_to_model_T"] > 0.5
