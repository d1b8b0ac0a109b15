import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from qdl.compiler.cli import main

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "add32.yaml"


def test_json_report_follows_the_schema(capsys):
    assert main([str(EXAMPLE), "--format", "json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["schema"] == "qdl-report/1"
    assert report["model"] == "add32"
    assert report["totals"]["t_count"] == 4 * 32 - 4
    assert set(report["totals"]) >= {"qubits", "t", "toffoli", "and", "rotations", "rotation_t",
                                     "clifford", "measurements", "t_count", "t_depth",
                                     "toffoli_depth"}
    (layer,) = report["layers"]
    assert layer["block"] == "GidneyAdder"
    assert layer["params"]["bits"] == 32 and layer["params"]["variant"] == "gidney"
    assert layer["cost"] == report["totals"]
    assert "verification" not in report


def test_counting_from_the_circuit_gives_the_same_report(capsys):
    main([str(EXAMPLE), "--format", "json"])
    from_hierarchy = json.loads(capsys.readouterr().out)
    main([str(EXAMPLE), "--format", "json", "--count-from", "circuit"])
    from_circuit = json.loads(capsys.readouterr().out)
    assert from_circuit["count_from"] == "circuit"
    assert from_circuit["totals"] == from_hierarchy["totals"]


def test_verify_adds_results_and_exit_status_0(capsys):
    assert main([str(EXAMPLE), "--format", "json", "--verify"]) == 0
    (v,) = json.loads(capsys.readouterr().out)["verification"]
    assert v["passed"] and v["cases"] == 18 and "count check" in v["method"]


def test_table_is_aligned_with_units_and_thousands_separators(tmp_path, capsys):
    model = tmp_path / "m.yaml"
    model.write_text("name: wide\nprimitive: add\nparams: {bits: 4096}\n")
    assert main([str(model)]) == 0
    out = capsys.readouterr().out
    assert "16,380" in out  # 4·4096 − 4 T
    assert "T layers" in out and "qubits" in out


def test_markdown_report(capsys):
    assert main([str(EXAMPLE), "--format", "md"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("# qdl report: add32") and "| t_count | 124 | T |" in out


def test_output_file_is_written_atomically(tmp_path, capsys):
    out = tmp_path / "report.json"
    assert main([str(EXAMPLE), "--format", "json", "-o", str(out)]) == 0
    assert json.loads(out.read_text())["model"] == "add32"
    assert [p.name for p in tmp_path.iterdir()] == ["report.json"]


def test_failed_run_leaves_existing_output_untouched_and_no_partial_file(tmp_path, capsys):
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: x\nprimitive: add\nparams: {bits: -1}\n")
    out = tmp_path / "report.json"
    out.write_text("previous")
    assert main([str(bad), "-o", str(out)]) == 2
    assert out.read_text() == "previous"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.yaml", "report.json"]


def test_list_primitives_shows_parameters_and_references(capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "160")
    assert main(["--list-primitives"]) == 0
    out = capsys.readouterr().out
    assert "add" in out and "variant (gidney)" in out and "Gidney" in out


def test_verification_failure_exits_1(monkeypatch, capsys):
    from qdl.passes import verify

    real = verify.verify_block

    def failing(block, **kwargs):
        result = real(block, **kwargs)
        result.passed, result.failures = False, ["forced"]
        return result

    monkeypatch.setattr(verify, "verify_block", failing)
    assert main([str(EXAMPLE), "--verify"]) == 1
    assert "FAILED" in capsys.readouterr().out


def test_console_script_counts_fast_without_importing_qiskit(tmp_path):
    model = tmp_path / "m.yaml"
    model.write_text("name: big\nprimitive: add\nparams: {bits: 100000}\n")
    code = ("import sys; from qdl.compiler.cli import main; rc = main([sys.argv[1], '--format',"
            " 'json']); assert 'qiskit' not in sys.modules, 'counting imported qiskit'; "
            "sys.exit(rc)")
    proc = subprocess.run([sys.executable, "-c", code, str(model)], capture_output=True,
                          text=True, env={**os.environ, "PYTHONWARNINGS": "ignore"})
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["totals"]["t_count"] == 399_996


@pytest.mark.parametrize("fmt", ["table", "json", "md"])
def test_every_format_renders_a_verified_report(fmt, capsys):
    assert main([str(EXAMPLE), "--format", fmt, "--verify"]) == 0
    assert "passed" in capsys.readouterr().out
