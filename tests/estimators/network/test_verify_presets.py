"""Every preset and every example network passes --verify end to end (issue 15)."""

import json
from pathlib import Path

import numpy as np
import pytest
import yaml

from qdl.compiler.cli import main
from qdl.estimators.network import spec as S
from qdl.estimators.network import verify as V
from qdl.estimators.network.compile import compile_network

ROOT = Path(__file__).resolve().parents[3]
EXAMPLES = ROOT / "examples"


def _network(path: Path) -> S.NetworkSpec:
    data = yaml.safe_load(path.read_text())["network"]
    data.pop("sweep", None)  # a command-line setting, not part of the network
    return S.NetworkSpec.model_validate(data)


def _passes(model: Path, capsys) -> list[dict]:
    assert main([str(model), "--verify", "--format", "json"]) == 0
    entries = json.loads(capsys.readouterr().out)["verification"]
    assert entries and all(e["passed"] for e in entries), [
        e for e in entries if not e["passed"]][:3]
    return entries


def test_every_example_network_is_verified_by_some_test():
    """A new example network must join the list below (or share a shrunk network)."""
    networks = {p.name for p in EXAMPLES.glob("*.yaml")
                if "network" in (yaml.safe_load(p.read_text()) or {})}
    assert networks == {"qresnet18.yaml", "qvit_b16.yaml", "tiny_attention.yaml",
                        "tiny_resnet_block.yaml", "fig2c_dcd.yaml", "fig2c_tomography.yaml"}


@pytest.mark.parametrize("example", ["fig2c_dcd.yaml", "fig2c_tomography.yaml"])
def test_fig2c_examples_shrink_to_the_verified_qresnet18(example):
    """Their readout and sweep differ from qresnet18.yaml, not their shrunk circuits: the same
    stage blocks (frozen dataclasses, compared field by field, data included) and the same
    numpy outputs, so --verify on them runs exactly the checks of qresnet18.yaml."""
    ours, _ = V.shrunk_stages(compile_network(_network(EXAMPLES / example)))
    ref, _ = V.shrunk_stages(compile_network(_network(EXAMPLES / "qresnet18.yaml")))
    assert len(ours) == len(ref)
    for (a, ya), (b, yb) in zip(ours, ref):
        assert a.name == b.name and a.block == b.block
        assert (ya is None and yb is None) or np.array_equal(ya, yb)


PRESET_INPUTS = {"resnet34": "{channels: 3, height: 224, width: 224}",
                 "vit_tiny": "{channels: 3, height: 224, width: 224}"}


@pytest.mark.slow
@pytest.mark.parametrize("example", ["qresnet18.yaml", "qvit_b16.yaml"])
def test_preset_examples_verify_end_to_end(example, capsys):
    """resnet18 and vit_b16 through their examples: every stage's checks pass."""
    entries = _passes(EXAMPLES / example, capsys)
    assert any("DCD Hadamard test" in e["block"] for e in entries)


@pytest.mark.slow
@pytest.mark.parametrize("preset", sorted(PRESET_INPUTS))
def test_other_presets_verify_end_to_end(preset, tmp_path, capsys):
    model = tmp_path / f"{preset}.yaml"
    model.write_text(f"name: {preset}\nnetwork:\n  preset: {preset}\n"
                     f"  input: {PRESET_INPUTS[preset]}\n"
                     "  numerics: {bits: 32, frac_bits: 24}\n"  # as the examples: the
                     # default (16, 8) cannot meet the fixed-point part of the error budget
                     "  readout: {protocol: dcd, rank: 20, epsilon: 0.01}\n")
    _passes(model, capsys)
