"""QLAM blocks count exactly as before their programs moved onto the composition model.

The table holds every cost field of 26 instances counted on main (commit 4c27038) by the
program's own walker, before `Program` became composition ops counted by the per-wire
schedule (qdl.circuits.compose_wires) and before operands were called as sub-programs
(record_program). Fields: qubits, t, toffoli, and_, rotations, rotation_t, clifford,
measurements, t_depth, toffoli_depth, rotation_depth.
"""

import pytest

from qdl.circuits.block import Register, Signature
from qdl.circuits.qlam.program import Program
from qdl.circuits.qlam.subprogram import record_program
from qdl.circuits.registry import lookup
from qdl.passes.circuit_count import count_circuit

FIELDS = ("qubits", "t", "toffoli", "and_", "rotations", "rotation_t", "clifford",
          "measurements", "t_depth", "toffoli_depth", "rotation_depth")
SLOW = pytest.mark.slow  # alias-sampled Pauli LCUs: ~10^5 recorded gates

TABLE = [
    ("inner_product", {"size": 16, "epsilon": 0.05, "variant": "qpe"},
     (17, 21, 0, 1020, 15393, 461790, 22294, 1028, 1042, 1020, 13030)),
    ("inner_product", {"size": 8, "epsilon": 0.3},
     (6, 0, 0, 4, 70, 2100, 113, 5, 5, 4, 57)),
    ("inner_product", {"x": [1, 2, -1, 0.5], "y": [0.3, -1, 2, 1], "epsilon": 0.2,
                       "variant": "qpe"},
     (11, 15, 0, 126, 792, 23760, 2007, 132, 142, 126, 708)),
    ("lcu_heads", {"size": 16, "heads": 4},
     (11, 0, 16, 4, 4084, 122520, 4245, 4, 53, 20, 4048)),
    pytest.param("lcu_heads", {"size": 16, "heads": 4, "variant": "lcu_pauli"},
                 (112, 3376, 91072, 3656, 0, 0, 16117, 3656, 280225, 94704, 0), marks=SLOW),
    ("lcu_heads", {"size": 8, "heads": 3, "variant": "sparse", "sparsity": 2},
     (19, 14, 255, 375, 193, 5790, 1552, 375, 1154, 630, 192)),
    ("be_sum", {"size": 16},
     (9, 0, 8, 0, 2042, 61260, 2116, 0, 24, 8, 2024)),
    pytest.param("be_sum", {"size": 16, "variant": "lcu_pauli"},
                 (110, 1688, 45536, 1826, 0, 0, 8052, 1826, 140110, 47350, 0), marks=SLOW),
    ("be_sum", {"size": 16, "variant": "lcu_pauli", "prepare": "tree", "count": 3},
     (24, 2308, 7674, 1533, 6134, 184020, 13908, 1533, 26863, 9207, 6088)),
    ("be_sum", {"size": 16, "variant": "sparse", "sparsity": 2},
     (22, 8, 400, 632, 256, 7680, 2416, 632, 1840, 1032, 256)),
    ("be_sum", {"matrices": [[[1, 2], [2, 1]], [[0, 1], [1, 0]]], "weights": [0.5, -1.5]},
     (3, 10, 2, 0, 4, 120, 23, 0, 16, 2, 4)),
    ("be_product", {"size": 8},
     (9, 0, 0, 0, 252, 7560, 254, 0, 0, 0, 228)),
    pytest.param("be_product", {"size": 16, "variant": "lcu_pauli", "count": 3},
                 (301, 0, 396, 2343, 0, 0, 78192, 2343, 2155, 1891, 0), marks=SLOW),
    ("be_product", {"size": 8, "variant": "sparse", "sparsity": 2},
     (22, 0, 0, 216, 64, 1920, 1014, 216, 217, 216, 62)),
    ("block_encoding", {"size": 16},
     (8, 0, 0, 0, 510, 15300, 512, 0, 0, 0, 502)),
    ("block_encoding", {"size": 16, "variant": "lcu_pauli", "prepare": "tree"},
     (21, 0, 0, 510, 1022, 30660, 5876, 510, 511, 510, 1007)),
    pytest.param("block_encoding", {"size": 16, "variant": "lcu_pauli"},
                 (109, 0, 132, 781, 0, 0, 26064, 781, 1153, 889, 0), marks=SLOW),
    ("block_encoding", {"size": 16, "variant": "sparse", "sparsity": 2},
     (20, 0, 0, 284, 64, 1920, 1246, 284, 285, 284, 64)),
    ("block_encoding", {"size": 16, "loader": "qrom"},
     (79, 4, 100, 444, 288, 8640, 9050, 444, 605, 400, 257)),
    ("amplitude_estimation", {"qubits": 4},
     (14, 18, 0, 381, 3870, 116100, 5788, 388, 400, 381, 3194)),
    ("amplitude_estimation", {"qubits": 4, "variant": "iterative"},
     (6, 0, 0, 14, 225, 6750, 308, 15, 15, 14, 187)),
    ("matrix_inversion", {"matrix": [[2, 1], [1, 2]]},
     (12, 248, 434, 186, 312, 9360, 3058, 186, 1737, 620, 295)),
    ("matrix_inversion", {"matrix": [[2, 1], [1, 2]], "variant": "lcu_pauli"},
     (51, 1327, 3752, 1339, 30, 900, 7751, 1339, 13910, 5089, 25)),
    ("matrix_inversion", {"matrix": [[2, 1], [1, 2]], "variant": "sparse"},
     (12, 248, 434, 186, 312, 9360, 3058, 186, 1737, 620, 295)),
    ("state_prep", {"size": 16},
     (4, 0, 0, 0, 15, 450, 14, 0, 0, 0, 12)),
    # 2,656 Cliffords on 4c27038; +44 since the loader ties the phase-gradient state's
    # rotations to a tree wire by a cancelling CZ pair per gradient qubit, at its preparation
    # and its unpreparation (2 × 2 × 11), so that its depth inside a composite equals the
    # built circuit's (qrom_loader._gradient_state)
    ("state_prep", {"size": 64, "method": "qrom"},
     (57, 2, 20, 252, 17, 510, 2700, 252, 218, 175, 2)),
]


@pytest.mark.parametrize("name,params,old", TABLE)
def test_counts_equal_the_old_program_walk(name, params, old):
    prim = lookup(name)
    cost = prim.block(prim.params(**params)).cost()
    assert dict(zip(FIELDS, (getattr(cost, f) for f in FIELDS))) == dict(zip(FIELDS, old))


@pytest.mark.parametrize("params", [{"size": 8}, {"size": 8, "variant": "sparse", "sparsity": 2},
                                    {"size": 4, "variant": "lcu_pauli", "prepare": "tree"}])
@pytest.mark.parametrize("controlled", [False, True])
def test_a_called_block_equals_its_inline_recording(params, controlled):
    """record_program (one call, counted by its per-wire profile) == block.record inline, on
    every field, and == the built circuit."""
    prim = lookup("block_encoding")
    block = prim.block(prim.params(**params))
    width = block.signature.width
    regs = {"sys": list(range(block.signature["sys"].width)),
            "be": list(range(block.signature["sys"].width, width))}
    progs = []
    for record in (lambda p: block.record(p, **regs), lambda p: record_program(p, block, **regs)):
        prog = Program(width + 2)
        prog.cx(width, 0)  # the levels the call starts from are not all 0
        prog.h(width + 1)
        if controlled:
            with prog.controlled(width + 1):
                record(prog)
        else:
            record(prog)
        progs.append(prog)
    inline, called = progs
    assert called.cost() == inline.cost() == count_circuit(called.circuit())
    assert called.ops[-1].block.signature == Signature([Register("q", width + controlled)])


def test_a_called_block_inside_a_loop():
    """The profile composes with a loop's max-plus power (symbolic levels inside)."""
    prim = lookup("block_encoding")
    block = prim.block(prim.params(size=4))
    width = block.signature.width
    regs = {"sys": [0, 1], "be": list(range(2, width))}
    looped, flat = Program(width + 1), Program(width + 1)
    with looped.controlled(width):
        looped.repeat(5, lambda: record_program(looped, block, **regs))
    with flat.controlled(width):
        for _ in range(5):
            block.record(flat, **regs)
    assert looped.cost() == flat.cost() == count_circuit(looped.circuit())


def test_the_first_calls_walk_the_gates_and_later_ones_apply_the_profile():
    """A sub-program's first INLINE_CALLS integer-level calls are walked gate by gate, the
    later ones by its max-plus profile: the levels, and so every depth, are the same as the
    inline recording's and the built circuit's."""
    from qdl.circuits.qlam import subprogram

    prim = lookup("block_encoding")
    block = prim.block(prim.params(size=4))
    width = block.signature.width
    regs = {"sys": [0, 1], "be": list(range(2, width))}
    calls = subprogram.INLINE_CALLS + 3
    called, inline = Program(width + 1), Program(width + 1)
    for prog, record in ((called, lambda: record_program(called, block, **regs)),
                         (inline, lambda: block.record(inline, **regs))):
        for i in range(calls):
            prog.ccx(width, i % width, (i + 1) % width)  # each call starts from other levels
            record()
    sub = called.ops[-1].block
    assert isinstance(sub, subprogram.SubProgram)
    assert called.cost() == inline.cost() == count_circuit(called.circuit())
    assert "_profile" in sub.__dict__ and sub.__dict__["_walked"] == subprogram.INLINE_CALLS
