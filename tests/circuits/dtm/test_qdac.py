"""Digital-to-amplitude conversion: comparator, per-input output state, end to end on Aer."""

import numpy as np
import pytest
from qiskit_aer import AerSimulator

from qdl.circuits.block import Register, Signature
from qdl.circuits.builder import Builder, build_signature_wires
from qdl.circuits.dtm.qdac import DigitalToAmplitude, LessThan
from qdl.circuits.dtm.qrom import QROM
from qdl.circuits.registry import lookup
from qdl.passes.verify import expand_for_aer, verify_block


@pytest.mark.parametrize("bits", [1, 2, 3, 4])
def test_comparator_and_conversion_verify(bits):
    for block in (LessThan(bits), DigitalToAmplitude(bits)):
        result = verify_block(block)
        assert result.passed, result.failures


@pytest.mark.parametrize("bits", [1, 8, 64])
def test_formulas(bits):
    cost = DigitalToAmplitude(bits).cost()
    assert cost.t_count == 4 * bits and cost.measurements == bits
    assert cost.t_depth == bits + 1 and cost.qubits == 3 * bits + 1


@pytest.mark.parametrize("y", [[3, 1, 0, 2], [1, 7, 7, 4, 0, 2, 5, 6]])
def test_loaded_register_becomes_amplitudes_with_the_stated_success(y):
    bits = 3 if max(y) > 3 else 2
    n = (len(y) - 1).bit_length()
    regs = Signature([Register("index", n), Register("y", bits), Register("m", bits),
                      Register("flag", 1)])
    bb = Builder()
    w = build_signature_wires(bb, regs)
    lookup_y = QROM(len(y), bits, tuple(y))
    for q in w["index"]:
        bb.h(q)
    bb.call(lookup_y, address=w["index"], target=w["y"])
    bb.call(DigitalToAmplitude(bits), y=w["y"], m=w["m"], flag=w["flag"])
    bb.call(lookup_y, address=w["index"], target=w["y"])  # XOR again: unload y
    qc = expand_for_aer(bb.to_circuit(regs, w))
    qc.save_statevector()
    state = np.asarray(AerSimulator(method="statevector").run(qc, shots=1, seed_simulator=3)
                       .result().get_statevector())
    flag_bit = 1 << (n + 2 * bits)
    success = state[flag_bit:flag_bit + len(y)]  # flag = 1, y = m = 0, ancillas 0
    amplitude = np.linalg.norm(success)
    assert amplitude == pytest.approx(DigitalToAmplitude.success_amplitude(y, bits), abs=1e-9)
    want = np.array(y, float) / np.linalg.norm(y)
    assert abs(np.vdot(want, success / amplitude)) ** 2 > 1 - 1e-9


def test_primitive():
    prim = lookup("qdac")
    assert prim.block(prim.params(size=16, bits=4)) == DigitalToAmplitude(4)


@pytest.mark.parametrize("bits", [2, 3, 4])
def test_signed_conversion_verifies(bits):
    result = verify_block(DigitalToAmplitude(bits, signed=True))
    assert result.passed, result.failures


@pytest.mark.parametrize("bits", [2, 8, 64])
def test_signed_formulas(bits):
    cost = DigitalToAmplitude(bits, signed=True).cost()
    assert cost.t_count == 4 * (bits - 1) and cost.t_depth == bits
    assert cost.qubits == 3 * bits - 1


def test_negative_values_get_negative_amplitudes():
    """−1 in 4 bits is amplitude −1/8 (unsigned conversion would give +15/16)."""
    y = [-1, 3, -8, 7]
    bits, n = 4, 2
    regs = Signature([Register("index", n), Register("y", bits), Register("m", bits - 1),
                      Register("flag", 1)])
    bb = Builder()
    w = build_signature_wires(bb, regs)
    lookup_y = QROM(len(y), bits, tuple(v % 16 for v in y))
    for q in w["index"]:
        bb.h(q)
    bb.call(lookup_y, address=w["index"], target=w["y"])
    bb.call(DigitalToAmplitude(bits, signed=True), y=w["y"], m=w["m"], flag=w["flag"])
    bb.call(lookup_y, address=w["index"], target=w["y"])
    qc = expand_for_aer(bb.to_circuit(regs, w))
    qc.save_statevector()
    state = np.asarray(AerSimulator(method="statevector").run(qc, shots=1, seed_simulator=3)
                       .result().get_statevector())
    flag_bit = 1 << (n + 2 * bits - 1)
    success = state[flag_bit:flag_bit + len(y)]
    assert np.allclose(success, np.array(y) / (2 * 8), atol=1e-9)
    assert np.linalg.norm(success) == pytest.approx(
        DigitalToAmplitude.success_amplitude(y, bits, signed=True), abs=1e-12)
