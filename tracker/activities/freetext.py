"""Free text ("I did a 3 hour workshop yesterday"): is it a report, and its parse.

Conservative: needs a duration or credits, a past-tense activity verb and an education word (or
credits), and no question, negation, plan or condition. Refused: someone else's activity ("my
client did a 2h course"), teaching ("finished teaching a 2h workshop"), wishes, cancelled /
missed sessions, and time spent on something that is not education right after the amount ("a
30 min run", "took 2 hours to drive"). "had", "went through", "sat in on", "wrapped", "done
with" are past cues.
"""

from __future__ import annotations

import re
from datetime import date

from tracker.activities.amounts import _find_credits, _find_durations
from tracker.activities.lexicon import alternation, words
from tracker.activities.model import MAX_TEXT, LogError, ParsedLog
from tracker.activities.parse import parse_log
from tracker.activities.text import _clean
from tracker.activities.tokens import Tokens

# --------------------------------------------------------------------------- free text

_QUESTION_START = re.compile(
    r"^\s*(?:how|what|what's|whats|which|when|where|why|who|whom|whose|do|does|can|could|"
    r"should|would|will|is|are|am|was|were|may|might|shall|must|has|any|anyone|is\s+it|"
    r"did\s+(?:i|you|we|they|he|she|it)|have\s+(?:i|you|we|they)|tell\s+me|explain|help)\b",
    re.IGNORECASE,
)
_NOT_A_REPORT = re.compile(
    r"n't\b|n\u2019t\b|\b(?:not|never|no\s+longer|will|shall|'ll|going\s+to|gonna|plan|"
    r"planning|planned|want|wanna|wants|need|needs|should|would|could|might|maybe|hope|hoping|"
    r"tomorrow|next|if|whether|thinking|register|registered|registering|sign\s+up|"
    r"signing\s+up|signed\s+up|enroll|enrolled|enrolling|book|booked|upcoming|soon|later|"
    r"count|counts|worth|took\s+(?:me|us|him|her|them|ages|forever)|wish|wished|"
    r"cancel(?:l?ed)?|postponed|rescheduled|missed|skipped)\b",
    re.IGNORECASE,
)
_PAST = (
    r"(?:did|done|finished|completed|attended|took|taken|watched|went|participated|joined|"
    r"passed|earned|got|spent|sat|wrapped|studied)"
)
# someone else's activity: "my client did a 2h course", "she completed 0.5 CEU"
_OTHER_PERSON = re.compile(
    r"\b(?:he|she|they|someone|somebody|everyone|everybody|(?:my|our|his|her|their|a|the)\s+"
    r"(?:\w+\s+)?(?:clients?|wife|husband|partner|friends?|co-?workers?|colleagues?|students?|"
    r"boss|manager|son|daughter|kids?|mom|mum|dad|brother|sister|instructors?|trainers?|"
    r"coach|team|members?|boyfriend|girlfriend|trainees?|staff|mentee))"
    r"(?:'s|\u2019s|'ve|\u2019ve|\s+has|\s+have|\s+had)?"
    rf"\s+(?:just\s+|finally\s+|also\s+|already\s+)?{_PAST}\b",
    re.IGNORECASE,
)
# teaching is not attending: "just finished teaching a 2h workshop", "I presented a webinar"
_TEACHING = re.compile(
    r"\b(?:taught|presented|hosted)\s+(?:a|an|the|my|our)\b|"
    r"\b(?:finished|did|done|completed|just)\s+(?:teaching|presenting|hosting|leading)\b",
    re.IGNORECASE,
)
_PAST_CUE = re.compile(
    r"\b(?:did|done|finished|completed|attended|took|taken|watched|went\s+to|participated|"
    r"joined|passed|earned|got|spent|sat|wrapped|logged|studied|renewed|had|"
    r"went\s+through|listened\s+to|followed)\b",
    re.IGNORECASE,
)
_EDUCATION_CUE = re.compile(
    rf"\b(?:{alternation(words()['free_text']['education'])})\b",
    re.IGNORECASE,
)
_LEAD_IN = re.compile(
    r"^(?:(?:so|well|ok|okay|yay|yes|hey|hi|hello|also|and|btw|fyi|update)"
    r"\b[\s,!.:-]*)+",
    re.IGNORECASE,
)
_SUBJECT_VERB = re.compile(
    r"(?<![\w'])(?:(?:i'm|i\u2019m|im|we're|we\u2019re|i|we)(?:'ve|\u2019ve|\s+have|'d|\s+had)?\s+)?"
    r"(?:just\s+|finally\s+|"
    r"also\s+)?(?:(?:got\s+)?done\s+with|did|done|finished(?:\s+up)?|completed|attended|took|taken|watched|went\s+to|"
    r"participated\s+in|joined|passed|earned|got\s+back\s+from|got|spent|sat(?:\s+in\s+on)?|"
    r"wrapped(?:\s+up)?|studied|had|went\s+through|listened\s+to|followed)\b"
    r"(?:\s+(?:(?:a|an)(?!\s+(?:hour|half|quarter|couple|few)\b)|the|my|another|in|on|at|for)\b)*",
    re.IGNORECASE,
)

# what the duration was spent on, when it is not education: "a 30 min run then went to the
# course", "2 hours of sleep before the course", "took 2 hours to drive to the workshop"
_NOT_CE_AFTER = re.compile(
    r"[\s-]*(?:(?:of|on|doing|in|at)\s+)?(?:(?:a|an|the|my|some)\s+)?(?:\w+\s+)?"
    rf"(?:{alternation(words()['free_text']['not_education'])})\b"
    r"(?!\s+(?:[\w-]+\s+)?(?:course|workshop|webinar|seminar|certification|cert|training|lecture|"
    r"clinic|module|instructor|specialist|conference|class))",
    re.IGNORECASE,
)
_TRAVEL_AFTER = re.compile(
    r"\s+(?:to|just\s+to)\s+(?:drive|get|commute|travel|walk|arrive|reach|park|fly|find|set\s+up)\b",
    re.IGNORECASE,
)


def looks_like_log(text: str) -> bool:
    """Free text that clearly reports a finished continuing-education activity with an amount.

    Conservative: needs a duration or credits, a past-tense activity verb and an education word
    (or credits), and no question, negation, plan or condition.
    """
    try:
        clean = _clean(text).strip()
        if not clean or clean.startswith("/") or len(clean) > MAX_TEXT or "?" in clean:
            return False
        if _QUESTION_START.match(clean) or _NOT_A_REPORT.search(clean):
            return False
        if _OTHER_PERSON.search(clean) or _TEACHING.search(clean):
            return False
        if not _PAST_CUE.search(clean) or not _EDUCATION_CUE.search(clean):
            return False
        tokens = Tokens(clean)
        if _find_credits(tokens, clean):
            return True
        durations = _find_durations(tokens, clean)
        return bool(durations) and not any(
            _NOT_CE_AFTER.match(clean, d.end) or _TRAVEL_AFTER.match(clean, d.end)
            for d in durations
        )
    except LogError:
        return False


_FIRST_PERSON_PAST = re.compile(
    rf"(?<![\w'])(?:i|we)(?:'ve|\u2019ve|\s+have|\s+just|\s+finally|\s+also)*\s+"
    rf"(?:{_PAST}|taught|presented|hosted|led|ran|coached|completed|learned|learnt)\b",
    re.IGNORECASE,
)


def reports_activity(text: str) -> bool:
    """Looser than `looks_like_log`: "I did 3 hours of yoga yesterday", "I taught a 2 hour class".

    A first-person report of something done, with a duration or credits, that is no question,
    plan or negation and not someone else's. No education word is needed (the user confirms).
    Used only for messages the question matcher has no confident answer for.
    """
    try:
        clean = _clean(text).strip()
        if not clean or clean.startswith("/") or len(clean) > MAX_TEXT or "?" in clean:
            return False
        if (
            _QUESTION_START.match(clean)
            or _NOT_A_REPORT.search(clean)
            or _OTHER_PERSON.search(clean)
        ):
            return False
        if not _FIRST_PERSON_PAST.search(clean):
            return False
        tokens = Tokens(clean)
        return bool(_find_credits(tokens, clean) or _find_durations(tokens, clean))
    except LogError:
        return False


def parse_free_text_log(text: str, today: date, month_first: bool | None = None) -> ParsedLog:
    """Parse a sentence like "I did a 3 hour kettlebell workshop yesterday"."""
    clean = _LEAD_IN.sub("", _clean(text).strip())
    clean = _SUBJECT_VERB.sub(" ", clean, count=1)
    return parse_log(clean, today, month_first)
