"""Hostile-input cases for ``qdl-compile`` and the checks every outcome must pass (issue 21).

Not a test module: ``tests/fuzz/test_fuzz.py`` (the fast profile, and a long one marked slow)
and ``benchmarks/fuzz_campaign.py`` (a campaign that counts failures by class instead of
stopping at the first) both load it by path.

A :class:`Case` is a set of files to create in a fresh folder and an argument list; the
strategies generate model files from the primitives' parameter schemas, mutations of the
shipped examples, CLI argument lists, hostile paths (FIFOs, devices, directories) and
malformed OpenQASM. :func:`run_case` runs the CLI on one case, either in this process
(``main(argv)``, fast) or in a forked child with a memory limit, and :func:`problems` lists
every way the outcome breaks the contract: an exit status outside {0, 1, 2}, a traceback, an
error that is not one clean line, a file changed that the user did not ask for, a side file
left behind by a failed run, a non-finite number in a report, a case slower than its bound.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import re
import resource
import signal
import stat
import sys
import tempfile
import time
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


@dataclass
class Outcome:
    code: int
    stdout: str
    stderr: str
    seconds: float
    changed: list[str]
    created: list[str]
    outputs: dict[str, str]


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


# ---------------------------------------------------------------- running one case

def _materialise(case: Case, folder: Path) -> None:
    for name, content in case.files.items():
        path = folder / name
        if content == "<FIFO>":
            os.mkfifo(path)
        elif content == "<DIR>":
            path.mkdir()
        elif isinstance(content, str) and content.startswith("<LINK:"):
            path.symlink_to(content[6:-1])
        elif isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8", errors="surrogateescape")


def _snapshot(folder: Path) -> dict[str, tuple]:
    """Every regular file's (hash, mode) under ``folder``; special files by their type."""
    out = {}
    for root, dirs, files in os.walk(folder):
        for name in files + dirs:
            path = Path(root, name)
            st_ = path.lstat()
            if stat.S_ISREG(st_.st_mode):
                out[str(path.relative_to(folder))] = (
                    hashlib.sha256(path.read_bytes()).hexdigest(), st_.st_mode)
            else:
                out[str(path.relative_to(folder))] = ("special", stat.S_IFMT(st_.st_mode))
    return out


#: The machine may be shared: a case is too slow when its CPU time exceeds the bound, and it
#: hangs when its wall-clock time exceeds WALL_FACTOR times the bound (a blocked read uses no
#: CPU at all).
WALL_FACTOR = 4


class _Timeout(KeyboardInterrupt):
    """Raised by the alarm; a KeyboardInterrupt so that main() stops at once (status 130)."""


def _call_main(argv: list[str], timeout: float) -> tuple[int, str, str]:
    from qdl.compiler.cli import main

    out, err = io.StringIO(), io.StringIO()

    fired = []

    def alarm(signum, frame):
        fired.append(True)
        raise _Timeout()

    old = signal.signal(signal.SIGALRM, alarm)
    signal.setitimer(signal.ITIMER_REAL, timeout * WALL_FACTOR)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                code = main(argv)
            except SystemExit as exc:
                code = exc.code if isinstance(exc.code, int) else 2
    except _Timeout:
        fired.append(True)
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)
    return (-signal.SIGALRM if fired else code), out.getvalue(), err.getvalue()


def _address_space() -> int:
    """This process's virtual size in bytes (Linux's /proc; 0 where it cannot be read)."""
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmSize:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def _call_forked(argv: list[str], timeout: float, memory: int, folder: Path
                 ) -> tuple[int, str, str]:
    """Run main(argv) in a forked child (default SIGALRM kills it even inside C code)."""
    out_path, err_path = folder.parent / "stdout", folder.parent / "stderr"
    pid = os.fork()
    if pid == 0:  # child
        try:
            for fd, path in ((1, out_path), (2, err_path)):
                handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
                os.dup2(handle, fd)
            # under pytest sys.stdout/sys.stderr are capture objects, not fds 1 and 2
            sys.stdout = open(1, "w", closefd=False)  # noqa: SIM115
            sys.stderr = open(2, "w", closefd=False)  # noqa: SIM115
            # the bound is on what the case adds: a worker that has already run Aer holds GBs
            # of reserved address space, and a fixed cap below that fails the first malloc
            limit = _address_space() + memory
            resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
            signal.signal(signal.SIGALRM, signal.SIG_DFL)
            signal.alarm(int(timeout * WALL_FACTOR) + 1)
            resource.setrlimit(resource.RLIMIT_CPU, (int(timeout) + 1, int(timeout) + 2))
            from qdl.compiler.cli import main

            try:
                code = main(argv)
            except SystemExit as exc:
                code = exc.code if isinstance(exc.code, int) else 2
            sys.stdout.flush()
            sys.stderr.flush()
            os._exit(code)
        except BaseException:
            import traceback

            traceback.print_exc()
            sys.stderr.flush()
            os._exit(99)
    _, status = os.waitpid(pid, 0)
    code = os.waitstatus_to_exitcode(status)
    return (code, out_path.read_text(errors="replace"), err_path.read_text(errors="replace"))


def _cpu(forked: bool) -> float:
    """CPU seconds of this process (its threads included) or of its finished children."""
    if forked:
        usage = resource.getrusage(resource.RUSAGE_CHILDREN)
        return usage.ru_utime + usage.ru_stime
    return time.process_time()


def run_case(case: Case, *, timeout: float = 20.0, forked: bool = False,
             memory: int = 3 << 30) -> Outcome:
    with tempfile.TemporaryDirectory(prefix="qdl-fuzz-") as top:
        folder = Path(top) / "d"
        folder.mkdir()
        _materialise(case, folder)
        before = _snapshot(folder)
        argv = [a.replace("{d}", str(folder)) for a in case.argv]
        cwd = os.getcwd()
        os.chdir(folder)  # a file written relative to the current folder is caught too
        start = _cpu(forked)
        try:
            if forked:
                code, out, err = _call_forked(argv, timeout, memory, folder)
            else:
                code, out, err = _call_main(argv, timeout)
        finally:
            os.chdir(cwd)
        seconds = _cpu(forked) - start
        after = _snapshot(folder)
        changed = sorted(k for k in before if after.get(k) != before[k])
        created = sorted(k for k in after if k not in before)
        outputs = {}
        for name in created + changed:
            path = folder / name
            if path.is_file() and not path.is_symlink() and path.suffix != ".png":
                outputs[name] = path.read_bytes().decode("utf-8", "replace")
        return Outcome(code, out, err, seconds, changed, created, outputs)


# ---------------------------------------------------------------- the contract

_NONFINITE = re.compile(r"(?<![\w.])[-+]?(inf|infinity|nan)(?![\w])", re.I)
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\x80-\x9f]")


def _requested(case: Case) -> set[str]:
    """Names (relative to the case folder) the user asked qdl to write."""
    names = set()
    for flag, value in zip(case.argv, case.argv[1:]):
        if flag == "-o" and value.startswith("{d}/"):
            names.add(value[4:])
    return names


def problems(case: Case, outcome: Outcome, *, time_bound: float) -> list[str]:
    """The classes of contract breach in ``outcome`` (empty: the case behaved)."""
    found = []
    if outcome.code == -signal.SIGXCPU:
        found.append("too slow")
    elif outcome.code not in (0, 1, 2):
        found.append("hang" if outcome.code == -signal.SIGALRM else f"exit {outcome.code}")
    if "Traceback" in outcome.stderr or "Traceback" in outcome.stdout:
        found.append("traceback")
    if outcome.code == 2:
        lines = outcome.stderr.rstrip("\n").split("\n")
        if len(lines) != 1 or not lines[0].startswith("error: "):
            found.append("not one error line")
        elif _CONTROL.search(lines[0]):
            found.append("control character in error")
        elif len(lines[0]) > 1000:
            found.append("error line too long")
    requested = _requested(case)
    clobbered = [n for n in outcome.changed if n not in requested or outcome.code == 2]
    if clobbered:
        found.append("input or unrequested file changed")
    stray = [n for n in outcome.created if n not in requested]
    plots_ok = outcome.code in (0, 1)
    stray = [n for n in stray if not (plots_ok and n.endswith(".png"))]
    if stray or (outcome.code == 2 and outcome.created):
        found.append("file left behind")
    if outcome.code in (0, 1):
        shown = [outcome.stdout] + [t for n, t in outcome.outputs.items() if n in requested]
        if any(_NONFINITE.search(_strip_prose(t)) for t in shown):
            found.append("non-finite number in report")
    if outcome.seconds > time_bound:
        found.append("too slow")
    return found


def _strip_prose(text: str) -> str:
    """Drop a report's echoed circuit text (emitted QASM has no numbers to check)."""
    return "" if text.startswith(("OPENQASM", "\x00")) else text
