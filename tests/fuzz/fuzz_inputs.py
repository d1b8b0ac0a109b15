"""Hostile inputs for the fuzz suite: what a case is and the Hypothesis strategies that draw it.

Model files generated from the primitives' parameter schemas, mutations of the shipped
examples (hostile scalars, YAML bombs, broken fragments), CLI argument lists, hostile paths
(FIFOs, devices, directories, links) and malformed OpenQASM. Loaded through cases.py."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from pathlib import Path

from hypothesis import strategies as st

REPO = Path(__file__).resolve().parents[2]
EXAMPLES = REPO / "examples"

#: Example models whose plain compile is fast (< 1 s); mutations start from these.
FAST_EXAMPLES = ["add32.yaml", "compare16.yaml", "multiply16.yaml", "readout_dcd.yaml",
                 "from_counts.yaml", "block_encoding_dense.yaml", "inner_product.yaml",
                 "sparse_training_7m.yaml", "tiny_attention.yaml", "qresnet18.yaml",
                 "block_encoding_2e20.yaml", "fig2c_dcd.yaml", "mac_fixed_point.yaml",
                 "qram_noise.yaml"]

#: YAML snippets that are valid syntax but absurd values (or hostile tags).
HOSTILE_SCALARS = [
    "true", "false", "null", "~", ".inf", "-.inf", ".nan", "1e400", "-1e400", "1" + "0" * 400,
    "1e-300", "-1", "0", "-5", "2", "1000", "4294967296", "18446744073709551616", "3.5",
    "'abc'", "'x'", "!!int abc", "!!float xyz", "!!binary AAAA", "!!python/object:os.system x",
    "[]", "{}", "[-5]", "[.inf]", "[1, .nan]", "'" + "n" * 50_000 + "'",
    '"\\e[31mred\\e[0m"', '"line\\nbreak"', '"tab\\there"', '"bell\\a"',
    "16777216", "16777217", "1048576", "0.5", "-0.5", "1e-9", "1e30", "1e308",
]

#: Text fragments injected into YAML to break the reader.
BOMB = ("a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
        "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
        "e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]\nf: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]\n"
        "g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f]\nh: &h [*g, *g, *g, *g, *g, *g, *g, *g, *g]\n"
        "i: &i [*h, *h, *h, *h, *h, *h, *h, *h, *h]\n")
FRAGMENTS = [BOMB, "[" * 5000, "{a: " * 3000, "key: [unclosed\n", "\t bad: indent\n",
             "%YAML 9.9\n---\n", "--- \n--- \n", "? [complex, key]\n: v\n", "<<: *nope\n",
             "\x00\x01\x02", "\x1b[2J\x1b[31m: red\n", "name: a\nname: b\n", "\ufeff",
             "k" * 60_000 + ": 1\n", "x: !!python/name:os.system ''\n"]

# OpenQASM: malformed programs, a gate-definition bomb and oversized files.
QASM_OK = ('OPENQASM 2.0;\ninclude "qelib1.inc";\nqreg q[3];\nccx q[0],q[1],q[2];\n'
           "t q[0];\ncx q[0],q[1];\n")
QASM_BOMB = ('OPENQASM 2.0;\ninclude "qelib1.inc";\nqreg q[1];\ngate g0 a { t a; t a; }\n'
             + "".join(f"gate g{i} a {{ g{i-1} a; g{i-1} a; }}\n" for i in range(1, 40))
             + "g39 q[0];\n")
QASM_BAD = [
    "OPENQASM 2.0;\nqreg q[2];\nfoo q[0];\n", "OPENQASM 2.0;\nqreg q[99999999999];\n",
    "OPENQASM 3.0;\nqubit[2] q;\nh q[0];\ncx q[0], q[1];\n", "OPENQASM 3.0;\nqubit q\n",
    'OPENQASM 2.0;\ninclude "qelib1.inc";\nqreg q[2];\nU(1e400,0,0) q[0];\n',
    'OPENQASM 2.0;\ninclude "qelib1.inc";\nqreg q[2];\nrz(nan) q[0];\n',
    "OPENQASM 2.0;\ninclude \"qelib1.inc\";\nqreg q[1];\n" + "t q[0];\n" * 200_000,
    "\x00\xff\xfe garbage", "", "OPENQASM 2.0;\ninclude \"../../../etc/passwd\";\n",
    'OPENQASM 2.0;\ninclude "qelib1.inc";\nqreg q[2];\nopaque o a;\no q[0];\n',
    'OPENQASM 3.0;\ninclude "stdgates.inc";\nqubit[1] q;\n'
    "for int i in [0:1000000000] { t q[0]; }\n",
]


@dataclass
class Case:
    """Files to create (name -> text, or a special marker) and the argument list to run.

    Markers: ``"<FIFO>"`` makes a named pipe, ``"<DIR>"`` a folder, ``"<LINK:/dev/zero>"`` a
    symbolic link. ``{d}`` in an argument is replaced by the case's folder."""

    label: str
    argv: list[str]
    files: dict[str, str | bytes] = field(default_factory=dict)


# ---------------------------------------------------------------- strategies

def _yaml_value(value) -> str:
    import yaml

    return yaml.safe_dump(value, default_flow_style=True).strip().removesuffix("\n...")


def _valid_value(info, max_int: int = 12) -> st.SearchStrategy:
    """Small, mostly valid values for a pydantic field, from its annotation."""
    text = str(info.annotation)
    if "Literal" in text:
        import typing

        args = [a for a in typing.get_args(info.annotation) if isinstance(a, str)]
        if not args:
            for inner in typing.get_args(info.annotation):
                args += [a for a in typing.get_args(inner) if isinstance(a, str)]
        if args:
            return st.sampled_from(args)
    if "complex" in text:
        return st.sampled_from([[[0.5, 0.1], [0.2, 0.3]], [[1, 0], [0, 1]]])
    if "tuple[int" in text:
        return st.lists(st.integers(0, 3), min_size=1, max_size=8)
    if "tuple[float" in text or "list[float]" in text:
        return st.lists(st.floats(-1, 1, allow_nan=False), min_size=1, max_size=8)
    if "float" in text:
        return st.sampled_from([0.01, 0.1, 0.5, 1e-3])
    if "int" in text:
        return st.integers(1, max_int)
    return st.sampled_from([1, "x"])


@st.composite
def primitive_models(draw, max_int: int = 12) -> Case:
    """A primitive model: every parameter valid-ish (integers up to ``max_int``) or one of the
    hostile values."""
    from qdl.circuits.registry import primitives

    table = primitives()
    name = draw(st.sampled_from(sorted(table)))
    lines = ["name: fuzz", f"primitive: {name}", "params:"]
    for key, info in table[name].params.model_fields.items():
        if not info.is_required() and draw(st.booleans()):
            continue
        if draw(st.integers(0, 3)) == 0:
            value = draw(st.sampled_from(HOSTILE_SCALARS))
        else:
            value = _yaml_value(draw(_valid_value(info, max_int)))
        lines.append(f"  {key}: {value}")
    if len(lines) == 3:
        lines[-1] = "params: {}"
    flags = draw(st.sampled_from([[], [], ["--format", "json"], ["--count-from", "circuit"],
                                  ["--verify"], ["--format", "md"]]))
    return Case(f"primitive:{name}", ["{d}/m.yaml", *flags], {"m.yaml": "\n".join(lines) + "\n"})


#: Examples that run long with a progress bar toward a known end, which the contract allows
#: (qram_noise: about a minute) but the fast profile has no time for; it also leaves --verify
#: of whole examples (network --verify checks every primitive on Aer, 85 s for qresnet18; the
#: training check solves a linear system on Aer, 15-30 s) to the long profile.
LONG_RUNS = {"qram_noise.yaml"}


@st.composite
def mutated_examples(draw, long_runs: bool = True) -> Case:
    """A shipped example with one value replaced, a line dropped, or a fragment inserted
    (``long_runs=False``: none of the examples that run long by design)."""
    example = draw(st.sampled_from([e for e in FAST_EXAMPLES if long_runs or e not in LONG_RUNS]))
    text = (EXAMPLES / example).read_text()
    lines = text.splitlines()
    how = draw(st.sampled_from(["value", "value", "value", "drop", "fragment", "truncate",
                                "key"]))
    valued = [i for i, l in enumerate(lines) if re.match(r"\s*[\w-]+:\s*\S", l)
              and not l.lstrip().startswith("#")]
    if how == "value" and valued:
        i = draw(st.sampled_from(valued))
        key = lines[i].split(":", 1)[0]
        lines[i] = f"{key}: {draw(st.sampled_from(HOSTILE_SCALARS))}"
    elif how == "drop" and valued:
        del lines[draw(st.sampled_from(valued))]
    elif how == "fragment":
        lines.insert(draw(st.integers(0, len(lines))), draw(st.sampled_from(FRAGMENTS)))
    elif how == "truncate":
        text = text[:draw(st.integers(0, len(text)))]
        lines = text.splitlines()
    elif how == "key" and valued:
        i = draw(st.sampled_from(valued))
        indent = lines[i][:len(lines[i]) - len(lines[i].lstrip())]
        lines.insert(i, indent + draw(st.sampled_from(["\x1b[31mbits", "bi\nts", "z" * 5000,
                                                       "bitz", "'a\\x07b'"])) + ": 1")
    flags = draw(st.sampled_from([[], ["--format", "json"], ["--format", "html"], ["--verify"],
                                  ["-o", "{d}/out.json", "--format", "json"]]))
    if not long_runs and "--verify" in flags:  # verification runs are the primitives' test
        flags = ["--format", "md"]
    return Case(f"mutated:{example}:{how}", ["{d}/m.yaml", *flags],
                {"m.yaml": "\n".join(lines) + "\n"})


ADD8 = "name: add8\nprimitive: add\nparams: {bits: 8}\ninputs: {a: 3, b: 4}\n"
ADD64 = "name: add64\nprimitive: add\nparams: {bits: 64}\n"
ADD_WIDE = "name: addw\nprimitive: add\nparams: {bits: 400}\n"

#: (flag, values) for CLI abuse; values are tried as given.
FLAG_VALUES = {
    "-o": ["{d}/m.yaml", "", "{d}", "{d}/sub/out.txt", "/proc/version", "/proc/qdl.txt",
           "{d}/" + "x" * 300, "{d}/out.json", "{d}/t.npy", "{d}/c.qasm", "/dev/null",
           "{d}/ro/out.txt"],
    "--shots": ["1000000000", "0", "-3", "1", "99999999999999999999"],
    "--seed": ["1" + "0" * 30, "-1", "7"],
    "--noise": ["depolarizing:1", "depolarizing:0.01", "damping:nan", "depolarizing:inf",
                "x:1", "depolarizing:"],
    "--method": ["stabilizer", "statevector", "density_matrix", "extended_stabilizer"],
    "--aer-option": ["junk", "=1", "max_parallel_threads=abc", "precision=single",
                     "max_memory_mb=-1", "fusion_enable=[", "a=b=c"],
    "--emit": ["png", "text", "qasm3", "qasm2", "qpy"],
    "--qubit-budget": ["-5", "0", "100000000000000000000"],
    "--optimize": ["3", "1"],
    "--physical": ["nope", "qubit_gate_ns_e3", "qubit_maj_ns_e6"],
    "--error-budget": ["nan", "inf", "0", "1", "-1", "1e-300", "0.001"],
    "--sweep": ["bits=8,inf", "bits=nan", "bits=1e400", "height=8,16", "bits=", "=1"],
    "--jobs": ["0", "-1", "99999"],
    "--plots": ["{d}", "{d}/nope", "{d}/m.yaml"],
}
BARE_FLAGS = ["--verify", "--simulate", "--flatten", "--count-from=circuit", "--format=json",
              "--format=html", "--format=qdk", "--format=qref"]


@st.composite
def cli_arguments(draw) -> Case:
    """A small valid model (or a circuit) with random, often hostile, flags."""
    files: dict[str, str | bytes] = {"m.yaml": draw(st.sampled_from([ADD8, ADD64, ADD_WIDE])),
                                     "c.qasm": QASM_OK, "ro": "<DIR>"}
    argv = ["--input", "{d}/c.qasm"] if draw(st.integers(0, 4)) == 0 else ["{d}/m.yaml"]
    flags = draw(st.lists(st.sampled_from(sorted(FLAG_VALUES) + BARE_FLAGS), max_size=4,
                          unique=True))
    for flag in flags:
        argv.append(flag)
        if flag in FLAG_VALUES:
            argv.append(draw(st.sampled_from(FLAG_VALUES[flag])))
    return Case("cli:" + " ".join(f for f in flags), argv, files)


@st.composite
def hostile_paths(draw) -> Case:
    """Model and data paths that are not regular files, or whose contents are hostile."""
    which = draw(st.sampled_from(["fifo", "zero", "urandom", "dir", "missing", "newline-name",
                                  "escape-name", "long-name", "npy", "csv"]))
    if which in ("fifo", "zero", "urandom", "dir", "missing"):
        files = {"fifo": {"m.yaml": "<FIFO>"}, "zero": {"m.yaml": "<LINK:/dev/zero>"},
                 "urandom": {"m.yaml": "<LINK:/dev/urandom>"}, "dir": {"m.yaml": "<DIR>"},
                 "missing": {}}[which]
        return Case(f"path:{which}", ["{d}/m.yaml"], files)
    if which.endswith("-name"):
        name = {"newline-name": "m\nodel.yaml", "escape-name": "\x1b[31mm.yaml",
                "long-name": "m" * 200 + ".yaml"}[which]
        return Case(f"path:{which}", ["{d}/" + name], {name: "name: [\n"})
    table = draw(st.sampled_from(
        ["<LINK:/dev/zero>", "<LINK:/dev/urandom>", "<FIFO>", "", "<DIR>", b"\x93NUMPY",
         b"\x93NUMPY\x01\x00\xff\xff{'descr': '<U3', 'fortran_order': False, 'shape': (3,), }",
         b"PK\x03\x04npz-not-npy", "1,2,3\n4,5\n", "nan,inf\n", "1e400,2\n", "a,b,c\n",
         _npy_bytes("str"), _npy_bytes("big"), _npy_bytes("int"), _npy_bytes("bool"),
         b"\x93NUMPY\x01\x00" + b"\xff\xff" + b" " * 60000]))
    name = "t.npy" if which == "npy" else "t.csv"
    model = f"name: q\nprimitive: qrom\nparams: {{word_bits: 4, data: {name}}}\n"
    argv = ["{d}/m.yaml"] + draw(st.sampled_from([[], ["-o", "{d}/" + name]]))
    return Case(f"path:{which}", argv, {"m.yaml": model, name: table})


def _npy_bytes(kind: str) -> bytes:
    import numpy as np

    arr = {"str": np.array(["a", "b"]), "big": np.array([1e300, 2.0]),
           "int": np.array([1, 2, 3, 4]), "bool": np.array([True, False])}[kind]
    buf = io.BytesIO()
    np.save(buf, arr)
    return buf.getvalue()


@st.composite
def qasm_inputs(draw) -> Case:
    text = draw(st.sampled_from([QASM_OK, QASM_BOMB, *QASM_BAD]))
    flags = draw(st.sampled_from([[], ["-o", "{d}/c.qasm"], ["--optimize", "2"],
                                  ["--optimize", "3", "--verify"], ["--format", "json"]]))
    return Case("qasm", ["--input", "{d}/c.qasm", *flags], {"c.qasm": text})


def all_cases() -> st.SearchStrategy:
    return st.one_of(primitive_models(), mutated_examples(), cli_arguments(), hostile_paths(),
                     qasm_inputs())
