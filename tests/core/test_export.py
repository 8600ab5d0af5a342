"""CSV and PDF audit exports."""

from __future__ import annotations

import csv
import io
import zlib
from datetime import date

import pytest

from knowledge.rules import load_rules
from tracker import export
from tracker.export import export_csv, export_pdf
from tracker.models import Activity

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
        "date",
        "title",
        "provider",
        "course",
        "hours",
        "cpr_aed",
        "credits NASM (CEU)",
        "credits AFAA (CEU)",
        "certificate attached",
    ]
    assert [r["date"] for r in rows] == ["2024-05-05", "2026-01-10", "2026-03-01"]  # oldest first
    old, cpr, kettlebell = rows
    assert kettlebell["title"] == "Kettlebell workshop"
    assert (kettlebell["provider"], kettlebell["course"]) == ("NASM", "KB-101")
    assert float(kettlebell["hours"]) == pytest.approx(4.5)
    assert float(kettlebell["credits NASM (CEU)"]) == pytest.approx(0.45)
    assert float(kettlebell["credits AFAA (CEU)"]) == pytest.approx(4.5)
    assert kettlebell["certificate attached"] == "no"
    assert (cpr["cpr_aed"], cpr["certificate attached"]) == ("yes", "yes")
    assert float(cpr["credits NASM (CEU)"]) == pytest.approx(0.1)
    assert float(cpr["credits AFAA (CEU)"]) == pytest.approx(2)
    # Credits are listed whatever the cycle: the 2024 course still shows its conversion.
    assert float(old["credits NASM (CEU)"]) == pytest.approx(1.2)
    assert old["provider"] == old["course"] == ""


def test_csv_untrackable_and_duplicate_bodies() -> None:
    rows = parse(export_csv(ACTIVITIES, [RULES["NCCPT"], RULES["ACE"], RULES["ACE"]]))
    credit_columns = [c for c in rows[0] if c.startswith("credits")]
    assert credit_columns == ["credits ACE (CEC)"]


def test_csv_without_activities_or_bodies() -> None:
    data = export_csv([], [])
    assert parse(data) == []
    assert data.decode("utf-8-sig").startswith("date,title,provider,course,hours")


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


def test_pdf_basic() -> None:
    data = export_pdf(ACTIVITIES, [RULES["NASM"], RULES["NCCPT"]], "Dana Levi", GENERATED)
    assert data.startswith(b"%PDF")
    assert data.rstrip().endswith(b"%%EOF")


def test_pdf_is_repeatable_and_depends_on_input() -> None:
    first = export_pdf(ACTIVITIES, [RULES["NASM"]], "Dana", GENERATED)
    assert export_pdf(ACTIVITIES, [RULES["NASM"]], "Dana", GENERATED) == first
    assert export_pdf(ACTIVITIES, [RULES["NASM"]], "Dana", date(2026, 12, 1)) != first
    assert export_pdf(ACTIVITIES[:2], [RULES["NASM"]], "Dana", GENERATED) != first


NASTY = [
    act(1, date(2026, 1, 1), "Workshop 🏋️‍♀️ שלום עולם مرحبا 中文", 2, provider="Ünï\x00cödé"),
    act(2, date(2026, 1, 2), "x" * 500, 1.5, course="C" * 80),
    act(3, date(2026, 1, 3), "Line one\nline two\ttab", 1),
]


def test_pdf_survives_non_latin1_text() -> None:
    data = export_pdf(NASTY, list(RULES.values()), "Dana 🙂 לוי", GENERATED)
    assert data.startswith(b"%PDF")


def test_pdf_falls_back_to_core_font(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(export, "find_unicode_font", lambda: None)
    data = export_pdf(NASTY, [RULES["NASM"]], "Dana 🙂 לוי", GENERATED)
    assert data.startswith(b"%PDF")
    text = pdf_text_streams(data)
    assert b"Continuing-education transcript" in text
    assert b"Dana ? ???" in text  # unencodable characters replaced
    assert b"NASM: 0.45 CEUs" in text


def test_pdf_many_activities_span_pages() -> None:
    many = [act(i, date(2026, 1, 1 + i % 28), f"Course {i}", 1) for i in range(120)]
    one_page = export_pdf(many[:3], [RULES["NASM"]], "Dana", GENERATED)
    several = export_pdf(many, [RULES["NASM"]], "Dana", GENERATED)
    assert one_page.count(b"/Type /Page\n") == 1
    assert several.count(b"/Type /Page\n") > 1


def test_pdf_without_activities() -> None:
    assert export_pdf([], [], "", GENERATED).startswith(b"%PDF")


def test_unicode_font_found_here() -> None:
    # matplotlib (a dependency) bundles DejaVu Sans, so a Unicode font is always available.
    font = export.find_unicode_font()
    assert font is not None
    assert font[0].name == "DejaVuSans.ttf"
