"""Stage building blocks: the complemented accumulator and the ReLU uncompute verify on Aer,
and a stage at 224×224 counts without enumerating its loops."""

import pytest

from qdl.estimators.network import spec as S
from qdl.estimators.network.compile import compile_network
from qdl.estimators.network.modules import primitive
from qdl.estimators.network.uncompute import Complemented, ReluUncompute, undo
from qdl.passes.verify import verify_block


@pytest.mark.parametrize("block", [Complemented(primitive("mac", bits=2, frac_bits=1), "c"),
                                   Complemented(primitive("add", bits=3), "a"),
                                   ReluUncompute(3), ReluUncompute(1)], ids=repr)
def test_inverses_verify_on_aer(block):
    result = verify_block(block)
    assert result.passed, result.failures


def test_undo_pairs():
    mac, relu = primitive("mac", bits=3, frac_bits=1), primitive("relu", bits=3)
    assert undo(mac) == Complemented(mac, "c") and undo(undo(mac)) == mac
    assert undo(relu) == ReluUncompute(3)
    assert undo(primitive("add", bits=3)) == primitive("sub", bits=3)


def test_a_resnet_stage_at_224_counts_without_enumerating():
    """Timing lives in benchmarks/network_scaling.py (timed unit tests fail on a loaded machine)."""
    spec = S.NetworkSpec.model_validate({
        "layers": [{"type": "conv", "out_channels": 64, "kernel": 7, "stride": 2,
                    "padding": 3}, {"type": "maxpool", "kernel": 3, "stride": 2,
                                    "padding": 1}],
        "input": {"channels": 3, "height": 224, "width": 224},
        "readout": {"protocol": "tomography_linf", "delta": 0.01}})
    conv, pool = compile_network(spec).stages
    dot = primitive("dot", length=147, bits=16, frac_bits=8, acc_bits=16 + 8)
    assert conv.cost.and_ >= 2 * dot.cost().and_
    assert conv.stage.block.signature["index"].width == 14 + 6  # 112² positions, 64 channels
    assert pool.stage.readout_size == 56 * 56 * 64
