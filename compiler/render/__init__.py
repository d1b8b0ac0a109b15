"""Report rendering: one document built from the report dict (``document``), with words
(``summaries``), charts (``charts``) and three writers (``text``, ``markdown``, ``html``).
JSON is the report dict itself (``qdl-report/1``, docs/report-schema.md)."""

from __future__ import annotations

import json
from typing import Any


def _nodes(report: Any):
    from qdl.compiler.render.document import build

    return build(report if isinstance(report, dict) else report.to_dict())


def render_json(report: Any) -> str:
    data = report if isinstance(report, dict) else report.to_dict()
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def render_table(report: Any, width: int | None = None) -> str:
    from qdl.compiler.render import text

    return text.write(_nodes(report), width)


def render_md(report: Any) -> str:
    from qdl.compiler.render import markdown

    return markdown.write(_nodes(report))


def render_html(report: Any) -> str:
    from qdl.compiler.render import html

    return html.write(_nodes(report))


RENDERERS = {"table": render_table, "json": render_json, "md": render_md, "html": render_html}
