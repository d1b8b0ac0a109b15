"""PNG plots of the quantumness sweeps: validation error (mean ± standard error over seeds).

matplotlib is an optional extra (``pip install 'qdl-compiler[plots]'``); the Agg backend writes files
without a display.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

from qdl.errors import require

LABELS = {"a": "a (rotation scheme; 0 = classical)", "g": "g (weak measurement; π/2 = classical)"}


def plot_sweep(param: str, rows: list[dict[str, Any]], path: Path, title: str,
               g_c: float | None = None) -> Path:
    """Error and vote error versus ``param`` with error bars; a dashed line at g_c if given."""
    matplotlib = require("matplotlib", "plots", "writing the natural_qnn plots")
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    xs = [r[param] for r in rows]
    fig, ax = plt.subplots(figsize=(6, 4))
    for key, label in (("error", "single inference"), ("vote_error", "majority vote")):
        ax.errorbar(xs, [r[key] for r in rows], yerr=[r[key + "_stderr"] for r in rows],
                    marker="o", capsize=3, label=label)
    if param == "g":
        ax.axvline(math.pi / 2, color="grey", lw=0.8)
        if g_c is not None:
            ax.axvline(g_c, color="red", ls="--", lw=1, label=f"g_c ≈ {g_c:.2f}")
    else:
        ax.axvline(0, color="grey", lw=0.8)
    ax.set_xlabel(LABELS[param])
    ax.set_ylabel("validation error")
    ax.set_title(title)
    ax.legend()
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path
