"""The bot starts without the chart and PDF libraries (about 45 MB and most of the start-up
time): they are imported when a chart or a transcript is first drawn."""

import subprocess
import sys
from pathlib import Path


def test_starting_the_bot_imports_neither_matplotlib_nor_fpdf():
    code = "import sys, bot; print(sorted({'matplotlib', 'fpdf'} & set(sys.modules)))"
    root = Path(__file__).resolve().parents[1]
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=root, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "[]"
