"""Every primitive emits in every format, and what is emitted re-loads with the same counts and
the same behaviour on Aer."""

import numpy as np
import pytest

from qdl.circuits.registry import lookup, primitives
from qdl.compiler.cli import main
from qdl.compiler.emit import circuit_for_emit, emit, has_dynamics, load_circuit
from qdl.passes.circuit_count import count_circuit
from qdl.passes.verify import verify_basis

#: A small instance of every registered primitive (a new primitive must add one here).
SMALL = {
    "add": {"bits": 3}, "add_const": {"bits": 3, "value": 5}, "compare": {"bits": 3},
    "ctrl_add": {"bits": 3}, "dot": {"length": 2, "bits": 2, "frac_bits": 1},
    "mac": {"bits": 2, "frac_bits": 1}, "multiply": {"bits": 2, "bits_b": 2},
    "relu": {"bits": 3, "frac_bits": 1}, "square": {"bits": 3}, "sub": {"bits": 3},
    "add/cdkm": {"bits": 3, "variant": "cdkm"},
    "reciprocal": {"bits": 3, "frac_bits": 1, "iterations": 1},
    "inv_sqrt": {"bits": 3, "frac_bits": 1, "iterations": 1},
    "arccos": {"bits": 3, "frac_bits": 1}, "exp": {"bits": 3, "frac_bits": 1},
    "block_encoding": {"matrix": [[0.5, 0.25], [0.25, -0.5]]},
    "matrix_inversion": {"matrix": [[1.0, 0.0], [-0.7, 1.0]], "variant": "dense", "eps": 0.2},
    "be_product": {"size": 2}, "be_sum": {"size": 2}, "lcu_heads": {"size": 2, "heads": 2},
    "heads_dense": {"matrices": [[[0.5, 0.5], [0.5, 0.5]], [[1.0, 0.0], [0.0, 1.0]]]},
    "amplitude_estimation": {"amplitude": 0.3, "variant": "iterative"},
    "inner_product": {"x": [0.6, 0.8], "y": [0.8, 0.6]},
    "qrom": {"word_bits": 2, "data": [1, 3, 0, 2]},
    "select_swap": {"word_bits": 2, "data": [1, 3, 0, 2], "block": 2},
    "qroam_clean": {"word_bits": 2, "data": [1, 3, 0, 2], "block": 2},
    "bucket_brigade": {"address_bits": 2, "word_bits": 1, "data": [1, 0, 0, 1]},
    "state_prep": {"amplitudes": [0.5, 0.5, 0.5, -0.5]},
    "qdac": {"size": 2, "bits": 2},
    "mul_const": {"bits": 3, "frac_bits": 1, "weight": 1.5},
    "dot_const": {"bits": 2, "frac_bits": 1, "weights": [0.5, -1.0]},
    "add_oop": {"bits": 2}, "ctrl_compare": {"bits": 2}, "multiply_reals": {"bits": 2},
    "chebyshev_series": {"bits": 3, "frac_bits": 1, "coefficients": [0.5, 1.0]},
    "dcd_reprepare": {"position_bits": 1, "bits": 3, "frac_bits": 1, "terms": 1},
}


def small_block(name):
    prim = lookup(name.split("/")[0])
    return prim.block(prim.params(**SMALL[name]))


def test_every_registered_primitive_has_a_small_instance_here():
    missing = set(primitives()) - {n.split("/")[0] for n in SMALL}
    assert not missing, f"add small parameters for {sorted(missing)} to SMALL"


@pytest.mark.parametrize("name", sorted(SMALL))
@pytest.mark.parametrize("flatten", [False, True])
def test_qasm3_and_qpy_round_trip_with_equal_counts_and_behaviour(tmp_path, name, flatten):
    block = small_block(name)
    qc = circuit_for_emit(block, flatten)
    for fmt, suffix in (("qasm3", ".qasm"), ("qpy", ".qpy")):
        data = emit(qc, fmt)
        path = tmp_path / f"c{suffix}"
        path.write_bytes(data) if isinstance(data, bytes) else path.write_text(data)
        back = load_circuit(path)
        assert count_circuit(back) == count_circuit(qc) == block.cost() or flatten
        if flatten:  # the flat form expands every AND: same T-count, now as explicit T gates
            assert count_circuit(back).t_count == block.cost().t_count
        if block.reference_kind == "basis":  # same behaviour on Aer
            method, cases, failures = verify_basis(block, back, seed=3, random_cases=4)
            assert not failures, (fmt, failures[:2])


def test_hierarchy_keeps_unitary_blocks_as_named_gates():
    qc = circuit_for_emit(small_block("add/cdkm"), flatten=False)
    text = emit(qc, "qasm3")
    assert "ccx" in text and "OPENQASM 3.0" in text
    mult = circuit_for_emit(lookup("square").block(lookup("square").params(bits=3)), False)
    names = {inst.operation.name for inst in mult.data}
    assert "and" in names  # AND kept as a gate, not a soup of T gates
    assert "t" not in names


def test_flatten_gives_clifford_t_toffoli_only():
    qc = circuit_for_emit(small_block("multiply"), flatten=True)
    allowed = {"h", "x", "s", "sdg", "z", "t", "tdg", "cx", "cz", "ccx", "measure", "reset",
               "if_else", "swap"}
    names = set()
    for inst in qc.data:
        names.add(inst.operation.name)
        for body in getattr(inst.operation, "blocks", ()):
            names |= {i.operation.name for i in body.data}
    assert names <= allowed, names - allowed


def test_qasm2_for_unitary_circuits_and_a_clear_error_for_dynamic_ones(tmp_path, capsys):
    cdkm = circuit_for_emit(small_block("add/cdkm"), flatten=True)
    assert not has_dynamics(cdkm)
    path = tmp_path / "c.qasm"
    path.write_text(emit(cdkm, "qasm2"))
    assert count_circuit(load_circuit(path)) == count_circuit(cdkm)
    model = tmp_path / "m.yaml"
    model.write_text("name: g\nprimitive: add\nparams: {bits: 4}\n")
    assert main([str(model), "--emit", "qasm2"]) == 2
    assert "OpenQASM 2 cannot express" in capsys.readouterr().err


def test_cli_emits_text_to_stdout_and_binary_only_to_a_file(tmp_path, capsys):
    model = tmp_path / "m.yaml"
    model.write_text("name: g\nprimitive: add\nparams: {bits: 3}\n")
    assert main([str(model), "--emit", "text"]) == 0
    assert "anc_0" in capsys.readouterr().out
    assert main([str(model), "--emit", "qpy"]) == 2
    assert "give -o FILE" in capsys.readouterr().err
    out = tmp_path / "g.png"
    assert main([str(model), "--emit", "png", "-o", str(out)]) == 0
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_flatten_without_emit_is_a_usage_error(tmp_path, capsys):
    model = tmp_path / "m.yaml"
    model.write_text("name: g\nprimitive: add\nparams: {bits: 3}\n")
    assert main([str(model), "--flatten"]) == 2
    assert "--flatten applies to --emit" in capsys.readouterr().err


def test_reloaded_flat_circuit_has_the_same_unitary_action():
    from qiskit.quantum_info import Operator

    qc = circuit_for_emit(small_block("add/cdkm"), flatten=True)
    back_text = emit(qc, "qasm3")
    from qiskit import qasm3

    back = qasm3.loads(back_text)
    assert Operator(back).equiv(Operator(qc))
    assert np.isclose(abs(np.trace(Operator(back).data.conj().T @ Operator(qc).data)),
                      2 ** qc.num_qubits)
