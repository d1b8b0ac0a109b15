"""Issue 21's representative failures, one test per class: each is a located one-line error
(exit 2), never a traceback, a hang or a report with inf."""

import os
import time
from pathlib import Path

import pytest

from qdl.compiler.cli import main

ROOT = Path(__file__).resolve().parents[2]
TRAINING = (ROOT / "examples" / "sparse_training_7m.yaml").read_text()
BOMB = "".join(f"{c}: &{c} [{', '.join([f'*{p}'] * 9) if p else 'x, x, x, x, x, x, x, x, x'}]\n"
               for p, c in zip([""] + list("abcdefgh"), "abcdefghi"))


def _run(tmp_path, capsys, text, *argv):
    path = tmp_path / "m.yaml"
    path.write_text(text, encoding="utf-8")
    start = time.process_time()
    code = main([str(path), *argv])
    assert time.process_time() - start < 5
    err = capsys.readouterr().err
    return code, err


@pytest.mark.parametrize("text, line, words", [
    ("name: x\nprimitive: add\nparams: {bits: true}\n", 3, "true/false is not a number"),
    ("name: x\nprimitive: add\nparams: {bits: 8, rotation_eps: 'nan'}\n", 3, "finite number"),
    ("name: x\nprimitive: add\nparams:\n  bits: 1" + "0" * 400 + "\n", 4, "an integer of 401 digits"),
    ("name: x\nprimitive: add\nparams: {bits: !!int abc}\n", 3, "cannot read 'abc' as int"),
    ("name: x\nreadout: {protocol: dcd, size: 64, rank: 8, epsilon: .inf}\n", 2, "not a finite"),
    ("name: x\nreadout: {protocol: dcd, size: 64, rank: 8, epsilon: 1000}\n", 2, "less than 1"),
    ("name: c\nlogical_counts: {qubits: 10, rotations: 3, rotation_depth: 5}\n", 2,
     "rotation_depth 5 is larger than the 3 rotations"),
    ("name: q\nqram_noise:\n  extrapolate_to: [-5]\n", 3, "greater than or equal to 1"),
    (TRAINING.replace("layer_seconds: 1.0e-5", "layer_seconds: 1.0e-300"), 30,
     "use a value at least 1e-12"),
    (TRAINING.replace("classical_flops: 1.0e15", "classical_flops: 1.0e+308"), 31,
     "(got 1e+308)"),
    ("name: x\nprimitive: add\nparams: {bits: 16777217, variant: lookahead}\n", 3,
     "less than or equal to 16777216"),
    ("name: x\nprimitive: dot\nparams: {bits: 8, length: 1048577}\n", 3, "less than or equal"),
    # campaign of issue 21's close: an internal error (exit 3) when the block was made
    ("name: x\nprimitive: qdac\nparams: {size: 4, bits: 1, signed: true}\n", 3,
     "a signed conversion needs bits ≥ 2"),
    (BOMB, 6, "expands to more than 200,000 values"),
    ("[" * 5000 + "\n", 1, "nested more than 64 levels deep"),
    ("name: x\x00\n", 1, "is not allowed in YAML"),
])
def test_absurd_values_are_located_errors(tmp_path, capsys, text, line, words):
    code, err = _run(tmp_path, capsys, text)
    assert code == 2 and err.count("\n") == 1
    assert err.startswith(f"error: {tmp_path / 'm.yaml'}:{line}: ") and words in err


def test_echoed_names_are_escaped_and_bounded(tmp_path, capsys):
    code, err = _run(tmp_path, capsys, "name: x\nprimitive: \"\\e[31mred\\nline\"\n")
    assert code == 2 and err.count("\n") == 1 and "\x1b" not in err and "\\x1b[31mred\\n" in err
    code, err = _run(tmp_path, capsys, "name: x\nprimitive: " + "p" * 50_000 + "\n")
    assert code == 2 and err.count("\n") == 1 and len(err) < 1000 and "ppp" in err


def test_a_fifo_model_is_refused_without_blocking(tmp_path, capsys):
    fifo = tmp_path / "m.yaml"
    os.mkfifo(fifo)
    assert main([str(fifo)]) == 2
    assert "named pipe (FIFO), not a regular file" in capsys.readouterr().err


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom"])
def test_a_device_as_a_data_table_is_refused(tmp_path, capsys, device):
    (tmp_path / "t.csv").symlink_to(device)
    code, err = _run(tmp_path, capsys, "name: q\nprimitive: qrom\nparams: {word_bits: 4, "
                                       "data: t.csv}\n")
    assert code == 2 and "character device" in err and err.count("\n") == 1


@pytest.mark.parametrize("content, words", [
    (b"", "not a NumPy .npy array"),
    (b"PK\x03\x04 an npz", "not a NumPy .npy array"),
    (b"\x93NUMPY\x01\x00\xff\xff" + b" " * 70000, "not a NumPy .npy array"),
])
def test_bad_npy_tables(tmp_path, capsys, content, words):
    (tmp_path / "t.npy").write_bytes(content)
    code, err = _run(tmp_path, capsys, "name: q\nprimitive: qrom\nparams: {word_bits: 4, "
                                       "data: t.npy}\n")
    assert code == 2 and words in err and err.count("\n") == 1


def test_text_npy_table(tmp_path, capsys):
    import numpy as np

    np.save(tmp_path / "t.npy", np.array(["a", "b"]))
    code, err = _run(tmp_path, capsys, "name: q\nprimitive: qrom\nparams: {word_bits: 4, "
                                       "data: t.npy}\n")
    assert code == 2 and "holds <U1 values, not numbers" in err


@pytest.mark.parametrize("values", ["bits=4,inf", "bits=4,1e400", "height=4,nan"])
def test_sweep_values_must_be_finite(capsys, values):
    assert main([str(ROOT / "examples" / "tiny_attention.yaml"), "--sweep", values]) == 2
    assert "positive, finite values" in capsys.readouterr().err


def test_qasm_definition_bomb_and_empty_program(tmp_path, capsys):
    bomb = tmp_path / "b.qasm"
    bomb.write_text('OPENQASM 2.0;\ninclude "qelib1.inc";\nqreg q[1];\ngate g0 a { t a; t a; }\n'
                    + "".join(f"gate g{i} a {{ g{i-1} a; g{i-1} a; }}\n" for i in range(1, 40))
                    + "g39 q[0];\n")
    start = time.process_time()
    assert main(["--input", str(bomb)]) == 2
    assert time.process_time() - start < 2
    assert "the limit qasm_gates" in capsys.readouterr().err
    empty = tmp_path / "e.qasm"
    empty.write_text("")
    assert main(["--input", str(empty)]) == 2
    assert "declares no qubits" in capsys.readouterr().err
    huge = tmp_path / "h.qasm"
    huge.write_text("OPENQASM 2.0;\nqreg q[99999999999];\n")
    assert main(["--input", str(huge)]) == 2
    assert "cannot build the circuit" in capsys.readouterr().err


def test_sweep_of_a_circuit_input_is_refused(tmp_path, capsys):
    # it was ignored (exit 0), echoing the non-finite value in the report's command line
    qasm = tmp_path / "c.qasm"
    qasm.write_text('OPENQASM 2.0;\ninclude "qelib1.inc";\nqreg q[3];\nccx q[0],q[1],q[2];\n')
    assert main(["--input", str(qasm), "--sweep", "bits=8,inf"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "--sweep applies to model files" in err
