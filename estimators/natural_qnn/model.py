"""Qubit neurons: the two quantisation schemes of seed 001 and their outcome probabilities.

Lakhdar-Hamina, Barney & Galitski, "Natural Quantization of Neural Networks",
arXiv:2503.15482 (2025). A hidden neuron is a qubit; its output is a measured bit b ∈ {0, 1},
read as the spin s = 1 − 2b (outcome 0 → +1, outcome 1 → −1). The classical controller feeds
the previous layer's spins forward into the pre-activation z = W·s + b (the first layer sees the
data vector x ∈ [−1, 1]^64 instead of spins).

**Rotation scheme.** The neuron qubit starts in |0⟩, is rotated by RY(θ) and measured:

    θ(z) = (π/2)·(1 − htanh_a(z)),  htanh_a(z) = clip(z/a, −1, 1),  htanh_0(z) = sign(z)

with sign(0) = +1 (z ≥ 0 fires +1), so a = 0 is the deterministic binarized network:
θ ∈ {0, π} and the qubit is |0⟩ or |1⟩. RY(θ)|0⟩ = cos(θ/2)|0⟩ + sin(θ/2)|1⟩, so
P(b = 1) = sin²(θ/2) and E[s] = cos θ = sin(π·htanh_a(z)/2). Larger a widens the band of z
whose outcome is random: a is the quantumness.

**Weak-measurement scheme.** The neuron qubit is prepared as above, then an ancilla is coupled
to it and only the ancilla is measured (its outcome is the neuron's output spin). The coupling
we implement is symmetric in the two neuron states:

    ancilla: RY(π/2 − g), then controlled-RY(2g) with the neuron qubit as control.

Neuron |0⟩ leaves the ancilla in RY(π/2 − g)|0⟩ = cos φ|0⟩ + sin φ|1⟩ with φ = π/4 − g/2; neuron
|1⟩ leaves it in RY(π/2 + g)|0⟩ = sin φ|0⟩ + cos φ|1⟩. Reading ancilla outcome k applies to the
neuron the Kraus operator ⟨k|_anc U |0⟩_anc:

    K_0 = cos φ |0⟩⟨0| + sin φ |1⟩⟨1|,    K_1 = sin φ |0⟩⟨0| + cos φ |1⟩⟨1|,

with K_0†K_0 + K_1†K_1 = I. At g = π/2 (φ = 0) they are the projectors |0⟩⟨0|, |1⟩⟨1|: the
projective, classical limit. At g = 0 (φ = π/4) both are I/√2 and the outcome carries no
information about the neuron. Since both Kraus operators are diagonal, the outcome statistics
depend only on the neuron's populations p = sin²(θ/2):

    P(b = 1) = p·cos²φ + (1 − p)·sin²φ,   E[s] = sin g · sin(π·htanh_a(z)/2).

With a = 0 this is the binarized network whose every neuron flips with probability
sin²φ = (1 − sin g)/2.

Neurons of one layer are independent given the previous layer's outcomes (each has its own
qubits), so a network is a chain of independent Bernoulli layers: what the emulator samples and
the Aer circuit realises gate by gate.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

SCHEMES = ("rotation", "weak_measurement")


def htanh(z: np.ndarray, a: float) -> np.ndarray:
    """clip(z/a, −1, 1); for a = 0 the sign with sign(0) = +1 (the binarized limit)."""
    if a == 0:
        return np.where(z >= 0, 1.0, -1.0)
    return np.clip(z / a, -1.0, 1.0)


def rotation_angle(z: np.ndarray, a: float) -> np.ndarray:
    """θ = (π/2)(1 − htanh_a(z)), the neuron qubit's RY angle."""
    return (math.pi / 2) * (1.0 - htanh(z, a))


def coupling_angles(g: float) -> tuple[float, float]:
    """(ancilla pre-rotation RY angle, controlled-RY angle) of the weak measurement: (π/2 − g, 2g)."""
    return math.pi / 2 - g, 2 * g


def kraus_operators(g: float) -> tuple[np.ndarray, np.ndarray]:
    """K_0, K_1 acting on the neuron qubit when the ancilla reads 0 or 1 (module docstring)."""
    phi = math.pi / 4 - g / 2
    c, s = math.cos(phi), math.sin(phi)
    return np.diag([c, s]), np.diag([s, c])


def prob_minus(z: np.ndarray, scheme: str, a: float, g: float = math.pi / 2) -> np.ndarray:
    """P(b = 1), i.e. P(s = −1), for pre-activations ``z`` (elementwise).

    Exactly 0 or 1 in the classical limit (a = 0, and g = π/2 for the weak scheme), so sampling
    ``u < p`` with u ∈ [0, 1) reproduces the binarized network bit for bit."""
    p = np.sin(rotation_angle(z, a) / 2) ** 2
    if scheme == "rotation":
        return p
    phi = math.pi / 4 - g / 2
    c2, s2 = math.cos(phi) ** 2, math.sin(phi) ** 2
    return p * c2 + (1.0 - p) * s2


def mean_spin(z: np.ndarray, scheme: str, a: float, g: float = math.pi / 2,
              width: float | None = None) -> tuple[np.ndarray, np.ndarray]:
    """E[s | z] = sin g · sin(π·htanh_w(z)/2) and its derivative in z, with w = ``width`` or a.

    Training uses this as its surrogate (module training): the derivative with w = max(a, w_ste)
    is the straight-through gradient of the sampled spin."""
    w = a if width is None else width
    scale = 1.0 if scheme == "rotation" else math.sin(g)
    h = htanh(z, w)
    mean = scale * np.sin(math.pi * h / 2)
    if w == 0:
        return mean, np.zeros_like(z)
    inside = (np.abs(z) < w).astype(float)
    return mean, scale * (math.pi / 2) * np.cos(math.pi * h / 2) * inside / w


@dataclass
class Network:
    """Weights of a qubit-neuron network: hidden layers of qubit neurons, a classical readout.

    ``weights[l]`` has shape (n_l, n_{l−1}) (n_0 = input size); the readout maps the last
    hidden layer's spins to class logits, ``logits = readout_w @ s + readout_b``."""

    weights: list[np.ndarray]
    biases: list[np.ndarray]
    readout_w: np.ndarray
    readout_b: np.ndarray
    scheme: str = "rotation"
    a: float = 0.0
    g: float = math.pi / 2
    meta: dict = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.scheme not in SCHEMES:
            raise ValueError(f"unknown scheme {self.scheme!r}; use one of {SCHEMES}")

    @property
    def widths(self) -> list[int]:
        return [w.shape[0] for w in self.weights]

    @property
    def inputs(self) -> int:
        return self.weights[0].shape[1]

    @classmethod
    def init(cls, inputs: int, widths: list[int], classes: int, rng: np.random.Generator,
             **kwargs) -> "Network":
        """Gaussian weights of variance 1/fan-in (z of order one), zero biases."""
        sizes = [inputs] + list(widths)
        weights = [rng.normal(0, 1 / math.sqrt(sizes[i]), (sizes[i + 1], sizes[i]))
                   for i in range(len(widths))]
        biases = [np.zeros(n) for n in widths]
        readout = rng.normal(0, 1 / math.sqrt(sizes[-1]), (classes, sizes[-1]))
        return cls(weights, biases, readout, np.zeros(classes), **kwargs)

    def with_quantumness(self, a: float, g: float) -> "Network":
        """The same weights under another (a, g)."""
        return Network(self.weights, self.biases, self.readout_w, self.readout_b, self.scheme,
                       a, g, dict(self.meta))
