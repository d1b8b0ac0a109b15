"""The output layer: -o checked before work, atomic writes with the umask, side files staged
beside the report and nowhere else."""

import os
import stat

import pytest

from qdl.compiler import inputs
from qdl.compiler.cli import main
from qdl.compiler.outputs import Outputs, draw_side_file, umask_mode
from qdl.errors import ModelError, UsageError

MODEL = "name: add4\nprimitive: add\nparams: {bits: 4}\n"


@pytest.fixture
def model(tmp_path):
    path = tmp_path / "m.yaml"
    path.write_text(MODEL)
    inputs.begin_run()
    return path


def _files(folder):
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


@pytest.mark.parametrize("target, words", [
    ("", "-o needs a file name"),
    (".", "names a folder"),
    ("nowhere/r.txt", "no folder"),
    ("m.yaml", "names an input of this run"),
    ("x" * 300, "file name too long"),
    ("/proc/version", "cannot write"),
])
def test_bad_targets_are_refused_before_any_work(tmp_path, model, capsys, monkeypatch, target,
                                                 words):
    monkeypatch.chdir(tmp_path)
    assert main([str(model), "-o", target]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("error: ") and words in err
    assert model.read_text() == MODEL and _files(tmp_path) == ["m.yaml"]


def test_an_input_circuit_is_never_overwritten(tmp_path, capsys):
    qasm = tmp_path / "c.qasm"
    text = 'OPENQASM 2.0;\ninclude "qelib1.inc";\nqreg q[3];\nccx q[0],q[1],q[2];\n'
    qasm.write_text(text)
    assert main(["--input", str(qasm), "-o", str(qasm)]) == 2
    assert qasm.read_text() == text


def test_a_data_table_is_an_input_too(tmp_path, capsys):
    (tmp_path / "t.csv").write_text("1,2,3,0\n")
    path = tmp_path / "m.yaml"
    path.write_text("name: q\nprimitive: qrom\nparams: {word_bits: 2, data: t.csv}\n")
    assert main([str(path), "-o", str(tmp_path / "t.csv")]) == 2
    assert "input of this run" in capsys.readouterr().err
    assert (tmp_path / "t.csv").read_text() == "1,2,3,0\n"


def test_report_mode_follows_the_umask_and_keeps_an_existing_mode(tmp_path, model):
    old = os.umask(0o022)
    try:
        out = tmp_path / "r.txt"
        assert main([str(model), "-o", str(out)]) == 0
        assert stat.S_IMODE(out.stat().st_mode) == 0o644 == umask_mode()
        out.chmod(0o600)
        assert main([str(model), "-o", str(out)]) == 0
        assert stat.S_IMODE(out.stat().st_mode) == 0o600
    finally:
        os.umask(old)


def test_character_device_is_written_in_place(model):
    assert main([str(model), "-o", "/dev/null"]) == 0
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)


def test_side_files_are_staged_then_committed_or_discarded(tmp_path):
    out = Outputs(str(tmp_path / "r.txt"))
    target = out.side_file("p.png", lazy=True)
    staged, final = target
    assert final == tmp_path / "p.png" and staged.parent.parent == tmp_path
    # nothing exists until the plot is drawn: a run killed during a long study (a signal,
    # no cleanup) leaves no staging folder behind
    assert list(tmp_path.iterdir()) == []
    assert draw_side_file(target, lambda path: path.write_bytes(b"png") and None) == str(final)
    out.discard()
    assert _files(tmp_path) == [] and list(tmp_path.iterdir()) == []
    staged, final = out.side_file("p.png")  # created at once: callers that write it directly
    staged.write_bytes(b"png")
    out.commit()
    assert _files(tmp_path) == ["p.png"]


@pytest.mark.parametrize("name", ["../p.png", "a/p.png", "/tmp/p.png", ".p.png", "p.svg", "",
                                  "p\nq.png"])
def test_side_file_names_are_plain_png_names(tmp_path, name):
    with pytest.raises(ModelError):
        Outputs(str(tmp_path / "r.txt")).side_file(name)


def test_no_place_for_side_files_without_o_or_plots(tmp_path):
    assert Outputs().side_file("p.png") is None
    assert Outputs(plots=str(tmp_path)).side_file("p.png")[1] == tmp_path / "p.png"
    with pytest.raises(UsageError, match="--plots must name an existing folder"):
        Outputs(plots=str(tmp_path / "nope")).check()


def test_a_plot_may_not_overwrite_an_input(tmp_path):
    inputs.begin_run()
    table = tmp_path / "m.png"
    table.write_bytes(b"data")
    inputs.remember(table)
    with pytest.raises(UsageError, match="overwrite an input"):
        Outputs(plots=str(tmp_path)).side_file("m.png")
    assert table.read_bytes() == b"data"
