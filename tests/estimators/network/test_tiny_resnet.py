"""One residual block on a 4×4 image, gate by gate on Aer, bit-equal to numpy fixed point."""

from dataclasses import replace

import numpy as np

from qdl.estimators.network.end_to_end import check_indexed
from qdl.estimators.network.tiny_resnet import (check_resnet_block, float_block, instance_data,
                                                numpy_block, resnet_stages)


def test_numpy_block_is_the_fixed_point_of_the_float_block():
    data = instance_data(1)
    ref = numpy_block(data, 4, 1)
    assert np.count_nonzero(ref["h"]) >= 4  # relu passes some positions and stops others
    assert np.count_nonzero(ref["h"]) < 16
    assert np.abs(float_block(data)).max() < 3.5  # the float block stays inside the format
    assert np.abs(ref["y"] / 2 - float_block(data)).max() == 0.875


def test_residual_block_passes_on_aer():
    first, second = check_resnet_block(4, 1)
    assert first.passed and second.passed, first.failures + second.failures
    assert first.cases == second.cases == 16
    assert "max |fixed − float| of y = 0.875" in second.method


def test_a_corrupted_weight_fails():
    data = instance_data(1)
    good, _ = resnet_stages(4, 1, data)
    bad_data = {**data, "w1": data["w1"].copy()}
    bad_data["w1"][4] += 2  # the centre tap, +1.0: positions 5 and 6 hold 1.0
    bad, _ = resnet_stages(4, 1, bad_data)
    circuit = replace(good, qroms=bad.qroms)  # the circuit loads the wrong weight
    result, _ = check_indexed(circuit, "corrupted", {}, indices=[5, 6])
    assert not result.passed
    assert "index 5" in result.failures[0]
