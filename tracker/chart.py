"""The progress chart: cumulative credit hours in the cycle against the straight-line pace.

Uses `matplotlib.figure.Figure` with the Agg canvas directly (no pyplot global state), so charts
can be drawn from several threads at once. Pure: "today" comes from the `CertProgress`.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from io import BytesIO

from knowledge.numbers import format_number
from tracker.models import Activity
from tracker.progress import CertProgress, credit_units, format_date, format_hours, shown_earned

WIDTH_PX = 800
HEIGHT_PX = 450
DPI = 100


def cumulative_points(p: CertProgress, activities: Iterable[Activity]) -> list[tuple[date, float]]:
    """(date, cumulative credit hours) steps in the cycle, starting at (cycle start, 0)."""
    rule = p.rule
    per_day: dict[date, float] = {}
    for a in activities:
        if p.cycle_start <= a.activity_date <= p.deadline:
            hours = rule.units_to_hours(credit_units(rule, a))
            per_day[a.activity_date] = per_day.get(a.activity_date, 0.0) + hours
    points = [(p.cycle_start, 0.0)]
    total = 0.0
    for day in sorted(per_day):
        total += per_day[day]
        points.append((day, total))
    return points


def chart_title(p: CertProgress) -> str:
    """'NASM — 19.96 / 20 h': the same figures, rounded the same way, as /progress shows."""
    _, earned_hours = shown_earned(p)
    return f"{p.rule.code} — {format_number(earned_hours)} / {format_hours(p.required_hours)}"


def render_chart(p: CertProgress, activities: Iterable[Activity]) -> bytes:
    """A PNG of about 800x450 px."""
    points = cumulative_points(p, activities)
    end_of_line = min(max(p.today, p.cycle_start), p.deadline)
    if end_of_line > points[-1][0]:
        points.append((end_of_line, points[-1][1]))
    xs = [d for d, _ in points]
    ys = [h for _, h in points]

    # Imported here: matplotlib costs about 25 MB and most of the bot's start-up time, and only
    # the chart button draws.
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(WIDTH_PX / DPI, HEIGHT_PX / DPI), dpi=DPI)
    FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    ax.step(xs, ys, where="post", color="#1f77b4", linewidth=2.2, label="your credit hours")
    ax.plot(
        [p.cycle_start, p.deadline],
        [0, p.required_hours],
        color="#888888",
        linestyle="--",
        linewidth=1.2,
        label="steady pace",
    )
    ax.axhline(p.required_hours, color="#2ca02c", linewidth=0.8, alpha=0.6)
    ax.axvline(
        p.deadline, color="#d62728", linewidth=1.5, label=f"deadline {format_date(p.deadline)}"
    )
    if p.cycle_start <= p.today <= p.deadline + timedelta(days=p.rule.grace_days):
        ax.axvline(p.today, color="#ff7f0e", linestyle=":", linewidth=1.5, label="today")

    right = max(p.deadline, p.today if p.today <= p.deadline + timedelta(days=400) else p.deadline)
    margin = timedelta(days=max(7, (right - p.cycle_start).days // 40))
    ax.set_xlim(p.cycle_start - margin, right + margin)
    ax.set_ylim(0, max(p.required_hours, max(ys)) * 1.1)
    ax.set_ylabel("hours")
    ax.grid(True, alpha=0.3)
    ax.legend(loc="best", fontsize=9, frameon=False)
    ax.set_title(chart_title(p), fontsize=13)
    fig.autofmt_xdate()
    fig.tight_layout()

    out = BytesIO()
    fig.savefig(out, format="png", metadata={"Software": None})
    return out.getvalue()
