"""Micro-benchmark for the /log parser: prints parses per second for a few phrasings.

Run: .venv/bin/python bench/log_parser.py
"""

from __future__ import annotations

import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tracker.activities import looks_like_log, parse_log  # noqa: E402

TODAY = date(2026, 11, 28)
CASES = [
    "3h workshop",
    "CPR refresher 90 min yesterday",
    "0.5 CEU NASM course #A123 from NASM",
    "3h kettlebell workshop last friday",
    "2h webinar 3 Oct",
]


def bench(label: str, func, seconds: float = 0.5) -> None:
    func()  # warm up (caches, lazy imports)
    count = 0
    start = time.perf_counter()
    while (elapsed := time.perf_counter() - start) < seconds:
        for _ in range(100):
            func()
        count += 100
    print(f"{label:<45} {count / elapsed:>10,.0f}/s  {elapsed / count * 1e6:8.1f} µs each")


def main() -> None:
    for text in CASES:
        bench(f"parse_log({text!r})", lambda text=text: parse_log(text, TODAY))
    bench(
        "looks_like_log('just finished a 90 min CPR…')",
        lambda: looks_like_log("just finished a 90 min CPR refresher"),
    )
    print("dateparser imported:", "dateparser" in sys.modules)


if __name__ == "__main__":
    main()
