"""Passes over blocks and Qiskit circuits: hierarchical counting, building, counting from a
built circuit, and verification on Aer. Each is usable alone; the compiler composes them."""
