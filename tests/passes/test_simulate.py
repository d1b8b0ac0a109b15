import pytest

from qdl.circuits.registry import lookup
from qdl.errors import QdlError, UsageError
from qdl.passes.simulate import Noise, simulate_block


def block(name, **params):
    prim = lookup(name)
    return prim.block(prim.params(**params))


def test_adder_outputs_decode_as_integers_with_certainty():
    result = simulate_block(block("add", bits=8), {"a": 100, "b": 27}, shots=16)
    assert dict(result.counts) == {(127, 27): 16}
    assert result.success_probability == 1.0 and result.dirty_shots == 0


def test_fixed_point_mac_inputs_come_back_as_fixed_point_numbers():
    mac = block("mac", bits=6, frac_bits=2)
    result = simulate_block(mac, {"a": 1.5, "b": -0.75, "c": 0.25}, shots=8)
    ((a, b, c), shots), = result.counts.items()
    assert (a, b) == (1.5, -0.75) and shots == 8
    assert c == 0.25 + (-1.125 // 0.25) * 0.25  # the product floored to the format, then added
    assert result.expected == {"a": 1.5, "b": -0.75, "c": c}


def test_amplitude_inputs_give_a_distribution():
    result = simulate_block(block("add", bits=2), {"a": [1, 0, 0, 1], "b": 1}, shots=400, seed=5)
    assert set(result.counts) == {(1, 1), (0, 1)}  # 0+1 and 3+1 mod 4
    assert 150 < result.counts[(1, 1)] < 250
    assert result.success_probability is None  # no single expected output


def test_noise_lowers_the_success_probability_monotonically():
    add = block("add", bits=4)
    probabilities = [simulate_block(add, {"a": 9, "b": 5}, shots=400, seed=11,
                                    noise=Noise("depolarizing", p)).success_probability
                     for p in (0.0, 0.01, 0.05)]
    assert probabilities[0] == 1.0
    assert probabilities[0] > probabilities[1] > probabilities[2]
    damped = simulate_block(add, {"a": 9, "b": 5}, shots=400, seed=11,
                            noise=Noise("damping", 0.05)).success_probability
    assert damped < 1.0


@pytest.mark.parametrize("inputs, message", [
    ({"q": 1}, "no register 'q'"),
    ({"a": 300}, "does not fit"),
    ({"a": -1}, "does not fit"),
    ({"a": 1.5}, "no frac_bits"),
    ({"a": [1, 2]}, "amplitudes"),
])
def test_bad_inputs_are_one_line_errors(inputs, message):
    with pytest.raises(QdlError, match=message):
        simulate_block(block("add", bits=8), inputs, shots=1)


@pytest.mark.parametrize("text", ["bitflip:0.1", "depolarizing", "depolarizing:x",
                                  "damping:2"])
def test_bad_noise_specifications(text):
    with pytest.raises(UsageError):
        Noise.parse(text)


def test_unavailable_device_is_a_clear_error():
    with pytest.raises(UsageError, match="no GPU device"):
        simulate_block(block("add", bits=2), {"a": 1}, shots=1, device="GPU")


def test_aer_options_pass_through_and_bad_ones_are_rejected():
    ok = simulate_block(block("add", bits=2), {"a": 1, "b": 2}, shots=4,
                        aer_options={"max_parallel_threads": 1})
    assert ok.options == {"max_parallel_threads": 1}
    with pytest.raises(UsageError, match="Aer rejected"):
        simulate_block(block("add", bits=2), {"a": 1}, shots=1, aer_options={"bogus": 1})


def test_noisy_runs_in_batches_reproduce_the_single_run(monkeypatch):
    """Batches start at seed + (shots before them), Aer's per-shot seeds: the batched noisy
    run (which lets a terminal show shots done) gives exactly the counts of one Aer call."""
    import qdl.passes.simulate as sim

    adder = block("add", bits=2)
    noise = sim.Noise.parse("depolarizing:0.02")
    batched = simulate_block(adder, {"a": 1, "b": 2}, shots=96, seed=7, noise=noise)
    monkeypatch.setattr(sim, "NOISY_BATCHES", 1)
    single = simulate_block(adder, {"a": 1, "b": 2}, shots=96, seed=7, noise=noise)
    assert batched.counts == single.counts and len(single.counts) > 1
