"""The /log phrasing corpora, one module per round, each written before the parser was tuned on it.

Each module holds its data and the checks it was written with: GOOD_CASES / check_good,
REFUSED_CASES / check_refused, OFFERED / check_offered, NOT_OFFERED / check_not_offered,
FREE_TEXT_PARSED / check_free_text_parsed, check_sizes. The behaviour tests (tests/core/
test_log_*.py) run every corpus through them; bench/log_parser.py counts passes per corpus from
the test ids, which start with the corpus name.
"""

from __future__ import annotations

from types import ModuleType

import pytest

from tests.core.log_corpora import blind, fresh, fresh2, tables

CORPORA: dict[str, ModuleType] = {
    "tables": tables,
    "blind": blind,
    "fresh": fresh,
    "fresh2": fresh2,
}


def params(attr: str) -> list:
    """pytest params (corpus module, case arguments) for every corpus's `attr` list."""
    out = []
    for name, module in CORPORA.items():
        for case in getattr(module, attr):
            args = case if isinstance(case, tuple) else (case,)
            out.append(pytest.param(module, args, id=f"{name}: {str(args[0])[:50]}"))
    return out
