"""The Markdown report (``--format md``): headings, sentences and pipe tables."""

from __future__ import annotations

from qdl.compiler.render.document import Chart, Heading, Node, Para, Pre, Table


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def write(nodes: list[Node]) -> str:
    lines: list[str] = []
    charts = 0
    for node in nodes:
        if isinstance(node, Heading):
            lines += ["#" * node.level + " " + node.text, ""]
        elif isinstance(node, Para):
            lines += [node.text, ""]
        elif isinstance(node, Pre):
            lines += ["```text", *node.lines, "```", ""]
        elif isinstance(node, Table):
            if node.title:
                lines += [f"**{_cell(node.title)}**", ""]
            align = ["---:" if (node.numeric[i] if i < len(node.numeric) else False) else "---"
                     for i in range(len(node.columns))]
            lines.append("| " + " | ".join(_cell(c) for c in node.columns) + " |")
            lines.append("|" + "|".join(align) + "|")
            lines += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in node.rows]
            lines.append("")
        elif isinstance(node, Chart):
            charts += 1
    if charts:
        lines += [f"_{charts} chart{'s' if charts > 1 else ''} in the html report "
                  "(`--format html`)._", ""]
    return "\n".join(lines).rstrip("\n") + "\n"
