"""The last check before rendering: no report holds a non-finite number."""

import math

import numpy as np
import pytest

from qdl.circuits.cost import Cost
from qdl.compiler.finite import check_finite, nonfinite_path
from qdl.compiler.report import Layer, Report
from qdl.errors import QdlError


def test_nonfinite_path_finds_the_first_bad_number():
    assert nonfinite_path({"a": [1, 2.5, {"b": 3}]}) is None
    assert nonfinite_path({"a": [1, {"b": math.inf}]}) == ("a", 1, "b")
    assert nonfinite_path({"x": np.array([1.0, np.nan])}) == ("x", 1)
    assert nonfinite_path({"z": complex(1, math.inf)}) == ("z",)


def test_a_report_with_inf_is_refused_with_its_place():
    report = Report("m", "primitive", [Layer("l", "B", {"eps": 0.1}, Cost(qubits=2, t=4))])
    check_finite(report, "m.yaml")
    report.sections["training"] = {"verdict": {"break_even": math.inf}}
    with pytest.raises(QdlError, match="not a finite number at training.verdict.break_even"):
        check_finite(report, "m.yaml")
