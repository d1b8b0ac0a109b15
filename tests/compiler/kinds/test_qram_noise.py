"""The qram_noise model kind end to end (small: n ≤ 3)."""

import json

from qdl.compiler.cli import main


def test_small_study_report(tmp_path, capsys):
    model = tmp_path / "noise.yaml"
    model.write_text("name: tiny\nqram_noise:\n  address_bits: [1, 2, 3]\n"
                     "  damping_rates: [1.0e-3]\n  exact_up_to: 2\n  trajectories: 50\n"
                     "  extrapolate_to: [10]\n  plot: tiny.png\n")
    assert main([str(model), "--format", "json", "--plots", str(tmp_path)]) == 0
    out = capsys.readouterr()
    section = json.loads(out.out)["qram_noise"]
    assert [p["method"] for p in section["points"]] == ["exact density matrix"] * 2 + [
        "50 trajectories"]
    assert section["aer_check"]["difference"] < 1e-12
    assert section["extrapolation"][0]["address_bits"] == 10
    assert section["plot"] in (f"written to {tmp_path / 'tiny.png'}",
                               "skipped: matplotlib is not installed (it comes with the 'plots' "
                               "extra of qdl)")
    assert sorted(p.name for p in tmp_path.iterdir()) in (["noise.yaml"],
                                                          ["noise.yaml", "tiny.png"])
    assert len(section["table"]) == 1 + 3 + 1


def test_bad_rate_is_one_line_with_its_line(tmp_path, capsys):
    model = tmp_path / "bad.yaml"
    model.write_text("name: bad\nqram_noise:\n  damping_rates: [2.0]\n")
    assert main([str(model)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "bad.yaml:3" in err and "(0, 1)" in err


def test_scaling_fits_and_word_sweep(tmp_path, capsys):
    model = tmp_path / "w.yaml"
    model.write_text("name: w\nqram_noise:\n  address_bits: [1, 2, 3]\n"
                     "  damping_rates: [1.0e-3]\n  exact_up_to: 3\n  extrapolate_to: [8]\n"
                     "  word_sweep: {address_bits: [1], word_bits: [1, 2, 3], "
                     "trajectories: 30}\n  plot: w.png\n")
    # side files go where --plots (or -o) says, nowhere without it
    assert main([str(model), "--format", "json", "--plots", str(tmp_path)]) == 0
    section = json.loads(capsys.readouterr().out)["qram_noise"]
    scaling = section["scaling"][0]
    assert {f["model"].split(" ")[0] for f in scaling["fits"]} == {
        "power", "saturating", "seed's", "linear"}
    # exact n = 1, 2, 3 points: the exponent lies between linear and cubic
    assert 1 < scaling["exponent_power_law"] < 3
    sweep = section["word_sweep"]
    assert [p["word_bits"] for p in sweep["points"]] == [1, 2, 3]
    assert [e["word_bits"] for e in sweep["fits"][0]["extrapolation"]] == [32, 64]
    assert "seed-style linear extrapolation" in section["verdict"]
    assert (tmp_path / "w.png").exists()


def test_word_sweep_width_is_checked(tmp_path, capsys):
    model = tmp_path / "bad.yaml"
    model.write_text("name: bad\nqram_noise:\n  word_sweep: {word_bits: [1, 2, 12]}\n")
    assert main([str(model)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "bad.yaml:3" in err and "word lengths" in err
