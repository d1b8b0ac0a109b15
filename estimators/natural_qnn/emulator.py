"""Vectorised numpy emulator of a qubit-neuron network, and its exact outcome distribution.

The circuit (module circuit) prepares each neuron's qubits, measures, and feeds the outcomes
forward. Given the previous layer's outcomes the neurons of a layer are independent with
P(b = 1) = :func:`~qdl.estimators.natural_qnn.model.prob_minus` (derived from the Kraus
operators in module model), so sampling a layer is one comparison of uniform numbers with that
probability matrix: ``shots × inputs × neurons`` at once. The emulator draws from the same
distribution as the circuit on Aer (tests/estimators/natural_qnn/test_circuit.py checks it
statistically), at numpy speed.
"""

from __future__ import annotations

import itertools

import numpy as np

from qdl.estimators.natural_qnn.model import Network, prob_minus


def pre_activation(weights: np.ndarray, bias: np.ndarray, inputs: np.ndarray) -> np.ndarray:
    """z = W·d + b for a batch of inputs (last axis = features)."""
    return inputs @ weights.T + bias


def sample_layers(net: Network, x: np.ndarray, rng: np.random.Generator,
                  shots: int = 1) -> list[tuple[np.ndarray, np.ndarray]]:
    """Sample every hidden layer: a list of (z, s) with shapes (shots, batch, n_l).

    ``x`` has shape (batch, inputs). Spins s ∈ {+1, −1}; outcome bit b = (1 − s)/2."""
    d = np.broadcast_to(x, (shots,) + x.shape)
    out = []
    for w, b in zip(net.weights, net.biases):
        z = pre_activation(w, b, d)
        p = prob_minus(z, net.scheme, net.a, net.g)
        s = np.where(rng.random(z.shape) < p, -1.0, 1.0)
        out.append((z, s))
        d = s
    return out


def logits(net: Network, spins: np.ndarray) -> np.ndarray:
    """The classical readout of the last hidden layer's spins."""
    return spins @ net.readout_w.T + net.readout_b


def predict(net: Network, x: np.ndarray, rng: np.random.Generator, shots: int = 1) -> np.ndarray:
    """Predicted classes, one per shot and input: shape (shots, batch)."""
    spins = sample_layers(net, x, rng, shots)[-1][1]
    return np.argmax(logits(net, spins), axis=-1)


def classical_forward(net: Network, x: np.ndarray) -> list[np.ndarray]:
    """The deterministic binarized network: s = +1 if z ≥ 0 else −1, layer by layer.

    Written independently of the quantum model (no angles, no probabilities): the reference the
    classical limit (a = 0, g = π/2) must reproduce exactly."""
    d, out = x, []
    for w, b in zip(net.weights, net.biases):
        d = np.where(d @ w.T + b >= 0, 1.0, -1.0)
        out.append(d)
    return out


def spins_of(pattern: int, n: int) -> np.ndarray:
    """Spins of an n-bit outcome pattern; bit i of ``pattern`` is neuron i's outcome."""
    return 1.0 - 2.0 * ((pattern >> np.arange(n)) & 1)


def exact_distribution(net: Network, x: np.ndarray) -> dict[tuple[int, ...], float]:
    """P(outcome pattern of every hidden layer) for one input, by enumerating all paths.

    Keys are tuples of per-layer patterns (bit i of entry l is neuron i of layer l). Exponential
    in the total width: for the small networks that are also simulated on Aer."""
    if sum(net.widths) > 16:
        raise ValueError("exact distribution limited to 16 neurons in total")
    dist: dict[tuple[int, ...], float] = {}

    def layer_probs(l: int, d: np.ndarray) -> np.ndarray:
        return prob_minus(pre_activation(net.weights[l], net.biases[l], d), net.scheme, net.a,
                          net.g)

    def walk(l: int, d: np.ndarray, prefix: tuple[int, ...], weight: float) -> None:
        if l == len(net.weights):
            dist[prefix] = dist.get(prefix, 0.0) + weight
            return
        p = layer_probs(l, d)
        n = len(p)
        for bits in itertools.product((0, 1), repeat=n):
            w = weight * float(np.prod(np.where(np.array(bits) == 1, p, 1 - p)))
            if w == 0.0:
                continue
            pattern = sum(bit << i for i, bit in enumerate(bits))
            walk(l + 1, spins_of(pattern, n), prefix + (pattern,), w)

    walk(0, np.asarray(x, dtype=float), (), 1.0)
    return dist
