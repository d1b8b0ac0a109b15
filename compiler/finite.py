"""The last check before a report is rendered: every number in it is finite.

A report that says ``inf`` or ``nan`` answers nothing; such a number comes from an input
outside the range the formulas hold for (the input checks refuse the known ones at their line:
docs/model-format.md) or from a bug. Either way the user gets a one-line error naming where in
the report the number appeared, and exit status 2, instead of a report that looks like a result.
"""

from __future__ import annotations

import math
from typing import Any

from qdl.errors import QdlError


def nonfinite_path(value: Any, path: tuple = ()) -> tuple | None:
    """The path of the first non-finite number in ``value`` (nested dicts, lists, numpy)."""
    if isinstance(value, dict):
        for key, item in value.items():
            found = nonfinite_path(item, path + (key,))
            if found is not None:
                return found
    elif isinstance(value, (list, tuple)):
        for i, item in enumerate(value):
            found = nonfinite_path(item, path + (i,))
            if found is not None:
                return found
    elif hasattr(value, "tolist") and not isinstance(value, (str, bytes)):
        return nonfinite_path(value.tolist(), path)
    elif isinstance(value, float) and not math.isfinite(value):
        return path
    elif isinstance(value, complex) and not (math.isfinite(value.real)
                                             and math.isfinite(value.imag)):
        return path
    return None


def check_finite(report, source: str) -> None:
    """Refuse (exit 2) a report holding a non-finite number anywhere."""
    parts = {"layers": [{"params": layer.params, "cost": layer.cost.as_dict(),
                         "repetitions": layer.repetitions, "notes": layer.notes}
                        for layer in report.layers],
             **report.sections}
    where = nonfinite_path(parts)
    if where is not None:
        raise QdlError(f"the result is not a finite number at {'.'.join(map(str, where))}: an "
                       "input is outside the range where the formulas hold",
                       "check the model's values against docs/model-format.md; if they are "
                       "sensible, this is a bug in qdl: please report it", file=source)
