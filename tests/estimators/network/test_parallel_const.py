"""Constant-weight (shift-and-add) stages in parallel: feature groups on fan-out copies of the
window and partial sums folded by an adder tree are the same stage (Aer outputs equal numpy's
bit for bit), and every split's counts, qubits and depths equal its built circuit's."""

from dataclasses import replace

import pytest

from qdl.estimators.network import spec as S
from qdl.estimators.network import verify as V
from qdl.estimators.network.compile import compile_network, setting_for
from qdl.estimators.network.lower_weights import LOADED, SHIFT_ADD
from qdl.estimators.network.lowering import lower
from qdl.estimators.network.parallel_const import offers, pairs, split
from qdl.passes.build import build_circuit
from qdl.passes.circuit_count import count_circuit


def net(schedule, layers, inp, bits=3, frac=1, **kw):
    return compile_network(S.NetworkSpec.model_validate({
        "layers": layers, "input": inp, "numerics": {"bits": bits, "frac_bits": frac},
        "readout": {"protocol": "tomography_linf", "delta": 0.1}, "schedule": schedule,
        # the objective that keeps the constants at every k in these small layers
        "optimize_for": "t_count", **kw}))


LINEAR = ([{"type": "linear", "out_features": 2}], {"tokens": 2, "dim": 4})


def test_offered_splits():
    # L = 4,608, d_out = 512: t up to 512 (and 4,608 with one feature group), g up to 512
    assert list(offers(4608, 512)) == sorted({1 << e for e in range(19)} | {4608})
    assert (1, 4608) in pairs(4608, 512) and (2, 4608) not in pairs(4608, 512)
    assert list(offers(147, 64)) == [1, 2, 4, 8, 16, 32, 64, 147]  # odd L: features only, or t = L
    assert list(offers(3, 1)) == [1, 3]
    # per extra copy L·b = 12 qubits, per extra partial sum d_out·A = 2·5 = 10: sums first
    assert split(2, 4, 2, 3, 5) == (1, 2) and split(4, 4, 2, 3, 5) == (2, 2)
    assert split(3, 4, 2, 3, 5) == (1, 2)  # the largest offered k ≤ 3
    # many features on a short window: copies first (L·b = 8 ≪ d_out·A = 80)
    assert split(2, 2, 16, 4, 5) == (2, 1)


@pytest.mark.parametrize("ways,groups", [(1, (1, 1)), (2, (1, 2)), (4, (2, 2)), (8, (2, 4))])
def test_count_mode_splits_equal_their_built_circuits(ways, groups):
    """Without data (one parallel Loop counted from one branch, worst-case weights): the
    hierarchy's counts, qubits and depths are the built circuit's; the T-depth falls."""
    network = net("serial", *LINEAR)
    node = network.nodes[0]
    (stage,) = lower(node, replace(setting_for(node.name, network.spec), ways=ways))
    assert stage.notes["construction"] == SHIFT_ADD
    sched = stage.notes["schedule"]
    assert sched["groups"] == ways and sched["terms"] == 2 * 4
    assert (sched.get("feature_groups", 1), sched.get("partial_sums", 1)) == groups
    assert stage.block.cost() == count_circuit(build_circuit(stage.block))


def test_points_fall_in_t_depth_and_rise_in_qubits():
    every = net("serial", *LINEAR).points["linear"]
    pts = [p for p in every if p.construction is None]  # the objective's (shift-and-add)
    assert [p.groups for p in pts] == [1, 2, 4, 8]
    assert {p.construction for p in every} == {None, LOADED}  # the alternative's beside
    assert all(a.t_depth > b.t_depth and a.qubits < b.qubits for a, b in zip(pts, pts[1:]))


CASES = [
    # linear 4 → 2: partial sums, then copies and partial sums
    LINEAR,
    # conv 2×2 on 2 channels → 2 (L = 8), a single output feature (L = 3) summed in place
    ([{"type": "conv", "out_channels": 2, "kernel": 2}], {"channels": 2, "height": 2, "width": 2}),
    ([{"type": "linear", "out_features": 1}], {"tokens": 2, "dim": 3}),
    # FFN: its hidden units (W1 constants) in groups on copies of x, the output dot split
    ([{"type": "ffn", "hidden": 2}], {"tokens": 2, "dim": 2}),
]


@pytest.mark.parametrize("layers,inp", CASES)
@pytest.mark.parametrize("schedule", ["parallel", {"max_qubits": 80}])
def test_split_stages_with_data_equal_their_built_circuits(layers, inp, schedule):
    """``parallel``: the objective's construction (shift-and-add) at its largest k; a cap:
    the least-T-depth point of any construction under it (loaded weights or constants)."""
    network = net(schedule, layers, inp, verify={"tokens": 2, "channels": 2, "hidden": 2,
                                                 "seed": 3})
    stages, _ = V.shrunk_stages(network)
    for stage, _ in stages:
        if schedule == "parallel":
            assert stage.notes["construction"] == SHIFT_ADD
            assert stage.notes["schedule"]["groups"] > 1
        else:
            assert stage.block.cost().qubits <= 80
        result = V.check_counts(stage)
        assert result.passed, (stage.name, result.failures)


@pytest.mark.slow
@pytest.mark.parametrize("layers,inp", CASES)
def test_split_stages_compute_numpys_outputs_on_aer(layers, inp):
    """The split compute halves on Aer give numpy's fixed-point outputs (the serial stage's
    reference) bit for bit, ancillas clean."""
    network = net("parallel", layers, inp, verify={"tokens": 2, "channels": 2, "hidden": 2, "seed": 3})
    stages, fwd = V.shrunk_stages(network)
    for stage, expected in stages:
        assert stage.notes["schedule"]["groups"] > 1
        result = V.check_outputs(stage, expected, fwd.overflows.get(stage.name, 0))
        assert result.passed, (stage.name, result.failures)


def test_count_mode_constant_ffn_groups_equal_their_built_circuit():
    """The FFN's constant hidden units in 2 groups of 2 on copies of x (a serial loop inside
    the parallel one), without data: the built circuit's counts, qubits and depths."""
    network = net("serial", [{"type": "ffn", "hidden": 4}], {"tokens": 2, "dim": 2})
    node = network.nodes[0]
    serial, (two,) = (lower(node, replace(setting_for(node.name, network.spec), ways=k))
                      for k in (1, 2))
    assert two.notes["construction"] == SHIFT_ADD and two.notes["schedule"]["groups"] == 2
    assert two.block.cost() == count_circuit(build_circuit(two.block))
    assert two.block.cost().t_depth < serial[0].block.cost().t_depth
