"""Layers: a handler module never imports another handler module. Features reach each other
through tracker.service (shared logic), tracker.views (shared formatters) or the small registry
in handlers.context (`provides` / `provided`); handlers.commands is the command table and
handlers.callbacks the callback-data codec."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

HANDLERS = Path(__file__).resolve().parents[2] / "handlers"
SHARED = {"context", "commands", "callbacks"}  # glue every feature may use
TABLE = {"commands.py", "__init__.py"}  # the command table imports every feature, by design


def handler_imports(source: str) -> set[str]:
    """The handlers.X modules `source` imports (at top level or inside functions)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            for alias in node.names:
                parts = alias.name.split(".")
                if parts[0] == "handlers" and len(parts) > 1:
                    found.add(parts[1])
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            parts = node.module.split(".")
            if parts[0] != "handlers":
                continue
            if len(parts) > 1:
                found.add(parts[1])
            else:  # from handlers import activities
                found.update(alias.name for alias in node.names)
    return found


@pytest.mark.parametrize(
    "source, expected",
    [
        ("from handlers.progress import tracked", {"progress"}),
        ("def f():\n    from handlers.reminders import refresh_next_due", {"reminders"}),
        ("from handlers import activities, certifications", {"activities", "certifications"}),
        ("import handlers.counts", {"counts"}),
        ("from handlers.context import reply", {"context"}),
        ("from tracker import service", set()),
    ],
)
def test_the_scanner_sees_every_form_of_import(source, expected):
    assert handler_imports(source) == expected


@pytest.mark.parametrize(
    "path", sorted(p for p in HANDLERS.glob("*.py") if p.name not in TABLE), ids=lambda p: p.name
)
def test_no_handler_module_imports_another(path):
    own = path.stem
    crossing = handler_imports(path.read_text(encoding="utf-8")) - SHARED - {own}
    assert not crossing, f"{path.name} imports handlers.{', handlers.'.join(sorted(crossing))}"


def module_imports(source: str) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module)
    return found


@pytest.mark.parametrize(
    "path", sorted(p for p in HANDLERS.glob("*.py") if p.name != "context.py"), ids=lambda p: p.name
)
def test_handlers_reach_the_database_only_through_the_service(path):
    """Storage is built by bot.py and typed in handlers.context; features call tracker.service."""
    assert "tracker.storage" not in module_imports(path.read_text(encoding="utf-8"))


def storage_reads(source: str) -> list[int]:
    """Lines where `source` reaches for `<something>.storage` (the store behind the services)."""
    return [
        node.lineno
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.Attribute) and node.attr == "storage"
    ]


def test_the_storage_scanner_sees_attribute_access():
    assert storage_reads("x = svc.storage.activity(1, 2)\n") == [1]
    assert storage_reads("x = service.activity(svc.core, 1, 2)\n") == []


@pytest.mark.parametrize(
    "path", sorted(p for p in HANDLERS.glob("*.py") if p.name != "context.py"), ids=lambda p: p.name
)
def test_handlers_read_through_the_service_not_the_store(path):
    """No handler reads `svc.storage` directly: reads go through tracker.service too."""
    assert storage_reads(path.read_text(encoding="utf-8")) == []
