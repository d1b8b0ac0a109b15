"""Resource guards: too-large requests are refused at once with the estimate and the limit."""

import time

import pytest

from qdl.compiler.cli import main

ADD = "name: a\nprimitive: add\nparams: {{bits: {bits}}}\ninputs: {{a: 1, b: 2}}\n"


@pytest.fixture(scope="module", autouse=True)
def _libraries_imported():
    """Time the refusal, not the first import of Qiskit and Aer in this process (about 1 s of
    CPU, paid by whichever test comes first)."""
    import qiskit  # noqa: F401
    import qiskit_aer  # noqa: F401

    import qdl.passes.build  # noqa: F401
    import qdl.passes.simulate  # noqa: F401
    from qdl.compiler.model import kinds

    kinds()  # every model kind's module (scipy among them), also paid by the first test


def _model(tmp_path, bits):
    path = tmp_path / "m.yaml"
    path.write_text(ADD.format(bits=bits))
    return str(path)


@pytest.mark.parametrize("bits, argv, words", [
    (8, ["--simulate", "--shots", "1000000000"], "the limit shots is 1,000,000"),
    (64, ["--simulate"], "the limit sim_work"),
    (8, ["--simulate", "--noise", "depolarizing:1"], "with noise is too large"),
    (64, ["--simulate", "--method", "statevector"], "the limit sim_memory_mb"),
    # 1,199 qubits: 16·2^1199 bytes is past a float (it raised OverflowError, exit 3)
    (400, ["--simulate", "--method", "statevector"], "beyond 1e300, the limit sim_memory_mb"),
    (400, ["--simulate", "--method", "density_matrix"], "beyond 1e300"),
    (8, ["--simulate", "--method", "stabilizer"], "Clifford circuits only"),
    (64, ["--emit", "text"], "the limit draw_text_cells"),
    (16, ["--emit", "png", "-o", "c.png"], "the limit draw_png_cells"),
    (100000, ["--emit", "text"], "the limit draw_text_cells"),
    (4096, ["--verify"], "the limit verify_gate_cases"),
    (4096, ["--optimize", "2"], "the limit optimize_gates"),
])
def test_refusals_are_fast_one_line_and_name_the_limit(tmp_path, capsys, monkeypatch, bits,
                                                      argv, words):
    monkeypatch.chdir(tmp_path)
    start = time.process_time()
    assert main([_model(tmp_path, bits), *argv]) == 2
    assert time.process_time() - start < 1.0
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and words in err
    assert "--limit" in err or "the limit" not in words
    assert sorted(p.name for p in tmp_path.iterdir()) == ["m.yaml"]


def test_a_raised_limit_lets_the_run_through(tmp_path, capsys):
    assert main([_model(tmp_path, 2), "--simulate", "--shots", "20",
                 "--limit", "shots=10"]) == 2
    assert main([_model(tmp_path, 2), "--simulate", "--shots", "20",
                 "--limit", "shots=100"]) == 0


@pytest.mark.parametrize("argv, words", [
    (["--simulate", "--seed", "1" + "0" * 30], "--seed"),
    (["--simulate", "--shots", "-3"], "--shots"),
    (["--error-budget", "nan"], "--error-budget"),
    (["--error-budget", "inf"], "--error-budget"),
    (["--optimize", "3", "--qubit-budget", "-5"], "--qubit-budget"),
    (["--simulate", "--aer-option", "fusion_enable=["], "--aer-option"),
    (["--limit", "shots=0"], "--limit shots"),
])
def test_numeric_options_are_checked(tmp_path, capsys, argv, words):
    assert main([_model(tmp_path, 4), *argv]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and words in err


def test_a_noise_study_too_long_is_refused_at_its_line(tmp_path, capsys):
    path = tmp_path / "q.yaml"
    path.write_text("name: q\nqram_noise:\n  address_bits: [5, 6, 7]\n  trajectories: 100000\n")
    start = time.process_time()
    assert main([str(path)]) == 2
    assert time.process_time() - start < 1.0
    err = capsys.readouterr().err
    assert err.startswith(f"error: {path}:2: ") and "the limit qram_noise_work" in err


def test_simulation_estimate_comes_before_verification(tmp_path, capsys, monkeypatch):
    # the fuzz campaign's --simulate --verify on a 64-bit adder verified on Aer for a minute,
    # then refused the simulation: the estimates now run as soon as the block exists
    import qdl.passes.verify

    def never(*_, **__):
        raise AssertionError("verification ran before the simulation was refused")

    monkeypatch.setattr(qdl.passes.verify, "verify_block", never)
    model = tmp_path / "m.yaml"
    model.write_text("name: a\nprimitive: add\nparams: {bits: 64}\n")
    assert main([str(model), "--simulate", "--verify", "-o", str(tmp_path / "r.txt")]) == 2
    err = capsys.readouterr().err
    assert "the limit sim_work" in err and err.count("\n") == 1
    assert not (tmp_path / "r.txt").exists()


def test_unknown_physical_profile_comes_before_verification(tmp_path, capsys, monkeypatch):
    # campaign: `--physical nope --verify` ran the verification past its CPU bound first
    import qdl.passes.verify

    monkeypatch.setattr(qdl.passes.verify, "verify_block", lambda *_, **__: 1 / 0)
    assert main([_model(tmp_path, 8), "--physical", "nope", "--verify"]) == 2
    err = capsys.readouterr().err
    assert "unknown qubit profile 'nope'" in err and err.count("\n") == 1


def test_statevector_verification_past_a_float_is_refused():
    """The training check's statevector guard on a state too large for a float: refused with
    the limit, not an OverflowError."""
    from qdl.circuits.cost import Cost
    from qdl.compiler.guards import check_statevector_verification
    from qdl.errors import UsageError

    with pytest.raises(UsageError, match="beyond 1e300"):
        check_statevector_verification(Cost(qubits=1500, clifford=10), "the solver")


def test_an_aer_option_of_the_wrong_type_is_a_usage_error(tmp_path, capsys, monkeypatch):
    """Aer checks an option's value type only when it runs (TypeError, which was exit 3):
    a one-line refusal, exit 2 (found by the slow fuzz campaign)."""
    monkeypatch.chdir(tmp_path)
    argv = [_model(tmp_path, 4), "--simulate", "--aer-option", "max_parallel_threads=abc"]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Aer rejected an option" in err
    assert "max_parallel_threads" in err
