"""Wide adders: many random cases at 128 bits, where statevector could never go."""

import pytest

from qdl.circuits.qam.addition import CuccaroAdder, GidneyAdder
from qdl.passes.verify import verify_block


@pytest.mark.slow
@pytest.mark.parametrize("adder", [GidneyAdder, CuccaroAdder])
def test_128_bit_adders_on_many_random_inputs(adder):
    result = verify_block(adder(128), random_cases=64, seed=7)
    assert result.passed, result.failures
    assert result.cases == 66
