"""One place that opens, saves and closes a matplotlib figure for the studies' PNG plots.

matplotlib is the optional 'plots' extra; without it :func:`write_figure` writes nothing and
returns the sentence the report prints instead of a path.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

MISSING = "skipped: matplotlib is not installed (it comes with the 'plots' extra of qdl)"


def write_figure(path: str | Path, draw: Callable, *, panels: int = 1,
                 size: tuple[float, float] = (6.0, 4.0)) -> str:
    """Call ``draw(axes)`` on a fresh figure with ``panels`` side-by-side axes (one Axes when
    panels == 1) and save it to ``path`` as PNG; return 'written to PATH' or why not."""
    try:
        import matplotlib
    except ImportError:
        return MISSING
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(1, panels, figsize=(size[0] * panels, size[1]))
    try:
        draw(axes)
        fig.tight_layout()
        fig.savefig(path, dpi=110)
    finally:
        plt.close(fig)
    return f"written to {path}"
