"""Audit exports of the activity log: CSV (for spreadsheets) and a short PDF transcript.

Credits per body are computed for every activity, whatever that body's current cycle: the
export is a record of what was done, and an auditor picks the dates they need. (Which
activities count toward the current cycle is what /progress shows.) Bodies whose hours cannot be
converted (NCCPT) get no credit column; their totals line says why.

Pure: no Telegram, no clock ("generated on" is a parameter).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from datetime import UTC, date, datetime, time
from functools import cache
from pathlib import Path

from fpdf import FPDF
from fpdf.enums import XPos, YPos
from fpdf.fonts import FontFace

from knowledge.rules import Rule
from tracker.models import Activity
from tracker.progress import (
    CertProgress,
    credit_units,
    format_date,
    format_units,
    units_decimals,
)

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_FONT_DIRS = ("/usr/share/fonts/truetype/dejavu", "/usr/share/fonts/TTF", "/usr/share/fonts/dejavu")


def _safe_cell(value: str) -> str:
    """Neutralise spreadsheet formulas (CSV injection): '=1+1' -> "'=1+1"."""
    return "'" + value if value.startswith(_FORMULA_STARTS) else value


def _number(value: float, decimals: int = 4) -> str:
    text = f"{round(value, decimals):.{decimals}f}".rstrip("0").rstrip(".")
    return "0" if text in ("", "-0") else text


def _unique_rules(rules: Sequence[Rule]) -> list[Rule]:
    seen: dict[str, Rule] = {}
    for rule in rules:
        seen.setdefault(rule.code, rule)
    return list(seen.values())


def _sorted(activities: Sequence[Activity]) -> list[Activity]:
    return sorted(activities, key=lambda a: (a.activity_date, a.id))


def credit_column(rule: Rule) -> str:
    return f"credits {rule.code} ({rule.unit})"


def _credit(rule: Rule, a: Activity, by_code: dict[str, CertProgress]) -> float:
    """Inside the current cycle, what progress counted (so the export and /progress agree);
    outside it, what the activity alone would earn."""
    p = by_code.get(rule.code)
    counted = p.units_for(a.id) if p is not None else None
    return counted if counted is not None else credit_units(rule, a)


def _counts_for(a: Activity, progresses: Sequence[CertProgress]) -> str:
    labels = {"counts": "counts", "petition": "needs approval", "pending": "petition pending",
              "no": "does not count"}  # fmt: skip
    found = []
    for p in progresses:
        c = p.counted_for(a.id)
        if c is not None:
            found.append(f"{p.rule.code}: {labels[c.status]}")
    return "; ".join(found)


def export_csv(
    activities: Sequence[Activity],
    rules: Sequence[Rule],
    progresses: Sequence[CertProgress] = (),
) -> bytes:
    """UTF-8 with a BOM (so Excel detects the encoding), one row per activity, oldest first.

    Columns: date, title, provider, course, hours, cpr_aed, one "credits NASM (CEU)" column per
    trackable body in `rules`, certificate attached; with `progresses`, a "counts for" column,
    and the credits of current-cycle activities are the ones progress counted.
    """
    by_code = {p.rule.code: p for p in progresses}
    trackable = [r for r in _unique_rules(rules) if r.trackable]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(
        [
            "date",
            "title",
            "provider",
            "course",
            "hours",
            "cpr_aed",
            *(credit_column(r) for r in trackable),
            "certificate attached",
            *(["counts for"] if progresses else []),
        ]
    )
    for a in _sorted(activities):
        row = [
            a.activity_date.isoformat(),
            a.title,
            a.provider or "",
            a.course or "",
            _number(a.hours),
            "yes" if a.is_cpr else "no",
            *(_number(_credit(r, a, by_code)) for r in trackable),
            "yes" if a.has_attachment else "no",
            *([_counts_for(a, progresses)] if progresses else []),
        ]
        writer.writerow([_safe_cell(cell) for cell in row])
    return out.getvalue().encode("utf-8-sig")


# --- PDF -----------------------------------------------------------------------------------


@cache
def find_unicode_font() -> tuple[Path, Path | None] | None:
    """(regular, bold) DejaVu Sans files: matplotlib's bundled copy (always installed with the
    bot), else the system's; None when neither exists (the PDF then falls back to Latin-1)."""
    candidates: list[Path] = []
    try:
        import matplotlib

        candidates.append(Path(matplotlib.get_data_path()) / "fonts" / "ttf")
    except ImportError:  # pragma: no cover - matplotlib is a dependency
        pass
    candidates.extend(Path(d) for d in _FONT_DIRS)
    for folder in candidates:
        regular = folder / "DejaVuSans.ttf"
        if regular.is_file():
            bold = folder / "DejaVuSans-Bold.ttf"
            return regular, bold if bold.is_file() else None
    return None


class _Transcript(FPDF):
    def __init__(self, font: tuple[Path, Path | None] | None) -> None:
        super().__init__(orientation="P", unit="mm", format="A4")
        self.set_auto_page_break(auto=True, margin=15)
        if font is None:
            self.text_family = "Helvetica"
            self.bold_style = "B"
        else:
            regular, bold = font
            self.add_font("DejaVu", "", str(regular))
            if bold is not None:
                self.add_font("DejaVu", "B", str(bold))
            self.text_family = "DejaVu"
            self.bold_style = "B" if bold is not None else ""
        self.has_unicode_font = font is not None

    def clean(self, text: str) -> str:
        """Text the current font can draw: control characters become spaces, characters the
        font lacks (emoji; anything outside Latin-1 for the core font) become '?'."""
        text = "".join(" " if ord(c) < 32 or 0x7F <= ord(c) < 0xA0 else c for c in text)
        if not self.has_unicode_font:
            return text.encode("latin-1", "replace").decode("latin-1")
        cmap = self.current_font.cmap
        return "".join(c if c == " " or ord(c) in cmap else "?" for c in text)

    def write_line(
        self, text: str, size: float = 10, bold: bool = False, height: float = 6
    ) -> None:
        self.set_font(self.text_family, self.bold_style if bold else "", size)
        self.multi_cell(
            0, height, self.clean(text), new_x=XPos.LMARGIN, new_y=YPos.NEXT, markdown=False
        )


def _totals_lines(
    activities: Sequence[Activity], rules: Sequence[Rule], progresses: Sequence[CertProgress] = ()
) -> list[str]:
    total_hours = sum(a.hours for a in activities)
    lines = [f"All activities: {_number(total_hours, 2)} h"]
    by_code = {p.rule.code: p for p in progresses}
    for rule in _unique_rules(rules):
        p = by_code.get(rule.code)
        if p is not None:  # the very figures /progress shows
            decimals = units_decimals(rule)
            hours = (
                f" ({_number(p.earned_hours, 2)} / {_number(p.required_hours, 2)} h)"
                if rule.trackable
                else ""
            )
            lines.append(
                f"{rule.code}, cycle {format_date(p.cycle_start)} - {format_date(p.deadline)}: "
                f"{format_units(p.earned_units, min_decimals=decimals)} / "
                f"{format_units(p.required_units, min_decimals=decimals)} {rule.unit}s{hours}"
                + ("" if p.complete else " - not complete yet")
            )
            continue
        if not rule.trackable:
            lines.append(
                f"{rule.code}: {rule.code} does not state how many hours make a {rule.unit}; "
                "report the hours above"
            )
            continue
        units = sum(credit_units(rule, a) for a in activities)
        lines.append(
            f"{rule.code}: {format_units(units, min_decimals=units_decimals(rule))} {rule.unit}s "
            f"({_number(rule.units_to_hours(units), 2)} h at "
            f"{_number(rule.hours_per_unit or 0, 2)} h per {rule.unit})"
        )
    return lines


def export_pdf(
    activities: Sequence[Activity],
    rules: Sequence[Rule],
    user_label: str,
    generated_on: date,
    progresses: Sequence[CertProgress] = (),
) -> bytes:
    """A short printable transcript: title, generated date, the activities, totals per body."""
    pdf = _Transcript(find_unicode_font())
    stamp = datetime.combine(generated_on, time(0, 0), tzinfo=UTC)
    pdf.set_creation_date(stamp)
    pdf.set_title("Continuing-education transcript")
    pdf.set_creator("recertbot")
    pdf.add_page()
    pdf.write_line("Continuing-education transcript", size=16, bold=True, height=9)
    if user_label.strip():
        pdf.write_line(user_label.strip(), size=11)
    pdf.write_line(f"Generated {format_date(generated_on)}", size=9)
    pdf.ln(3)

    ordered = _sorted(activities)
    if ordered:
        pdf.set_font(pdf.text_family, "", 9)
        with pdf.table(
            col_widths=(24, 74, 56, 16, 20),
            text_align=("LEFT", "LEFT", "LEFT", "RIGHT", "CENTER"),
            headings_style=FontFace(emphasis="BOLD" if pdf.bold_style else None),
            repeat_headings=1,
            line_height=5,
            markdown=False,
        ) as table:
            head = table.row()
            for name in ("Date", "Title", "Provider / course", "Hours", "Certificate"):
                head.cell(name)
            for a in ordered:
                title = a.title + (" (CPR/AED)" if a.is_cpr else "")
                where = " · ".join(x for x in (a.provider, a.course) if x)
                row = table.row()
                row.cell(a.activity_date.isoformat())
                row.cell(pdf.clean(title))
                row.cell(pdf.clean(where))
                row.cell(_number(a.hours, 2))
                row.cell("yes" if a.has_attachment else "no")
    else:
        pdf.write_line("No activities logged.")
    pdf.ln(4)

    pdf.write_line("Totals", size=12, bold=True, height=7)
    for text in _totals_lines(ordered, rules, progresses):
        pdf.write_line(text, size=10)
    pdf.ln(2)
    pdf.write_line(
        "Credits use each body's published hours per unit over all activities listed, not only "
        "the current cycle; a CPR/AED course earns the body's fixed CPR credit. Rules change: "
        "confirm with your certifying body.",
        size=8,
        height=4,
    )
    return bytes(pdf.output())
