"""Numbers for people: exact counts with separators, huge ones as a·10ᵇ, and physical
quantities in human units (seconds as "6.2·10¹⁰ years", qubits as "3.9 M") beside the exact
value. The JSON report keeps the exact numbers; these strings are for table, md and html only.
"""

from __future__ import annotations

import math
from typing import Any

_SUPERSCRIPT = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")
#: integers up to this many digits are printed exactly in narrow table columns
EXACT_BELOW = 10**15


def sci(value: float, digits: int = 3) -> str:
    """``2.03·10³¹``: ``digits`` significant digits, trailing zeros dropped."""
    if value == 0 or not math.isfinite(value):
        return _plain_float(value)
    exponent = math.floor(math.log10(abs(value)))
    mantissa = value / 10**exponent
    if round(abs(mantissa), digits - 1) >= 10:  # 9.999 rounds up to 10.0
        mantissa, exponent = mantissa / 10, exponent + 1
    text = f"{mantissa:.{digits - 1}f}".rstrip("0").rstrip(".")
    return f"{text}·10{str(exponent).translate(_SUPERSCRIPT)}"


def _plain_float(value: float) -> str:
    if math.isnan(value):
        return "not a number"
    if math.isinf(value):
        return "∞" if value > 0 else "−∞"
    return f"{value:.4g}"


def number(value: Any) -> str:
    """A compact cell: exact integers below 10¹⁵ with separators, otherwise 3 significant
    digits; floats to 4 significant digits (scientific outside [10⁻³, 10⁶))."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int):
        return f"{value:,}" if abs(value) < EXACT_BELOW else sci(value)
    if isinstance(value, float):
        if value == 0 or not math.isfinite(value):
            return _plain_float(value)
        if value.is_integer() and abs(value) < 1e6:
            return f"{int(value):,}"
        if 1e-3 <= abs(value) < 1e6:
            return f"{value:.4g}"
        return sci(value, 4)
    return str(value)


def count(value: float) -> str:
    """``3.9 M``, ``2.41·10⁹``, ``6.65·10²⁸``: the size of a count at a glance."""
    # k and M only: "T" would read as T gates and "G" is easily misread; 10⁹ and up as a·10ᵇ
    for scale, unit in ((1e9, ""), (1e6, "M"), (1e3, "k")):
        if abs(value) >= scale:
            if not unit:
                return sci(value)
            return f"{value / scale:.3g} {unit}"
    return number(value)


_YEAR = 365.25 * 86400
_DURATIONS = ((_YEAR, "years"), (86400, "days"), (3600, "hours"), (60, "minutes"), (1, "s"),
              (1e-3, "ms"), (1e-6, "µs"), (1e-9, "ns"))


def duration(seconds: float) -> str:
    """``190,000 years``, ``2.5 days``, ``83.2 µs``."""
    if not math.isfinite(seconds):
        return "unbounded"
    if seconds == 0:
        return "0 s"
    for scale, unit in _DURATIONS:
        if abs(seconds) >= scale or unit == "ns":
            value = seconds / scale
            if unit == "years" and abs(value) >= 1e6:
                return f"{sci(value)} years"
            if abs(value) >= 1000:
                return f"{value:,.0f} {unit}"
            return f"{value:.3g} {unit}"
    raise AssertionError("unreachable")


def human(key: str, value: Any) -> str | None:
    """The human-unit reading of ``value`` when ``key`` names a time or a large count, else
    None. Keys: ``*seconds`` and ``*_s`` are seconds, ``*_ns`` nanoseconds; integers of a
    million or more get their size (``3.9 M``)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    name = key.lower()
    if name.endswith("seconds") or name.endswith("_s"):
        return duration(float(value))
    if name.endswith("_ns"):
        return duration(float(value) * 1e-9)
    if isinstance(value, int) and abs(value) >= 10**6:
        return count(value)
    return None


def exact_with_human(key: str, value: Any) -> str:
    """A key/value cell: the exact number, then its human reading in parentheses."""
    if value is None:
        return "–"
    if key.lower().endswith(("seconds", "_s", "_ns")) and isinstance(value, (int, float)) \
            and not isinstance(value, bool):
        unit = "ns" if key.lower().endswith("_ns") else "s"
        reading = human(key, value)
        exact = f"{number(value)} {unit}"
        return exact if reading and reading.endswith(" s") else f"{reading} ({exact})"
    if isinstance(value, int) and not isinstance(value, bool):
        text = f"{value:,}"
    else:
        text = number(value) if isinstance(value, (int, float)) else str(value)
    extra = human(key, value)
    return f"{text} ({extra})" if extra and extra != text else text
