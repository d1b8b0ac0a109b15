"""Shapes and the layer graph of the presets and of hand-written layer lists."""

import pytest
from pydantic import TypeAdapter

from qdl.estimators.network import spec as S
from qdl.estimators.network.graph import Shape, ShapeError, build_graph
from qdl.estimators.network.presets import preset_layers

LAYERS = TypeAdapter(list[S.LayerSpec])


def graph(layers, shape):
    specs = LAYERS.validate_python(layers)
    return build_graph(specs, shape, [("network", "layers", i) for i in range(len(specs))])


def test_resnet18_shapes_and_residual_edges():
    nodes, g = graph(preset_layers("resnet18", 1000), Shape.image(3, 224, 224))
    byname = {n.name: n for n in nodes}
    assert str(byname["conv1"].out) == "64x112x112"
    assert str(byname["maxpool"].out) == "64x56x56"
    assert str(byname["layer4.1.add"].out) == "512x7x7"
    assert str(byname["avgpool"].out) == "512x1x1"
    assert str(byname["fc"].out) == "1000x1x1"
    shortcuts = [(u, v) for u, v, d in g.edges(data=True) if d.get("branch") == "shortcut"]
    assert len(shortcuts) == 8  # one per basic block
    assert ("layer2.0.downsample.1", "layer2.0.add") in shortcuts
    assert ("layer1.0.add", "layer1.1.add") in shortcuts  # identity shortcut
    assert sum(1 for n in nodes if n.type == "conv") == 20  # 17 + 3 projections


def test_resnet34_has_sixteen_blocks():
    nodes, _ = graph(preset_layers("resnet34", 10), Shape.image(3, 64, 64))
    assert sum(1 for n in nodes if n.type == "add") == 16


def test_vit_b16_tokens():
    nodes, g = graph(preset_layers("vit_b16", 1000), Shape.image(3, 384, 384))
    byname = {n.name: n for n in nodes}
    assert byname["patch_embed"].out == Shape.tokens(577, 768)  # 24² patches + class token
    assert byname["head"].out == Shape.tokens(1, 1000)
    assert sum(1 for n in nodes if n.type == "attention") == 12
    assert g.number_of_nodes() == len(nodes) + 1


@pytest.mark.parametrize("layers, shape, message", [
    ([{"type": "conv", "out_channels": 4, "kernel": 9}], Shape.image(1, 4, 4), "does not fit"),
    ([{"type": "attention", "heads": 3}], Shape.tokens(4, 8), "do not divide"),
    ([{"type": "patch_embed", "patch": 3, "dim": 4}], Shape.image(1, 4, 4), "does not divide"),
    ([{"type": "linear", "out_features": 3}], Shape.image(1, 4, 4), "needs a vector"),
    ([{"type": "ffn", "hidden": 3}], Shape.image(1, 4, 4), "token sequence"),
    ([{"type": "residual", "body": [{"type": "conv", "out_channels": 2, "kernel": 1}]}],
     Shape.image(1, 4, 4), "shortcut gives"),
])
def test_inconsistent_shapes_are_errors(layers, shape, message):
    with pytest.raises(ShapeError, match=message) as info:
        graph(layers, shape)
    assert info.value.path == ("network", "layers", 0)
