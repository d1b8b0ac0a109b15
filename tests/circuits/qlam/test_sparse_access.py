"""Sparse block-encoding by row/column oracles (GSLW 2019, Lemma 48)."""

import numpy as np
import pytest

from qdl.circuits.qlam.program import Program
from qdl.circuits.qlam.sparse_access import index_oracle, ladder_lookup, lookup
from qdl.circuits.registry import lookup as registry_lookup
from qdl.passes.build import build_circuit
from qdl.passes.circuit_count import count_circuit
from qdl.passes.verify import verify_block

PRIM = registry_lookup("block_encoding")


def make(**params):
    return PRIM.block(PRIM.params(**params))


@pytest.mark.parametrize("complex_", [False, True])
def test_sparse_encodes_a_sparse_matrix(complex_):
    a = np.zeros((4, 4), dtype=complex)
    a[0, 1], a[2, 2], a[3, 0], a[1, 3], a[1, 1] = 0.5, -1, 0.3, 0.7, 0.2
    if complex_:
        a[1, 3] = 0.4 - 0.6j
    pairs = np.stack([a.real, a.imag], axis=-1).tolist()
    block = make(variant="sparse", matrix=pairs)
    result = verify_block(block)
    assert result.passed, result.failures
    # row 1 has two nonzeros: s = 2, α = s·max|A_ij| (GSLW 2019, Lemma 48)
    assert block.alpha == pytest.approx(2 * np.abs(a).max())
    assert block.ancillas == 5  # slot a, flag, and the oracles' scratch (2n + 1)


@pytest.mark.slow  # 16 qubits with measured uncomputes: about 2 minutes of Aer
def test_sparse_8x8_banded():
    a = np.zeros((8, 8))
    for i in range(8):
        a[i, i] = 1 + i / 10
        a[i, (i + 1) % 8] = -0.5
    block = make(variant="sparse", matrix=a.tolist())
    assert block.alpha == pytest.approx(2 * 1.7)
    result = verify_block(block)
    assert result.passed, result.failures


def test_index_oracle_permutes_in_place():
    """|x⟩|y⟩ → |f(x, y)⟩|y⟩ for f(x, y) = x + 3y mod 4 (x: 2 bits, y: 1 bit)."""
    prog = Program(3)
    fwd = {y + (x << 1): (x + 3 * y) % 4 for x in range(4) for y in range(2)}
    inv = {y + (((x + 3 * y) % 4) << 1): x for x in range(4) for y in range(2)}
    index_oracle(prog, [0, 1], [2], prog.alloc(2), 4, fwd, inv)
    from qdl.passes.verify import expand_for_aer
    from qdl.passes.verify_unitary import encoded_block

    got, _ = encoded_block(expand_for_aer(prog.circuit()), 8, 8, seed=1)
    for x in range(4):
        for y in range(2):
            assert abs(got[(x + 3 * y) % 4 + (y << 2), x + (y << 2)] - 1) < 1e-9
    assert prog.cost() == count_circuit(prog.circuit())


def test_lookup_is_a_qrom_by_unary_iteration():
    prog = Program(5)
    lookup(prog, [0, 1, 2], [3, 4], 6, {0: 1, 1: 3, 2: 1, 3: 2, 4: 3, 5: 1})
    assert prog.cost().and_ == 6 - 2  # Babbush et al. 2018: N − 2 AND for N distinct neighbours
    # equal neighbouring words (the zeros of a sparse table) share a subtree: fewer ANDs
    prog = Program(5)
    lookup(prog, [0, 1, 2], [3, 4], 6, {1: 3, 4: 2})
    assert prog.cost().and_ < 6 - 2


def test_ladder_lookup_skips_zero_entries():
    prog = Program(4)
    ladder_lookup(prog, [0, 1], [2, 3], {0: 0, 1: 3, 2: 0})
    assert prog.cost().and_ == 1  # one entry, a 2-bit address: one AND


def test_sparse_circuit_is_unitary_on_sys_and_be():
    """Qubitisation applies U to states with be ≠ 0: on the whole of sys ⊗ be the circuit must
    be unitary with every pool ancilla returned to |0⟩ (it was not while the oracles' scratch
    came from the pool: an invalid slot left data in it)."""
    from qdl.passes.build import build_circuit
    from qdl.passes.verify import expand_for_aer
    from qdl.passes.verify_unitary import encoded_block

    # 4×4 with s = 1 < N: slots a ≠ 0 are outside the oracles' tables
    block = make(variant="sparse", matrix=np.diag([1.0, -0.5, 0.25, 0.7]).tolist())
    width = 1 << block.signature.width
    u, _ = encoded_block(expand_for_aer(build_circuit(block)), width, width,
                         seed=3)
    assert np.allclose(u.conj().T @ u, np.eye(width), atol=1e-9)


@pytest.mark.parametrize("complex_", [False, True])
def test_sparsity_three_is_not_padded(complex_):
    """A tridiagonal (periodic) 4×4: s = 3 exactly, α = 3·max|A_ij| (GSLW 2019, Lemma 48),
    where padding the slot register to a power of two would give α = 4·max|A_ij|."""
    a = np.zeros((4, 4), dtype=complex)
    for i in range(4):
        a[i, i], a[i, (i + 1) % 4], a[i, (i - 1) % 4] = 1 + i / 4, -0.5, 0.25
    if complex_:
        a[0, 1] = 0.3 + 0.4j
    block = make(variant="sparse", matrix=np.stack([a.real, a.imag], axis=-1).tolist())
    assert block.alpha == pytest.approx(3 * np.abs(a).max())
    result = verify_block(block)
    assert result.passed, result.failures
    assert block.cost().differences(count_circuit(build_circuit(block))) == {}


def test_size_only_sparsity_five_counts_five_slots():
    block = make(variant="sparse", size=16, sparsity=5)
    assert block.cost().differences(count_circuit(build_circuit(block))) == {}
    # O_A multiplexes RY and RZ over (slot, column): 2^(b+n) angles each, b = ⌈log2 5⌉ = 3
    assert block.cost().rotations >= 2 * (1 << (3 + 4))


@pytest.mark.parametrize("band", [1, 2])
def test_oracle_lookups_are_qroms(band, monkeypatch):
    """Per index oracle a QROM over the N·s (column, slot) words and one over the N² (column,
    row) words, N − 2 AND each (Babbush et al. 2018, §III.A); two oracles. The pattern is a
    band scrambled by j ↦ 3j mod N (no band: the oracles need lookups)."""
    size, s = 16, 2 * band + 1
    a = np.zeros((size, size))
    for i in range(size):
        for k in range(-band, band + 1):
            a[i, (3 * i + k) % size] = 0.1 + ((i * 7 + k) % 5) / 10
    cost = make(variant="sparse", matrix=a.tolist()).cost()
    inverse = min(size * size - 2, (size * s - size) * 7)  # QROM, or 7 AND per nonzero entry
    formula = 2 * ((size * s - 2) + inverse)
    # The formula is for tables read without looking at their words; the DTM QROM skips
    # subtrees of equal words, so the data-aware count can only be lower.
    assert cost.and_ <= formula and cost.toffoli == 0
    import qdl.circuits.qlam.sparse_access as sparse_access

    real_qrom = sparse_access.QROM
    monkeypatch.setattr(sparse_access, "QROM",
                        lambda words, bits, data: real_qrom(words, bits, None))
    # a scaled matrix: same pattern, a new block value, so the memoised cost is not reused
    oblivious = make(variant="sparse", matrix=(a * 1.0001).tolist()).cost()
    assert oblivious.and_ == formula
    assert oblivious.toffoli == 0


@pytest.mark.parametrize("band", [1, 2])
def test_band_oracles_are_adders(band):
    """A periodic band (s = 2w + 1) takes its slots in band order, c(l, j) = j + l − w: each
    oracle is Gidney's adder (n − 1 AND) plus the constant adder for ∓w (n − 2 − j AND, j the
    lowest set bit of w mod 2^n), no lookup and no scratch (n + 1 ancillas)."""
    size, n = 16, 4
    a = np.zeros((size, size))
    for i in range(size):
        for k in range(-band, band + 1):
            a[i, (i + k) % size] = 0.1 + ((i * 7 + k) % 5) / 10
    block = make(variant="sparse", matrix=a.tolist())
    assert block.ancillas == n + 1
    assert block.alpha == pytest.approx((2 * band + 1) * a.max())

    def const_ands(w):
        k = w % size
        return max(0, n - 2 - ((k & -k).bit_length() - 1))

    cost = block.cost()
    assert cost.and_ == 2 * (n - 1) + const_ands(-band) + const_ands(band)
    assert cost.differences(count_circuit(build_circuit(block))) == {}


def test_band_with_zeros_inside_and_no_wraparound():
    """A tridiagonal 8×8 without the corner entries and with a zero on the diagonal: still a
    band of half-width 1 (the missing entries are slots holding 0)."""
    a = np.diag([0.9, 0, 0.5, 0.4, 0.3, 0.2, 0.6, 0.7]) + np.diag([-0.25] * 7, 1) \
        + np.diag([0.35] * 7, -1)
    block = make(variant="sparse", matrix=a.tolist())
    assert block.ancillas == 3 + 1
    result = verify_block(block)
    assert result.passed, result.failures


@pytest.mark.parametrize("kind", ["band", "lookups_complex"])
def test_qrom_loaded_entry_rotation(kind):
    """loader: qrom reads the flag's angle from a lookup over the (slot, column) words (Low,
    Kliuchnikov, Schaeffer 2018, §3): no rotation grows with N, and the circuit encodes Ã, the
    matrix of the b-bit angles, within ‖A − Ã‖ = error of A."""
    a = np.zeros((4, 4), dtype=complex)
    if kind == "band":
        for i in range(4):
            a[i, i], a[i, (i + 1) % 4], a[i, (i - 1) % 4] = 1 + i / 4, -0.5, 0.25
    else:
        a[0, 1], a[2, 2], a[3, 0], a[1, 3], a[1, 1] = 0.5, -1, 0.3, 0.4 - 0.6j, 0.2
    pairs = np.stack([a.real, a.imag], axis=-1).tolist()
    block = make(variant="sparse", matrix=pairs, loader="qrom", angle_bits=6)
    exact = make(variant="sparse", matrix=pairs)
    assert block.alpha == exact.alpha
    assert 0 < block.error < block.alpha * 2 * np.pi / 2 ** 6
    assert np.linalg.norm(block.target() - a, 2) == pytest.approx(block.error)
    result = verify_block(block)
    assert result.passed, result.failures
    if kind == "band":  # real data: the 2^b·N RY multiplexor became a lookup
        assert block.cost().rotations < exact.cost().rotations


def test_size_only_qrom_loader_counts_what_it_builds():
    """Without data the angle lookup loads all-ones words (the DTM worst case); the phases stay
    a multiplexed RZ (size-only counts as complex data)."""
    block = make(variant="sparse", size=8, sparsity=3, loader="qrom", block=1)
    assert block.cost().differences(count_circuit(build_circuit(block))) == {}
    assert block.error == 0.0


def scattered(size: int, s: int, seed: int) -> np.ndarray:
    """s nonzeros per row and column on s random permutations (no band)."""
    rng = np.random.default_rng(seed)
    a = np.zeros((size, size))
    for _ in range(s):
        a[np.arange(size), rng.permutation(size)] += rng.uniform(0.1, 1, size)
    return a


@pytest.mark.parametrize("size,s,loader", [(16, 3, "rotations"), (16, 4, "qrom"),
                                           (32, 2, "rotations")])
def test_lookups_kept_whole_count_like_the_generic_walk(size, s, loader, monkeypatch):
    """The oracles' lookups as single ops (QROM and ladder closed forms, qlam.calls) against
    the same program recorded gate by gate and walked: every count equal, but the Cliffords
    of the syncs around each call; depths never lower and at most two layers more per call
    (a sync waits for every wire, where the gate-level walk starts a lookup while the last
    wires of the previous one finish, and it raises the call's fresh AND flags to the
    critical-path level L: its first AND ends at L + 2, at L + 1 with the flag at 0); and
    equal to the circuit they build."""
    import qdl.circuits.qlam.sparse_access as sparse_access
    from qdl.circuits.block import clear_cost_cache
    from qdl.circuits.qlam.program import _PROGRAMS

    a = scattered(size, s, size + s)
    monkeypatch.setattr(sparse_access, "CALL_WORDS", 1 << 30)  # the generic walk
    generic = make(variant="sparse", matrix=a.tolist(), loader=loader)
    walked = generic.cost()
    assert not opaque_calls(generic.program())
    monkeypatch.setattr(sparse_access, "CALL_WORDS", 2)
    _PROGRAMS.clear()  # the same block value, recorded again with whole lookups
    clear_cost_cache()
    fast = make(variant="sparse", matrix=a.tolist(), loader=loader)
    calls = opaque_calls(fast.program())
    assert len(calls) >= 3
    counted = fast.cost()
    syncs = sync_cliffords(fast.program())
    assert counted.clifford == walked.clifford + syncs
    for key in ("t_count", "t", "toffoli", "and_", "rotations", "measurements", "qubits"):
        assert getattr(counted, key) == getattr(walked, key), key
    for key in ("t_depth", "toffoli_depth", "rotation_depth"):
        assert 0 <= getattr(counted, key) - getattr(walked, key) <= 2 * len(calls), key
    assert counted.differences(count_circuit(build_circuit(fast))) == {}


def test_whole_lookups_on_aer(monkeypatch):
    """The 4×4 instance above with every lookup kept whole: the same encoded matrix."""
    import qdl.circuits.qlam.sparse_access as sparse_access

    monkeypatch.setattr(sparse_access, "CALL_WORDS", 2)
    a = np.zeros((4, 4))
    a[0, 1], a[2, 2], a[3, 0], a[1, 3], a[1, 1] = 0.5, -1, 0.3, 0.7, 0.2
    block = make(variant="sparse", matrix=(a * 0.999).tolist())
    assert opaque_calls(block.program())
    result = verify_block(block)
    assert result.passed, result.failures


def opaque_calls(prog) -> list:
    """The program's calls kept whole (blocks without a per-wire rule, qlam.calls)."""
    from qdl.circuits.compose import Call

    return [op for op in prog.ops if isinstance(op, Call)
            and not hasattr(op.block, "wire_levels")]


def sync_cliffords(prog) -> int:
    """The CZs of the Syncs that bracket those calls (per-wire schedule, compose_wires)."""
    from qdl.circuits import compose_wires
    from qdl.circuits.compose import Sync

    tally = compose_wires.tally(prog.ops, [("q", prog.width)])
    return sum(2 * (b.bits - 1) * m for b, m in tally.children.items() if isinstance(b, Sync))
