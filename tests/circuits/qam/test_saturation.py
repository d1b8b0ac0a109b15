"""The saturating copy: hierarchy == built circuit on every field, Aer == clamp on every
signed input (both ends), the uncompute returns every register to 0, the cost formula."""

from dataclasses import dataclass

import pytest

from qdl.circuits.block import Register, Role, Signature
from qdl.circuits.compose import Alloc, Composite, Free, call
from qdl.circuits.qam.saturation import Saturate, saturate
from qdl.passes.build import build_circuit
from qdl.passes.circuit_count import count_circuit
from qdl.passes.verify import verify_block

SIZES = [(3, 2), (4, 2), (5, 3), (6, 3), (7, 4)]


@pytest.mark.parametrize("width,bits", SIZES)
@pytest.mark.parametrize("uncompute", [False, True])
def test_hierarchy_equals_the_built_circuit(width, bits, uncompute):
    block = Saturate(width, bits, uncompute)
    assert block.cost().differences(count_circuit(build_circuit(block))) == {}


@pytest.mark.parametrize("width,bits", SIZES)
def test_cost_formula(width, bits):
    g = width - bits
    compute, undo = Saturate(width, bits).cost(), Saturate(width, bits, True).cost()
    assert compute.and_ == g + bits - 1 and compute.t == compute.toffoli == 0
    assert undo.and_ == g
    assert compute.measurements == g  # the comparator's carries
    assert undo.measurements == g + bits - 1  # and the copy's measured uncompute


def test_clamp_reference_at_both_ends():
    assert [saturate(v, 3) for v in range(-9, 9)] == [-4] * 6 + list(range(-3, 4)) + [3] * 5
    block = Saturate(5, 3)
    got = {x: block.reference(x=x, t=0, o=0) for x in range(32)}
    assert got[0b01111]["t"] == 0b011 and got[0b01111]["o"] == 1  # 15 → 3
    assert got[0b10000]["t"] == 0b100 and got[0b10000]["o"] == 1  # −16 → −4
    assert got[0b11100]["t"] == 0b100 and got[0b11100]["o"] == 0  # −4 fits
    assert got[0b00011]["t"] == 0b011 and got[0b00011]["o"] == 0  # 3 fits


def test_verify_block_on_aer():
    """The generic check (exhaustive at 4 bits, phases included) of both directions."""
    for block in (Saturate(4, 2), Saturate(4, 2, True)):
        result = verify_block(block)
        assert result.passed, result.failures
        assert result.cases == 16


@dataclass(frozen=True)
class RoundTrip(Composite):
    """|x⟩ → |x⟩ with the saturated copy and its flag computed and uncomputed on fresh
    registers; the ``half`` form keeps them as outputs."""

    width: int
    bits: int
    half: bool = False
    name = "round_trip"

    @property
    def signature(self):
        regs = [Register("x", self.width)]
        if self.half:
            regs += [Register("t", self.bits, Role.OUTPUT), Register("o", 1, Role.OUTPUT)]
        return Signature(regs)

    def ops(self):
        sat, b = Saturate(self.width, self.bits), self.bits
        calls = [call(sat, x=("x", 0, self.width), t=("t", 0, b), o=("o", 0, 1))]
        if self.half:
            return calls
        calls.append(call(sat.inverted(), x=("x", 0, self.width), t=("t", 0, b), o=("o", 0, 1)))
        return [Alloc("t", b), Alloc("o", 1), *calls, Free("o", 1), Free("t", b)]


@pytest.mark.parametrize("width,bits", [(5, 3), (6, 3), (6, 4)])
def test_aer_equals_the_clamp_on_every_signed_input(width, bits):
    """Every w-bit pattern on Aer (in range, above, below): the copy is sat_b(x), the flag
    says whether it clamped, and compute + uncompute leaves t, o and every ancilla at 0."""
    from qdl.passes.verify import expand_for_aer, run_basis_cases

    cases = [{"x": x} for x in range(1 << width)]
    half = RoundTrip(width, bits, half=True)
    got = run_basis_cases(half, expand_for_aer(build_circuit(half)), cases, seed=3)
    clamped = set()
    for x, (regs, dirty) in enumerate(got):
        value = x - (1 << width) if x >> (width - 1) else x
        want = saturate(value, bits)
        assert not dirty and regs["x"] == x
        assert regs["t"] == want % (1 << bits) and regs["o"] == int(want != value), x
        clamped.add(want if want != value else None)
    assert clamped == {None, -(1 << (bits - 1)), (1 << (bits - 1)) - 1}  # both ends reached
    trip = RoundTrip(width, bits)
    assert trip.cost().differences(count_circuit(build_circuit(trip))) == {}
    back = run_basis_cases(trip, expand_for_aer(build_circuit(trip)), cases, seed=4)
    assert all(regs["x"] == x and not dirty for x, (regs, dirty) in enumerate(back))


def test_refuses_a_copy_as_wide_as_the_source():
    with pytest.raises(ValueError, match="bits < width"):
        Saturate(4, 4)
