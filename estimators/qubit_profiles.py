"""Physical qubit profiles and quantum error-correction schemes of the standard model.

The six named profiles and the three QEC schemes are those of the Microsoft (Azure Quantum)
Resource Estimator, whose model is described in Beverland et al., "Assessing requirements to
scale to practical quantum advantage", arXiv:2211.07629 (2022), Appendix A (physical qubits)
and Appendix B (QEC schemes), and in the tool's documentation ("Customize the target parameters
of the resource estimator", learn.microsoft.com/azure/quantum/overview-resources-estimator).

A QEC scheme with threshold p* and crossing prefactor a protects one logical qubit at code
distance d with a logical error rate per logical cycle of

    P(d) = a · (p / p*)^((d + 1) / 2),   (d + 1) / 2 rounded down,

where p is the profile's physical error rate: max(Clifford error, readout error). All times are
integers in nanoseconds, as in the tool.
"""

from __future__ import annotations

import difflib
import math
from dataclasses import dataclass

from qdl.errors import ParameterError

GATE_BASED, MAJORANA = "gate_based", "majorana"


@dataclass(frozen=True)
class QubitProfile:
    """One physical qubit technology: operation times (ns) and error rates."""

    name: str
    instruction_set: str
    #: single-qubit measurement time, also the physical cycle of physical-level distillation
    measurement_time: int
    #: gate-based: two-qubit gate time; Majorana: two-qubit joint measurement time
    two_qubit_time: int
    t_gate_time: int
    #: gate-based: max of one-/two-qubit gate and idle errors; Majorana: max of the idle error
    #: and the process errors of one- and two-qubit measurements
    clifford_error: float
    #: readout error of a measurement
    readout_error: float
    t_gate_error: float

    @property
    def physical_error_rate(self) -> float:
        """The p of the logical error formula: max(Clifford error, readout error)."""
        return max(self.clifford_error, self.readout_error)


def _gate(name: str, time_ns: int, error: float, t_error: float) -> QubitProfile:
    # Gate-based profiles: 1-qubit gate, 2-qubit gate and T gate all take `time_ns` for the ns
    # profiles (50 ns) while measurement takes 100 ns; the µs profiles take 100 µs for all.
    measurement = 100 if time_ns == 50 else time_ns
    return QubitProfile(name, GATE_BASED, measurement, time_ns, time_ns, error, error, t_error)


def _majorana(name: str, error: float, t_error: float) -> QubitProfile:
    return QubitProfile(name, MAJORANA, 100, 100, 100, error, error, t_error)


#: The named profiles (Beverland et al. Table I; the tool's predefined qubit parameters).
PROFILES: dict[str, QubitProfile] = {p.name: p for p in (
    _gate("qubit_gate_ns_e3", 50, 1e-3, 1e-3),
    _gate("qubit_gate_ns_e4", 50, 1e-4, 1e-4),
    _gate("qubit_gate_us_e3", 100_000, 1e-3, 1e-6),
    _gate("qubit_gate_us_e4", 100_000, 1e-4, 1e-6),
    _majorana("qubit_maj_ns_e4", 1e-4, 0.05),
    _majorana("qubit_maj_ns_e6", 1e-6, 0.01),
)}
DEFAULT_PROFILE = "qubit_gate_ns_e3"


@dataclass(frozen=True)
class QecScheme:
    """A code family: threshold, crossing prefactor, cycle time and footprint per distance."""

    name: str
    threshold: float
    crossing_prefactor: float
    #: logical cycle time = cycle_factor(profile) · d (ns)
    cycle_time_per_distance: int
    #: physical qubits per logical qubit = a·d² + b·(d − 1)
    footprint_square: int
    footprint_linear: int = 0
    max_distance: int = 50

    def physical_qubits(self, d: int) -> int:
        return self.footprint_square * d * d + self.footprint_linear * (d - 1)

    def logical_cycle_time(self, d: int) -> int:
        return self.cycle_time_per_distance * d

    def logical_error_rate(self, profile: QubitProfile, d: int) -> float:
        ratio = profile.physical_error_rate / self.threshold
        return self.crossing_prefactor * ratio ** ((d + 1) // 2)

    def distances(self, lowest: int = 1, highest: int | None = None) -> range:
        """The odd code distances from ``lowest`` up to the scheme's maximum."""
        top = self.max_distance if highest is None else min(highest, self.max_distance)
        return range(lowest, top + 1, 2)

    def needed_distance(self, profile: QubitProfile, required_rate: float) -> int:
        """Smallest odd d with P(d) ≤ required_rate (Beverland et al. Eq. (E2)), uncapped."""
        p = profile.physical_error_rate
        d = math.ceil(2 * math.log(self.crossing_prefactor / required_rate)
                      / math.log(self.threshold / p) - 1)
        return max(d, 1) | 1

    def distance_for(self, profile: QubitProfile, required_rate: float) -> int | None:
        """:meth:`needed_distance`, or None above the scheme's largest distance."""
        d = self.needed_distance(profile, required_rate)
        return d if d <= self.max_distance else None


QEC_NAMES = ("surface_code", "floquet_code")


def qec_scheme(name: str, profile: QubitProfile) -> QecScheme:
    """The QEC scheme ``name`` instantiated for ``profile`` (its cycle time depends on it).

    Gate-based surface code: threshold 1%, a = 0.03, cycle (4·t_2q + 2·t_meas)·d, 2d² qubits
    (Fowler et al. arXiv:1208.0928 Eqs. (11), (13)). Majorana surface code: threshold 0.15%,
    a = 0.08, cycle 20·t_meas·d, 2d² qubits (arXiv:2007.00307 Eq. (1)). Floquet code (Majorana
    only): threshold 1%, a = 0.07, cycle 3·t_meas·d, 4d² + 8(d − 1) qubits (arXiv:2202.11829
    Table 2).
    """
    if name == "surface_code":
        if profile.instruction_set == GATE_BASED:
            cycle = 4 * profile.two_qubit_time + 2 * profile.measurement_time
            scheme = QecScheme(name, 0.01, 0.03, cycle, 2)
        else:
            scheme = QecScheme(name, 0.0015, 0.08, 20 * profile.measurement_time, 2)
    elif name == "floquet_code":
        if profile.instruction_set != MAJORANA:
            raise ParameterError(f"the floquet code needs a Majorana profile, not {profile.name}",
                                 "use qec: surface_code, or a qubit_maj_* profile")
        scheme = QecScheme(name, 0.01, 0.07, 3 * profile.measurement_time, 4, 8)
    else:
        raise ParameterError(f"unknown QEC scheme '{name}'",
                             f"{_closest(name, QEC_NAMES)}use one of {', '.join(QEC_NAMES)}")
    if profile.physical_error_rate >= scheme.threshold:
        raise ParameterError(f"{profile.name} is above the {name} threshold {scheme.threshold}",
                             "choose a profile with lower error rates")
    return scheme


def profile(name: str) -> QubitProfile:
    """The named profile; an unknown name is an error that suggests the closest one."""
    found = PROFILES.get(name)
    if found is None:
        raise ParameterError(f"unknown qubit profile '{name}'",
                             f"{_closest(name, PROFILES)}use one of {', '.join(PROFILES)}")
    return found


def _closest(name: str, choices) -> str:
    close = difflib.get_close_matches(str(name), list(choices), n=1, cutoff=0.5)
    return f"did you mean '{close[0]}'? " if close else ""
