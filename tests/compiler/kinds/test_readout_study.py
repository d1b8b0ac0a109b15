"""The readout_study model kind on a tiny configuration (seconds), and its one-line errors."""

import json

from qdl.compiler.cli import main

TINY = """name: tiny
readout_study:
  sizes: [8, 16, 24]
  seeds: [0, 1]
  epochs: 1
  train_size: 40
  test_size: 20
  channels: 2
  blocks: 1
  ranks: [4, 1024]
  deltas: [1.0, 0.1]
  plot: tiny.png
"""


def test_tiny_study_runs_end_to_end(tmp_path, capsys):
    model = tmp_path / "s.yaml"
    model.write_text(TINY)
    # side files go where --plots (or -o) says, nowhere without one
    assert main([str(model), "--format", "json", "--plots", str(tmp_path)]) == 0
    section = json.loads(capsys.readouterr().out)["readout_study"]
    assert len(section["per_run"]) == 6
    run = section["per_run"][0]
    assert len(run["dcd_accuracy"]) == 2 and len(run["tomography_accuracy"]) == 2
    assert run["layer_sizes"] == [2 * 64, 2 * 64]
    assert section["verdict"].startswith("at 95 % of peak accuracy")
    assert (tmp_path / "tiny.png").exists()


def test_tiny_study_in_every_human_format(tmp_path, capsys):
    """The study's report renders in table, md and html without a JSON dump (its example is
    too long for tests/examples/test_every_report.py)."""
    model = tmp_path / "s.yaml"
    model.write_text(TINY.replace("  plot: tiny.png\n", ""))
    for fmt in ("table", "md", "html"):
        assert main([str(model), "--format", fmt]) == 0
        text = capsys.readouterr().out
        assert "readout" in text.lower() and '{"' not in text and "\\u" not in text


def test_bad_size_is_one_line(tmp_path, capsys):
    model = tmp_path / "bad.yaml"
    model.write_text("name: bad\nreadout_study:\n  sizes: [8, 12]\n")
    assert main([str(model)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "bad.yaml:3" in err and "multiples of 8" in err
