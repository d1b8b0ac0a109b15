import pytest

from qdl.circuits.cost import REPORT_FIELDS, Cost, rotation_t_count


def test_t_count_uses_four_t_per_toffoli_and_and():
    c = Cost(t=3, toffoli=2, and_=5, rotation_t=100)
    assert c.t_count == 3 + 8 + 20  # rotation T is kept apart


def test_sequential_composition_adds_counts_and_depths_and_takes_peak_width():
    a = Cost(qubits=5, t=4, t_depth=2, toffoli_depth=1, measurements=1)
    b = Cost(qubits=9, t=1, t_depth=1, clifford=7)
    s = a + b
    assert (s.qubits, s.t, s.t_depth, s.toffoli_depth, s.clifford, s.measurements) == (9, 5, 3, 1, 7, 1)


def test_repetition_scales_counts_and_depths_not_width():
    c = Cost(qubits=7, and_=3, t_depth=4) * 10
    assert (c.qubits, c.and_, c.t_depth) == (7, 30, 40)
    assert Cost(qubits=7, t=1) * 0 == Cost()


def test_dict_round_trip_names_and_field():
    c = Cost(qubits=1, and_=2, t=3)
    d = c.as_dict()
    assert d["and"] == 2 and "and_" not in d and d["t_count"] == 11
    assert Cost.from_dict(d) == c
    assert set(REPORT_FIELDS) == set(d)


def test_counts_are_exact_beyond_floating_point():
    big = Cost(t=10**18 + 1) * 10**6
    assert big.t == 10**24 + 10**6


def test_differences_lists_disagreeing_fields():
    assert Cost(t=1, qubits=2).differences(Cost(t=1, qubits=3)) == {"qubits": (2, 3)}


@pytest.mark.parametrize("eps, expected", [(1e-3, 30), (1e-6, 60), (0.5, 3)])
def test_rotation_t_count_is_ross_selinger_leading_term(eps, expected):
    assert rotation_t_count(eps) == expected


def test_rotation_t_count_rejects_bad_precision():
    with pytest.raises(ValueError):
        rotation_t_count(0.0)


def test_signature_lookup_by_name_on_wide_signatures():
    """Signatures of thousands of registers index their names on first lookup; the answer
    is the scan's (the first register of that name) and unknown names raise KeyError."""
    from qdl.circuits.block import Register, Signature

    regs = [Register(f"x{i}", 2) for i in range(100)] + [Register("y", 5), Register("y", 7)]
    wide, narrow = Signature(regs), Signature(regs[-4:])
    for sig in (wide, narrow):
        assert sig["y"].width == 5 and sig["x99"].width == 2 and sig[-1].width == 7
        with pytest.raises(KeyError):
            sig["z"]


def test_a_labelled_stage_reuses_its_unlabelled_copy_s_cost():
    """Block.cost keys the counts by count_key(): a stage counted unlabelled is not counted
    again under a label, and both get one Cost."""
    from dataclasses import replace

    from qdl.circuits.block import clear_cost_cache
    from qdl.estimators.network.stage import StageCircuit

    stage = StageCircuit("", 2, (("acc", 4),), (), "acc")
    clear_cost_cache()
    bare = stage.cost()
    assert replace(stage, label="layer1.conv").cost() is bare
