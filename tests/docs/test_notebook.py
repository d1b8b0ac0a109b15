"""docs/notebooks/tour.ipynb runs from top to bottom (nbclient) and shows what it promises."""

from pathlib import Path

import pytest

NOTEBOOK = Path(__file__).parents[2] / "docs" / "notebooks" / "tour.ipynb"


def test_the_tour_notebook_executes():
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    pytest.importorskip("ipykernel")
    nb = nbformat.read(NOTEBOOK, as_version=4)
    nbclient.NotebookClient(nb, timeout=300, kernel_name="python3",
                            resources={"metadata": {"path": str(NOTEBOOK.parent)}}).execute()
    outputs = {i: "".join(str(o.get("text", "")) + str(o.get("data", {}).get("text/plain", ""))
                          for o in cell.get("outputs", []))
               for i, cell in enumerate(nb.cells) if cell.cell_type == "code"}
    text = "\n".join(outputs.values())
    assert "Cost(t_count=124" in text
    assert "layer4" in text and "QAM" in text
    assert "qubit_gate_ns_e4" in text or "works:" in text  # the failed default says what works
    assert "physical qubits" in text
    html = [o["data"]["text/html"] for cell in nb.cells if cell.cell_type == "code"
            for o in cell.get("outputs", []) if "text/html" in o.get("data", {})]
    assert any("qdl report: resnet18" in h or "qdl report: qresnet18" in h for h in html)
