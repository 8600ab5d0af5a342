"""What the /log parser returns and refuses with: ParsedLog, LogError, NeedBody, limits.

str(LogError) is one plain-text line with an example (an InputError: handlers escape it).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from tracker.errors import InputError

MAX_HOURS = 100.0
MAX_CREDITS = 100.0
MAX_MINUTES = 24 * 60
MAX_TITLE = 500  # stored whole up to here; replies shorten it for display only
MAX_TEXT = 1000
EARLIEST = date(1970, 1, 1)
MAX_YEARS_BACK = 5  # older than this is no current renewal cycle's business: refused
EXAMPLE = "/log 3h kettlebell workshop"
CREDIT_EXAMPLE = "/log 0.5 CEU NASM course"
DAYS_EXAMPLE = "/log 16h two-day course"


class LogError(InputError):
    """User-facing problem: str(exc) is one friendly plain-text line + an example."""


class NeedBody(LogError):
    """Credits were given but it is not clear which body's units they are."""

    def __init__(self, message: str, candidates: tuple[str, ...]) -> None:
        super().__init__(message)
        self.candidates = candidates


@dataclass(frozen=True)
class ParsedLog:
    title: str  # the rest of the text, tidied; "activity" when nothing is left
    activity_date: date
    hours: float | None  # when a duration was given
    credits: float | None  # when credits were given ("0.5 CEU", "2 CECs")
    credit_unit: str | None  # "CEU" | "CEC" as written
    body: str | None  # rule code named in the text ("NASM"), None when none or unclear
    provider: str | None  # "from NASM", "by Precision Nutrition", "provider: X", "@ ACE"
    course: str | None  # course number without its prefix: "#A123" -> "A123"
    is_cpr: bool  # the title mentions CPR / AED / BLS / first aid
    other_date: date | None = None  # the other reading of an ambiguous numeric date ("3/4")
