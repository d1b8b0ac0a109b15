"""QLAM primitives through qdl-compile: reports with α, and one-line errors for bad input."""

import json

import pytest

from qdl.compiler.cli import main


def write(tmp_path, text, name="m.yaml"):
    path = tmp_path / name
    path.write_text(text)
    return str(path)


def test_dense_block_encoding_report_and_verification(tmp_path, capsys):
    model = write(tmp_path, "name: be\nprimitive: block_encoding\n"
                            "params:\n  matrix: [[1, 2], [3, 4]]\n")
    assert main([model, "--verify", "--format", "json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["notes"]["alpha"] == pytest.approx(30 ** 0.5)
    assert report["notes"]["ancillas"] == 1
    assert report["verification"][0]["passed"]


def test_matrix_from_npy_beside_the_model(tmp_path, capsys):
    import numpy as np

    np.save(tmp_path / "a.npy", np.array([[1, 1j], [0.5, -1]]))
    model = write(tmp_path, "name: be\nprimitive: block_encoding\n"
                            "params: {variant: lcu_pauli, matrix: a.npy, mu: 2}\n")
    assert main([model, "--verify"]) == 0
    assert "passed" in capsys.readouterr().out


def test_amplitude_estimation_report_says_qubits(tmp_path, capsys):
    model = write(tmp_path, "name: ae\nprimitive: amplitude_estimation\n"
                            "params: {variant: iterative, amplitude: 0.3, epsilon: 0.05}\n")
    assert main([model, "--verify", "--format", "json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["notes"]["qubits_vs_qpe"].startswith("1 vs ")


@pytest.mark.parametrize("params,message", [
    ("primitive: block_encoding\nparams: {matrix: [[1, 2, 3], [4, 5, 6]]}", "must be square"),
    ("primitive: block_encoding\nparams: {matrix: [[1]], size: 4}", "exactly one of"),
    ("primitive: block_encoding\nparams: {matrix: [[0, 0], [0, 0]]}", "matrix is zero"),
    ("primitive: block_encoding\nparams: {variant: lcu_pauli, size: 256}", "lcu_pauli lists"),
    ("primitive: block_encoding\nparams: {variant: lcu_pauli, size: 4, block: 3}",
     "power of two"),
    ("primitive: block_encoding\nparams: {loader: qrom, size: 2048}", "loader rotations"),
    ("primitive: state_prep\nparams: {method: qrom, size: 2097152}", "every table word"),
    ("primitive: block_encoding\nparams: {variant: sparse, size: 4, sparsity: 8}",
     "exceeds the size"),
    ("primitive: block_encoding\nparams: {variant: sparse, size: 65536, sparsity: 2}",
     "table entries"),
    ("primitive: be_sum\nparams: {matrices: [[[1]], [[2]]], weights: [1, 2, 3]}",
     "3 weights for 2"),
    ("primitive: be_product\nparams: {matrices: [[[1, 0], [0, 1]], [[1]]]}", "one shape"),
    ("primitive: amplitude_estimation\nparams: {epsilon: 0.1}", "exactly one of"),
    ("primitive: amplitude_estimation\nparams: {vector: [1, 2, 3]}", "power of two"),
    ("primitive: amplitude_estimation\nparams: {amplitude: 0.2, input: [1, 0]}",
     "'input' goes with 'block_encoding'"),
    ("primitive: amplitude_estimation\nparams: {block_encoding: {matrix: [[1, 2], [3, 4]]},"
     " input: [1, 2, 3]}", "at most 2 entries"),
    ("primitive: inner_product\nparams: {x: [1, 2], y: [1, 2, 3]}", "y has 3"),
    ("primitive: inner_product\nparams: {x: [0, 0], y: [1, 2]}", "zero vector"),
    ("primitive: lcu_heads\nparams: {size: 4}", "give 'heads'"),
])
def test_bad_input_is_one_line_with_file_and_line(tmp_path, capsys, params, message):
    model = write(tmp_path, "name: bad\n" + params + "\n")
    assert main([model]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and message in err and f"{model}:" in err
