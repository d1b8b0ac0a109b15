"""The bridge from layers to the block library: primitives by registry name, never by class.

Lowering asks for ``primitive("dot", length=..., bits=..., frac_bits=...)``: the registry's
parameter model validates the request and its ``make`` builds the block, so qdl.estimators.network
depends only on the registry contract of issues 3-5 (names and parameter names), not on any
module's internals. A primitive that is not registered in this build is a one-line error naming
it; no cost is ever made up for it.
"""

from __future__ import annotations

import math
from functools import lru_cache

from pydantic import ValidationError

from qdl.circuits.block import Block
from qdl.circuits.gates import Clifford
from qdl.circuits.registry import find
from qdl.errors import ParameterError, QdlError

#: Which module family (and which issue) provides each primitive the lowering uses.
FAMILY = {
    "add": "QAM", "sub": "QAM", "add_const": "QAM", "compare": "QAM", "ctrl_add": "QAM",
    "relu": "QAM", "mac": "QAM", "dot": "QAM", "multiply": "QAM", "exp": "QAM",
    "reciprocal": "QAM", "dot_const_floored": "QAM", "saturate": "QAM", "select_copy": "DTM",
    "qrom": "DTM", "select_swap": "DTM", "qroam_clean": "DTM", "bucket_brigade": "DTM",
    "state_prep": "DTM", "qdac": "DTM", "dcd_reprepare": "DTM",
    "block_encoding": "QLAM", "inner_product": "QLAM", "lcu_heads": "QLAM",
    "heads_dense": "QLAM",
    "clifford": "classical data",
}
ISSUE = {"QAM": 3, "DTM": 4, "QLAM": 5}


class MissingPrimitive(QdlError):
    """A layer lowers to a primitive this build does not have."""


def primitive(name: str, **params) -> Block:
    """The block of registry primitive ``name`` with ``params`` (memoised per request)."""
    return _primitive(name, tuple(sorted(params.items())))


@lru_cache(maxsize=None)
def _primitive(name: str, params: tuple) -> Block:
    prim = find(name)  # a network's primitives only, not every module of qdl.circuits
    if prim is None:
        family = FAMILY.get(name, "")
        owner = f" ({family}, issue {ISSUE[family]})" if family in ISSUE else ""
        raise MissingPrimitive(f"primitive '{name}'{owner} is not in this build, so the layer "
                               "cannot be costed",
                               "merge the branch that provides it; qdl-compile "
                               "--list-primitives shows what is here")
    try:
        block = prim.block(prim.params(**dict(params)))
        _REQUESTS[block] = (name, dict(params))
        return block
    except ValidationError as exc:
        err = exc.errors()[0]
        where = ".".join(str(p) for p in err["loc"]) or "params"
        shown = ", ".join(f"{k}={v}" for k, v in params)
        raise ParameterError(f"primitive '{name}' rejects {shown}: {where}: {err['msg']}",
                             "change the layer's size or numerics") from None


_REQUESTS: dict[Block, tuple[str, dict]] = {}


def request_of(block: Block) -> tuple[str, dict] | None:
    """The (registry name, params) a lowered block was requested with."""
    return _REQUESTS.get(block)


def constant_write(bits: int) -> tuple[Block, int]:
    """Writing a classical constant into a register: one X per bit (worst case: all ones)."""
    return Clifford("x"), bits


def qram_load(model: str, words: int, word_bits: int) -> tuple[Block, int]:
    """One query of the chosen QRAM over a table of ``words`` words of ``word_bits`` bits.

    A one-word table needs no address: the word is a classical constant (X gates)."""
    if words <= 1:
        return constant_write(word_bits)
    if model == "bucket_brigade":
        return primitive(model, address_bits=math.ceil(math.log2(words)),
                         word_bits=word_bits), 1
    return primitive(model, words=words, word_bits=word_bits), 1


def family(block: Block, name: str | None = None) -> str:
    """The module family of a lowered part, from its registry name."""
    return FAMILY.get(name or block.name, "QAM")
