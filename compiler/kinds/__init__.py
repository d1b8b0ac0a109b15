"""Model kinds. Each module registers one :class:`~qdl.compiler.model.ModelKind`."""
