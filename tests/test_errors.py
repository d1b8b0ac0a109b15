"""One-line errors: every part escaped and bounded."""

from qdl.errors import QdlError, shown


def test_shown_escapes_control_characters_and_bounds_length():
    assert shown("a\x1b[31mb\nc\x00") == "a\\x1b[31mb\\nc\\x00"
    assert shown("\u202eevil") == "\\u202eevil"  # a bidirectional override
    long = shown("x" * 50_000, 80)
    assert len(long) <= 80 and "[50,000 characters]" in long


def test_one_line_is_one_line_whatever_the_parts():
    err = QdlError("bad\nthing " + "k" * 5000, "fix\x1b[2J", file="/t/m\nx.yaml", line=3)
    line = err.one_line()
    assert "\n" not in line and "\x1b" not in line and len(line) < 1200
    assert line.startswith("error: /t/m\\nx.yaml:3: bad\\nthing ")
