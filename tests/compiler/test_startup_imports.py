"""What a compile imports: only its own model kind and primitive, never the other kinds'
estimators (the network compiler, SciPy, NetworkX took 1.5 s of a 2 s add32 run).

Each check runs a fresh interpreter and reads ``sys.modules``: a regression guard on the
import graph, not a timing (timings are in benchmarks/startup.py)."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

#: modules no primitive model needs: other kinds' estimators and their heavy libraries
NOT_FOR_A_PRIMITIVE = ("qdl.estimators.network", "qdl.estimators.readout", "scipy", "networkx",
                       "numpy", "qiskit", "matplotlib")

SCRIPT = """
import json, sys
{body}
print(json.dumps(sorted(sys.modules)))
"""


def _imported(body: str) -> list[str]:
    proc = subprocess.run([sys.executable, "-c", SCRIPT.format(body=body)], cwd=ROOT,
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout.splitlines()[-1])


def _under(modules: list[str], prefixes) -> list[str]:
    return [m for m in modules if any(m == p or m.startswith(p + ".") for p in prefixes)]


#: a primitive model resolved (load_model, lookup), and the whole command run on it (report
#: rendering included), each with a module that shows it got that far
PRIMITIVE_RUNS = {
    "resolved": ("from qdl.compiler.model import load_model\n"
                 "kind, spec, doc = load_model('examples/add32.yaml')\n"
                 "from qdl.circuits.registry import lookup\n"
                 "assert lookup(spec.primitive).name == 'add'", "qdl.compiler.model"),
    "the command": ("from qdl.compiler.cli import main\n"
                    "import io, contextlib\n"
                    "with contextlib.redirect_stdout(io.StringIO()):\n"
                    "    assert main(['examples/add32.yaml']) == 0", "rich.table"),
}


@pytest.mark.parametrize("run", PRIMITIVE_RUNS)
def test_a_primitive_model_imports_its_kind_and_primitive_only(run):
    body, reached = PRIMITIVE_RUNS[run]
    modules = _imported(body)
    assert reached in modules
    assert _under(modules, NOT_FOR_A_PRIMITIVE) == []
    assert _under(modules, ["qdl.compiler.kinds"]) == ["qdl.compiler.kinds",
                                                       "qdl.compiler.kinds.primitive"]
    # the adder's module, and no other primitive's (multiplication, QROM, ...)
    assert "qdl.circuits.qam.addition" in modules
    assert _under(modules, ["qdl.circuits.qam.multiplication", "qdl.circuits.dtm.qrom",
                            "qdl.circuits.qlam.block_encoding"]) == []


@pytest.mark.parametrize("model, kind", [("examples/qresnet18.yaml", "network"),
                                         ("examples/readout_dcd.yaml", "readout")])
def test_a_model_imports_its_own_kind_only(model, kind):
    modules = _imported(f"from qdl.compiler.model import load_model\n"
                        f"assert load_model({model!r})[0].name == {kind!r}")
    assert _under(modules, ["qdl.compiler.kinds"]) == ["qdl.compiler.kinds",
                                                       f"qdl.compiler.kinds.{kind}"]
    assert "qdl.estimators.readout_study" not in modules  # SciPy's FFT, behind readout_study
