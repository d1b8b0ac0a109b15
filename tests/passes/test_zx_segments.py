"""PyZX teleportation between measurements (passes/zx_segments.py): with a declared clean
ancilla the AND pass leaves a measured uncompute, the whole-circuit ZX pass declines the
non-unitary circuit, and level 3 used to stop at phase folding (mod5_4 + one AND: 20 T); the
segment pass teleports the unitary part (10 T), proves each replaced segment, and the
end-to-end check of the measured circuit is sampled and says so."""

from pathlib import Path

import pytest
from qiskit import QuantumCircuit
from qiskit.circuit import AncillaRegister

import qdl.passes.zx_segments as zx_segments_module
from qdl.compiler.circuit_input import load_circuit
from qdl.passes.equivalence import check_equivalent
from qdl.passes.optimize import optimize_circuit
from qdl.passes.zx_segments import zx_segments

SUITE = Path(__file__).parents[2] / "benchmarks" / "tpar"


def _mod5_4_with_an_and() -> QuantumCircuit:
    qc = load_circuit(str(SUITE / "mod5_4.qasm"))
    anc = AncillaRegister(1, "anc")
    qc.add_register(anc)
    qc.ccx(0, 1, anc[0])  # into a clean ancilla: an AND
    qc.cx(anc[0], 2)
    qc.ccx(0, 1, anc[0])  # undoes it: a measured uncompute
    return qc


def test_level_3_teleports_between_measurements_and_proves_each_segment():
    pytest.importorskip("pyzx")
    qc = _mod5_4_with_an_and()
    opt = optimize_circuit(qc, 3)
    steps = {s.name: s for s in opt.steps}
    assert not steps["ZXTCountReduction"].after.t_count < steps["ZXTCountReduction"].before.t_count
    step = steps["ZXSegments"]
    assert step.kept and (step.before.t_count, step.after.t_count) == (20, 10)
    assert opt.after.measurements == 1 and opt.after.and_ == 0
    shown = next(p for p in opt.section()["passes"] if p["pass"] == "ZXSegments")
    assert "proved equal to its segment" in shown["proof"]
    check = check_equivalent(qc, opt.circuit, random_cases=6)
    assert check.status == "passed" and "sampled, not a proof" in check.method


def test_an_unproved_segment_is_not_replaced(monkeypatch):
    pytest.importorskip("pyzx")
    qc = _mod5_4_with_an_and()
    folded = optimize_circuit(qc, 2).circuit
    monkeypatch.setattr(zx_segments_module, "pathsum_compare", lambda a, b: "undecided")
    out, proof = zx_segments(folded)
    assert out is folded and proof is None


def test_unitary_circuits_are_left_to_the_whole_circuit_pass():
    qc = load_circuit(str(SUITE / "mod5_4.qasm"))
    assert zx_segments(qc) == (qc, None)
