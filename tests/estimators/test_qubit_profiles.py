"""Profiles and QEC schemes: the published values (Beverland et al. Table I / App. B; the
estimator's predefined parameters)."""

import pytest

from qdl.errors import ParameterError
from qdl.estimators.qubit_profiles import PROFILES, profile, qec_scheme


@pytest.mark.parametrize("name, meas, two_q, clifford, t_error", [
    ("qubit_gate_ns_e3", 100, 50, 1e-3, 1e-3),
    ("qubit_gate_ns_e4", 100, 50, 1e-4, 1e-4),
    ("qubit_gate_us_e3", 100_000, 100_000, 1e-3, 1e-6),
    ("qubit_gate_us_e4", 100_000, 100_000, 1e-4, 1e-6),
    ("qubit_maj_ns_e4", 100, 100, 1e-4, 0.05),
    ("qubit_maj_ns_e6", 100, 100, 1e-6, 0.01),
])
def test_profile_values(name, meas, two_q, clifford, t_error):
    p = profile(name)
    assert (p.measurement_time, p.two_qubit_time, p.clifford_error, p.readout_error,
            p.t_gate_error) == (meas, two_q, clifford, clifford, t_error)
    assert list(PROFILES)[0] == "qubit_gate_ns_e3"


def test_surface_code_gate_based_formulas():
    p = profile("qubit_gate_ns_e4")
    sc = qec_scheme("surface_code", p)
    assert sc.logical_cycle_time(15) == (4 * 50 + 2 * 100) * 15 == 6000
    assert sc.physical_qubits(15) == 450
    assert sc.logical_error_rate(p, 15) == pytest.approx(0.03 * 0.01**8)
    # smallest odd d with 0.03·(0.01)^((d+1)/2) ≤ 2.3912e-16 (the 10^9-T example) is 15
    assert sc.distance_for(p, 2.391200382592061e-16) == 15


def test_majorana_schemes():
    p = profile("qubit_maj_ns_e4")
    sc, fl = qec_scheme("surface_code", p), qec_scheme("floquet_code", p)
    assert (sc.threshold, sc.crossing_prefactor, sc.logical_cycle_time(19)) == (0.0015, 0.08,
                                                                               38000)
    assert (fl.threshold, fl.crossing_prefactor, fl.logical_cycle_time(11)) == (0.01, 0.07, 3300)
    assert fl.physical_qubits(11) == 4 * 121 + 8 * 10 == 564
    assert fl.logical_error_rate(p, 11) == pytest.approx(7e-14)


def test_bad_names():
    with pytest.raises(ParameterError) as exc:
        profile("qubit_gate_ns_e5")
    assert "did you mean 'qubit_gate_ns_e4'" in exc.value.one_line()
    with pytest.raises(ParameterError, match="Majorana"):
        qec_scheme("floquet_code", profile("qubit_gate_ns_e3"))
    with pytest.raises(ParameterError) as exc:
        qec_scheme("surface", profile("qubit_gate_ns_e3"))
    assert "did you mean 'surface_code'" in exc.value.one_line()
