"""--jobs runs sweep points in parallel processes and must not change any number."""

import json
from pathlib import Path

from qdl.compiler.cli import main

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "tiny_resnet_block.yaml"


def sweep(capsys, *extra):
    assert main([str(EXAMPLE), "--sweep", "height=4,8,16", "--format", "json", *extra]) == 0
    return json.loads(capsys.readouterr().out)["sweep"]


def test_parallel_sweep_equals_serial_sweep(capsys):
    serial = sweep(capsys)
    parallel = sweep(capsys, "--jobs", "2")
    assert parallel["tables"] == serial["tables"]
    assert [row[1] for row in serial["tables"][0]["rows"]] == [16, 64, 256]


def test_jobs_needs_a_sweep_and_a_positive_count(capsys):
    assert main([str(EXAMPLE), "--jobs", "2"]) == 2
    assert "--jobs applies to --sweep" in capsys.readouterr().err
    assert main([str(EXAMPLE), "--sweep", "height=4,8", "--jobs", "0"]) == 2
    assert "--jobs 0 is outside [1, 1,024]" in capsys.readouterr().err
