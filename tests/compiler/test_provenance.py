"""qdl.compiler.provenance: where a report came from, and exact strings for huge integers."""

from qdl.compiler.provenance import SAFE_INTEGER, exact_integers, provenance


def test_exact_integers_by_json_pointer():
    data = {"totals": {"t_count": 2**60, "qubits": 5}, "rows": [[1, -(2**54)]],
            "a/b": {"~": 2**53}, "flag": True}
    assert exact_integers(data) == {"/totals/t_count": str(2**60), "/rows/0/1": str(-(2**54)),
                                    "/a~1b/~0": str(2**53)}
    assert exact_integers({"x": SAFE_INTEGER}) == {}


def test_a_dict_model_is_hashed_canonically():
    a = provenance("qdl.compile(<dict>)", {"name": "m", "primitive": "add"})
    b = provenance("qdl.compile(<dict>)", {"primitive": "add", "name": "m"})
    assert a["input"]["sha256"] == b["input"]["sha256"] and a["input"]["path"] is None
    assert provenance("x", None)["input"] is None
