"""qdl.plugins.Registry: a full load imports every public module; ``declared`` imports only
the modules whose source declares the name, and every real entry is declared where it is
registered (else ``qdl-compile`` would fall back to importing everything)."""

import json
import subprocess
import sys
import textwrap

import pytest

from qdl.plugins import Registry

MODULES = {
    "__init__.py": "",
    "_reg.py": "from qdl.plugins import Registry\nREG = Registry('thing', 'plugx')\n",
    "alpha.py": "from plugx._reg import REG\nREG.add(name=\"alpha\", item=1)\n",
    "beta.py": "from plugx._reg import REG\nREG.add(name=\"beta\", item=2)\n",
    # registered under a computed name: no declaration to find
    "gamma.py": "from plugx._reg import REG\nREG.add('gam' + 'ma', 3)\n",
    # private modules are never imported, declared or not
    "_delta.py": "from plugx._reg import REG\nREG.add(name=\"delta\", item=4)\n",
    "sub/__init__.py": "",
    "sub/epsilon.py": "from plugx._reg import REG\nREG.add(name=\"epsilon\", item=5)\n",
}


@pytest.fixture
def plugx(tmp_path, monkeypatch):
    for path, text in MODULES.items():
        (tmp_path / "plugx" / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "plugx" / path).write_text(text)
    monkeypatch.syspath_prepend(str(tmp_path))
    yield
    for name in [m for m in sys.modules if m == "plugx" or m.startswith("plugx.")]:
        del sys.modules[name]


def _loaded():
    return sorted(m for m in sys.modules if m.startswith("plugx."))


def test_declared_imports_the_declaring_module_only(plugx):
    from plugx._reg import REG

    assert REG.declared("beta") == 2
    assert _loaded() == ["plugx._reg", "plugx.beta", "plugx.sub"]  # sub: walked, not its modules
    assert REG.declared("epsilon") == 5
    assert "plugx.alpha" not in sys.modules


def test_undeclared_or_private_names_are_left_to_the_full_load(plugx):
    from plugx._reg import REG

    for name in ("gamma", "delta", "../alpha", "alpha.x", ""):
        assert REG.declared(name) is None
    assert "plugx.gamma" not in sys.modules and "plugx._delta" not in sys.modules
    assert REG.items() == {"alpha": 1, "beta": 2, "epsilon": 5, "gamma": 3}


def test_declared_after_a_full_load_reads_no_source(plugx):
    from plugx._reg import REG

    REG.items()
    assert REG.declared("alpha") == 1 and REG.declared("nothing") is None
    assert REG._declaring is None


def test_twice_registered_is_an_error():
    reg = Registry("thing", "nowhere")
    reg.add("a", 1)
    with pytest.raises(RuntimeError, match="registered twice"):
        reg.add("a", 2)


def test_a_kind_is_named_after_its_key():
    from qdl.compiler.model import ModelKind, register_kind

    with pytest.raises(RuntimeError, match="name a kind after its key"):
        register_kind(ModelKind(name="odd", key="other", schema=None, compile=None, summary=""))


RECORD = textwrap.dedent("""
    import json, sys
    from qdl.plugins import Registry
    origin, add = {}, Registry.add

    def recording(self, name, item):  # the module that called register()/register_kind()
        origin[f"{self.package}:{name}"] = sys._getframe(2).f_globals["__name__"]
        return add(self, name, item)

    Registry.add = recording
    from qdl.circuits.registry import primitives
    from qdl.compiler.model import kinds
    primitives(), kinds()
    declaring = {}
    for package in ("qdl.circuits", "qdl.compiler.kinds"):
        fresh = Registry("index", package)
        fresh.declared("")  # reads the sources; the modules are imported already
        declaring.update({f"{package}:{n}": m for n, m in fresh._declaring.items()})
    print(json.dumps([origin, declaring]))
""")


def test_every_primitive_and_kind_is_declared_in_the_module_that_registers_it():
    proc = subprocess.run([sys.executable, "-c", RECORD], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    origin, declaring = json.loads(proc.stdout.splitlines()[-1])
    assert len([k for k in origin if k.startswith("qdl.circuits:")]) >= 30
    assert len([k for k in origin if k.startswith("qdl.compiler.kinds:")]) >= 9
    missing = {entry: module for entry, module in origin.items()
               if module not in declaring.get(entry, [])}
    assert missing == {}, "write name=\"...\" in the registration, as the others do"
