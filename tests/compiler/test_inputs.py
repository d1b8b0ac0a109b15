"""The input layer: regular files only, bounded, remembered as inputs of the run."""

import os

import pytest

from qdl.compiler import inputs, limits
from qdl.errors import ModelError


@pytest.fixture(autouse=True)
def _fresh():
    inputs.begin_run()
    limits.set_overrides([])
    yield
    limits.set_overrides([])


def test_reads_a_regular_file_and_remembers_it(tmp_path):
    path = tmp_path / "m.yaml"
    path.write_text("name: x\n")
    assert inputs.read_text(path, limit="model_bytes", what="model file") == "name: x\n"
    assert inputs.is_input(path) and inputs.inputs_read() == [str(path.resolve())]
    link = tmp_path / "link.yaml"
    link.symlink_to(path)
    assert inputs.is_input(link)  # the same file under another name
    assert not inputs.is_input(tmp_path / "other.yaml")


@pytest.mark.parametrize("make, words", [
    (lambda p: os.mkfifo(p), "named pipe"),
    (lambda p: p.symlink_to("/dev/zero"), "character device"),
    (lambda p: p.mkdir(), "directory"),
    (lambda p: None, "no such file"),
])
def test_special_files_are_refused_without_blocking(tmp_path, make, words):
    path = tmp_path / "m.yaml"
    make(path)
    with pytest.raises(ModelError) as err:
        inputs.read_bytes(path, limit="model_bytes", what="model file")
    assert words in err.value.what and err.value.file == str(path)


def test_size_limit_and_its_override(tmp_path):
    path = tmp_path / "m.yaml"
    path.write_bytes(b"x" * 2000)
    limits.set_overrides(["model_bytes=1000"])
    with pytest.raises(ModelError, match="2,000 bytes, more than the limit of 1,000"):
        inputs.read_bytes(path, limit="model_bytes")
    limits.set_overrides(["model_bytes=5000"])
    assert len(inputs.read_bytes(path, limit="model_bytes")) == 2000


def test_text_must_be_utf8(tmp_path):
    path = tmp_path / "m.yaml"
    path.write_bytes(b"name: \xff\n")
    with pytest.raises(ModelError, match="not UTF-8 text .byte 6"):
        inputs.read_text(path, limit="model_bytes")
