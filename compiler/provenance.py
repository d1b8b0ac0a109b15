"""What makes a JSON report reproducible and machine-checkable: where it came from
(``provenance``: versions, command line, input file and its SHA-256, a UTC timestamp) and the
integers JavaScript and pandas cannot read exactly (``exact_integers``: every integer beyond
2⁵³, by JSON Pointer, as a decimal string). docs/report-schema.md describes both."""

from __future__ import annotations

import hashlib
import json
import shlex
import sys
from datetime import datetime, timezone
from importlib import metadata
from pathlib import Path
from typing import Any

#: the largest integer an IEEE double (JavaScript's Number, pandas' float64) holds exactly
#: together with every smaller one
SAFE_INTEGER = 2**53 - 1


def _version(distribution: str) -> str | None:
    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return None


def provenance(command: list[str] | str, source: str | Path | dict | None) -> dict[str, Any]:
    """The report's ``provenance`` section. ``source`` is the input file (path and SHA-256 of
    its bytes) or, from the Python API, the model mapping (SHA-256 of its canonical JSON)."""
    from qdl import __version__

    if isinstance(source, dict):
        canonical = json.dumps(source, sort_keys=True, separators=(",", ":"), default=str)
        given = {"path": None, "sha256": hashlib.sha256(canonical.encode()).hexdigest(),
                 "hashed": "canonical JSON of the model mapping"}
    elif source is not None:
        path = Path(source)
        given = {"path": str(path), "sha256": hashlib.sha256(path.read_bytes()).hexdigest()}
    else:
        given = None
    return {
        "qdl": __version__,
        "qiskit": _version("qiskit"),
        "qiskit_aer": _version("qiskit-aer"),
        "python": sys.version.split()[0],
        "command": command if isinstance(command, str) else shlex.join(command),
        "input": given,
        "created": datetime.now(timezone.utc).isoformat(timespec="seconds"),
    }


def exact_integers(data: Any, pointer: str = "") -> dict[str, str]:
    """``{JSON Pointer: decimal string}`` for every integer with magnitude beyond 2⁵³ − 1."""
    out: dict[str, str] = {}
    if isinstance(data, dict):
        for key, value in data.items():
            token = str(key).replace("~", "~0").replace("/", "~1")
            out.update(exact_integers(value, f"{pointer}/{token}"))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            out.update(exact_integers(value, f"{pointer}/{i}"))
    elif isinstance(data, int) and not isinstance(data, bool) and abs(data) > SAFE_INTEGER:
        out[pointer] = str(data)
    return out
