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


def test_block_encoding_query_is_six_dtm_lookups_a_qdac_and_the_time_register():
    """Literature counts of the blocks the call is made of: QROM over N words = N − 2 AND
    (4N − 8 T, Babbush et al. 2018), T-depth N − 1; b-bit LessThan = b AND, T-depth b + 1;
    bucket-brigade QRAM = 8(N − 1 − n) + 8b(N − 1) T, T-depth 3(2nb + 2(n − 1))."""
    p = _problem()                                   # nf = 1024, s₁ = 4, b = 8, T + P + 1 = 17
    e = cm.estimate(p)
    n_words, bits = 1024 * 4, 8
    time_adder = GidneyAdder(math.ceil(math.log2(17))).cost()
    assert e.query_cost.t_count == 6 * (4 * n_words - 8) + 4 * bits + 2 * time_adder.t_count
    assert e.query_cost.t_depth == 6 * (n_words - 1) + (bits + 1) + 2 * time_adder.t_depth
    qram = cm.estimate(replace(p, data_access="qram")).query_cost
    address = 12

    def brigade_t(word_bits):
        return 8 * (n_words - 1 - address) + 8 * word_bits * (n_words - 1)

    def brigade_depth(word_bits):
        return 3 * (2 * address * word_bits + 2 * (address - 1))

    assert qram.t_count == 4 * brigade_t(10) + 2 * brigade_t(bits) + 4 * bits \
        + 2 * time_adder.t_count
    assert qram.t_depth == 4 * brigade_depth(10) + 2 * brigade_depth(bits) + bits + 1 \
        + 2 * time_adder.t_depth
    assert qram.t_depth < e.query_cost.t_depth / 5 and qram.t_count > 10 * e.query_cost.t_count


def test_state_preparation_tree():
    e = cm.estimate(_problem())
    levels = 10                                      # 1024 amplitudes; levels 0, 1 need no AND
    assert e.prep_cost.and_ == 2 * sum((1 << k) - 2 for k in range(2, levels)) \
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


@pytest.mark.parametrize("lams,steps", [([1.0, 10.0], 2), ([0.5, 40.0, 80.0], 3)])
def test_model_kappa_covers_the_qlam_sparse_block_encoding_of_the_built_system(lams, steps):
    """The κ the QLSA count uses (α = s(L)·max(1, b) times the κ bound) is at least the κ of
    qdl's sparse block-encoding of the history system actually built for a small model."""
    import numpy as np

    from qdl.circuits.qlam.block_encoding import BlockEncodingParams, make_block_encoding
    from qdl.circuits.qlam.matrix_inversion import encoded_condition_number
    from qdl.estimators.training.carleman import history_system

    p = _problem(params=len(lams), nonzero_fraction=1.0, steps=steps, eta=0.02,
                 hessian_row_nonzeros=1, spectrum=Spectrum.from_eigenvalues(lams))
    e = cm.estimate(p)
    ell = history_system(np.diag([1 - 0.02 * lam for lam in lams]), steps, p.pad)
    block = make_block_encoding(BlockEncodingParams(variant="sparse", matrix=ell.tolist()))
    model_alpha = e.system.row_sparsity * max(1.0, e.system.step_norm)
    assert block.alpha <= model_alpha
    assert encoded_condition_number(block) <= e.kappa


def test_qram_hardware_is_reported_apart_from_the_logical_qubits():
    qrom = cm.data_access_summary(_problem())
    assert qrom == {"kind": "qrom", "entries": 4096, "index_bits": 10, "value_bits": 8}
    qram = cm.data_access_summary(_problem(data_access="qram"))
    # bucket brigade over N = 2^12 cells, 10-bit words: 3N − 2 + n + b qubits
    assert qram["cells"] == 4096 and qram["qram_qubits"] == 3 * 4096 - 2 + 12 + 10
