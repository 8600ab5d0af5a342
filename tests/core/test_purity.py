"""The core (every module under knowledge/ and tracker/, sub-packages included) never imports
`telegram` and never reads the clock: "now" and "today" are passed in."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CORE = ("knowledge", "tracker")
DATETIME_READS = {"now", "utcnow", "today"}  # datetime.now(), datetime.utcnow(), date.today(), ...
TIME_READS = {
    "time", "time_ns", "monotonic", "monotonic_ns", "perf_counter", "perf_counter_ns",
    "process_time", "localtime", "gmtime", "ctime",
}  # fmt: skip


def violations(source: str, name: str = "<source>") -> list[str]:
    """Every `telegram` import and clock read in `source`, as 'name:line: what'."""
    tree = ast.parse(source)
    datetime_modules = {"datetime"}  # names bound to the datetime module
    datetime_classes = {"datetime", "date"}  # names bound to datetime.datetime / datetime.date
    time_modules: set[str] = set()
    found: list[str] = []

    def flag(node: ast.AST, what: str) -> None:
        found.append(f"{name}:{getattr(node, 'lineno', 0)}: {what}")

    for node in ast.walk(tree):  # first pass: imports and the names they bind
        if isinstance(node, ast.Import):
            for alias in node.names:
                top = alias.name.split(".")[0]
                if top == "telegram":
                    flag(node, f"import {alias.name}")
                if alias.name == "datetime":
                    datetime_modules.add(alias.asname or "datetime")
                if alias.name == "time":
                    time_modules.add(alias.asname or "time")
        elif isinstance(node, ast.ImportFrom):
            module = node.module or ""
            if module.split(".")[0] == "telegram":
                flag(node, f"from {module} import ...")
            for alias in node.names:
                if module == "datetime" and alias.name in {"datetime", "date"}:
                    datetime_classes.add(alias.asname or alias.name)
                if module == "time" and alias.name in TIME_READS:
                    flag(node, f"from time import {alias.name}")
        elif isinstance(node, ast.Call) and node.args:
            func = node.func
            called = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            first = node.args[0]
            if (
                called in {"import_module", "__import__"}
                and isinstance(first, ast.Constant)
                and str(first.value).split(".")[0] == "telegram"
            ):
                flag(node, f"{called}({first.value!r})")

    for node in ast.walk(tree):  # second pass: clock reads through those names
        if not isinstance(node, ast.Attribute):
            continue
        base = node.value
        if isinstance(base, ast.Name):
            if node.attr in DATETIME_READS and base.id in datetime_classes:
                flag(node, f"{base.id}.{node.attr}")
            if node.attr in TIME_READS and base.id in time_modules:
                flag(node, f"{base.id}.{node.attr}")
        elif (
            isinstance(base, ast.Attribute)
            and isinstance(base.value, ast.Name)
            and base.value.id in datetime_modules
            and base.attr in {"datetime", "date"}
            and node.attr in DATETIME_READS
        ):
            flag(node, f"{base.value.id}.{base.attr}.{node.attr}")
    return found


def core_files(root: Path = ROOT) -> list[Path]:
    return sorted(p for folder in CORE for p in (root / folder).rglob("*.py"))


def test_the_core_never_imports_telegram_nor_reads_the_clock():
    files = core_files()
    assert {p.relative_to(ROOT).parts[0] for p in files} == set(CORE)
    found = [
        v
        for p in files
        for v in violations(p.read_text(encoding="utf-8"), str(p.relative_to(ROOT)))
    ]
    assert found == []


BAD = [
    "import telegram",
    "import telegram.ext as tx",
    "from telegram.constants import ParseMode",
    "import importlib\nimportlib.import_module('telegram.ext')",
    "from datetime import datetime\nx = datetime.now()",
    "from datetime import datetime as dt\nx = dt.utcnow()",
    "from datetime import date\nx = date.today()",
    "import datetime\nx = datetime.datetime.now(datetime.UTC)",
    "import datetime as d\nx = d.date.today()",
    "import time\nx = time.time()",
    "import time as t\nx = t.monotonic()",
    "from time import time",
    "from datetime import datetime\nclock = datetime.now  # read later",
]
GOOD = [
    "from datetime import datetime, date\nx = datetime(2026, 1, 1)\ny = date.fromisoformat('2026-01-01')",
    "def f(today):\n    return today.year",
    "import time\nx = time.strptime('2026', '%Y')",
    "from dataclasses import dataclass\nclass Telegraphy:\n    now: int = 0",
]


@pytest.mark.parametrize("source", BAD)
def test_the_scan_catches(source):
    assert violations(source)


@pytest.mark.parametrize("source", GOOD)
def test_the_scan_lets_pass(source):
    assert violations(source) == []


def test_the_scan_reaches_sub_packages(tmp_path):
    nested = tmp_path / "tracker" / "parsing" / "recognisers"
    nested.mkdir(parents=True)
    (tmp_path / "knowledge").mkdir()
    (nested / "dates.py").write_text("from datetime import date\nTODAY = date.today()\n")
    files = core_files(tmp_path)
    assert files == [nested / "dates.py"]
    assert violations(files[0].read_text()) == ["<source>:2: date.today"]
