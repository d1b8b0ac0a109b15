"""The GD history system solved on Aer through qdl's block-encodings (solver_check)."""

import numpy as np
import pytest

from qdl.estimators.training.carleman import history_system
from qdl.estimators.training.solver_check import run_solver_check, solver_program
from qdl.passes.circuit_count import count_circuit

A1 = np.diag([1 - 0.1 * 3.0, 1 - 0.1 * 0.5])


def _system(steps, padding):
    ell = history_system(A1, steps, padding)
    rhs = np.zeros(len(ell))
    rhs[:2] = [0.6, 0.8]
    return ell, rhs


@pytest.mark.parametrize("variant,steps,padding,dim", [
    ("sparse", 1, 0, 4),   # the block-encoding the cost model counts: 16 qubits
    ("dense", 2, 1, 8),    # an 8-dimensional, 3-step history through column loading
])
def test_gd_history_system_solved_on_aer(variant, steps, padding, dim):
    check = run_solver_check(*_system(steps, padding), variant=variant)
    assert check.dimension == dim
    assert check.fidelity >= 0.999
    assert 0 < check.success_probability < 1
    assert check.t_count > 0 and check.t_depth > 0


def test_solver_counts_equal_the_built_circuit():
    prog, inverse = solver_program(*_system(1, 0), eps=1e-2, variant="dense")
    assert prog.cost() == count_circuit(prog.circuit())
    assert inverse.calls == 63   # 32 Chebyshev terms: 1 + 2·31 calls


def test_solver_check_fails_on_a_polynomial_for_the_wrong_condition_number():
    """Built for κ = 1.2 (the encoded one is 3.7), 1/x is wrong on the small singular values:
    the state is visibly off, so the fidelity check can fail."""
    ell, rhs = _system(1, 0)
    wrong = run_solver_check(ell, rhs, variant="dense", kappa=1.2)
    right = run_solver_check(ell, rhs, variant="dense")
    assert wrong.fidelity < 0.99 < right.fidelity


def test_refused_before_building_when_over_the_work_limit():
    from qdl.compiler import limits
    from qdl.errors import UsageError

    limits.set_overrides(["verify_statevector_work=1000"])
    try:
        with pytest.raises(UsageError, match="the limit verify_statevector_work is 1,000"):
            run_solver_check(*_system(1, 0), variant="sparse")
    finally:
        limits.set_overrides([])
