"""The Python API (src/qdl/api.py): the CLI's answers as objects a notebook shows."""

import pytest

import qdl
from qdl.errors import QdlError

ADD_MODEL = {"name": "add8", "primitive": "add", "params": {"bits": 8}}


def test_cost_is_exact_and_its_repr_leads_with_the_t_count():
    cost = qdl.cost("add", bits=32)
    assert cost.t_count == 4 * 32 - 4  # Gidney 2018: 4n − 4 T
    assert repr(cost).startswith("Cost(t_count=124, qubits=95, t_depth=32")
    assert "| t_count | 124 | T |" in cost._repr_markdown_()
    assert "<table>" in cost._repr_html_()


def test_block_and_build_agree_with_the_cost():
    block = qdl.block("add", bits=4)
    assert block.cost() == qdl.cost("add", bits=4)
    assert "GidneyAdder(bits=4" in block._repr_markdown_() and "<td>a</td>" in block._repr_html_()
    circuit = qdl.build("add", bits=4)
    assert circuit.num_qubits == block.cost().qubits


def test_compile_takes_a_dict_or_a_path_and_records_where_it_came_from(tmp_path):
    report = qdl.compile(ADD_MODEL)
    assert report.totals.t_count == 28 and report.provenance["input"]["path"] is None
    path = tmp_path / "add8.yaml"
    path.write_text("name: add8\nprimitive: add\nparams: {bits: 8}\n")
    again = qdl.compile(path)
    assert again.totals == report.totals
    assert again.provenance["input"]["path"] == str(path)
    assert len(again.provenance["input"]["sha256"]) == 64
    assert report._repr_html_().startswith('<div class="qdl-report">')
    assert report._repr_markdown_().startswith("# qdl report: add8")


def test_compile_options_match_the_cli():
    report = qdl.compile(ADD_MODEL, verify=True, sweep="bits=4,8,16")
    assert report.verified and report.verification[0].cases > 0
    assert [row[0] for row in report.sections["sweep"]["tables"][0]["rows"]] == [4, 8, 16]


def test_estimate_adds_a_physical_section_to_a_copy():
    report = qdl.compile(ADD_MODEL)
    physical = qdl.estimate(report, profile="qubit_gate_ns_e4", frontier=True)
    assert "physical" not in report.sections  # the original is untouched
    assert physical.sections["physical"]["profile"] == "qubit_gate_ns_e4"
    assert physical.sections["physical_frontier"]
    from_cost = qdl.estimate(qdl.cost("add", bits=8), profile="qubit_gate_ns_e4")
    assert from_cost.sections["physical"] == physical.sections["physical"]


@pytest.mark.parametrize("call, message", [
    (lambda: qdl.cost("ad", bits=4), "did you mean 'add'"),
    (lambda: qdl.cost("add", bits=0), "bits"),
    (lambda: qdl.compile({"name": "x", "primitiv": "add"}), "did you mean 'primitive'"),
    (lambda: qdl.estimate("report"), "takes a Report or a Cost"),
])
def test_errors_are_the_clis_one_line_errors(call, message):
    with pytest.raises(QdlError) as err:
        call()
    assert message in err.value.one_line() and "\n" not in err.value.one_line()
