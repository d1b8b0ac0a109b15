"""The on-disk count cache (qdl.count_cache): the same numbers, read instead of counted."""

import json
import os
import pickle
import subprocess
import sys
from pathlib import Path

import pytest

from qdl import count_cache
from qdl.circuits import compose
from qdl.circuits import block
from qdl.circuits.block import clear_cost_cache
from qdl.estimators.network import schedule
from qdl.estimators.network import spec as S
from qdl.estimators.network.compile import compile_network

ROOT = Path(__file__).resolve().parents[1]
MODEL = ROOT / "examples" / "tiny_resnet_block.yaml"
SPEC = {"preset": "resnet18", "input": {"channels": 3, "height": 32, "width": 32},
        "readout": {"protocol": "tomography_linf", "delta": 0.01}}


@pytest.fixture
def cache_dir(tmp_path, monkeypatch):
    """The cache on, in a fresh folder, with nothing memoised in this process."""
    monkeypatch.setenv("QDL_CACHE_DIR", str(tmp_path / "cache"))
    count_cache.reset()
    _forget()
    yield tmp_path / "cache"
    count_cache.reset()  # back to the suite's QDL_CACHE_DIR=off on the next use
    _forget()


def _forget() -> None:
    """This process's memo tables emptied, the disk cache left as it is (clear_cost_cache
    would also turn it off: it is for counting from scratch)."""
    block._COST_CACHE.clear()
    compose.clear_tallies()
    schedule.clear_points()


def _stage_walks(monkeypatch) -> list:
    """Stage programs walked from now on (qdl.circuits.compose.Composite.generic_tally)."""
    walked = []
    real = compose.Composite.generic_tally

    def spy(self):
        if type(self).__name__ == "StageCircuit":
            walked.append(self)
        return real(self)

    monkeypatch.setattr(compose.Composite, "generic_tally", spy)
    return walked


def _summary(net) -> tuple:
    return ([(st.stage.name, st.cost) for st in net.stages],
            sorted((name, tuple(pts)) for name, pts in net.points.items()))


def test_a_second_compile_reads_every_count_and_gets_the_same_numbers(cache_dir, monkeypatch):
    spec = S.NetworkSpec.model_validate(SPEC)
    walked = _stage_walks(monkeypatch)
    first = compile_network(spec)
    assert walked  # counted
    count_cache.flush()
    (stored,) = cache_dir.glob("counts-*.pickle")
    content = pickle.loads(stored.read_bytes())
    assert content["cost"] and content["points"]

    count_cache.reset()  # a new process: nothing in memory, the file on disk
    _forget()
    walked.clear()
    second = compile_network(spec)
    assert walked == []  # every stage's cost and every schedule point read, none walked
    assert _summary(second) == _summary(first)


def test_without_the_cache_nothing_is_written(tmp_path, monkeypatch):
    monkeypatch.setenv("QDL_CACHE_DIR", str(tmp_path / "cache"))
    count_cache.reset()
    count_cache.disable()  # what --no-cache does
    _forget()
    try:
        compile_network(S.NetworkSpec.model_validate(SPEC))
        count_cache.flush()
        assert not (tmp_path / "cache").exists()
    finally:
        count_cache.reset()
        _forget()


@pytest.mark.parametrize("value", ["off", ""])
def test_qdl_cache_dir_off_turns_the_cache_off(value, monkeypatch):
    monkeypatch.setenv("QDL_CACHE_DIR", value)
    assert count_cache.folder() is None


def test_a_damaged_file_is_ignored_and_replaced(cache_dir, monkeypatch):
    digest = count_cache.source_digest()[:32]
    cache_dir.mkdir()
    damaged = cache_dir / f"counts-{digest}.pickle"
    damaged.write_bytes(b"not a pickle")
    compile_network(S.NetworkSpec.model_validate(SPEC))
    count_cache.flush()
    assert pickle.loads(damaged.read_bytes())["cost"]


def test_an_unwritable_folder_does_not_fail_the_run(tmp_path, monkeypatch):
    blocked = tmp_path / "a_file"
    blocked.write_text("x")
    monkeypatch.setenv("QDL_CACHE_DIR", str(blocked / "cache"))  # below a file: no mkdir
    count_cache.reset()
    _forget()
    try:
        compile_network(S.NetworkSpec.model_validate(SPEC))
        count_cache.flush()
    finally:
        count_cache.reset()
        _forget()


def test_values_merge_with_what_another_process_wrote(cache_dir):
    count_cache.put("cost", b"k1", 1)
    count_cache.flush()
    count_cache.reset()  # another process, which does not know k1
    count_cache.put("cost", b"k2", 2)
    count_cache.flush()
    (stored,) = cache_dir.glob("counts-*.pickle")
    assert pickle.loads(stored.read_bytes())["cost"] == {b"k1": 1, b"k2": 2}


def test_only_the_newest_digests_are_kept(cache_dir):
    cache_dir.mkdir()
    for i in range(count_cache.KEEP + 3):
        old = cache_dir / f"counts-old{i:02d}.pickle"
        old.write_bytes(pickle.dumps({}))
        os.utime(old, (1_000_000 + i, 1_000_000 + i))
    count_cache.put("cost", b"k", 1)
    count_cache.flush()
    kept = {p.name for p in cache_dir.glob("counts-*.pickle")}
    assert len(kept) == count_cache.KEEP
    assert f"counts-{count_cache.source_digest()[:32]}.pickle" in kept
    assert "counts-old00.pickle" not in kept and f"counts-old{count_cache.KEEP + 2:02d}.pickle" in kept


def test_keys_only_for_reprs_that_spell_the_value(cache_dir):
    import numpy as np

    assert count_cache.key_of(("conv", 3, (1.5, 2))) == count_cache.key_of(("conv", 3, (1.5, 2)))
    assert count_cache.key_of((1, 2)) != count_cache.key_of((1, 3))
    assert count_cache.key_of((0.1,)) != count_cache.key_of((0.1 + 2 ** -55,))  # to the bit
    assert count_cache.key_of((1 << 80000,)) is not None  # a constant word of 10⁴ digits
    assert count_cache.key_of(object()) is None  # "<object object at 0x…>": identity
    assert count_cache.key_of((np.arange(3),)) is None  # numpy prints 8 digits, elides
    assert count_cache.key_of("x" * (count_cache.MAX_KEY + 1)) is None


def test_the_digest_covers_every_source_file(tmp_path, monkeypatch):
    """An edit anywhere in qdl's source gives another file (values are never read by other
    code than the code that computed them)."""
    import importlib.util
    from types import SimpleNamespace

    pkg = tmp_path / "pkg"
    (pkg / "sub").mkdir(parents=True)
    (pkg / "a.py").write_text("A = 1\n")
    (pkg / "sub" / "b.py").write_text("B = 1\n")
    monkeypatch.setattr(count_cache, "PACKAGES", ("fake",))
    monkeypatch.setattr(importlib.util, "find_spec",
                        lambda name: SimpleNamespace(submodule_search_locations=[str(pkg)]))
    before = count_cache.source_digest()
    assert count_cache.source_digest() == before
    (pkg / "sub" / "b.py").write_text("B = 2\n")
    assert count_cache.source_digest() != before


def test_cli_reports_are_the_same_with_and_without_the_cache(tmp_path):
    """Three processes: cache off, cache filled, cache read; one JSON report."""
    def report(cache: str) -> dict:
        env = {**os.environ, "QDL_CACHE_DIR": cache}
        done = subprocess.run([sys.executable, "-m", "qdl.compiler.cli", str(MODEL),
                               "--format", "json"], capture_output=True, text=True, env=env,
                              timeout=300)
        assert done.returncode == 0, done.stderr
        out = json.loads(done.stdout)
        del out["provenance"]["created"]  # the one field that differs run to run
        return out

    cache = str(tmp_path / "cache")
    off = report("off")
    filled = report(cache)
    assert list(Path(cache).glob("counts-*.pickle"))
    read = report(cache)
    assert filled == off and read == off


def test_clearing_the_cost_cache_counts_from_scratch(cache_dir):
    """Benchmarks clear the memo tables to time counting: no cost may come from disk then."""
    count_cache.put("cost", b"k", 1)
    clear_cost_cache()
    assert count_cache.get("cost", b"k") is None and count_cache.key_of((1,)) is None


def test_no_cache_flag_writes_nothing(tmp_path):
    env = {**os.environ, "QDL_CACHE_DIR": str(tmp_path / "cache")}
    done = subprocess.run([sys.executable, "-m", "qdl.compiler.cli", str(MODEL), "--format",
                           "json", "--no-cache"], capture_output=True, text=True, env=env,
                          timeout=300)
    assert done.returncode == 0, done.stderr
    assert not (tmp_path / "cache").exists()
