"""The parser's word lists, read once from words.toml."""

from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path
from typing import Any


@cache
def words() -> dict[str, Any]:
    with (Path(__file__).parent / "words.toml").open("rb") as f:
        return tomllib.load(f)


def alternation(items: list[str]) -> str:
    """A regex alternation of the items in their order (the file puts longer words first)."""
    return "|".join(items)
