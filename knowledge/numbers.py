"""The one number formatter behind every figure a user reads: answers, replies, the chart title,
exports (credits in a body's units, hours).

Rounding is half-up on the decimal a person would write (0.075 -> "0.08", 2.675 -> "2.68"), not
Python's `round` (banker's rounding on the binary float: 0.075 -> 0.07). One exception keeps a
total honest: an amount still short of a requirement is never shown as reaching it
(`toward_requirement`: 1.996 of 2.0 reads "1.99", not "2.00").

Pure: no Telegram, no clock.
"""

from __future__ import annotations

import math
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal, InvalidOperation

from knowledge.rules import Rule


def _quantize(value: float, decimals: int, rounding: str) -> Decimal:
    # repr() is the shortest text that reads back as the same float: what a person would write.
    exact = Decimal(repr(float(value)))
    return exact.quantize(Decimal(1).scaleb(-decimals), rounding=rounding)


def format_number(
    value: float, max_decimals: int = 2, min_decimals: int = 0, *, floor: bool = False
) -> str:
    """`value` rounded half-up (or down with `floor`) to `max_decimals`, trailing zeros dropped
    down to `min_decimals`: format_number(0.075) == "0.08", format_number(2, 2, 1) == "2.0"."""
    if math.isnan(value):
        return "?"  # never stored on purpose; a reply that shows it beats one that crashes
    if math.isinf(value):
        return "∞" if value > 0 else "-∞"
    min_decimals = min(min_decimals, max_decimals)
    try:
        rounded = _quantize(value, max_decimals, ROUND_FLOOR if floor else ROUND_HALF_UP)
    except InvalidOperation:  # beyond Decimal's default precision (28 digits)
        return f"{value:.{max_decimals}e}"
    text = f"{rounded:.{max_decimals}f}"
    if "." in text:
        whole, frac = text.split(".")
        frac = frac.rstrip("0").ljust(min_decimals, "0")
        text = f"{whole}.{frac}" if frac else whole
    if text.startswith("-") and Decimal(text) == 0:
        text = text[1:]
    return text


def toward_requirement(
    value: float, required: float, complete: bool, max_decimals: int = 2
) -> float:
    """The amount to show next to a requirement: half-up rounded, except that an incomplete
    amount which would round up to the requirement is rounded down instead, and a complete one
    never shows below it."""
    if complete:
        return max(value, required)
    shown = float(_quantize(value, max_decimals, ROUND_HALF_UP))
    if shown >= required:
        return float(_quantize(value, max_decimals, ROUND_FLOOR))
    return shown


def format_units(value: float, *, min_decimals: int | None = None) -> str:
    """Credits as people write them: 2.0 -> "2.0", 0.15 -> "0.15", 15 -> "15", 12.5 -> "12.5".

    At most 2 decimals. By default values under 10 keep one decimal (the "2.0 CEUs" style of
    10-hour units) and larger whole values none; pass `min_decimals` to force a style.
    """
    if min_decimals is None:
        min_decimals = 1 if abs(value) < 10 else 0
    return format_number(value, 2, min_decimals)


def units_decimals(rule: Rule) -> int:
    """1 for bodies whose unit is 10 hours ("2.0 CEUs"), 0 for hour-sized units ("15 CEUs")."""
    if rule.hours_per_unit is None:  # hours unknown (NCCPT): by the size of the requirement
        return 1 if rule.required_units < 10 else 0
    return 1 if rule.hours_per_unit >= 10 else 0


def format_hours_number(value: float) -> str:
    """Hours without a unit: 1.5 -> "1.5", 20.0 -> "20", 0.333 -> "0.33"."""
    return format_number(value, 2, 0)


def format_hours(value: float) -> str:
    """1.5 -> "1.5 h", 20 -> "20 h"."""
    return f"{format_hours_number(value)} h"
