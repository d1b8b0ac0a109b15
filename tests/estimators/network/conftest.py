"""Test doubles for the registry, so lowering arithmetic is checked exactly whatever
primitives this build has: every primitive the lowering may ask for becomes a leaf with a
known cost (1 AND and 1 T-layer per call, 2 ancillas beyond a one-qubit signature)."""

from dataclasses import dataclass

import pytest
from pydantic import ConfigDict

from qdl.circuits.block import Block, Register, Signature
from qdl.circuits.cost import Cost
from qdl.circuits.registry import Params, Primitive
from qdl.estimators.network import modules


@dataclass(frozen=True)
class Leaf(Block):
    prim: str
    params_: tuple
    name = "leaf"

    @property
    def signature(self):
        return Signature([Register("x", 1)])

    def leaf_cost(self):
        return Cost(qubits=3, and_=1, t_depth=1, toffoli_depth=1)


class AnyParams(Params):
    model_config = ConfigDict(extra="allow", frozen=True)


@pytest.fixture
def fake_registry(monkeypatch):
    table = {name: Primitive(name, AnyParams,
                             (lambda n: lambda p: Leaf(n, tuple(sorted(p.model_dump().items()))))(
                                 name), "", "", "")
             for name in modules.FAMILY if name != "clifford"}
    modules._primitive.cache_clear()
    monkeypatch.setattr(modules, "primitives", lambda: table)
    yield table
    modules._primitive.cache_clear()
