"""Every class of bad input ends in one line, `error: FILE:LINE: what (fix)`, and exit 2."""

import re

import pytest

from qdl.compiler.cli import main
from qdl.compiler.yamlfile import MAX_FILE_BYTES

ONE_LINE = re.compile(r"^error: (?P<file>[^:]+):(?P<line>\d+): (?P<what>.+) \((?P<fix>.+)\)$")


def run_bad(tmp_path, capsys, text, *args):
    path = tmp_path / "model.yaml"
    path.write_text(text)
    code = main([str(path), *args])
    out, err = capsys.readouterr()
    assert code == 2
    assert out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    match = ONE_LINE.match(lines[0])
    assert match, lines[0]
    assert match["file"] == str(path)
    return int(match["line"]), match["what"], match["fix"]


CASES = {
    "yaml syntax": ("name: x\nprimitive: add\nparams: {bits: 3\n", 4, "YAML syntax error", "indentation"),
    "unknown top key": ("name: x\nprimitive: add\nparam: {bits: 3}\n", 3, "unknown key 'param'",
                        "did you mean 'params'?"),
    "unknown primitive": ("name: x\nprimitive: addd\nparams: {bits: 3}\n", 2,
                          "unknown primitive 'addd'", "did you mean 'add'?"),
    "unknown param": ("name: x\nprimitive: add\nparams:\n  bits: 3\n  varient: cdkm\n", 5,
                      "unknown key 'params.varient'", "did you mean 'variant'?"),
    "wrong type": ("name: x\nprimitive: add\nparams:\n  bits: many\n", 4, "params.bits",
                   "plain number"),
    "bad choice": ("name: x\nprimitive: add\nparams:\n  bits: 4\n  variant: ripple\n", 5,
                   "params.variant", "'gidney'"),
    "too small": ("name: x\nprimitive: add\nparams: {bits: 0}\n", 3, "params.bits", "at least 1"),
    "too large": ("name: x\nprimitive: add\nparams: {bits: 100000000000}\n", 3, "params.bits",
                  "at most"),
    "unsafe tag": ("name: x\nprimitive: !!python/object/apply:os.system ['echo hi']\n", 2,
                   "unsupported YAML tag", "remove"),
    "duplicate key": ("name: x\nprimitive: add\nprimitive: add\nparams: {bits: 3}\n", 3,
                      "given twice", "remove one"),
    "not a mapping": ("- a\n- b\n", 1, "must be a mapping", "name"),
    "missing name": ("primitive: add\nparams: {bits: 3}\n", 1, "missing required key 'name'", "add"),
    "no kind": ("name: x\nfoo: 1\n", 1, "cannot tell what this model describes", "primitive"),
    "misspelt kind key": ("name: x\nprimitiv: add\n", 2, "unknown key 'primitiv'", "'primitive'"),
    # each kind's module is imported on its own (qdl.plugins.Registry.declared): two kinds in
    # one file must still both be seen
    "two kinds": ("name: x\nreadout: {}\nprimitive: add\n", 2,
                  "the file has both 'primitive' and 'readout'", "describes one thing"),
    "misspelt explicit kind": ("name: x\nkind: primitve\nprimitive: add\n", 2,
                               "unknown model kind 'primitve'", "did you mean 'primitive'?"),
    "empty": ("", 1, "empty", "docs/model-format.md"),
    "only comments": ("# nothing here\n", 1, "no YAML document", "docs/model-format.md"),
}


@pytest.mark.parametrize("name", CASES)
def test_bad_model_files(tmp_path, capsys, name):
    text, line, what, fix = CASES[name]
    got_line, got_what, got_fix = run_bad(tmp_path, capsys, text)
    assert got_line == line
    assert what in got_what
    assert fix in got_fix


def test_huge_file_is_refused_before_parsing(tmp_path, capsys):
    text = "name: x\nprimitive: add\n" + "# padding\n" * (MAX_FILE_BYTES // 10 + 10)
    path = tmp_path / "model.yaml"
    path.write_text(text)
    assert main([str(path)]) == 2
    assert "more than the" in capsys.readouterr().err


def test_verify_at_an_unbuildable_size_says_so_but_counting_works(tmp_path, capsys):
    text = "name: big\nprimitive: add\nparams: {bits: 100000}\n"
    line, what, fix = run_bad(tmp_path, capsys, text, "--verify")
    assert line == 3 and "the limit verify_gate_cases" in what and "--limit" in fix
    assert main([str(tmp_path / "model.yaml"), "--format", "json"]) == 0
    assert '"t_count": 399996' in capsys.readouterr().out


@pytest.mark.parametrize("argv, what", [
    (["--format", "pdf", "x.yaml"], "invalid choice"),
    ([], "no model file given"),
    (["does-not-exist.yaml"], "no such file"),
])
def test_usage_errors_are_one_line_exit_2(capsys, argv, what):
    assert main(argv) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("error: ") and what in err[0]


def test_directory_instead_of_file(tmp_path, capsys):
    assert main([str(tmp_path)]) == 2
    assert "is a directory" in capsys.readouterr().err


def test_non_utf8_file(tmp_path, capsys):
    path = tmp_path / "model.yaml"
    path.write_bytes(b"name: \xff\xfe\n")
    assert main([str(path)]) == 2
    assert "not UTF-8" in capsys.readouterr().err
