"""Lowering: every stage is a block whose cost derives from its program (registry blocks on
named registers), counted at full size without enumerating anything."""

import pytest

from qdl.circuits.compose import Loop
from qdl.estimators.network import spec as S
from qdl.estimators.network.compile import LocatedError, compile_network
from qdl.estimators.network.modules import primitive
from qdl.estimators.network.stage import guard_bits
from qdl.estimators.network.uncompute import Complemented
from qdl.estimators.readout import readout_cost


def network(layers, **kw):
    data = {"layers": layers, "input": {"channels": 1, "height": 4, "width": 4},
            "numerics": {"bits": 4, "frac_bits": 1},
            "readout": {"protocol": "tomography_linf", "delta": 0.1}, **kw}
    return S.NetworkSpec.model_validate(data)


def calls(stage, prim=None):
    return sum(m for p, _, m in stage.parts if p != "clifford" and (prim is None or p == prim))


def test_relu_stage_is_load_relu_convert_and_uncompute():
    (cs,) = compile_network(network([{"type": "relu"}])).stages
    st = cs.stage
    # load, relu, signed qdac, relu again (uncompute), unload
    assert calls(st, "qrom") == 2 and calls(st, "relu") == 2 and calls(st, "qdac") == 1
    qdac = primitive("qdac", size=16, bits=4, signed=True)
    relu, load = primitive("relu", bits=4, frac_bits=1), primitive("qrom", words=16, word_bits=4)
    # the ReLU is uncomputed by measurement (0 AND): compute → convert → uncompute
    assert cs.cost.and_ == 2 * load.cost().and_ + relu.cost().and_ + qdac.cost().and_
    # index (4) + loaded x (4) + y (4) + the qdac's m, flag and comparator carries
    assert cs.cost.qubits == 4 + 4 + 4 + qdac.cost().qubits - 4
    assert cs.repetitions == readout_cost("tomography_linf", 16, precision=0.1).queries
    assert st.tables == [(16, 4)]  # the tables held in QRAM (queried twice)


def test_uncompute_doubles_the_arithmetic():
    st = compile_network(network([{"type": "conv", "out_channels": 3, "kernel": 3,
                                   "padding": 1}])).stages[0].stage
    acc = 4 + min(guard_bits(9), 4 - 1)  # guard bits, at most b − f
    dot = primitive("dot", length=9, bits=4, frac_bits=1, acc_bits=acc)
    kids = dict(st.block.children())
    assert kids[dot] == 1 and kids[Complemented(dot, "y")] == 1
    assert st.block.output_width == acc == 7
    assert st.tables == [(16, 9 * 4), (3, 9 * 4)]  # window by position, weight row
    assert st.readout_size == 16 * 3 and st.fields == [("pos", 16), ("out", 3)]


def test_qram_model_choice_and_bucket_brigade_address():
    net = compile_network(network([{"type": "relu"}], qram="bucket_brigade"))
    block = next(b for p, b, _ in net.stages[0].stage.parts if p == "bucket_brigade")
    assert (block.address_bits, block.word_bits) == (4, 4)


def test_attention_stages_and_global_pool_contraction():
    spec = S.NetworkSpec.model_validate({
        "layers": [{"type": "attention", "heads": 2}],
        "input": {"tokens": 4, "dim": 2}, "readout": {"protocol": "dcd", "rank": 2,
                                                      "epsilon": 0.1}})
    names = [cs.stage.name for cs in compile_network(spec).stages]
    assert names == ["attention.qkv", "attention.scores", "attention.values", "attention.proj"]
    values = compile_network(spec).stages[2].stage
    assert {p for p, _, _ in values.parts} - {"clifford"} == {"state_prep", "heads_dense"}
    pooled = compile_network(network([{"type": "avgpool"}])).stages[0]
    assert calls(pooled.stage, "inner_product") == 1 and pooled.repetitions == 1


def test_overrides_and_backward():
    spec = network([{"type": "conv", "name": "c1", "out_channels": 2, "kernel": 1},
                    {"type": "conv", "name": "c2", "out_channels": 2, "kernel": 1}],
                   backward=True, overrides={"c2": {"bits": 8, "frac_bits": 2,
                                                    "weights": "quantum"}})
    stages = {cs.stage.name: cs.stage for cs in compile_network(spec).stages}
    assert set(stages) == {"c1", "c1.grad_weight", "c2", "c2.grad_input", "c2.grad_weight"}
    dot = next(b for p, b, _ in stages["c2"].parts if p == "dot")
    assert (dot.length, dot.bits, dot.acc_bits) == (2, 8, 8 + 1)  # 2 products: 1 guard bit
    assert calls(stages["c2.grad_weight"], "inner_product") == 1 * 2 * 2  # k²·C_in·C_out


def test_missing_primitive_is_named(monkeypatch):
    from qdl.circuits import registry
    from qdl.estimators.network import modules

    modules._primitive.cache_clear()
    monkeypatch.setattr(modules, "find", lambda name: None if name == "dot"
                        else registry.find(name))
    try:
        with pytest.raises(LocatedError, match=r"primitive 'dot' \(QAM, issue 3\) is not in"):
            compile_network(network([{"type": "conv", "out_channels": 2}]))
    finally:
        modules._primitive.cache_clear()


def test_counting_is_independent_of_n_and_loops_stay_whole():
    small = compile_network(network([{"type": "relu"}])).stages[0]
    big_spec = S.NetworkSpec.model_validate({
        **network([{"type": "relu"}]).model_dump(exclude_none=True),
        "input": {"channels": 1, "height": 4096, "width": 4096}})
    big = compile_network(big_spec).stages[0]  # 16.7 M positions: tables in closed form
    assert big.cost.and_ - small.cost.and_ == 2 * ((1 << 24) - 16)  # only the lookups grow
    assert big.cost.qubits - small.cost.qubits == 2 * (24 - 4)  # index and lookup ancillas
    ffn = S.NetworkSpec.model_validate({"layers": [{"type": "ffn", "hidden": 3072}],
                                        "input": {"tokens": 197, "dim": 768},
                                        "readout": {"protocol": "tomography_linf",
                                                    "delta": 0.1}})
    st = compile_network(ffn).stages[0].stage
    assert any(isinstance(op, Loop) and op.count == 3072 for op in st.block.ops())


def test_loaded_ffn_unit_is_one_program_serial_or_in_groups():
    """A loaded-W1 hidden unit (write W1, dot, erase, relu) is the same calls whether the units
    run serially on x itself or in parallel groups on copies of x; only the groups copy x."""
    from dataclasses import replace

    from qdl.estimators.network.compile import setting_for
    from qdl.estimators.network.lowering import lower

    net = compile_network(S.NetworkSpec.model_validate({
        "layers": [{"type": "ffn", "hidden": 4}], "input": {"tokens": 2, "dim": 2},
        "numerics": {"bits": 4, "frac_bits": 1}, "weights": "quantum",
        "readout": {"protocol": "tomography_linf", "delta": 0.1}}))
    node = net.nodes[0]
    serial, grouped = (lower(node, replace(setting_for(node.name, net.spec), ways=k))[0].block
                       for k in (1, 2))
    (units,) = [op for op in serial.compute if isinstance(op, Loop) and op.count == 4]
    (groups,) = [op for op in grouped.compute if isinstance(op, Loop) and op.parallel
                 and isinstance(op.body[0], Loop)]
    (inner,) = groups.body
    assert groups.count == 2 and inner.count == 2
    assert [op.block for op in units.body] == [op.block for op in inner.body]
    regs = dict(serial.registers)
    assert "xs" not in regs and regs["w1"] == 2 * 4
    assert dict(grouped.registers)["xs"] == 2 * regs["w1"]
