"""CSV and PDF audit exports."""

from __future__ import annotations

import csv
import io
import re
import zlib
from dataclasses import replace
from datetime import date

import pytest

from knowledge.rules import load_rules
from tracker import export
from tracker.export import activity_credits, column_widths, export_csv, export_pdf
from tracker.models import Activity, Certification
from tracker.progress import compute_progress, format_progress

RULES = load_rules()
GENERATED = date(2026, 11, 28)


def act(
    ident: int,
    on: date,
    title: str,
    hours: float,
    *,
    provider: str | None = None,
    course: str | None = None,
    cpr: bool = False,
    attached: bool = False,
) -> Activity:
    return Activity(
        id=ident,
        user_id=7,
        activity_date=on,
        title=title,
        hours=hours,
        provider=provider,
        course=course,
        is_cpr=cpr,
        has_attachment=attached,
    )


ACTIVITIES = [
    act(2, date(2026, 3, 1), "Kettlebell workshop", 4.5, provider="NASM", course="KB-101"),
    act(1, date(2026, 1, 10), "Adult CPR/AED", 1, provider="Red Cross", cpr=True, attached=True),
    act(3, date(2024, 5, 5), "Old course", 12),
]


def parse(data: bytes) -> list[dict[str, str]]:
    assert data.startswith(b"\xef\xbb\xbf")  # BOM, so Excel reads UTF-8
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def test_csv_columns_and_values() -> None:
    rows = parse(export_csv(ACTIVITIES, [RULES["NASM"], RULES["AFAA"]]))
    assert list(rows[0]) == [
        "id",
        "date",
        "title",
        "provider",
        "course",
        "hours",
        "cpr_aed",
        "nasm_ceus",
        "afaa_ceus",
        "certificate_attached",
    ]
    assert [r["date"] for r in rows] == ["2024-05-05", "2026-01-10", "2026-03-01"]  # oldest first
    old, cpr, kettlebell = rows
    assert [r["id"] for r in rows] == ["3", "1", "2"]  # the ids /history, /edit and /delete use
    assert kettlebell["title"] == "Kettlebell workshop"
    assert (kettlebell["provider"], kettlebell["course"]) == ("NASM", "KB-101")
    assert float(kettlebell["hours"]) == pytest.approx(4.5)
    assert float(kettlebell["nasm_ceus"]) == pytest.approx(0.45)
    assert float(kettlebell["afaa_ceus"]) == pytest.approx(4.5)
    assert kettlebell["certificate_attached"] == "no"
    assert (cpr["cpr_aed"], cpr["certificate_attached"]) == ("yes", "yes")
    assert float(cpr["nasm_ceus"]) == pytest.approx(0.1)
    assert float(cpr["afaa_ceus"]) == pytest.approx(2)
    # Credits are listed whatever the cycle: the 2024 course still shows its conversion.
    assert float(old["nasm_ceus"]) == pytest.approx(1.2)
    assert old["provider"] == old["course"] == ""


def test_csv_untrackable_and_duplicate_bodies() -> None:
    rows = parse(export_csv(ACTIVITIES, [RULES["NCCPT"], RULES["ACE"], RULES["ACE"]]))
    assert list(rows[0])[7:-1] == ["ace_cecs"]


def test_csv_without_activities_or_bodies() -> None:
    data = export_csv([], [])
    assert parse(data) == []
    assert data.decode("utf-8-sig").startswith("id,date,title,provider,course,hours")


@pytest.mark.parametrize(
    ("title", "cell"),
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+1", "'+1"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tcmd", "'\tcmd"),
        ("Safe = fine", "Safe = fine"),
    ],
)
def test_csv_injection_neutralised(title: str, cell: str) -> None:
    rows = parse(export_csv([act(1, date(2026, 1, 1), title, 1, provider=title)], []))
    assert rows[0]["title"] == cell
    assert rows[0]["provider"] == cell


def test_csv_rounds_half_up() -> None:
    rows = parse(export_csv([act(1, date(2026, 1, 1), "t", 0.00075)], [RULES["AFAA"]]))
    assert rows[0]["afaa_ceus"] == "0.0008"  # float round() gives 0.0007


def test_csv_keeps_unicode_commas_quotes_and_newlines() -> None:
    title = 'Aqua "deep", שלום 🏊\nday 2'
    rows = parse(export_csv([act(1, date(2026, 1, 1), title, 2)], [RULES["AEA"]]))
    assert rows[0]["title"] == title


def pdf_text_streams(data: bytes) -> bytes:
    """Decompressed content of the PDF's Flate streams (enough to find Latin-1 text)."""
    chunks = []
    for part in data.split(b"stream\n")[1:]:
        body = part.split(b"\nendstream")[0]
        try:
            chunks.append(zlib.decompress(body))
        except zlib.error:
            continue
    return b"".join(chunks)


def mapped_text(data: bytes) -> set[str]:
    """Every character the PDF's fonts map back to Unicode (what copy, search and pdftotext get)."""
    chars = set()
    for _, target in re.findall(rb"<([0-9A-F]{4})> <([0-9A-F]+)>", data):
        chars.update(bytes.fromhex(target.decode()).decode("utf-16-be", "replace"))
    return chars


TODAY = date(2026, 11, 28)
NASM = Certification(1, 7, "NASM", date(2027, 6, 30))
ACE = Certification(2, 7, "ACE", date(2026, 12, 31))
NCCPT = Certification(3, 7, "NCCPT", date(2027, 3, 1))
HELD = [(NASM, RULES["NASM"]), (ACE, RULES["ACE"]), (NCCPT, RULES["NCCPT"])]
CPR_EXPIRY = date(2027, 1, 15)


def progresses(activities=ACTIVITIES):
    """What /progress computes (the export is handed these, never recomputes them)."""
    return [
        compute_progress(rule, cert.deadline, activities, CPR_EXPIRY, TODAY)
        for cert, rule in HELD
        if rule.trackable
    ]


def drawn_text(streams: bytes) -> bytes:
    """The strings drawn with the core font, joined by spaces (wrapped lines join up again)."""
    parts = re.findall(rb"\((.*?)(?<!\\)\) ?Tj", streams)
    text = b" ".join(parts).replace(b"\\(", b"(").replace(b"\\)", b")")
    return re.sub(rb"\s+", b" ", text)


def latin1_pdf(monkeypatch, activities=ACTIVITIES) -> bytes:
    """The transcript drawn with the core font, whose text can be read back from the streams."""
    monkeypatch.setattr(export, "find_unicode_font", lambda: None)
    return drawn_text(
        pdf_text_streams(
            export_pdf(activities, HELD, progresses(activities), "Dana", TODAY, CPR_EXPIRY)
        )
    )


def test_pdf_basic() -> None:
    data = export_pdf(ACTIVITIES, HELD, progresses(), "Dana Levi", GENERATED, CPR_EXPIRY)
    assert data.startswith(b"%PDF")
    assert data.rstrip().endswith(b"%%EOF")


def test_pdf_lists_certifications_deadlines_and_the_cpr_card(monkeypatch) -> None:
    text = latin1_pdf(monkeypatch)
    assert b"NASM (National Academy of Sports Medicine): renews by 30 Jun 2027" in text
    assert b"ACE (American Council on Exercise): renews by 31 Dec 2026" in text
    assert b"NCCPT" in text and b"so report the hours" in text
    assert b"CPR/AED card: expires 15 Jan 2027" in text
    assert b"NASM requires a current card to renew: expires before the deadline" in text
    assert b"ACE requires a current card to renew: current through the deadline" in text


def test_pdf_totals_are_the_ones_progress_shows(monkeypatch) -> None:
    text = latin1_pdf(monkeypatch)
    for p in progresses():
        block = format_progress([p], 0, "UTC").split("\n")[
            2
        ]  # "<b>NASM</b> · 0.55 / 2.0 CEUs (...)"
        figures = re.sub(r"<[^>]+>", "", block).split(" · ", 1)[1]
        assert f"{p.rule.code}, cycle".encode() in text
        assert figures.encode() in text, figures
    # NASM's cycle holds the 2026 courses only (4.5 h + CPR 0.1 CEU): not the 2024 one.
    assert b"NASM, cycle 1 Jul 2025 - 30 Jun 2027: 0.55 / 2.0 CEUs (5.5 / 20 h)" in text.replace(
        "–".encode("latin-1", "replace"), b"-"
    )


def test_pdf_totals_follow_the_progress_it_is_given(monkeypatch) -> None:
    # The export reads /progress's result object; it does not count on its own.
    monkeypatch.setattr(export, "find_unicode_font", lambda: None)
    given = [replace(p, earned_units=1.234, earned_hours=12.34) for p in progresses()[:1]]
    text = drawn_text(
        pdf_text_streams(export_pdf(ACTIVITIES, HELD[:1], given, "Dana", TODAY, None))
    )
    assert b"1.23 / 2.0 CEUs (12.34 / 20 h)" in text


def test_pdf_per_activity_credits(monkeypatch) -> None:
    ps = progresses()
    kettlebell, cpr, old = ACTIVITIES
    assert activity_credits(kettlebell, ps) == "NASM 0.45 CEU\nACE 0.45 CEC"
    assert activity_credits(cpr, ps) == "NASM 0.1 CEU\nACE: CPR/AED card (no CECs)"
    assert activity_credits(old, ps) == "—"  # outside every current cycle
    text = latin1_pdf(monkeypatch)
    assert b"NASM 0.45 CEU" in text and b"ACE 0.0" not in text
    monkeypatch.setattr(export, "find_unicode_font", lambda: None)
    streams = pdf_text_streams(export_pdf(ACTIVITIES, HELD, ps, "Dana", TODAY, CPR_EXPIRY))
    assert b"(NASM 0.45 CEU) Tj" in streams and b"(ACE 0.45 CEC) Tj" in streams  # a line each


def test_pdf_table_headings_and_dates_never_break_mid_word() -> None:
    pdf = export._Transcript(export.find_unicode_font())
    pdf.add_page()
    widths = column_widths(pdf)
    assert sum(widths) == pytest.approx(pdf.epw)
    for heading, width in zip(export.HEADINGS, widths, strict=True):
        lines = pdf.lines(heading, width - 0.5, export.TABLE_SIZE, bold=True)
        assert all(word in heading.split() for line in lines for word in line.split()), lines
    assert pdf.lines("2026-12-31", widths[0] - 0.5, export.TABLE_SIZE) == ["2026-12-31"]


def test_pdf_is_repeatable_and_depends_on_input() -> None:
    def make(acts=ACTIVITIES, on=GENERATED) -> bytes:
        return export_pdf(acts, HELD, progresses(acts), "Dana", on, CPR_EXPIRY)

    first = make()
    assert make() == first
    assert make(on=date(2026, 12, 1)) != first
    assert make(acts=ACTIVITIES[:2]) != first


NASTY = [
    act(1, date(2026, 1, 1), "Workshop 🏋️‍♀️ שלום עולם مرحبا 中文", 2, provider="Ünï\x00cödé"),
    act(2, date(2026, 1, 2), "x" * 500, 1.5, course="C" * 80),
    act(3, date(2026, 1, 3), "Line one\nline two\ttab", 1),
]


def test_pdf_keeps_any_unicode_a_trainer_types() -> None:
    data = export_pdf(NASTY, HELD, progresses(NASTY), "Dana 🙂 לוי Zoë", GENERATED)
    assert data.startswith(b"%PDF")
    typed = set(NASTY[0].title + "Ünïcödé" + "Dana 🙂 לוי Zoë") - set(" \u200d\ufe0f")
    assert typed <= mapped_text(data), typed - mapped_text(data)
    assert b"LastResort" in data  # the fallback font draws what DejaVu Sans lacks


def test_pdf_falls_back_to_core_font(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(export, "find_unicode_font", lambda: None)
    data = export_pdf(NASTY, HELD[:1], progresses(NASTY)[:1], "Dana 🙂 לוי", GENERATED)
    assert data.startswith(b"%PDF")
    text = pdf_text_streams(data)
    assert b"Continuing-education transcript" in text
    assert b"Dana ? ???" in text  # unencodable characters replaced


def test_pdf_many_activities_span_pages() -> None:
    many = [act(i, date(2026, 1, 1 + i % 28), f"Course {i}", 1) for i in range(120)]
    one_page = export_pdf(many[:3], HELD, progresses(many[:3]), "Dana", GENERATED)
    several = export_pdf(many, HELD, progresses(many), "Dana", GENERATED)
    assert one_page.count(b"/Type /Page\n") == 1
    assert several.count(b"/Type /Page\n") > 1


def test_pdf_without_activities_or_certifications() -> None:
    assert export_pdf([], [], [], "", GENERATED).startswith(b"%PDF")


def test_unicode_font_found_here() -> None:
    # matplotlib (a dependency) bundles DejaVu Sans and the Last Resort font.
    font = export.find_unicode_font()
    assert font is not None
    assert font.regular.name == "DejaVuSans.ttf"
    assert font.fallback is not None


@pytest.mark.parametrize(
    ("texts", "shaped"),
    [(["Zoë Ñandú", "Привет", "中文 🏋"], False), (["שלום"], True), (["مرحبا"], True)],
)
def test_right_to_left_text_is_shaped_and_latin_is_not(texts, shaped) -> None:
    pdf = export._Transcript(export.find_unicode_font())
    pdf.cover(texts)
    assert bool(pdf.text_shaping) is shaped  # shaping triples the drawing time: only when needed
