"""qdl: a circuit-level compiler for fault-tolerant resource estimation of quantum deep learning.

The installed namespace maps the repository's top-level folders: ``qdl.compiler`` (model files,
lowering, CLI, reports), ``qdl.circuits`` (the block library), ``qdl.passes`` (analysis and
transformation passes over blocks and Qiskit circuits) and ``qdl.estimators`` (totals, readout
and physical cost).

The Python API (docs/getting-started.md, docs/notebooks/tour.ipynb)::

    import qdl
    qdl.cost("add", bits=32)                      # Cost(t_count=124, qubits=95, ...)
    qdl.build("add", bits=4)                      # the Qiskit QuantumCircuit
    report = qdl.compile("examples/qresnet18.yaml")   # or the model as a dict
    qdl.estimate(report, profile="qubit_gate_ns_e4")  # with a physical section
"""

__version__ = "0.1.0"

from qdl.errors import QdlError  # noqa: E402

__all__ = ["QdlError", "__version__", "block", "build", "compile", "cost", "estimate"]


def __getattr__(name: str):
    # the API imports Qiskit and pydantic; `import qdl` alone (the CLI's --version) stays fast
    if name in ("block", "build", "compile", "cost", "estimate"):
        from qdl import api

        return getattr(api, name)
    raise AttributeError(f"module 'qdl' has no attribute {name!r}")
