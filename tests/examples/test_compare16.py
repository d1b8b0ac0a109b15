from pathlib import Path

from qdl.compiler.cli import main

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "compare16.yaml"


def test_example_verifies_and_counts_agree(capsys):
    assert main([str(EXAMPLE), "--verify", "--format", "json"]) == 0
    hierarchy = capsys.readouterr().out
    assert '"t_count": 64' in hierarchy and '"passed": true' in hierarchy
    assert main([str(EXAMPLE), "--count-from", "circuit", "--format", "json"]) == 0
    assert '"t_count": 64' in capsys.readouterr().out


def test_unknown_compare_variant_is_a_located_error(tmp_path, capsys):
    model = tmp_path / "cmp.yaml"
    model.write_text("name: c\nprimitive: compare\nparams: {bits: 4, variant: magic}\n")
    assert main([str(model)]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith(f"error: {model}:3:") and len(err.splitlines()) == 1
