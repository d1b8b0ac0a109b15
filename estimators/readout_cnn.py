"""A small residual CNN in numpy, with a hook where every layer's output is read out.

Architecture (ResNet-style, He et al. 2016, at toy scale): a 3×3 stem convolution 1 → C
channels with ReLU at the input resolution N × N, average pooling by N/8 to 8 × 8 (the role of
a ResNet's strided stem and max-pool), then ``blocks`` residual blocks [3×3 conv, ReLU, 3×3
conv, + input, ReLU] at 8 × 8, a linear classifier on the flattened C × 8 × 8 map. The stem's
output (C·N² values) is the state whose size grows with N; the blocks' (C·64) do not. This keeps
training on 2 shared cores in minutes at N = 64. Trained by Adam (Kingma & Ba 2015) on softmax
cross-entropy with exact backpropagation; convolutions are im2col matrix products.

``forward(params, x, readout)`` calls ``readout(layer_index, activations)`` on the output of
the stem and of every block — the states a qResNet reads out through its DTM between layers
(seed 000 §III.1) — and continues from what it returns. Training uses no readout.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

Readout = Callable[[int, np.ndarray], np.ndarray]

#: side of the feature maps after the stem's pooling (the digits' native 8 × 8)
POOLED = 8


def _cols(x: np.ndarray) -> np.ndarray:
    """(B, C, H, W) → (B·H·W, C·9) patches of the zero-padded 3×3 neighbourhoods."""
    b, c, h, w = x.shape
    win = sliding_window_view(np.pad(x, ((0, 0), (0, 0), (1, 1), (1, 1))), (3, 3), axis=(2, 3))
    return win.transpose(0, 2, 3, 1, 4, 5).reshape(b * h * w, c * 9)


def conv(x: np.ndarray, w: np.ndarray, bias: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """3×3 'same' convolution; returns (output, columns kept for the backward pass)."""
    b, _, h, wd = x.shape
    cols = _cols(x)
    out = cols @ w.reshape(w.shape[0], -1).T + bias
    return out.reshape(b, h, wd, -1).transpose(0, 3, 1, 2), cols


def conv_backward(dy: np.ndarray, cols: np.ndarray, w: np.ndarray, x_shape
                  ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Gradients (dx, dw, dbias) of :func:`conv`."""
    b, c, h, wd = x_shape
    dflat = dy.transpose(0, 2, 3, 1).reshape(-1, w.shape[0])
    dw = (dflat.T @ cols).reshape(w.shape)
    dcols = (dflat @ w.reshape(w.shape[0], -1)).reshape(b, h, wd, c, 3, 3)
    dpad = np.zeros((b, c, h + 2, wd + 2))
    for i in range(3):
        for j in range(3):
            dpad[:, :, i:i + h, j:j + wd] += dcols[:, :, :, :, i, j].transpose(0, 3, 1, 2)
    return dpad[:, :, 1:-1, 1:-1], dw, dflat.sum(axis=0)


@dataclass
class CNN:
    channels: int
    blocks: int
    classes: int
    params: dict[str, np.ndarray]

    @classmethod
    def init(cls, channels: int, blocks: int, classes: int, rng: np.random.Generator) -> "CNN":
        """He-normal convolutions; the second conv of each block starts at zero scale/4 so
        the blocks begin close to the identity (a standard residual-network initialisation)."""
        p = {"stem_w": rng.normal(0, np.sqrt(2 / 9), (channels, 1, 3, 3)),
             "stem_b": np.zeros(channels)}
        fan = channels * 9
        for k in range(blocks):
            p[f"b{k}_w1"] = rng.normal(0, np.sqrt(2 / fan), (channels, channels, 3, 3))
            p[f"b{k}_b1"] = np.zeros(channels)
            p[f"b{k}_w2"] = rng.normal(0, np.sqrt(2 / fan) / 4, (channels, channels, 3, 3))
            p[f"b{k}_b2"] = np.zeros(channels)
        flat = channels * POOLED * POOLED
        p["fc_w"] = rng.normal(0, np.sqrt(1 / flat), (classes, flat))
        p["fc_b"] = np.zeros(classes)
        return cls(channels, blocks, classes, p)

    @property
    def layers(self) -> int:
        """Read-out points: the stem and every block."""
        return 1 + self.blocks

    def forward(self, x: np.ndarray, readout: Readout | None = None, cache: list | None = None
                ) -> np.ndarray:
        """Logits for images x of shape (B, N, N); ``cache`` collects what backward needs."""
        p = self.params
        h0 = x[:, None]
        z, cols = conv(h0, p["stem_w"], p["stem_b"])
        h = np.maximum(z, 0)
        if cache is not None:
            cache.append(("stem", h0.shape, cols, z))
        if readout is not None:
            h = readout(0, h)
        f = h.shape[2] // POOLED
        if f > 1:  # average pooling f × f down to POOLED × POOLED
            b, c = h.shape[:2]
            h = h.reshape(b, c, POOLED, f, POOLED, f).mean(axis=(3, 5))
        for k in range(self.blocks):
            z1, c1 = conv(h, p[f"b{k}_w1"], p[f"b{k}_b1"])
            a1 = np.maximum(z1, 0)
            z2, c2 = conv(a1, p[f"b{k}_w2"], p[f"b{k}_b2"])
            s = z2 + h
            out = np.maximum(s, 0)
            if cache is not None:
                cache.append((k, h.shape, c1, z1, c2, s))
            h = out if readout is None else readout(k + 1, out)
        flat = h.reshape(len(h), -1)
        if cache is not None:
            cache.append(("head", h.shape, flat))
        return flat @ p["fc_w"].T + p["fc_b"]

    def loss_and_grads(self, x: np.ndarray, y: np.ndarray) -> tuple[float, dict[str, np.ndarray]]:
        """Softmax cross-entropy and its exact gradient for every parameter."""
        p, cache = self.params, []
        logits = self.forward(x, cache=cache)
        prob = np.exp(logits - logits.max(axis=1, keepdims=True))
        prob /= prob.sum(axis=1, keepdims=True)
        loss = float(-np.log(prob[np.arange(len(y)), y] + 1e-300).mean())
        prob[np.arange(len(y)), y] -= 1
        dlog = prob / len(y)
        g: dict[str, np.ndarray] = {}
        _, h_shape, flat = cache.pop()
        g["fc_w"], g["fc_b"] = dlog.T @ flat, dlog.sum(axis=0)
        dh = (dlog @ p["fc_w"]).reshape(h_shape)
        for k in range(self.blocks - 1, -1, -1):
            _, in_shape, c1, z1, c2, s = cache.pop()
            ds = dh * (s > 0)
            da1, g[f"b{k}_w2"], g[f"b{k}_b2"] = conv_backward(ds, c2, p[f"b{k}_w2"], in_shape)
            dh_in, g[f"b{k}_w1"], g[f"b{k}_b1"] = conv_backward(da1 * (z1 > 0), c1,
                                                                p[f"b{k}_w1"], in_shape)
            dh = dh_in + ds
        _, in_shape, cols, z = cache.pop()
        f = z.shape[2] // POOLED
        if f > 1:  # the pooling's gradient: each input pixel gets 1/f² of its cell's
            dh = np.repeat(np.repeat(dh, f, axis=2), f, axis=3) / (f * f)
        _, g["stem_w"], g["stem_b"] = conv_backward(dh * (z > 0), cols, p["stem_w"], in_shape)
        return loss, g

    def predict(self, x: np.ndarray, readout: Readout | None = None, batch: int = 128
                ) -> np.ndarray:
        return np.concatenate([np.argmax(self.forward(x[i:i + batch], readout), axis=1)
                               for i in range(0, len(x), batch)])


def train(net: CNN, x: np.ndarray, y: np.ndarray, epochs: int, rng: np.random.Generator,
          batch: int = 32, lr: float = 3e-3, tick: Callable[[], None] | None = None
          ) -> list[float]:
    """Adam (β = 0.9, 0.999) on mini-batches; returns the mean loss of each epoch."""
    m = {k: np.zeros_like(v) for k, v in net.params.items()}
    v = {k: np.zeros_like(val) for k, val in net.params.items()}
    step, history = 0, []
    for _ in range(epochs):
        order = rng.permutation(len(y))
        losses = []
        for start in range(0, len(y), batch):
            idx = order[start:start + batch]
            loss, grads = net.loss_and_grads(x[idx], y[idx])
            losses.append(loss)
            step += 1
            for k, gk in grads.items():
                m[k] = 0.9 * m[k] + 0.1 * gk
                v[k] = 0.999 * v[k] + 0.001 * gk * gk
                mhat, vhat = m[k] / (1 - 0.9**step), v[k] / (1 - 0.999**step)
                net.params[k] -= lr * mhat / (np.sqrt(vhat) + 1e-8)
        history.append(float(np.mean(losses)))
        if tick:
            tick()
    return history


def upsampled_digits(size: int, seed: int, train_size: int, test_size: int):
    """scikit-learn's 8×8 digits (shipped in the package), bilinearly upsampled to size × size
    (scipy.ndimage.zoom, order 1), scaled to [0, 1]; a seeded train/test split."""
    from scipy.ndimage import zoom
    from sklearn.datasets import load_digits

    bunch = load_digits()
    images = bunch.images / 16.0
    if size != 8:
        images = np.stack([zoom(im, size / 8, order=1) for im in images])
    order = np.random.default_rng(seed).permutation(len(images))
    tr, te = order[:train_size], order[train_size:train_size + test_size]
    return images[tr], bunch.target[tr], images[te], bunch.target[te]
