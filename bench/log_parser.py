"""The /log parser: accuracy on the phrasing corpora and parse times.

Accuracy: every case of each corpus (tests/core/log_corpora, run by the behaviour tests
tests/core/test_log_*.py) goes through pytest in-process and is counted per corpus, so the
figure is exactly "cases the parser gets right".
Times: parses per second for a few phrasings.

Run: .venv/bin/python bench/log_parser.py  (add --no-accuracy for the timings only)
"""

from __future__ import annotations

import re
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
BEHAVIOURS = [
    "tests/core/test_log_phrasings.py",
    "tests/core/test_log_refusals.py",
    "tests/core/test_log_free_text.py",
]


class _Count:
    """Passes and failures per corpus, from the test ids ("[blind: 2h webinar ...]")."""

    def __init__(self) -> None:
        self.passed: dict[str, int] = {}
        self.failed: dict[str, int] = {}

    def pytest_runtest_logreport(self, report) -> None:  # noqa: ANN001 - pytest hook
        if report.when != "call" and not report.failed:
            return
        corpus = re.search(r"\[(\w+): ", report.nodeid)
        if corpus is None:
            return
        tally = self.passed if report.passed and report.when == "call" else self.failed
        tally[corpus.group(1)] = tally.get(corpus.group(1), 0) + 1


def accuracy() -> None:
    import pytest

    count = _Count()
    args = [str(ROOT / f) for f in BEHAVIOURS]
    pytest.main([*args, "-q", "-p", "no:cacheprovider", "--no-header", "-o", "addopts="],
                plugins=[count])  # fmt: skip
    for corpus in sorted({*count.passed, *count.failed}):
        passed, failed = count.passed.get(corpus, 0), count.failed.get(corpus, 0)
        total = passed + failed
        print(f"ACCURACY {corpus:<8} {passed:>4}/{total:<4} {100 * passed / max(total, 1):6.1f} %")


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
