"""--sweep for primitives and other non-network kinds (qdl.compiler.sweep_any)."""

import pytest

import qdl
from qdl.compiler.sweep_any import parse
from qdl.errors import UsageError


def test_parse():
    assert parse("bits=8,16") == ("bits", [8, 16]) and parse("x=0.5,1")[1] == [0.5, 1]
    for bad in ("bits", "bits=8", "=1,2", "bits=a,b"):
        with pytest.raises(UsageError):
            parse(bad)


def test_a_parameter_left_at_its_default_can_be_swept():
    report = qdl.compile({"name": "cmp", "primitive": "compare", "params": {"bits": 4}},
                         sweep="bits=4,8,16")
    rows = report.sections["sweep"]["tables"][0]["rows"]
    assert [r[0] for r in rows] == [4, 8, 16]
    assert [r[2] for r in rows] == [qdl.cost("compare", bits=n).t_count for n in (4, 8, 16)]


def test_a_value_the_model_cannot_take_is_refused_before_any_work():
    with pytest.raises(UsageError, match=r"--sweep bits=0: .*greater than or equal to 1"):
        qdl.compile({"name": "a", "primitive": "add", "params": {"bits": 4}}, sweep="bits=4,0")
