"""Seed 002: quantum-enhanced sparse training by Carleman-linearised gradient descent.

Liu et al., "Towards provably efficient quantum algorithms for large-scale machine-learning
models", Nat. Commun. 15, 434 (2024); the Carleman analysis and the R < 1 condition follow
Liu et al., PNAS 118, e2026805118 (2021). Modules: ``dissipativity`` (per-mode factors, R, the
error proxy), ``carleman`` (the embedding, its truncation order, the linear system and its
size, sparsity, condition number), ``qlsa`` (query counts of the linear solver with explicit
constants), ``cost_model`` (T-count/T-depth from qdl blocks, readout, classical cost,
verdict), ``solver_check`` (a small GD system solved on Aer through qdl's block-encodings),
``plot`` (the error-proxy PNG).
"""
