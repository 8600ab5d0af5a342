"""Formatters shared by more than one feature (the "counts toward" lines): a service result in, HTML text (user input
escaped) and plain button rows out."""

from __future__ import annotations

import html

from tracker.models import Activity
from tracker.progress import CertProgress, format_units, units_decimals
from tracker.wording import credit_phrase

STATUS_TEXT = {"counts": "counts", "petition": "needs approval / petition",
               "pending": "petition pending", "no": "doesn't count"}  # fmt: skip


def status_lines(activity: Activity, progresses: list[CertProgress]) -> list[str]:
    """One line per certification whose cycle holds the activity: status, units, reason."""
    lines = []
    for p in progresses:
        found = p.counted_for(activity.id)
        if found is None:
            continue
        code = html.escape(p.rule.code)
        reason = f" — {html.escape(found.reason, quote=False)}"
        if found.status == "counts" and found.units <= 0 and activity.is_cpr:
            # never "+0.0": say what the course is for (the card the body requires)
            lines.append(f"• {html.escape(credit_phrase(p.rule, activity))}")
            continue
        if found.status == "counts":
            units = format_units(found.units, min_decimals=units_decimals(p.rule))
            plural = "" if found.units == 1 else "s"  # "+1 CEU", "+2 CEUs", "+0.3 CEUs"
            what = f"+{units} {html.escape(p.rule.unit)}{plural}"
            if found.reason.startswith("no body named"):
                reason = ""
        else:
            what = STATUS_TEXT[found.status]
        lines.append(f"• {code} {what}{reason}")
    return lines
