"""Schedules: a stage's parallel groups and adder tree are the same stage (Aer outputs equal
numpy's), every schedule's counts, qubits and depths equal its built circuit's, and the
frontier and the choice follow the model file's rule."""

import pytest

from qdl.estimators.network import spec as S
from qdl.estimators.network import verify as V
from qdl.estimators.network.compile import compile_network
from qdl.estimators.network.parallel import fit_ways, ways_options
from qdl.estimators.network.schedule import Point, best_under, frontier, pick
from qdl.passes.build import build_circuit
from qdl.passes.circuit_count import count_circuit
from qdl.circuits.cost import Cost


def tiny(schedule, layers=None, **kw):
    return S.NetworkSpec.model_validate({
        "layers": layers or [{"type": "linear", "out_features": 2},
                             {"type": "ffn", "hidden": 2},
                             {"type": "softmax", "mode": "quantum"}],
        "input": {"tokens": 2, "dim": 2}, "numerics": {"bits": 4, "frac_bits": 1},
        "readout": {"protocol": "tomography_linf", "delta": 0.1}, "schedule": schedule,
        # loaded weights: their dots split into groups (shift-and-add constant stages,
        # the default for classical weights, offer no split yet)
        "weights": "quantum",
        "verify": {"tokens": 2, "channels": 2, "hidden": 2, "seed": 4}, **kw})


def test_offered_group_counts():
    assert ways_options(1) == [1]
    assert ways_options(4608) == [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 4608]
    assert ways_options(12) == [1, 2, 4, 12]
    assert fit_ways(100, 4608) == 64 and fit_ways(10**9, 4608) == 4608 and fit_ways(1, 9) == 1


@pytest.mark.parametrize("schedule", ["parallel", {"max_qubits": 240}])
def test_parallel_stages_equal_their_built_circuits(schedule):
    """Linear (a dot in 2 groups and a tree), FFN (2 hidden units at once on copies of x,
    then the output dot in 2 groups) and quantum softmax (Σ exp in 2 groups), lowered with
    data: hierarchy == circuit on every field, qubits and depths included."""
    net = compile_network(tiny(schedule))
    stages, _ = V.shrunk_stages(net)
    split = [st for st, _ in stages if st.notes.get("schedule", {}).get("groups", 1) > 1]
    types = {st.node.type for st in split}
    assert types == {"linear", "ffn", "softmax"} if schedule == "parallel" else {
        "linear", "ffn"} <= types
    for stage, _ in stages:
        result = V.check_counts(stage)
        assert result.passed, (stage.name, result.failures)


@pytest.mark.slow
def test_parallel_stages_compute_numpys_outputs_on_aer():
    """The split stages' compute halves on Aer give numpy's fixed-point outputs bit for bit
    (the serial stages' do: test_verify), ancillas clean (~1–2 min)."""
    net = compile_network(tiny("parallel"))
    stages, fwd = V.shrunk_stages(net)
    checked = 0
    for stage, expected in stages:  # linear, FFN and the quantum softmax (numpy computes it
        # with the registry blocks' own references)
        if stage.notes.get("schedule", {}).get("groups", 1) > 1 and expected is not None:
            result = V.check_outputs(stage, expected, fwd.overflows.get(stage.name, 0))
            assert result.passed, (stage.name, result.failures)
            checked += 1
    assert checked == 3


def test_count_mode_parallel_stages_equal_their_built_circuits():
    """Without data the groups are one parallel Loop (counted from one group, the FFN's
    units a serial loop inside it): still the built circuit's counts, qubits and depths."""
    net = compile_network(S.NetworkSpec.model_validate({
        "layers": [{"type": "linear", "out_features": 2}, {"type": "ffn", "hidden": 4},
                   {"type": "linear", "out_features": 4},
                   {"type": "softmax", "mode": "quantum"}],
        "input": {"tokens": 2, "dim": 4}, "numerics": {"bits": 3, "frac_bits": 1},
        "readout": {"protocol": "tomography_linf", "delta": 0.1}, "schedule": "parallel",
        "weights": "quantum"}))
    assert [cs.stage.notes["schedule"]["groups"] for cs in net.stages] == [4, 4, 2, 4]
    blocks = [cs.stage.block for cs in net.stages]
    # 2 groups of 2 hidden units: a serial loop inside the parallel one (segments moving
    # with both indices)
    from dataclasses import replace

    from qdl.estimators.network.compile import setting_for
    from qdl.estimators.network.lowering import lower

    ffn = net.nodes[1]
    (two,) = lower(ffn, replace(setting_for(ffn.name, net.spec), ways=2))
    assert two.notes["schedule"]["groups"] == 2
    for block in blocks + [two.block]:
        assert block.cost() == count_circuit(build_circuit(block)), block.label


def test_parallel_trades_qubits_for_t_depth_at_full_size():
    """qResNet-18's layer4.0.conv2 (a 4,608-term dot): serial, 2 groups, …, every term at
    once; T-depth falls and qubits rise at every step. Beside the kept loaded-weight points,
    the shift-and-add ones (feature groups × partial sums, up to 512 × 512) extend the
    stage's frontier to fewer qubits."""
    from qdl.estimators.network.lower_weights import SHIFT_ADD
    from qdl.estimators.network.parallel_const import offers

    net = compile_network(S.NetworkSpec.model_validate({
        "preset": "resnet18", "input": {"channels": 3, "height": 224, "width": 224},
        "readout": {"protocol": "tomography_linf", "delta": 0.01}}))
    every = net.points["layer4.0.conv2"]
    points = [p for p in every if p.construction is None]
    assert [p.groups for p in points] == ways_options(4608)
    assert all(a.t_depth > b.t_depth and a.qubits < b.qubits
               for a, b in zip(points, points[1:]))
    assert frontier(points) == points
    constants = [p for p in every if p.construction is not None]
    assert {p.construction for p in constants} == {SHIFT_ADD}
    assert [p.groups for p in constants] == list(offers(4608, 512))
    front = frontier(every)
    assert front[0] == constants[0] and front[0].qubits < points[0].qubits
    serial = next(cs for cs in net.stages if cs.stage.name == "layer4.0.conv2").cost
    assert points[0].cost == serial
    # the serial depth is L MACs; every term at once leaves one MAC and a 13-level tree
    assert points[0].t_depth > 1000 * points[-1].t_depth


def _pts(*pairs):
    return [Point(g, Cost(qubits=q, t_depth=d)) for g, (q, d) in enumerate(pairs, 1)]


def test_rules_pick_points():
    pts = _pts((10, 100), (20, 50), (40, 30))
    assert pick(pts, "serial").groups == 1 and pick(pts, "parallel").groups == 3
    assert pick(pts, 25).groups == 2 and best_under(pts, 9) is None
    with pytest.raises(Exception, match="max_qubits 9 is below the 10"):
        pick(pts, 9, "conv")


def test_network_schedule_and_per_layer_override():
    net = compile_network(tiny("serial", overrides={"ffn*": {"schedule": "parallel"}}))
    groups = {cs.stage.node.type: cs.stage.notes.get("schedule", {}).get("groups")
              for cs in net.stages}
    assert groups == {"linear": 1, "ffn": 2, "softmax": 1}


def test_a_cap_below_every_schedule_is_a_one_line_error(tmp_path, capsys):
    from qdl.compiler.cli import main

    model = tmp_path / "m.yaml"
    model.write_text("name: m\nnetwork:\n  layers: [{type: linear, out_features: 2}]\n"
                     "  input: {tokens: 2, dim: 2}\n"
                     "  readout: {protocol: tomography_linf, delta: 0.1}\n"
                     "  weights: quantum\n  schedule: {max_qubits: 3}\n")
    assert main([str(model)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "max_qubits 3 is below" in err[0], err


def test_objectives_pick_points():
    pts = _pts((10, 100), (20, 40), (40, 30))
    assert pick(pts, "spacetime").groups == 2  # 800 < 1000 < 1200
    assert pick(pts, "t_depth").groups == 3 and pick(pts, "qubits").groups == 1


def test_global_pooling_estimates_run_in_parallel_groups():
    """A QLAM contraction (global pooling: one inner-product estimate per channel) in k groups
    on copies of its registers: counts, qubits and depths equal the built circuit's, C/k
    estimates deep and qubits × k; the report prices every point at the budget's failure, so the serial
    network point is the report's totals."""
    from qdl.estimators.network.account import account
    from qdl.estimators.network.schedule_report import network_frontier, stage_points

    network = compile_network(S.NetworkSpec.model_validate({
        "layers": [{"type": "avgpool"}], "input": {"channels": 4, "height": 2, "width": 2},
        "readout": {"protocol": "tomography_linf", "delta": 0.3}, "schedule": "parallel"}))
    pts = network.points["avgpool"]
    assert [p.groups for p in pts] == [1, 2, 4]
    # c/k estimates in sequence per group, consecutive ones overlapping by one T layer
    one = pts[-1].t_depth
    assert [p.t_depth for p in pts] == [4 // k * (one - 1) + 1 for k in (1, 2, 4)]
    assert [p.qubits for p in pts] == [pts[0].qubits * k for k in (1, 2, 4)]
    (cs,) = network.stages
    assert cs.stage.block.ways == 4
    assert cs.stage.block.cost() == count_circuit(build_circuit(cs.stage.block))
    acc = account(network)
    (st, priced), = stage_points(network, acc)
    assert priced[-1].cost == st.compiled.cost.priced(acc.t_per_rotation)
    assert network_frontier([(st, priced)])[-1]["total_t_depth"] == acc.totals.total_t_depth


def test_weight_gradient_estimates_follow_the_schedule():
    """``backward: true``: a linear layer's d_in·d_out weight-gradient estimates (QLAM) take
    the rule's point like every stage; built circuit == hierarchy at the split."""
    network = compile_network(tiny("parallel", layers=[
        {"type": "linear", "out_features": 2}], backward=True))
    (cs,) = [c for c in network.stages if c.stage.name.endswith(".grad_weight")]
    pts = network.points[cs.stage.name]
    assert [p.groups for p in pts] == [1, 2, 4]
    assert pts[-1].qubits == 4 * pts[0].qubits and pts[-1].t_depth < pts[0].t_depth
    assert cs.stage.notes["schedule"] == {"groups": 4, "terms": 4}
    assert cs.stage.block.cost() == count_circuit(build_circuit(cs.stage.block))


def test_reused_builds_give_the_points_of_fresh_lowerings(monkeypatch):
    """A conv's constructions offer different group counts (loaded: powers of two dividing
    L; shift-and-add: features × partial sums): inside reuse_builds the schedule builds each
    construction once per group count it fits. Its points equal those of lowering every k
    afresh, and fewer programs are built."""
    import contextlib

    from qdl.circuits.block import clear_cost_cache
    from qdl.estimators.network import lowering, schedule

    spec = S.NetworkSpec.model_validate({
        "layers": [{"type": "conv", "out_channels": 8, "kernel": 3, "padding": 1}],
        "input": {"channels": 4, "height": 4, "width": 4}, "schedule": "parallel",
        "readout": {"protocol": "tomography_linf", "delta": 0.1}})
    built = []
    real = lowering._dot_stage
    monkeypatch.setattr(lowering, "_dot_stage", lambda *a: built.append(a[-1]) or real(*a))

    def points():
        schedule.clear_points()
        clear_cost_cache()
        built.clear()
        net = compile_network(spec)
        return net.points, len(built)

    reused, builds_reused = points()
    monkeypatch.setattr(schedule, "reuse_builds", contextlib.nullcontext)
    fresh, builds_fresh = points()
    assert reused == fresh
    assert any(p.construction for pts in fresh.values() for p in pts)
    assert builds_reused < builds_fresh
