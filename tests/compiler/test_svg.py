"""Inline SVG charts of the html report."""

import math

from qdl.compiler.svg import loglog_plot


def test_loglog_plot_skips_infinite_and_non_positive_points():
    svg = loglog_plot([1, 10, 100], {"a": [1.0, math.inf, 100.0], "b": [0.0, 5.0, 50.0]},
                      "T", "title")
    assert "inf" not in svg and "nan" not in svg
    lines = [part for part in svg.split("<polyline")[1:]]
    assert [part.split('points="')[1].split('"')[0].count(",") for part in lines] == [2, 2]


def test_loglog_plot_without_a_finite_point_is_empty():
    assert loglog_plot([1, 2], {"a": [math.inf, 0.0]}, "x", "t") == ""
