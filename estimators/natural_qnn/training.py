"""Training a qubit-neuron network by SGD with an expectation-based straight-through gradient.

The forward pass is the quantum network itself: every hidden spin is *sampled* (emulator, same
distribution as the circuit), ``samples`` times per image. The sampled spin has no derivative,
so the backward pass replaces ∂s/∂z by the derivative of its conditional mean (module model):

    ∂s/∂z  :=  ∂/∂z E[s | z]  with width w = max(a, w_ste):
            =  sin g · (π/2) · cos(π·htanh_w(z)/2) / w   for |z| < w, else 0,

(sin g = 1 for the rotation scheme). For a ≥ w_ste this is the exact derivative of the mean
spin; below it, in particular at a = 0 where the mean is a step, it is the straight-through
estimator of binarized networks (Hubara et al., NeurIPS 2016, "Binarized Neural Networks") with
a smooth window of half-width w_ste. The readout is linear with a softmax cross-entropy loss.
Mini-batch SGD with momentum; everything seeded.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from qdl.estimators.natural_qnn.emulator import logits, predict, sample_layers
from qdl.estimators.natural_qnn.model import Network, mean_spin


@dataclass(frozen=True)
class TrainSettings:
    epochs: int = 30
    batch_size: int = 32
    learning_rate: float = 0.05
    momentum: float = 0.9
    #: spins sampled per image and step (averaged in the loss)
    samples: int = 1
    #: half-width w_ste of the straight-through window, in units of z
    ste_width: float = 1.0


def _softmax(v: np.ndarray) -> np.ndarray:
    e = np.exp(v - v.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def gradients(net: Network, x: np.ndarray, y: np.ndarray, rng: np.random.Generator,
              settings: TrainSettings) -> tuple[float, list[np.ndarray]]:
    """Loss and surrogate gradients [W_1, b_1, ..., W_L, b_L, W_out, b_out] on one batch."""
    layers = sample_layers(net, x, rng, settings.samples)
    spins = layers[-1][1]
    prob = _softmax(logits(net, spins))
    count = prob.shape[0] * prob.shape[1]
    picked = np.take_along_axis(prob, y[None, :, None], axis=-1)
    loss = float(-np.log(np.maximum(picked, 1e-12)).mean())
    dlog = prob.copy()
    np.put_along_axis(dlog, y[None, :, None], picked - 1.0, axis=-1)
    dlog /= count
    grads = [np.einsum("sbc,sbn->cn", dlog, spins), dlog.sum(axis=(0, 1))]
    ds = dlog @ net.readout_w
    width = max(net.a, settings.ste_width)
    for l in range(len(net.weights) - 1, -1, -1):
        z = layers[l][0]
        _, slope = mean_spin(z, net.scheme, net.a, net.g, width=width)
        dz = ds * slope
        inputs = layers[l - 1][1] if l else np.broadcast_to(x, z.shape[:2] + x.shape[1:])
        grads = [np.einsum("sbn,sbm->nm", dz, inputs), dz.sum(axis=(0, 1))] + grads
        ds = dz @ net.weights[l]
    return loss, grads


def train(net: Network, x: np.ndarray, y: np.ndarray, settings: TrainSettings,
          seed: int) -> list[float]:
    """Train ``net`` in place; returns the mean training loss of each epoch."""
    rng = np.random.default_rng(seed)
    params = [p for pair in zip(net.weights, net.biases) for p in pair]
    params += [net.readout_w, net.readout_b]
    velocity = [np.zeros_like(p) for p in params]
    history = []
    for _ in range(settings.epochs):
        order = rng.permutation(len(y))
        losses = []
        for start in range(0, len(y), settings.batch_size):
            idx = order[start:start + settings.batch_size]
            loss, grads = gradients(net, x[idx], y[idx], rng, settings)
            losses.append(loss)
            for p, v, g in zip(params, velocity, grads):
                v *= settings.momentum
                v -= settings.learning_rate * g
                p += v
        history.append(float(np.mean(losses)))
    return history


def error_rate(net: Network, x: np.ndarray, y: np.ndarray, shots: int, seed: int) -> float:
    """Misclassification rate of single inferences, averaged over ``shots`` runs per image."""
    pred = predict(net, x, np.random.default_rng(seed), shots)
    return float((pred != y[None, :]).mean())


def vote_error_rate(net: Network, x: np.ndarray, y: np.ndarray, shots: int, seed: int) -> float:
    """Misclassification rate of the majority vote over ``shots`` inferences per image."""
    pred = predict(net, x, np.random.default_rng(seed), shots)
    votes = np.apply_along_axis(np.bincount, 0, pred, minlength=net.readout_b.shape[0])
    return float((np.argmax(votes, axis=0) != y).mean())
