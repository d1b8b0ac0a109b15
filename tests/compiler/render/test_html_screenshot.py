"""A real browser draws the html report (headless Chromium from the system packages; skipped
when none is installed)."""

import shutil
import subprocess

import pytest

from qdl.api import compile as compile_model

BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")


def test_headless_chromium_renders_the_training_report(tmp_path, monkeypatch):
    browser = next((b for b in map(shutil.which, BROWSERS) if b), None)
    if browser is None:
        pytest.skip("no Chromium on this machine")
    pytest.importorskip("matplotlib")
    monkeypatch.chdir(tmp_path)
    from pathlib import Path

    from qdl.compiler.render import render_html

    example = Path(__file__).parents[3] / "examples" / "sparse_training_7m.yaml"
    page = tmp_path / "report.html"
    page.write_text(render_html(compile_model(example)), encoding="utf-8")
    shot = tmp_path / "shot.png"
    subprocess.run([browser, "--headless", "--no-sandbox", "--disable-gpu",
                    f"--screenshot={shot}", "--window-size=1200,3000", page.as_uri()],
                   check=True, capture_output=True, timeout=120)
    data = shot.read_bytes()
    assert data.startswith(b"\x89PNG") and len(data) > 20_000  # a page, not a blank image
