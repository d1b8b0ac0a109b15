"""The QROM loaders' angle rounding in the network error budget: charged to the A·V stage's
precision as 2‖Ũ − U‖/a, shown in the report (JSON and text) with its b and the least b that
fits; where the lowering's b = f + 2 does not fit, the stage is re-costed at the least b that
does."""

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
    assert budget["met"] is True and "raised_from" not in info  # b = f + 2 fits here
    # markdown: one line per row (the text table wraps cells at the console's width, which
    # another test's console may have set)
    assert main(["examples/qvit_b16.yaml", "--format", "md"]) == 0
    text = capsys.readouterr().out
    assert "angle" in text and "rounding" in text and "QROM-loaded angles" in text
    assert "b = f + 2 = 26 bits per angle" in text


def tiny(frac_bits: int, enforce: bool = False, account_it: bool = True):
    spec = S.NetworkSpec.model_validate({
        "input": {"tokens": 8, "dim": 4},
        "numerics": {"bits": frac_bits + 4, "frac_bits": frac_bits},
        "readout": {"protocol": "dcd", "rank": 2, "epsilon": 0.05},
        "optimize_for": "t_count", "layers": [{"type": "attention", "heads": 2}],
        "accuracy": {"enforce": enforce}})
    net = compile_network(spec)
    if not account_it:
        return {cs.stage.name: cs for cs in net.stages}, None
    acc = account(net)
    return {s.name: s for s in acc.stages}, acc


def test_coarse_angles_are_raised_to_the_least_bits_that_fit():
    """f = 6: the lowering's b = 8 leaves a part of 0.52 against ε = 0.0625; the budget
    re-costs the stage at the least b that fits (b − 1 does not) and the budget is met."""
    stages, acc = tiny(6)  # the A·V stage is QROM-loaded (t_count)
    st = stages["attention.values"]
    r = st.rounding
    assert r["raised_from"] == 8 and r["bits"] == r["least_bits"] == 14
    assert st.compiled.stage.notes["angle_bits"] == 14
    assert {blk.angle_bits for _, blk, _ in st.compiled.stage.parts
            if hasattr(blk, "rounding_bound")} == {14}
    room = st.epsilon - st.precision["readout"] - st.precision["fixed point"]
    assert st.precision["angle rounding"] == r["value"] <= room
    assert not any("attention.values" in v for v in acc.violations)  # qkv's fixed point only
    stage = st.compiled.stage

    def part(b):
        return r["factor"] * sum(m * blk.rounding_bound(b) for _, blk, m in stage.parts
                                 if hasattr(blk, "rounding_bound"))
    assert part(13) > room >= part(14)
    assert least_bits(stage, r, 0.0) is None  # no room: nothing fits, the check names it
    lowered, _ = tiny(6, enforce=True, account_it=False)
    assert st.cost.t_count > lowered["attention.values"].cost.t_count  # 14-bit words cost more
    assert st.compiled.cost == st.compiled.stage.circuit().cost()  # the re-costed circuit
    assert st.cost.rotations == st.compiled.cost.rotations  # then priced like every stage


def test_rotation_trees_have_no_rounding_part():
    stages, _ = tiny(12)  # the rotation trees are the cheapest here: nothing rounded
    assert stages["attention.values"].rounding is None
    assert "angle rounding" not in stages["attention.values"].precision
