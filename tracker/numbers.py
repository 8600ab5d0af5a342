"""The one number formatter behind every figure a user reads: replies, the chart title, exports.

Rounding is half-up on the decimal a person would write (0.075 -> "0.08", 2.675 -> "2.68"), not
Python's `round` (banker's rounding on the binary float: 0.075 -> 0.07). One exception keeps a
total honest: an amount still short of a requirement is never shown as reaching it
(`toward_requirement`: 1.996 of 2.0 reads "1.99", not "2.00").

Pure: no Telegram, no clock.
"""

from __future__ import annotations

import math
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal, InvalidOperation


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
