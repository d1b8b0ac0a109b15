"""DTM: data transfer between classical memory and quantum registers (seed 000 §II.4, §IV).

QROM by unary iteration, QROAM with clean ancillas, bucket-brigade QRAM, amplitude state
preparation and digital-to-amplitude conversion. Every module registers its primitives on
import (qdl.circuits.registry).
"""
