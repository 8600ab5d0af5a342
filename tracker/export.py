"""Audit exports of the activity log: CSV (for spreadsheets) and a short PDF transcript.

The CSV is the record: one row per activity with its id (the one /history, /edit and /delete
use) and its credits toward every body, whatever that body's cycle; an auditor picks the dates
they need. The PDF is what a trainer hands in: the certifications with their deadlines and the
CPR/AED card, each activity with the credits it earns in the current cycles, and the totals per
cycle exactly as /progress shows them (the caller passes /progress's own results). Bodies whose
hours cannot be converted (NCCPT) get no credit column; the PDF says why.

Every figure goes through `knowledge.numbers.format_number` (half-up). Pure: no Telegram, no clock
("generated on" is a parameter).
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from knowledge.numbers import format_number
from knowledge.rules import Rule
from tracker.models import Activity, Certification
from tracker.progress import (
    CertProgress,
    cpr_status,
    credit_units,
    format_date,
    format_units,
    shown_earned,
    units_decimals,
)
from tracker.wording import credit_phrase

if TYPE_CHECKING:
    from fpdf import FPDF

_NOT_COUNTED = {"petition": "needs approval", "pending": "petition pending", "no": "does not count"}
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_ZERO_WIDTH = {"\u200d", "\ufe0f", "\ufe0e"}  # joiners and variation selectors draw nothing
_FONT_DIRS = ("/usr/share/fonts/truetype/dejavu", "/usr/share/fonts/TTF", "/usr/share/fonts/dejavu")


def _safe_cell(value: str) -> str:
    """Neutralise spreadsheet formulas (CSV injection): '=1+1' -> "'=1+1"."""
    return "'" + value if value.startswith(_FORMULA_STARTS) else value


def _number(value: float, decimals: int = 4) -> str:
    return format_number(value, decimals)


def _unique_rules(rules: Sequence[Rule]) -> list[Rule]:
    seen: dict[str, Rule] = {}
    for rule in rules:
        seen.setdefault(rule.code, rule)
    return list(seen.values())


def _sorted(activities: Sequence[Activity]) -> list[Activity]:
    return sorted(activities, key=lambda a: (a.activity_date, a.id))


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_")


def credit_column(rule: Rule) -> str:
    """'nasm_ceus', 'ace_cecs': the body and its unit, like every other column name."""
    return f"{_slug(rule.code)}_{_slug(rule.unit)}s"


def _credit(rule: Rule, a: Activity, by_code: dict[str, CertProgress]) -> float:
    """Inside the current cycle, what progress counted (so the export and /progress agree);
    outside it, what the activity alone would earn."""
    p = by_code.get(rule.code)
    counted = p.units_for(a.id) if p is not None else None
    return counted if counted is not None else credit_units(rule, a)


def _counts_for(a: Activity, progresses: Sequence[CertProgress]) -> str:
    found = []
    for p in progresses:
        c = p.counted_for(a.id)
        if c is not None:
            found.append(f"{p.rule.code}: {_NOT_COUNTED.get(c.status, 'counts')}")
    return "; ".join(found)


def export_csv(
    activities: Sequence[Activity],
    rules: Sequence[Rule],
    progresses: Sequence[CertProgress] = (),
) -> bytes:
    """UTF-8 with a BOM (so Excel detects the encoding), one row per activity, oldest first.

    Columns: id, date, title, provider, course, hours, cpr_aed, one credit column per trackable
    body in `rules` ("nasm_ceus": that body's units the activity earns), certificate_attached;
    with `progresses`, a counts_for column, and the credits of current-cycle activities are the
    ones progress counted.
    """
    by_code = {p.rule.code: p for p in progresses}
    trackable = [r for r in _unique_rules(rules) if r.trackable]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(
        [
            "id",
            "date",
            "title",
            "provider",
            "course",
            "hours",
            "cpr_aed",
            *(credit_column(r) for r in trackable),
            "certificate_attached",
            *(["counts_for"] if progresses else []),
        ]
    )
    for a in _sorted(activities):
        row = [
            str(a.id),
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


@dataclass(frozen=True)
class FontFiles:
    regular: Path
    bold: Path | None
    fallback: Path | None  # a last-resort font with a glyph for every code point


@cache
def find_unicode_font() -> FontFiles | None:
    """DejaVu Sans (regular, bold) and a last-resort fallback: matplotlib's bundled copies
    (always installed with the bot), else the system's; None when there is no DejaVu Sans
    (the PDF then falls back to Latin-1)."""
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
            fallback = folder / "LastResortHE-Regular.ttf"
            return FontFiles(
                regular, bold if bold.is_file() else None, fallback if fallback.is_file() else None
            )
    return None


def _can_shape() -> bool:
    """Right-to-left scripts (Hebrew, Arabic) need the HarfBuzz shaping engine."""
    try:
        import uharfbuzz  # noqa: F401
    except ImportError:  # pragma: no cover - uharfbuzz is a dependency
        return False
    return True


def _needs_shaping(char: str) -> bool:
    """Right-to-left letters, combining marks and Indic scripts only draw right when shaped."""
    return (
        unicodedata.bidirectional(char) in {"R", "AL"}
        or unicodedata.combining(char) > 0
        or 0x0900 <= ord(char) <= 0x0DFF
    )


@cache
def _transcript_class() -> type[FPDF]:
    """The PDF class, built on first use: fpdf2 costs about 20 MB of memory and a fifth of a
    second to import, and most processes never write a transcript."""
    from fpdf import FPDF
    from fpdf.enums import MethodReturnValue, XPos, YPos

    class _Transcript(FPDF):
        def __init__(self, font: FontFiles | None) -> None:
            super().__init__(orientation="P", unit="mm", format="A4")
            self.set_auto_page_break(auto=True, margin=15)
            if font is None:
                self.text_family = "Helvetica"
                self.bold_style = "B"
            else:
                self.add_font("DejaVu", "", str(font.regular))
                if font.bold is not None:
                    self.add_font("DejaVu", "B", str(font.bold))
                self.text_family = "DejaVu"
                self.bold_style = "B" if font.bold is not None else ""
            self.has_unicode_font = font is not None
            self.fallback = font.fallback if font is not None else None

        def cover(self, texts: Sequence[str]) -> None:
            """Prepare for drawing `texts`: shaping for right-to-left and complex scripts, and the
            last-resort font for characters DejaVu Sans lacks (emoji, CJK), so they get a glyph and
            the text stays searchable."""
            if not self.has_unicode_font:
                return
            if _can_shape() and any(_needs_shaping(c) for t in texts for c in t):
                self.set_text_shaping(True)  # costs about 3x the drawing time: only when needed
            if self.fallback is None:
                return
            self.set_font(self.text_family, "", 10)
            cmap = self.current_font.cmap
            missing = {ord(c) for t in texts for c in t} - set(cmap)
            missing = {c for c in missing if c >= 32 and chr(c) not in _ZERO_WIDTH}
            if not missing:
                return
            # Only the code points needed: reading the whole font takes seconds.
            self.add_font("LastResort", "", str(self.fallback), unicode_range=sorted(missing))
            self.set_fallback_fonts(["LastResort"], exact_match=False)
            self.fallback = None

        def clean(self, text: str, keep_lines: bool = False) -> str:
            """Text the PDF can draw: control characters become spaces (line breaks too, unless
            `keep_lines`); without a Unicode font, anything outside Latin-1 becomes '?'."""
            text = "".join(
                c
                if keep_lines and c == "\n"
                else " "
                if ord(c) < 32 or 0x7F <= ord(c) < 0xA0
                else c
                for c in text
            )
            if not self.has_unicode_font:
                return text.encode("latin-1", "replace").decode("latin-1")
            return text

        def write_line(
            self, text: str, size: float = 10, bold: bool = False, height: float = 6
        ) -> None:
            self.set_font(self.text_family, self.bold_style if bold else "", size)
            self.multi_cell(
                0, height, self.clean(text), new_x=XPos.LMARGIN, new_y=YPos.NEXT, markdown=False
            )

        def lines(self, text: str, width: float, size: float, bold: bool = False) -> list[str]:
            """How `text` wraps in a column `width` mm wide (cell padding included)."""
            self.set_font(self.text_family, self.bold_style if bold else "", size)
            result = self.multi_cell(
                width, 5, self.clean(text), dry_run=True, output=MethodReturnValue.LINES,
                markdown=False,
            )  # fmt: skip
            return [str(line) for line in result]

    return _Transcript


def __getattr__(name: str) -> object:
    if name == "_Transcript":  # tests build one directly
        return _transcript_class()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


HEADINGS = ("Date", "Activity", "Provider / course", "Hours", "Credits this cycle", "Certificate")
TABLE_SIZE = 9


def column_widths(pdf: FPDF) -> list[float]:
    """Widths (mm) of the activity table: each heading word fits on its line (no column
    breaks a heading mid-word), the activity title takes what is left."""
    total = pdf.epw
    pdf.set_font(pdf.text_family, "", TABLE_SIZE)
    date_width = pdf.get_string_width("0000-00-00") + 2 * pdf.c_margin + 1
    wanted = {"Date": date_width, "Provider / course": 34.0, "Hours": 13.0}
    wanted["Credits this cycle"] = 42.0
    pdf.set_font(pdf.text_family, pdf.bold_style, TABLE_SIZE)
    widths: list[float] = []
    for heading in HEADINGS:
        widest = max(pdf.get_string_width(word) for word in heading.split())
        widths.append(max(wanted.get(heading, 0.0), widest + 2 * pdf.c_margin + 1))
    title = HEADINGS.index("Activity")
    widths[title] = max(30.0, total - (sum(widths) - widths[title]))
    return widths


def _cycle(p: CertProgress) -> str:
    return f"{format_date(p.cycle_start)} – {format_date(p.deadline)}"


def total_line(p: CertProgress) -> str:
    """This cycle's credits with the same figures and rounding as /progress."""
    rule = p.rule
    units, hours = shown_earned(p)
    decimals = units_decimals(rule)
    return (
        f"{rule.code}, cycle {_cycle(p)}: {format_units(units, min_decimals=decimals)} / "
        f"{format_units(p.required_units, min_decimals=decimals)} {rule.unit}s "
        f"({format_number(hours)} / {format_number(p.required_hours)} h)"
        + (" — complete" if p.complete else "")
    )


def certification_lines(
    held: Sequence[tuple[Certification, Rule]],
    progresses: Sequence[CertProgress],
) -> list[str]:
    by_code = {p.rule.code: p for p in progresses}
    lines = []
    for cert, rule in held:
        p = by_code.get(rule.code)
        line = f"{rule.code} ({rule.name}): renews by {format_date(cert.deadline)}"
        if p is not None:
            line += f"; this cycle runs {_cycle(p)}"
        elif not rule.trackable:
            line += (
                f"; {rule.code} does not state how many hours make a {rule.unit}, so report "
                "the hours"
            )
        lines.append(line)
    return lines


_CPR_STATE = {
    "ok": "current through the deadline",
    "lapses_before_deadline": "expires before the deadline",
    "expired": "expired",
    "missing": "expiry not recorded",
}


def cpr_lines(
    held: Sequence[tuple[Certification, Rule]], cpr_expiry: date | None, today: date
) -> list[str]:
    needing = [(c, r) for c, r in held if r.cpr_required]
    if cpr_expiry is None and not needing:
        return []
    head = (
        f"CPR/AED card: expires {format_date(cpr_expiry)}"
        if cpr_expiry is not None
        else "CPR/AED card: expiry not recorded"
    )
    lines = [head]
    for cert, rule in needing:
        state = cpr_status(rule, cpr_expiry, cert.deadline, today)
        lines.append(f"{rule.code} requires a current card to renew: {_CPR_STATE[state]}")
    return lines


def activity_credits(a: Activity, progresses: Sequence[CertProgress]) -> str:
    """What `a` adds to each current cycle that contains it: the very units /progress counted."""
    parts = []
    for p in progresses:
        counted = p.counted_for(a.id)
        if counted is None:
            continue
        if counted.status in _NOT_COUNTED:
            parts.append(f"{p.rule.code}: {_NOT_COUNTED[counted.status]}")
        elif counted.units <= 0 and a.is_cpr:
            parts.append(credit_phrase(p.rule, a, short=True))
        else:
            decimals = units_decimals(p.rule)
            parts.append(
                f"{p.rule.code} {format_units(counted.units, min_decimals=decimals)} {p.rule.unit}"
            )
    return "\n".join(parts) if parts else ("—" if progresses else "")


def export_pdf(
    activities: Sequence[Activity],
    held: Sequence[tuple[Certification, Rule]],
    progresses: Sequence[CertProgress],
    user_label: str,
    generated_on: date,
    cpr_expiry: date | None = None,
) -> bytes:
    """A printable transcript: the certifications with their deadlines and the CPR/AED card, the
    activities with their credits this cycle, and the totals per cycle.

    `progresses`: /progress's own results for the trackable certifications in `held` (so the
    totals here are the ones /progress shows); `generated_on`: the user's today.
    """
    from fpdf.fonts import FontFace

    pdf = _transcript_class()(find_unicode_font())
    stamp = datetime.combine(generated_on, time(0, 0), tzinfo=UTC)
    pdf.set_creation_date(stamp)
    pdf.set_title("Continuing-education transcript")
    pdf.set_creator("recertbot")
    pdf.cover(
        [user_label, *(x for a in activities for x in (a.title, a.provider or "", a.course or ""))]
    )
    pdf.add_page()
    pdf.write_line("Continuing-education transcript", size=16, bold=True, height=9)
    if user_label.strip():
        pdf.write_line(user_label.strip(), size=11)
    pdf.write_line(f"Generated {format_date(generated_on)}", size=9)
    pdf.ln(3)

    certifications = certification_lines(held, progresses)
    cpr = cpr_lines(held, cpr_expiry, generated_on)
    if certifications or cpr:
        pdf.write_line("Certifications", size=12, bold=True, height=7)
        for text in [*certifications, *cpr]:
            pdf.write_line(text, size=10)
        pdf.ln(3)

    ordered = _sorted(activities)
    pdf.write_line("Activities", size=12, bold=True, height=7)
    if ordered:
        widths = column_widths(pdf)
        pdf.set_font(pdf.text_family, "", TABLE_SIZE)
        with pdf.table(
            col_widths=widths,
            width=pdf.epw,
            text_align=("LEFT", "LEFT", "LEFT", "RIGHT", "LEFT", "CENTER"),
            headings_style=FontFace(emphasis="BOLD" if pdf.bold_style else None),
            repeat_headings=1,
            line_height=5,
            markdown=False,
        ) as table:
            head = table.row()
            for name in HEADINGS:
                head.cell(name)
            for a in ordered:
                title = f"#{a.id} {a.title}" + (" (CPR/AED)" if a.is_cpr else "")
                where = " · ".join(x for x in (a.provider, a.course) if x)
                row = table.row()
                row.cell(a.activity_date.isoformat())
                row.cell(pdf.clean(title))
                row.cell(pdf.clean(where))
                row.cell(_number(a.hours, 2))
                row.cell(pdf.clean(activity_credits(a, progresses), keep_lines=True))
                row.cell("yes" if a.has_attachment else "no")
    else:
        pdf.write_line("No activities logged.")
    pdf.ln(4)

    pdf.write_line("Totals", size=12, bold=True, height=7)
    for p in progresses:
        pdf.write_line(total_line(p), size=10)
    pdf.write_line(f"All activities listed: {_number(sum(a.hours for a in ordered), 2)} h", size=10)
    pdf.ln(2)
    pdf.write_line(
        "Credits this cycle and the totals count the activities dated within each "
        "certification's current cycle, as /progress does, using the body's published hours "
        "per unit; a CPR/AED course earns the body's fixed CPR credit. Rules change: confirm "
        "with your certifying body.",
        size=8,
        height=4,
    )
    return bytes(pdf.output())
