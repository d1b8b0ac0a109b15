"""qdl: a circuit-level compiler for fault-tolerant resource estimation of quantum deep learning.

The installed namespace maps the repository's top-level folders: ``qdl.compiler`` (model files,
lowering, CLI, reports), ``qdl.circuits`` (the block library), ``qdl.passes`` (analysis and
transformation passes over blocks and Qiskit circuits) and ``qdl.estimators`` (totals, readout
and physical cost).
"""

__version__ = "0.1.0"
