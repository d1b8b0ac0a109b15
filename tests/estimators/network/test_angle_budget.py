"""The QROM loaders' angle rounding in the network error budget: charged to the A·V stage's
precision as 2‖Ũ − U‖/a, shown in the report (JSON and text) with its b and the least b that
fits, and a budget it breaks is a violation naming it."""

import json
import math

import pytest

from qdl.compiler.cli import main
from qdl.estimators.network import spec as S
from qdl.estimators.network.account import account
from qdl.estimators.network.angle_budget import least_bits
from qdl.estimators.network.compile import compile_network


def half_angle(span: float, bits: int) -> float:
    return 2 * math.sin(span / 2 ** (bits + 3))


def test_qvit_report_charges_the_angle_rounding_of_its_av_stage(capsys):
    assert main(["examples/qvit_b16.yaml", "--format", "json"]) == 0
    budget = json.loads(capsys.readouterr().out)["budget"]
    table = budget["tables"][1]
    col = {c: i for i, c in enumerate(table["columns"])}
    rows = {r[0]: r for r in table["rows"]}
    av = rows["blocks.0.attn.attn.values"]
    # n = 10 token qubits: CPREP 10 + PREP_norms 11 levels (span 2π, the softmax), V's tree
    # over v = 20 qubits 19 levels (span 4π, signed); b = f + 2 = 26; a = 1/√N (calibration)
    e = 21 * half_angle(2 * math.pi, 26) + 19 * half_angle(4 * math.pi, 26)
    a = av[col["success amplitude"]]
    assert av[col["angle rounding"]] == pytest.approx(2 * e / a, rel=1e-12)
    for r in table["rows"]:  # every stage still within its ε
        parts = [r[col[p]] or 0.0 for p in ("readout", "fixed point", "qram", "angle rounding")]
        assert sum(parts) <= r[col["ε"]]
    assert rows["blocks.0.attn.attn.qkv"][col["angle rounding"]] is None  # nothing loaded
    info = budget["angle_rounding"]
    assert info["bits"] == 26 and info["least_bits"] == 21
    assert info["operator_bound"] == pytest.approx(e, rel=1e-12)
    assert budget["met"] is True
    assert main(["examples/qvit_b16.yaml"]) == 0
    text = capsys.readouterr().out
    assert "angle" in text and "rounding" in text and "QROM-loaded angles" in text
    assert "b = f + 2 = 26 bits per angle" in text


def tiny(frac_bits: int):
    spec = S.NetworkSpec.model_validate({
        "input": {"tokens": 8, "dim": 4},
        "numerics": {"bits": frac_bits + 4, "frac_bits": frac_bits},
        "readout": {"protocol": "dcd", "rank": 2, "epsilon": 0.05},
        "optimize_for": "t_count", "layers": [{"type": "attention", "heads": 2}],
        "accuracy": {"enforce": False}})
    acc = account(compile_network(spec))
    return {s.name: s for s in acc.stages}, acc


def test_coarse_angles_break_the_budget_and_the_least_bits_fit():
    stages, acc = tiny(6)  # b = 8: the A·V stage is QROM-loaded (t_count)
    st = stages["attention.values"]
    r = st.rounding
    assert r["bits"] == 8 and st.precision["angle rounding"] == r["value"] > st.epsilon
    assert any("angle rounding" in v and "attention.values" in v for v in acc.violations)
    room = st.epsilon - st.precision["readout"] - st.precision["fixed point"]
    b = r["least_bits"]
    stage = st.compiled.stage
    assert least_bits(stage, r, room) == b
    fits = [r["factor"] * sum(m * blk.rounding_bound(k) for _, blk, m in stage.parts
                              if hasattr(blk, "rounding_bound")) <= room for k in (b - 1, b)]
    assert fits == [False, True]


def test_rotation_trees_have_no_rounding_part():
    stages, _ = tiny(12)  # the rotation trees are the cheapest here: nothing rounded
    assert stages["attention.values"].rounding is None
    assert "angle rounding" not in stages["attention.values"].precision
