"""Matrix inversion by a Chebyshev series of singular values over any block-encoding.

Given U with (⟨0|_be ⊗ I) U (|0⟩_be ⊗ I) = A/α, write A/α = Σ_k σ_k |w_k⟩⟨v_k| and
R = 2|0⟩⟨0|_be − I. The alternating product satisfies, for every k ≥ 0,

    Π U† (R U R U†)^k Π = T_{2k+1}^{SV}(A†/α) = Σ_k T_{2k+1}(σ_k) |v_k⟩⟨w_k|,

(the Chebyshev case of quantum singular value transformation: Gilyén, Su, Low, Wiebe, STOC
2019, arXiv:1806.01838, §3, with every phase π/2, so each step is a plain reflection; the
identity is also asserted numerically in the tests). For an
odd p = Σ_j c_j T_{2j+1} the LCU

    PREP† · Σ_j |j⟩⟨j| ⊗ sign(c_j)·U†(R U R U†)^j · PREP,   PREP|0⟩ = Σ_j √(|c_j|/‖c‖₁)|j⟩,

block-encodes p^{SV}(A†/α) with α' = ‖c‖₁. With p ≈ 1/x on [1/κ, 1] (κ = α/σ_min(A), the
condition number *of the encoded* A/α) that is Σ_k (1/σ_k)|v_k⟩⟨w_k| = (A/α)⁻¹: no Hermitian
dilation is needed, because the singular-value transform of A† is the inverse of A.

The polynomial is that of Childs, Kothari, Somma, SIAM J. Comput. 46, 1920 (2017), Lemmas 14
and 17: f_b(x) = (1 − (1 − x²)^b)/x, |f_b(x) − 1/x| ≤ (1 − 1/κ²)^b·κ for 1/κ ≤ |x| ≤ 1, cut
where its dropped Chebyshev tail is ≤ ε/2 (:func:`cks_coefficients`).

Circuit (:class:`ChebyshevInverse`): ``be`` holds the inner block-encoding's ancillas and an
m-qubit index, m = ⌈log2(#terms)⌉. The sum over j uses binary powers: U† first, then for each
index bit i a controlled (U† R U R)^{2^i}; so one call costs 1 + 2·(2^m − 1) calls to U or U†
and 2·(2^m − 1) controlled reflections, all counted from the recorded program.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import Literal

import numpy as np
from pydantic import Field, model_validator

from qdl.circuits.block import Register, Signature
from qdl.circuits.data import Matrix
from qdl.circuits.qlam.block_encoding import (BlockEncoding, BlockEncodingParams,
                                              make_block_encoding)
from qdl.circuits.qlam.loaders import diagonal, index_width, prepare_weights
from qdl.circuits.qlam.program import Program
from qdl.circuits.registry import Params, Primitive, register

#: Largest index register of the Chebyshev LCU counted.
MAX_INDEX_BITS = 20
#: Largest b of f_b(x) = (1 − (1 − x²)^b)/x interpolated (degree 2b − 1; b ≈ κ²·ln(2κ/ε),
#: so κ up to about 420 at ε = 0.05): 4·10⁶ interpolation points, a few hundred MB.
MAX_HALF_DEGREE = 1 << 21


def cks_coefficients(kappa: float, eps: float) -> tuple[np.ndarray, int, float]:
    """:func:`_cks_series`, with a fresh copy of the (cached) coefficients."""
    coeffs, degree, bound = _cks_series(float(kappa), float(eps))
    return coeffs.copy(), degree, bound


@lru_cache(maxsize=64)
def _cks_series(kappa: float, eps: float) -> tuple[np.ndarray, int, float]:
    """Odd Chebyshev coefficients c_j of f_b, b chosen so (1 − 1/κ²)^b·κ ≤ ε/2, the series cut
    where the dropped tail Σ|c_j| ≤ ε/2 (|T_k| ≤ 1, so that is the truncation error; CKS
    Lemma 17 cuts at j₀ = √(b·ln(4b/ε)) for the same reason). Returns (c, degree, error bound).

    The coefficients come from interpolation at Chebyshev nodes, exact for a polynomial of
    degree 2b − 1 and numerically stable (the power-basis form of (1 − x²)^b is not).
    """
    if kappa <= 1.0 + 1e-12:  # every singular value is 1: p(x) = x = T_1 is exact there
        return np.array([1.0]), 1, 0.0
    b = max(1, math.ceil(math.log(eps / (2 * kappa)) / math.log(1.0 - 1.0 / kappa ** 2)))
    if b > MAX_HALF_DEGREE:  # b ≈ κ²·ln(2κ/ε): the interpolation alone would not fit
        raise ValueError(f"κ = {kappa:.4g} at ε = {eps:g} needs a polynomial of degree "
                         f"{2 * b - 1:,}, above the {2 * MAX_HALF_DEGREE - 1:,} qdl expands "
                         "(raise eps, or precondition A)")

    def f(x: np.ndarray) -> np.ndarray:
        x = np.asarray(x, dtype=float)
        small = np.abs(x) < 1e-8
        safe = np.where(small, 1.0, x)
        # 1 − (1 − x²)^b = −expm1(b·log1p(−x²)); near 0, f ≈ b·x
        return np.where(small, b * x, -np.expm1(b * np.log1p(-safe * safe)) / safe)

    cheb = _chebyshev_interpolate(f, 2 * b - 1)
    odd = cheb[1::2]
    tail = np.cumsum(np.abs(odd)[::-1])[::-1]        # tail[j] = Σ_{i≥j} |c_i|
    keep = next((j for j in range(1, len(odd) + 1) if j == len(odd) or tail[j] <= eps / 2),
                len(odd))
    dropped = float(tail[keep]) if keep < len(odd) else 0.0
    bound = (1.0 - 1.0 / kappa ** 2) ** b * kappa + dropped
    return odd[:keep].copy(), 2 * keep - 1, bound


def _chebyshev_interpolate(f, degree: int) -> np.ndarray:
    """Coefficients of the degree-``degree`` interpolant of f at the Chebyshev points of the
    first kind, by a DCT-II (O(d log d); numpy's chebinterpolate builds a d × d matrix)."""
    from scipy.fft import dct

    n = degree + 1
    nodes = np.cos(np.pi * (np.arange(n) + 0.5) / n)
    coeffs = dct(f(nodes), type=2) / n
    coeffs[0] /= 2
    return coeffs


def encoded_condition_number(inner: BlockEncoding) -> float:
    """κ of A/α: α over the smallest nonzero singular value of A."""
    sv = np.linalg.svd(inner.target(), compute_uv=False)
    return float(inner.alpha / sv[sv > 1e-12 * sv[0]].min())


@dataclass(frozen=True)
class ChebyshevInverse(BlockEncoding):
    """Block-encoding of p(A†/α)^{SV} ≈ (A/α)⁻¹ from a block-encoding of A (module docstring).

    α' = ‖c‖₁; ancillas: the inner block's plus ⌈log2 #terms⌉; calls to U or U†:
    1 + 2(2^m − 1) (:attr:`calls`). ``kappa`` defaults to that of the encoded A/α.
    """

    inner: BlockEncoding
    eps: float = 1e-2
    kappa: float | None = None
    name = "chebyshev_inverse"
    alpha_formula = "‖c‖₁"

    def __post_init__(self) -> None:
        if not self.inner.has_data():
            raise ValueError("matrix inversion needs the matrix (its κ sets the polynomial)")

    @cached_property
    def _series(self) -> tuple[np.ndarray, int, float, float]:
        kappa = self.kappa if self.kappa is not None else encoded_condition_number(self.inner)
        coeffs, degree, bound = cks_coefficients(kappa, self.eps)
        return coeffs, degree, bound, kappa

    @property
    def coefficients(self) -> np.ndarray:
        return self._series[0]

    @property
    def degree(self) -> int:
        return self._series[1]

    @property
    def polynomial_error_bound(self) -> float:
        """max |p(x) − 1/x| over 1/κ ≤ |x| ≤ 1."""
        return self._series[2]

    @property
    def condition_number(self) -> float:
        return self._series[3]

    @property
    def index_bits(self) -> int:
        return index_width(len(self.coefficients))

    @property
    def calls(self) -> int:
        """Calls to the inner U or U† in one application."""
        return 1 + 2 * ((1 << self.index_bits) - 1)

    @property
    def signature(self) -> Signature:
        return Signature([Register("sys", self.inner.signature["sys"].width),
                          Register("be", self.inner.ancillas + self.index_bits)])

    @property
    def alpha(self) -> float:
        return float(np.abs(self.coefficients).sum())

    def target(self) -> np.ndarray:
        """p^{SV}(A†/α) = V p(Σ) W† for A/α = W Σ V†, computed classically."""
        w, s, vh = np.linalg.svd(self.inner.target() / self.inner.alpha)
        series = np.zeros(2 * len(self.coefficients))
        series[1::2] = self.coefficients
        return (vh.conj().T * np.polynomial.chebyshev.chebval(s, series)) @ w.conj().T

    def notes(self) -> dict:
        return {**super().notes(), "kappa": self.condition_number, "degree": self.degree,
                "polynomial_error_bound": self.polynomial_error_bound,
                "inner_calls": self.calls}

    def params(self) -> dict:
        return {"inner": f"{type(self.inner).__name__}({self.inner.alpha_formula})",
                "eps": self.eps, "kappa": self.condition_number}

    def record(self, prog: Program, *, sys: list[int], be: list[int]) -> None:
        k = self.inner.ancillas
        anc, idx = be[:k], be[k:]
        c = np.zeros(1 << len(idx))
        c[: len(self.coefficients)] = self.coefficients
        amps = np.sqrt(np.abs(c) / np.abs(c).sum())
        inner = self.inner.program().ops
        wires = sys + anc

        def reflect() -> None:
            # I − 2|0⟩⟨0| = −R; the two per step cancel their signs, also when controlled
            with prog.when_equal(anc, 0):
                prog.global_phase(math.pi)

        def step() -> None:  # operator U†·R·U·R, so R acts first
            reflect()
            prog.replay(inner, wires)
            reflect()
            prog.replay(inner, wires, inverse=True)

        prepare_weights(prog, idx, amps)
        diagonal(prog, idx, np.where(c < 0, math.pi, 0.0))
        prog.replay(inner, wires, inverse=True)
        for bit, wire in enumerate(idx):
            with prog.controlled(wire):
                prog.repeat(1 << bit, step)
        prepare_weights(prog, idx, amps, adjoint=True)


class MatrixInversionParams(Params):
    matrix: Matrix = Field(description="the square matrix A to invert: rows, [re, im] pairs, "
                                       "or .npy")
    variant: Literal["dense", "lcu_pauli", "sparse"] = Field(
        "sparse", description="block-encoding of A (as for block_encoding)")
    eps: float = Field(0.05, gt=0, lt=1, description="max |p(x) − 1/x| on [1/κ, 1]")
    kappa: float | None = Field(None, gt=1, description="condition number of A/α the "
                                                        "polynomial is built for (default: "
                                                        "computed from A)")

    @model_validator(mode="after")
    def _check(self):
        inner = make_block_encoding(  # the block_encoding checks apply as they are
            BlockEncodingParams(variant=self.variant, matrix=self.matrix))
        size = len(self.matrix)
        if np.linalg.matrix_rank(inner.target()[:size, :size]) < size:
            raise ValueError("matrix is singular: it has no inverse")
        # the series is built here, so a κ too large for it is an error located in the file
        inverse = ChebyshevInverse(inner, self.eps, self.kappa)
        if inverse.index_bits > MAX_INDEX_BITS:
            raise ValueError(f"κ = {inverse.condition_number:.4g} needs "
                             f"{len(inverse.coefficients):,} Chebyshev terms, more than the "
                             f"2^{MAX_INDEX_BITS} qdl lists (raise eps)")
        return self


def _make(p: MatrixInversionParams) -> ChebyshevInverse:
    return ChebyshevInverse(
        make_block_encoding(BlockEncodingParams(variant=p.variant, matrix=p.matrix)),
        p.eps, p.kappa)


register(Primitive(
    name="matrix_inversion",
    params=MatrixInversionParams,
    make=_make,
    action="U with (⟨0|_be ⊗ I) U (|0⟩_be ⊗ I) = p(A†/α)^SV/‖c‖₁ ≈ (A/α)⁻¹/‖c‖₁ on sys",
    cost="1 + 2(2^m − 1) calls to the block-encoding of A or its inverse, 2(2^m − 1) "
         "controlled reflections, m = ⌈log2 #terms⌉; degree O(κ log(κ/ε))",
    reference="Childs, Kothari, Somma, SIAM J. Comput. 46, 1920 (2017), Lemmas 14, 17; "
              "Gilyén, Su, Low, Wiebe, STOC 2019, §3",
))
