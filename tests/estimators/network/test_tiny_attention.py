"""One attention head over 4 tokens of dimension 2: scores on Aer, aggregation by a
block-encoding on Aer, both against numpy."""

import json
from dataclasses import replace

import numpy as np

from qdl.compiler.cli import main
from qdl.estimators.network import tiny_attention as T


def test_scores_and_aggregation_pass_on_aer():
    scores, aggregation = T.check_attention_head(4, 1)
    assert scores.passed and aggregation.passed, scores.failures + aggregation.failures
    assert scores.cases == 16 and aggregation.cases == 8


def test_numpy_scores_are_the_dot_of_the_projections():
    data = T.instance_data(1)
    q, k = T.projections(data, 4, 1)
    s = T.numpy_scores(data, 4, 1)
    assert s.shape == (4, 4)
    assert s[1, 2] == ((q[1] * k[2]) >> 1).sum()  # no wrap-around at this seed
    assert np.any(s != 0)


def test_wrong_scores_fail_the_aggregation():
    data = T.instance_data(1)
    measured = T.numpy_scores(data, 4, 1).copy()
    measured[0, 0] += 1
    assert not T.check_aggregation(measured, data, 4, 1, {}).passed


SCORE_CIRCUIT = T.score_circuit


def corrupted_scores(data, bits, frac_bits):
    good = SCORE_CIRCUIT(data, bits, frac_bits)
    wrong = {**data, "wk": data["wk"].copy()}
    wrong["wk"][0, 0] += 2
    return replace(good, qroms=SCORE_CIRCUIT(wrong, bits, frac_bits).qroms)


def test_cli_exit_1_when_the_circuit_is_wrong(monkeypatch, capsys):
    monkeypatch.setattr(T, "score_circuit", corrupted_scores)
    assert main(["examples/tiny_attention.yaml", "--verify", "--format", "json"]) == 1
    entries = json.loads(capsys.readouterr().out)["verification"]
    failed = [e["block"] for e in entries if not e["passed"]]
    assert failed == ["attention head: scores q_i·k_j", "attention head: aggregation softmax(S)·V"]
