"""A failed physical estimate names the nearest request that works."""

import pytest

from qdl.circuits.cost import Cost
from qdl.errors import QdlError
from qdl.estimators.physical import LogicalCounts
from qdl.estimators.physical_advice import alternatives, estimate_or_advise
from qdl.estimators.report_physical import PhysicalRequest

#: too long for the default machine: needs code distance above its cap of 50
HUGE = LogicalCounts.from_cost(Cost(qubits=300_000, toffoli=10**17, toffoli_depth=10**17))


def test_alternatives_start_with_a_looser_budget_on_the_same_machine():
    options = alternatives(HUGE, PhysicalRequest())
    assert options and options[0]["profile"] == "qubit_gate_ns_e3"
    assert options[0]["error_budget"] > 1e-3
    for option in options:  # each one really works
        PhysicalRequest(profile=option["profile"],
                        error_budget=option["error_budget"]).estimate(HUGE)


def test_the_error_keeps_its_message_and_gains_the_fix():
    with pytest.raises(QdlError) as err:
        estimate_or_advise(HUGE, PhysicalRequest())
    assert "above the largest distance 50" in err.value.what
    assert "works:" in err.value.fix


def test_bad_inputs_keep_their_own_fix():
    with pytest.raises(QdlError) as err:
        estimate_or_advise(HUGE, PhysicalRequest(profile="qubit_gate_ns_e5"))
    assert "did you mean" in err.value.one_line()
