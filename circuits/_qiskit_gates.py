"""Qiskit gate objects for the builder (imported only when a circuit is actually built).

The leading underscore keeps the registry's module scan from importing Qiskit just to list
or count primitives.
"""

from __future__ import annotations

from qiskit import QuantumCircuit
from qiskit.circuit import Gate
from qiskit.circuit.library import (CCXGate, CCZGate, CXGate, CZGate, HGate, SdgGate, SGate,
                                    SwapGate, TdgGate, TGate, XGate, ZGate)


def and_definition() -> QuantumCircuit:
    """Gidney 2018 (arXiv:1709.06648) Fig. 3: |a,b,0⟩ → |a,b,a·b⟩ with 4 T and no phase."""
    qc = QuantumCircuit(3, name="and")
    a, b, t = 0, 1, 2
    qc.h(t)
    qc.t(t)
    qc.cx(a, t)
    qc.cx(b, t)
    qc.cx(t, a)
    qc.cx(t, b)
    qc.tdg(a)
    qc.tdg(b)
    qc.t(t)
    qc.cx(t, a)
    qc.cx(t, b)
    qc.h(t)
    qc.s(t)
    return qc


class TemporaryAndGate(Gate):
    """Temporary logical AND into a target that must be |0⟩ (compute half of Gidney's AND).

    Not called ``AndGate``: QPY re-creates gates by class name, and Qiskit's library already
    has an ``AndGate`` (a multi-controlled AND with another signature)."""

    def __init__(self):
        super().__init__("and", 3, [])

    def _define(self):
        self.definition = and_definition()


STANDARD_GATES: dict[str, Gate] = {
    "h": HGate(), "x": XGate(), "z": ZGate(), "s": SGate(), "sdg": SdgGate(), "t": TGate(),
    "tdg": TdgGate(), "cx": CXGate(), "cz": CZGate(), "swap": SwapGate(), "ccx": CCXGate(),
    "ccz": CCZGate(), "and": TemporaryAndGate(),
}
