"""Classical weights in the lowering: shift-and-add constants or a loaded table, the cheaper
for ``optimize_for``; the shift-and-add stages verified like every stage."""

import pytest

from qdl.estimators.network import lowering
from qdl.estimators.network import spec as S
from qdl.estimators.network import verify as V
from qdl.estimators.network.compile import compile_network
from qdl.estimators.network.lower_weights import LOADED, SHIFT_ADD, metric


def network(layers, inp=None, **kw):
    return S.NetworkSpec.model_validate({
        "layers": layers, "input": inp or {"channels": 2, "height": 4, "width": 4},
        "numerics": {"bits": 4, "frac_bits": 1},
        "readout": {"protocol": "tomography_linf", "delta": 0.1}, **kw})


def parts(stage):
    return {p for p, _, _ in stage.parts} - {"clifford"}


def test_quantum_weights_keep_the_loaded_dot_alone():
    (cs,) = compile_network(network([{"type": "conv", "out_channels": 3}],
                                    weights="quantum")).stages
    assert cs.stage.notes["construction"] == LOADED and "rejected" not in cs.stage.notes
    assert "dot" in parts(cs.stage) and len(cs.stage.tables) == 2  # windows and weight rows


def test_per_layer_override_of_weights():
    spec = network([{"type": "conv", "name": "a", "out_channels": 1, "kernel": 1},
                    {"type": "conv", "name": "b", "out_channels": 1, "kernel": 1}],
                   optimize_for="qubits", overrides={"b": {"weights": "quantum"}})
    a, b = (cs.stage for cs in compile_network(spec).stages)
    assert a.notes["construction"] == SHIFT_ADD and b.notes["construction"] == LOADED
    # shift-and-add: no weight register and no weight table, only the window is loaded
    assert len(a.tables) == 1 and "dot_const_floored" in parts(a) and "dot" not in parts(a)


def test_per_layer_optimize_for(tmp_path, capsys):
    """Two 3×3 convs to 8 channels, the network minimising qubits and layer 'b' T (an override):
    'a' keeps shift-and-add (no weight register), 'b' the loaded table (fewer T); the notes
    and the report's constructions table name each layer's objective. A bad objective is a
    one-line error on its line."""
    from qdl.compiler.cli import main
    from qdl.estimators.network.summary import constructions

    conv = {"type": "conv", "out_channels": 8, "padding": 1}
    spec = network([{**conv, "name": "a"}, {**conv, "name": "b"}], optimize_for="qubits",
                   overrides={"b": {"optimize_for": "t_count"}})
    a, b = compile_network(spec).stages
    assert (a.stage.notes["optimize_for"], a.stage.notes["construction"]) == ("qubits", SHIFT_ADD)
    assert (b.stage.notes["optimize_for"], b.stage.notes["construction"]) == ("t_count", LOADED)
    assert b.cost.total_t < b.stage.notes["rejected"][0]["T"]
    assert a.cost.qubits < a.stage.notes["rejected"][0]["qubits"]

    class Row:  # what the report's summary hands constructions(): a name and a compiled stage
        def __init__(self, cs):
            self.name, self.compiled = cs.stage.name, cs

    table = constructions([Row(a), Row(b)])
    assert table["columns"][:3] == ["stage", "optimize_for", "construction"]
    assert {(r[0], r[1], r[-1]) for r in table["rows"]} == {
        ("a", "qubits", "kept"), ("a", "qubits", "rejected"),
        ("b", "t_count", "kept"), ("b", "t_count", "rejected")}
    model = tmp_path / "m.yaml"
    model.write_text("name: m\nnetwork:\n  layers: [{type: conv, out_channels: 2}]\n"
                     "  input: {channels: 1, height: 4, width: 4}\n"
                     "  readout: {protocol: tomography_linf, delta: 0.1}\n"
                     "  overrides:\n    conv: {optimize_for: tcount}\n")
    assert main([str(model)]) == 2
    (err,) = capsys.readouterr().err.strip().splitlines()
    assert err.startswith(f"error: {model}:7: network.overrides.conv.optimize_for") and \
        "'spacetime'" in err


@pytest.mark.parametrize("objective", ["t_count", "t_depth", "qubits", "spacetime"])
def test_the_kept_construction_minimises_the_objective(objective):
    layers = [{"type": "conv", "out_channels": 8, "padding": 1},
              {"type": "conv", "out_channels": 1}]
    for cs in compile_network(network(layers, optimize_for=objective)).stages:
        notes = cs.stage.notes
        assert notes["optimize_for"] == objective
        (other,) = notes["rejected"]
        assert {notes["construction"], other["construction"]} == {SHIFT_ADD, LOADED}
        rejected = {"t_count": other["T"], "t_depth": other["T-depth"],
                    "qubits": other["qubits"],
                    "spacetime": other["qubits"] * other["T-depth"]}[objective]
        assert metric(cs.cost, objective) <= rejected


def test_wide_layers_keep_loaded_weights_and_the_ffn_takes_constants():
    """Full size, worst-case weights (⌈b/2⌉ NAF digits each). A 3×3×512 → 512 conv computes
    every output feature with constants (d_out·L products against L quantum ones): more T,
    fewer qubits. The FFN's first matrix is not indexed by the element: constants win."""
    resnet = S.NetworkSpec.model_validate({
        "preset": "resnet18", "input": {"channels": 3, "height": 224, "width": 224},
        "numerics": {"bits": 32, "frac_bits": 24},
        "readout": {"protocol": "dcd", "rank": 20, "epsilon": 0.01}})
    stages = {cs.stage.name: cs for cs in compile_network(resnet).stages}
    conv = stages["layer4.1.conv2"]
    (alt,) = conv.stage.notes["rejected"]
    assert conv.stage.notes["construction"] == LOADED and alt["construction"] == SHIFT_ADD
    assert alt["T"] > 100 * conv.cost.total_t and alt["qubits"] < conv.cost.qubits
    vit = resnet.model_copy(update={"preset": "vit_b16", "input": S.InputShape(
        channels=3, height=384, width=384)})
    mlp = next(cs for cs in compile_network(vit).stages if cs.stage.type == "ffn")
    (alt,) = mlp.stage.notes["rejected"]
    assert mlp.stage.notes["construction"] == SHIFT_ADD and alt["construction"] == LOADED
    assert 4 * mlp.cost.total_t < alt["T"] and mlp.cost.qubits < alt["qubits"]


@pytest.mark.parametrize("layers,inp", [
    ([{"type": "conv", "out_channels": 2, "kernel": 2}],
     {"channels": 1, "height": 3, "width": 3}),
    ([{"type": "linear", "out_features": 3}], {"tokens": 2, "dim": 2}),
    ([{"type": "ffn", "hidden": 2}], {"tokens": 2, "dim": 2})])
def test_shift_and_add_stages_verify(monkeypatch, layers, inp):
    """Forced to shift-and-add: hierarchy == built circuit and outputs == numpy on Aer."""
    monkeypatch.setattr(lowering, "choose",
                        lambda cands, objective, force=None: next(
                            st for lab, st in cands if lab == SHIFT_ADD))
    net = compile_network(network(layers, inp, accuracy={"enforce": False}))
    stages, fwd = V.shrunk_stages(net)
    for stage, expected in stages:
        assert "dot_const_floored" in parts(stage)
        for check in (V.check_counts(stage),
                      V.check_outputs(stage, expected, fwd.overflows.get(stage.name, 0))):
            assert check.passed, check.failures
