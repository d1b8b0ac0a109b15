"""The html report (``--format html``): one self-contained page, tables and matplotlib charts
inline as SVG (no scripts, no external files). Without matplotlib (the ``plots`` extra) the
page says which charts it leaves out."""

from __future__ import annotations

from html import escape

from qdl.compiler.render.document import Chart, Heading, Node, Para, Pre, Table

STYLE = ("body{font-family:system-ui,sans-serif;max-width:1000px;margin:2em auto;padding:0 1em;"
         "color:#222}table{border-collapse:collapse;font-size:13px;margin:.5em 0 1em}"
         "td,th{border:1px solid #ccc;padding:3px 8px}th{background:#f3f3f3}"
         "td.n{text-align:right;font-variant-numeric:tabular-nums}caption{text-align:left;"
         "font-weight:bold;padding:.3em 0}figure{margin:1em 0}svg{max-width:100%;height:auto}"
         "pre{background:#f7f7f7;padding:.5em;overflow-x:auto}")


def _have_matplotlib() -> bool:
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        return False
    return True


def write(nodes: list[Node]) -> str:
    body, page_title = _body(nodes)
    return (f"<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            f"<title>{escape(page_title)}</title><style>{STYLE}</style></head><body>\n"
            + body + "\n</body></html>\n")


def fragment(report: dict) -> str:
    """The report as one ``<div>`` for a notebook cell (the page's style scoped to it)."""
    from qdl.compiler.render.document import build

    body, _ = _body(build(report))
    scoped = ""
    for rule in STYLE.split("}"):
        selectors, _, declarations = rule.partition("{")
        if declarations and selectors != "body":
            scoped += ",".join(f".qdl-report {sel}" for sel in selectors.split(","))
            scoped += "{" + declarations + "}"
    return f"<div class=\"qdl-report\"><style>{scoped}</style>{body}</div>"


def _body(nodes: list[Node]) -> tuple[str, str]:
    from qdl.compiler.render.charts import svg

    can_draw = _have_matplotlib()
    parts: list[str] = []
    page_title = "qdl report"
    for node in nodes:
        if isinstance(node, Heading):
            if node.level == 1:
                page_title = node.text
            parts.append(f"<h{node.level}>{escape(node.text)}</h{node.level}>")
        elif isinstance(node, Para):
            parts.append(f"<p>{escape(node.text)}</p>")
        elif isinstance(node, Pre):
            parts.append("<pre>" + escape("\n".join(node.lines)) + "</pre>")
        elif isinstance(node, Table):
            numeric = node.numeric + [False] * len(node.columns)
            caption = f"<caption>{escape(node.title)}</caption>" if node.title else ""
            head = "".join(f"<th>{escape(c)}</th>" for c in node.columns)
            body = "".join("<tr>" + "".join(
                f"<td class=\"n\">{escape(c)}</td>" if numeric[i] else f"<td>{escape(c)}</td>"
                for i, c in enumerate(row)) + "</tr>" for row in node.rows)
            parts.append(f"<table>{caption}<tr>{head}</tr>{body}</table>")
        elif isinstance(node, Chart):
            if can_draw:
                parts.append(f"<figure>{svg(node)}</figure>")
            else:
                parts.append(f"<p><em>Chart “{escape(node.title)}” left out: install the "
                             "plots extra (pip install 'qdl-compiler[plots]').</em></p>")
    return "\n".join(parts), page_title
