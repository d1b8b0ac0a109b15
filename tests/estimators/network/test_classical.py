"""The classical side: MACs of the presets against their papers, the hybrid loop's work per
stage, and the sweep's crossover verdict."""

import pytest

from qdl.estimators.network import spec as S
from qdl.estimators.network.account import account
from qdl.estimators.network.classical import classical_section, hybrid_flops
from qdl.estimators.network.compile import compile_network
from qdl.estimators.network.sweep import crossover


@pytest.mark.parametrize("preset, height, macs", [
    ("resnet18", 224, 1_814_073_344),   # torchvision: 1.81 GMACs
    ("vit_b16", 384, 55_484_940_288),   # 55.5 GMACs (Dosovitskiy et al. 2021, 384²)
])
def test_classical_macs_of_the_presets(preset, height, macs):
    from qdl.estimators.network.classical import layer_macs

    net = compile_network(S.NetworkSpec.model_validate({
        "preset": preset, "input": {"channels": 3, "height": height, "width": height},
        "readout": {"protocol": "dcd", "rank": 20, "epsilon": 0.01}}))
    assert sum(layer_macs(n) for n in net.nodes) == macs


def test_hybrid_work_per_stage():
    net = compile_network(S.NetworkSpec.model_validate({
        "input": {"tokens": 8, "dim": 4}, "numerics": {"bits": 16, "frac_bits": 12},
        "readout": {"protocol": "dcd", "rank": 2, "epsilon": 0.05},
        "layers": [{"type": "layernorm"}, {"type": "attention", "heads": 2}]}))
    acc = account(net)
    work = {s.name: hybrid_flops(s) for s in acc.stages}
    # reconstruction 2·r·n; softmax over N²·h scores 3 each; statistics 3 per entry
    assert work["layernorm"]["reconstruction"] == 2 * 2 * 32
    assert work["layernorm"]["statistics"] == 3 * 32
    assert work["attention.scores"]["softmax"] == 3 * 8 * 8 * 2
    assert work["attention.qkv"]["qram rewrite"] == -(-8 * 4 * 16 // 64)
    section = classical_section(net, acc, 1e14, "qubit_gate_ns_e3")
    assert section["hybrid_flops"] == sum(sum(w.values()) for w in work.values())
    assert section["quantum_seconds"] > section["classical_seconds"]
    assert section["verdict"].startswith("quantum forward pass")


def test_crossover_of_fitted_power_laws():
    xs = [1, 10, 100]
    # quantum 1e6·x^0.5, classical x^1.5: equal at x = 1e6
    verdict = crossover(xs, [1e6 * x**0.5 for x in xs], [x**1.5 for x in xs], "N")
    assert "beyond N ≈ 1e+06" in verdict
    assert crossover(xs, [x**3 for x in xs], [1e-3 * x for x in xs], "N").startswith("never")
