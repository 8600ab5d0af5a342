"""Parse what a user logs: "/log 3h kettlebell workshop yesterday", "0.5 CEU NASM course".

Pure: no Telegram, no clock ("today" is a parameter), no storage.

How it is built: the text is cleaned once (`text`), then recognisers each find their kind of
span: credits and durations, clock ranges and repeat counts (`amounts`), course numbers
(`names`), the date (`when`), the provider (`names`). The resolver (`parse`) runs them in a
fixed order and masks every span it accepts, so no later recogniser can reuse it; what no
recogniser took is the title (`title`). Word lists live in `words.toml`. What each recogniser
accepts and refuses is written in its module's docstring and pinned by the phrasing corpora
(tests/core/log_corpora, run by tests/core/test_log_*.py); `bench/log_parser.py` reports the
share of corpus cases that pass.
"""

from tracker.activities.convert import credit_hours
from tracker.activities.freetext import looks_like_log, parse_free_text_log, reports_activity
from tracker.activities.model import (
    CREDIT_EXAMPLE,
    EARLIEST,
    EXAMPLE,
    MAX_CREDITS,
    MAX_HOURS,
    MAX_TEXT,
    MAX_TITLE,
    LogError,
    NeedBody,
    ParsedLog,
)
from tracker.activities.parse import EditChange, Span, explain, parse_edit, parse_log

__all__ = [
    "CREDIT_EXAMPLE",
    "EARLIEST",
    "EXAMPLE",
    "MAX_CREDITS",
    "MAX_HOURS",
    "MAX_TEXT",
    "MAX_TITLE",
    "EditChange",
    "Span",
    "explain",
    "LogError",
    "NeedBody",
    "ParsedLog",
    "credit_hours",
    "looks_like_log",
    "reports_activity",
    "parse_edit",
    "parse_free_text_log",
    "parse_log",
]
