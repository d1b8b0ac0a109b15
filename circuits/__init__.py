"""The block library: leaf gates, quantum arithmetic (``qam``), and later QRAM/DTM and QLAM.

Import :mod:`qdl.circuits.registry` to look primitives up by name.
"""
