import json

from qdl.compiler.cli import main


def write(tmp_path, text):
    path = tmp_path / "m.yaml"
    path.write_text(text)
    return str(path)


def test_simulate_prints_a_histogram_and_json_carries_the_counts(tmp_path, capsys):
    model = write(tmp_path, "name: s\nprimitive: add\nparams: {bits: 6}\ninputs: {a: 40, b: 30}\n")
    assert main([model, "--simulate", "--shots", "32"]) == 0
    out = " ".join(capsys.readouterr().out.split())  # words, whatever the terminal width
    assert "Simulated outputs" in out and "expected output (a=6 b=30) in 100.0%" in out
    assert main([model, "--simulate", "--shots", "32", "--format", "json"]) == 0
    sim = json.loads(capsys.readouterr().out)["simulation"]
    assert sim["counts"] == {"a=6 b=30": 32}  # 70 mod 64
    assert sim["expected"] == "a=6 b=30"


def test_bad_input_value_points_at_the_inputs_line(tmp_path, capsys):
    model = write(tmp_path, "name: s\nprimitive: add\nparams: {bits: 4}\ninputs: {a: 99}\n")
    assert main([model, "--simulate"]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"error: {model}:4: input 'a' does not fit")


def test_simulation_options_need_simulate(tmp_path, capsys):
    model = write(tmp_path, "name: s\nprimitive: add\nparams: {bits: 4}\n")
    assert main([model, "--shots", "10"]) == 2
    assert "--shots applies to --simulate" in capsys.readouterr().err
    assert main([model, "--simulate", "--noise", "foo:1"]) == 2
    assert "cannot read --noise" in capsys.readouterr().err
