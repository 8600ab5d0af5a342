"""Parse what a user logs: "/log 3h kettlebell workshop yesterday", "0.5 CEU NASM course".

Pure: no Telegram, no clock ("today" is a parameter), no storage.

How it is built: the text is cleaned once (`text`) and split once into tokens (`tokens`:
numbers with their values, words, punctuation, spaces). Recognisers each propose their kind of
span over the tokens: credits and durations, clock ranges and repeat counts (`amounts`), course
numbers and the provider (`names`), the date (`when`). The resolver (`parse`) runs them in a
fixed order and claims the tokens of every span it accepts, so no later recogniser can reuse
them; what no span claimed is the title (`title`). Word lists live in `words.toml`. What each recogniser
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
