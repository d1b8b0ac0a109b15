"""Report rows and the ``network`` section from a compiled, budgeted network.

Every number here includes rotation synthesis at the budget's precision (total_t =
t_count + T per rotation × rotations): the rows, the family split and the dominant layer."""

from __future__ import annotations

from typing import Any

from qdl.compiler.report import Layer
from qdl.estimators.network.account import Accounting
from qdl.estimators.network.compile import CompiledNetwork, family_t_counts
from qdl.estimators.network.modules import FAMILY


def report_layers(net: CompiledNetwork, acc: Accounting) -> list[Layer]:
    rows = []
    for a in acc.stages:
        cs = a.compiled
        st = cs.stage
        modules = []
        for prim, block, mult in st.parts:
            modules.append({"primitive": prim, "family": FAMILY.get(prim, "QAM"),
                            "block": type(block).__name__, "multiplicity": mult})
        names = sorted({m["primitive"] for m in modules if m["primitive"] != "clifford"})
        notes: dict[str, Any] = {"modules": modules, **st.notes}
        if a.readout is not None:
            notes["readout"] = a.readout
        if a.success is not None:
            notes["success"] = a.success
            post = a.success["parts"].get("A·V post-selection")
            if post is not None:  # the lowering's note predates the budget: say what is used
                notes["postselection"] = (f"‖A·V‖²/(α‖V‖)² = {post**2:.3g} (calibration), "
                                          "in the repetitions")
        if a.estimate is not None:
            notes["estimates"] = a.estimate
        if a.precision:
            notes["precision"] = {**a.precision, "epsilon": a.epsilon}
        if st.tables:
            notes["qram_tables"] = [{"words": w, "word_bits": b} for w, b in st.tables]
        params = {"type": st.type, "in": str(st.node.inp), "out": str(st.node.out)}
        rows.append(Layer(name=st.name, block="+".join(names) or "classical", params=params,
                          cost=a.cost, repetitions=a.repetitions, notes=notes))
    return rows


def network_section(net: CompiledNetwork, acc: Accounting) -> dict[str, Any]:
    spec = net.spec
    stages = acc.stages
    t_rot = acc.t_per_rotation
    totals = [a.total.total_t for a in stages]
    total_t = sum(totals)
    families: dict[str, int] = {}
    for a in stages:
        for fam, t in family_t_counts(a.compiled.stage, t_rot).items():
            families[fam] = families.get(fam, 0) + t * a.repetitions
    one_exec = sum(a.cost.total_t for a in stages)
    dom = max(range(len(stages)), key=lambda i: totals[i]) if stages else None
    tables = [(cs.stage.name, w, b) for cs in net.stages for w, b in cs.stage.tables]
    largest = max(tables, key=lambda t: t[1] * t[2], default=None)
    section: dict[str, Any] = {
        "input": str(net.nodes[0].inp) if net.nodes else None,
        "numerics": spec.numerics.model_dump(),
        "readout": spec.readout.model_dump(exclude_none=True),
        "backward": spec.backward,
        "graph": {"nodes": net.graph.number_of_nodes(), "edges": net.graph.number_of_edges(),
                  "residual_edges": sum(1 for *_, d in net.graph.edges(data=True)
                                        if d.get("branch") == "shortcut")},
        "stages": len(stages),
        "total_t_by_family": families,
        "total_t": total_t,
        "total_t_depth": acc.totals.total_t_depth,
        "rotation_t_share": acc.totals.rotation_t / total_t if total_t else 0.0,
        # how much readout and success factors multiply the circuit: total T / Σ one-execution T
        "readout_multiplier": total_t / one_exec if one_exec else 0.0,
        "qram": {"model": spec.qram, "tables": len(tables),
                 "total_bits": sum(w * b for _, w, b in tables),
                 "largest": None if largest is None else
                 {"layer": largest[0], "words": largest[1], "word_bits": largest[2],
                  "bits": largest[1] * largest[2]}},
    }
    if dom is not None and total_t:
        a = stages[dom]
        fam = family_t_counts(a.compiled.stage, t_rot)
        top = max(fam, key=fam.get) if fam else None
        section.update({
            "dominant_layer": a.name,
            "dominant_layer_share": totals[dom] / total_t,
            "dominant_factor": top,
            "dominant_factor_share": fam[top] / a.cost.total_t if top and a.cost.total_t
            else 0.0,
            "model_dominant_factor": max(families, key=families.get)})
    section["qram_model"] = spec.qram
    section["qram_total_bits"] = section["qram"]["total_bits"]
    section["tables"] = [
        {"title": f"Total T (rotations at {t_rot} T each included) by module family, with "
                   "repetitions", "columns": ["family", "total T", "share"],
         "rows": [[f, t, t / total_t if total_t else 0.0] for f, t in families.items()]},
        {"title": "Largest QRAM tables", "columns": ["layer", "words", "word bits", "bits"],
         "rows": [[n, w, b, w * b] for n, w, b in sorted(tables, key=lambda t: -t[1] * t[2])[:5]]},
    ]
    chosen = constructions(stages)
    if chosen:
        section["tables"].append(chosen)
    return section


def constructions(stages) -> dict[str, Any] | None:
    """Per stage with alternatives: the construction kept for its layer's ``optimize_for``
    (network-wide or from an override) and each rejected one, with one execution's T,
    T-depth and qubits (rotations as the blocks price them; qdl.estimators.network.lower_weights)."""
    rows = []
    for a in stages:
        notes = a.compiled.stage.notes
        if "construction" not in notes:
            continue
        cost, objective = a.compiled.cost, notes["optimize_for"]
        rows.append([a.name, objective, notes["construction"], cost.total_t,
                     cost.total_t_depth, cost.qubits, "kept"])
        rows += [[a.name, objective, r["construction"], r["T"], r["T-depth"], r["qubits"],
                  "rejected"] for r in notes.get("rejected", [])]
    if not rows:
        return None
    return {"title": "Constructions per stage, one execution (kept: the least optimize_for of "
                     "the stage's layer; spacetime = qubits × T-depth)",
            "columns": ["stage", "optimize_for", "construction", "T", "T-depth", "qubits",
                        "choice"],
            "rows": rows}
