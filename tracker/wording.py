"""How credits are worded for people, the same in replies and exports.

"NASM +0.3 CEU" for an activity that earns credits. A CPR/AED course that earns none toward a
body (the rules file's 0: none or unclear) is never shown as "+0.0": the phrase says what the
course is for, keeping the card current, which that body requires to renew.

Pure: no Telegram, no clock. Plain text: callers escape it for HTML.
"""

from __future__ import annotations

from knowledge.rules import Rule
from tracker.models import Activity
from tracker.progress import credit_units, format_units


def earns_nothing(rule: Rule, activity: Activity) -> bool:
    """A CPR/AED course toward a body that counts no credits for it."""
    return activity.is_cpr and rule.cpr_credit_units <= 0


def credit_phrase(rule: Rule, activity: Activity, *, short: bool = False) -> str:
    """'NASM +0.3 CEU'; for a CPR/AED course that earns nothing, what the card is for."""
    code, unit = rule.code, rule.unit
    if earns_nothing(rule, activity):
        if not rule.cpr_required:
            return f"{code}: no {unit}s for CPR/AED"
        if short:
            return f"{code}: CPR/AED card (no {unit}s)"
        return f"{code}: keeps your CPR/AED card current, which {code} requires to renew (no {unit}s counted)"
    amount = format_units(credit_units(rule, activity))
    return f"{code} {amount} {unit}" if short else f"{code} +{amount} {unit}"
