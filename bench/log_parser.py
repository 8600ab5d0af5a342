"""The /log parser: accuracy on the phrasing corpora and parse times.

Accuracy: every case of each corpus (the parametrised tests of the corpus files) is run through
pytest in-process and counted, so the figure is exactly "cases the parser gets right".
Times: parses per second for a few phrasings.

Run: .venv/bin/python bench/log_parser.py  (add --no-accuracy for the timings only)
"""

from __future__ import annotations

import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tracker.activities import looks_like_log, parse_log  # noqa: E402

TODAY = date(2026, 11, 28)
CASES = [
    "3h workshop",
    "CPR refresher 90 min yesterday",
    "0.5 CEU NASM course #A123 from NASM",
    "3h kettlebell workshop last friday",
    "2h webinar 3 Oct",
]
CORPORA = [
    "tests/core/test_log_blind.py",
    "tests/core/test_log_fresh.py",
    "tests/core/test_log_fresh2.py",
    "tests/core/test_activities.py",
]


class _Count:
    def __init__(self) -> None:
        self.passed = 0
        self.failed = 0

    def pytest_runtest_logreport(self, report) -> None:  # noqa: ANN001 - pytest hook
        if report.when == "call":
            if report.passed:
                self.passed += 1
            else:
                self.failed += 1
        elif report.failed:  # an error in setup counts as a miss
            self.failed += 1


def accuracy() -> None:
    import pytest

    for corpus in CORPORA:
        count = _Count()
        pytest.main(
            [str(ROOT / corpus), "-q", "-p", "no:cacheprovider", "--no-header", "-o", "addopts="],
            plugins=[count],
        )
        total = count.passed + count.failed
        print(
            f"ACCURACY {corpus:<34} {count.passed:>4}/{total:<4} "
            f"{100 * count.passed / max(total, 1):6.1f} %"
        )


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
    if "--no-accuracy" not in sys.argv:
        accuracy()
    for text in CASES:
        bench(f"parse_log({text!r})", lambda text=text: parse_log(text, TODAY))
    bench(
        "looks_like_log('just finished a 90 min CPR…')",
        lambda: looks_like_log("just finished a 90 min CPR refresher"),
    )
    print("dateparser imported:", "dateparser" in sys.modules)


if __name__ == "__main__":
    main()
