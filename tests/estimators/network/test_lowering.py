"""Lowering arithmetic, checked exactly against registry test doubles (conftest.py): every
call of a primitive costs 1 AND and 1 T layer, and has 2 ancillas beyond its signature."""

import pytest

from qdl.estimators.network import spec as S
from qdl.estimators.network.compile import LocatedError, compile_network
from qdl.estimators.network.graph import index_bits
from qdl.estimators.readout import readout_cost


def network(layers, **kw):
    data = {"layers": layers, "input": {"channels": 1, "height": 4, "width": 4},
            "numerics": {"bits": 4, "frac_bits": 1},
            "readout": {"protocol": "tomography_linf", "delta": 0.1}, **kw}
    return S.NetworkSpec.model_validate(data)


def calls(stage, prim=None):
    return sum(m for p, _, m in stage.parts if p != "clifford" and (prim is None or p == prim))


def test_relu_layer_is_load_relu_unload_and_conversion(fake_registry):
    net = compile_network(network([{"type": "relu"}]))
    (cs,) = net.stages
    st = cs.stage
    assert calls(st, "qrom") == 2 and calls(st, "relu") == 1 and calls(st, "qdac") == 1
    assert cs.cost.and_ == 4 and cs.cost.t_depth == 4  # the four calls, one after another
    assert st.resident == index_bits(16) + 2 * 1 * 4
    assert cs.cost.qubits == st.resident + 2  # resident + the largest ancilla peak
    assert cs.repetitions == readout_cost("tomography_linf", 16, precision=0.1).queries
    assert st.tables == [(16, 4)]


def test_conv_dot_per_output_channel(fake_registry):
    net = compile_network(network([{"type": "conv", "out_channels": 3, "kernel": 3,
                                    "padding": 1}]))
    st = net.stages[0].stage
    assert calls(st, "dot") == 3
    dot = next(b for p, b, _ in st.parts if p == "dot")
    assert dict(dot.params_)["length"] == 9
    assert st.tables == [(16, 9 * 4)]  # one wide word per position: the 3x3 window
    assert st.readout_size == 16 * 3
    clifford = sum(m for p, _, m in st.parts if p == "clifford")
    assert clifford == 2 * 9 * 4 * 3  # weights written and erased per output channel


def test_qram_model_choice_and_bucket_brigade_address(fake_registry):
    net = compile_network(network([{"type": "relu"}], qram="bucket_brigade"))
    block = next(b for p, b, _ in net.stages[0].stage.parts if p == "bucket_brigade")
    assert dict(block.params_) == {"address_bits": 4, "word_bits": 4}


def test_attention_stages_and_global_pool_contraction(fake_registry):
    spec = S.NetworkSpec.model_validate({
        "layers": [{"type": "attention", "heads": 2}],
        "input": {"tokens": 4, "dim": 2}, "readout": {"protocol": "dcd", "rank": 2,
                                                      "epsilon": 0.1}})
    names = [cs.stage.name for cs in compile_network(spec).stages]
    assert names == ["attention.qkv", "attention.scores", "attention.values", "attention.proj"]
    values = compile_network(spec).stages[2].stage
    assert {p for p, _, _ in values.parts} == {"state_prep", "lcu_heads", "qdac"}
    pooled = compile_network(network([{"type": "avgpool"}])).stages[0]
    assert calls(pooled.stage, "inner_product") == 1 and pooled.repetitions == 1


def test_overrides_and_backward(fake_registry):
    spec = network([{"type": "conv", "name": "c1", "out_channels": 2, "kernel": 1},
                    {"type": "conv", "name": "c2", "out_channels": 2, "kernel": 1}],
                   backward=True, overrides={"c2": {"bits": 8, "frac_bits": 2}})
    stages = {cs.stage.name: cs.stage for cs in compile_network(spec).stages}
    assert set(stages) == {"c1", "c1.grad_weight", "c2", "c2.grad_input", "c2.grad_weight"}
    dot = next(b for p, b, _ in stages["c2"].parts if p == "dot")
    assert dict(dot.params_)["bits"] == 8
    assert calls(stages["c2.grad_weight"], "inner_product") == 1 * 2 * 2  # k²·C_in·C_out


def test_missing_primitive_is_named(fake_registry):
    del fake_registry["dot"]
    with pytest.raises(LocatedError, match=r"primitive 'dot' \(QAM, issue 3\) is not in this"):
        compile_network(network([{"type": "conv", "out_channels": 2}]))


def test_counting_cost_is_independent_of_n(fake_registry):
    small = compile_network(network([{"type": "relu"}])).stages[0]
    big = compile_network(S.NetworkSpec.model_validate({
        **network([{"type": "relu"}]).model_dump(exclude_none=True),
        "input": {"channels": 1, "height": 4096, "width": 4096}})).stages[0]
    assert big.cost.and_ == small.cost.and_  # doubles cost per call, whatever N
    assert big.stage.resident - small.stage.resident == 24 - 4
