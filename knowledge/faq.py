"""FAQ entries and the matcher that picks one for a user's message.

Entries come from two places: hand-written ones in faq.toml, and entries about each certifying
body generated from the rules (certifications.toml), so the FAQ and the tracker never disagree.
faq.toml also lists off-topic intents ([[off_topic]]): near misses such as "how much is the NASM
exam" or "how do I become a trainer" that must be rejected, not answered.

Matching, in order:
1. small talk ("hi", "thanks") gets a short reply; a greeting in front of a question is dropped;
2. "how many hours is 1.5 NASM CEUs" (a number, one body, a unit) is computed from the rules;
3. otherwise the message is normalised (typos fixed only when they look like slips of the
   finger, so "logo" stays "logo"; synonyms and ways of asking folded: "recert", "licence",
   "roll over", "hang on to", "no matter who", "more time"; filler and who-I-am context such as
   "im a trainer", "my staff" dropped; extra body names such as "clinical exercise
   physiologist") and every entry and off-topic intent is scored: rapidfuzz similarity to its
   strings, plus how much of the query's vocabulary (IDF-weighted) it knows, minus a penalty
   when the query names none of the entry's core words (every phrasing of the CPR entries
   says "cpr"). A long message is also scored sentence by sentence, so context around the
   question does not drown it. A query naming a body only reaches entries about that body or
   general ones. Unknown words weigh heavily (unknown numbers not at all). Bodies that a
   general entry names only as examples ("can i use ace cecs for nasm") count for any bodies
   a question names several of, and for none when it names one. A body named with a bot
   feature ("reminders for my nasm renewal") is context: its entries get no bonus.
   Out of scope when the best score is under the cut-off for the query's strength (credit
   words, or a body with a renewal, counting or bot-feature word; only a body; only words
   like "renew"; nothing), when an off-topic intent wins or comes within `off_topic_margin`
   of the best entry; "choose" when the runner-up is close. A body's own entry beats its
   general twin when it comes within `twin_margin` ("issa grace period" is not "grace
   period"); when several named bodies' entries of one kind lead, the general entry answers
   ("which renews less often, nesta or nsca").
   Only entries and intents sharing a word with the query are scored (the others could not
   reach a cut-off), and typo corrections are cached: a match takes about 1 ms.

Weights and cut-offs were picked by measurement over tests/core/faq_labelled.toml and the
held-out sets tests/core/faq_blind.toml, faq_fresh.toml and faq_fresh2.toml
(bench/faq_matcher.py).
Pure: no Telegram, no clock.
"""

from __future__ import annotations

import html
import math
import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from rapidfuzz import fuzz, process, utils
from rapidfuzz.distance import OSA

from knowledge.rules import Rule, load_rules

FAQ_PATH = Path(__file__).with_name("faq.toml")
MAX_MESSAGE = 4096

MAX_CHOICES = 3  # "did you mean" buttons
OFF_TOPIC_PREFIX = "off-topic:"  # scored ids of the [[off_topic]] intents
BODY_ENTRY_KINDS = ("requirements", "hours", "cpr", "grace")
# the general entry each kind of body entry specialises: when a message names one body and both
# come close, the body's own answer is the one to give ("can i still renew issa late")
GENERAL_TWIN = {
    "requirements": ("renewal-requirements", "renewal-cycle"),
    "hours": ("contact-hours",),
    "cpr": ("cpr-aed",),
    "grace": ("grace-period",),
}


@dataclass(frozen=True)
class Entry:
    id: str
    question: str
    alternates: tuple[str, ...]
    answer: str
    source: str
    corrects: str = ""


@dataclass(frozen=True)
class Match:
    kind: str  # "answer" | "choose" | "smalltalk" | "out_of_scope"
    entry: Entry | None  # for "answer"
    candidates: tuple[Entry, ...]  # for "choose": 2-3 entries to offer as "Did you mean" buttons
    score: float
    reply: str = ""  # for "smalltalk"


@dataclass(frozen=True)
class OffTopic:
    """Something trainers ask that is near our domain but not ours ("how much is the NASM exam").

    Its examples compete with the entries; when one wins, the message is out of scope. This
    rejects near misses that share most words with an entry and differ by the one that matters.
    """

    id: str
    examples: tuple[str, ...]
    any_body: bool = False  # about any certifying body ("the NASM exam"), not a driving licence


# --- normalisation ------------------------------------------------------------------------

_QUOTES = re.compile(r"[\u2018\u2019\u0e42`\u00b4]|\u00e2\u20ac\u2122")
_PHRASES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(rf"\b{pattern}\b"), repl)
    for pattern, repl in (
        (r"contin\w* (?:ed|edu|educ|education) (?:unit|units)", "ceu"),
        (r"contin\w* (?:ed|edu|educ|education) (?:credit|credits|cred|creds)", "cec"),
        (r"ce (?:unit|units)", "ceu"),
        (r"ce (?:credit|credits)", "cec"),
        (r"con ed", "continuing education"),
        (r"cont ed", "continuing education"),
        (r"per cent", "percent"),
        # ways of asking that mean the same thing
        (r"(?:short|stands?|standing) for", "stand for"),
        (r"abbreviation (?:for|of)", "stand for"),
        (
            r"(?:college|university|uni|academic) (?:credit|credits)(?! (?:hour|hours|hrs|hr)\b)",
            "academic credit",
        ),
        (r"(?:roll|rolls|rolled|rolling|carry|carries|carried|carrying) ?over", "carry over"),
        (r"(?:run|runs|ran|running) out", "expire"),
        (r"out of date", "expire"),
        (r"what(?:s| is)? the point (?:of|in)", "why"),
        (r"(?:do|does) (?:it|this|that|they) matter", "matter"),
        (r"^(?:is it true|is it right|am i right|do i understand correctly)(?: that)?", ""),
        (r"no matter (?:who|what|which|where|how)", "always"),
        (r"regardless(?: of)?", "always"),
        (r"(?:hang|hold|hanging|holding) on ?to", "keep"),
        (r"next (?:period|round|time|renewal|one)", "next cycle"),
        (r"grad(?:uate)? school", "college"),
        (r"real life", "real world"),
        (r"group ex\b", "group fitness"),
        (r"reinstat\w*", "late renew"),
        (r"in ?house", ""),
        (r"(?:more|extra|additional) time", "extension"),
        (r"how (?:far|close) (?:along )?am i", "progress"),
        (r"(?:late |grace )?window (?=to renew|for renewing|to recertify)", "grace period "),
        (r"late window", "grace period"),
        (
            r"more (\w+ )?than (?:i |we |they )?(?:need|needed|required|necessary|the minimum)",
            r"extra \1",
        ),
        (r"means? by", "meaning"),
        (r"what (?:does|do) (\w+(?: \w+)?) mean", r"what \1 meaning"),
        (r"still (?:require|need|needed|to do|to earn|to go)", "left"),
        (r"(?:what is|whats|what) (?:the )?mean(?:ing)? of", "meaning"),
        (
            r"who (?:made|makes|built|builds|created|creates|wrote|writes|developed|develops|"
            r"designed|programmed|coded)",
            "who built",
        ),
        (r"(?:mean|means|count for|counts for|worth) (?:anything|much)", "matter"),
        (r"(?:so far|to date|up to now|till now|until now)", "progress"),
        (r"set ?up", "add"),
        (r"(?:in|on|into|to|with) (?:here|the bot|this bot)", "bot"),
        (r"(?:need|needs|has|have) to be (?=approved|accredited|current|valid)", "is "),
        (
            r"(?:college |academic |uni |university )?(?:credit|semester) (?:hour|hours|hrs|hr)",
            "semester semesterhour",
        ),
        (r"semester (?:unit|units)", "semester semesterunit"),
        (r"^(?:the )?point (?:of|in)", "why"),
        (r"every ?where|across the board|for every body|for all bodies|universally", "always"),
        (r"this (?:thing|app|tool|assistant)", "this bot"),
        (r"(?:so|that) (?:i|we|they) (?:dont|do not|never|wont|will not) forg[eo]t", "remind me"),
        (r"remind me (?=what|how many|how much|which)", ""),
        (
            r"(?:past|after|missed|overdue|passed|beyond) (?:the |my |its |our |their )?"
            r"(?:date|deadline|due date|expiry date|expiration date)",
            "late",
        ),
        (
            r"(how (?:many|much)(?: \w+){0,3} (?:do|does|will|would) \w+) (?:want|expect|ask for)",
            r"\1 require",
        ),
    )
)
_CANON: dict[str, str] = {}
for _canon, _words in {
    "ceu": "ceu ceus ceuz",
    "cec": "cec cecs cecz",
    "hour": "h hr hrs hour hours",
    "minute": "min mins minute minutes",
    "renew": "recert recerts recertify recertifying recertification recertifications recerting "
    "renew renews renewal renewals renewing renewed",
    "certificate": "certificate certificates",
    "credit": "credit credits cred creds",
    "you": "u ya",
    "your": "ur yr",
    "are": "r",
    "what": "wat wht whats",
    "differ": "diff difference differences different differ differs",
    "vs": "vs versus",
    "year": "year years yrs yearly",
    "require": "need needs needed req reqs require requires required requirement requirements requirment "
    "requirments necessary mandatory compulsory obligatory",
    "license": "licence licences license licenses licensing licensed",
    "expire": "expire expired expires expiry expiration expiring lapse lapsed",
    "accredit": "accredit accredits accredited accrediting accreditation accreditations",
    "approve": "approve approved approves approval",
    "course": "course courses class classes module modules subject subjects",
    "choose": "choose chooses choosing chose pick picks picking picked decide decides deciding "
    "select selecting",
    "child": "kid kids child children teen teens teenager teenagers",
    "hire": "hire hires hired hiring recruit recruits recruiting recruitment",
    "workshop": "workshop workshops conference conferences convention conventions seminar "
    "seminars webinar webinars summit summits",
    "left": "left remaining remain remains",
    "edit": "edit edits edited editing fix fixes fixed fixing",
    "gym": "gym gyms club clubs studio studios",
    "keep": "keep keeps kept save saved store stored retain",
    "log": "log logs logged logging",
    "add": "add adds added adding enter entered input submit record recorded recording",
    "attach": "attach attached attaching attachment attachments upload uploaded uploading",
    "remind": "remind reminds reminded reminder reminders nudge nudges notification "
    "notifications notify alert alerts",
    "delete": "delete deletes deleted deleting remove removes removed removing erase",
    "export": "export exports exported exporting download downloads downloaded",
    "meaning": "meaning meanings define definition definitions",
    "extra": "extra leftover leftovers surplus excess spare",
    "degree": "degree degrees diploma diplomas bachelor bachelors master masters phd",
    "college": "college colleges university universities uni",
    "benefit": "benefit benefits advantage advantages perk perks gain gains",
    "wrong": "wrong mistake mistakes mistaken typo typos incorrect error errors",
    "promote": "promote promoted promotion promotions",
    "near": "near nearby nearest",
    "graduate": "graduate graduates graduated graduating graduation",
    "program": "program programs programme programmes",
    "organization": "organization organizations organisation organisations",
    "recognized": "recognized recognised",
    "certification": "cert certs certification certifications certified certifying cpt "
    "qualification qualifications qualified",
    "2": "two",
    "1": "one",
    "3": "three",
}.items():
    for _word in _words.split():
        _CANON[_word] = _canon
_CANON["yr"] = "year"  # "2 yr cycle" is commoner than "yr" for "your"

STOPWORDS = frozenset(
    "a an the is are am be been being was were do does did i me my you your we our it its of to "
    "for in on at by with and or but if so that this these those there their they them he she his "
    "her just any some about as from into than then too very really also has have had im dont "
    "doesnt pls please plz can could should would will shall may might must what which who whom "
    "hey hi ok okay".split()
) | frozenset(
    # filler and who-I-am context ("hey so im a nasm trainer and i was wondering..."): they say
    # nothing about which answer is wanted, so they must not count as unknown words
    "wondering wonder wondered quick question q guys anyone someone somebody like know want "
    "tell ask asking thing stuff trainer trainers instructor instructors coach coaches pt pts "
    "actually exactly basically honestly lol hold holds holding staff team employee employees "
    "colleague colleagues coworker coworkers sure even whether because since ago ive id ill "
    "manage manager managers owner owners "
    "youre thats theres already maybe perhaps probably generally look looking until again doing "
    "january "
    "february march april june july august september october november december".split()
)

_GREET = (
    r"(?:hi|hello|hey|hiya|heya|howdy|yo|hola|sup|greetings|morning|gday|g day|good (?:morning|"
    r"afternoon|evening|day))(?: there| bot| all| everyone| recertbot| mate)?"
)
_THANKS = (
    r"(?:(?:you )?legend |brilliant |lovely )?(?:thanks|thank you|thank u|thankyou|thx|thnx|ty|tysm|"
    r"cheers|ta|much appreciated|many thanks|thanks a lot|thanks so much|ok thanks|great thanks|"
    r"perfect thanks)(?: mate| bot| a lot| so much)?"
)
_BYE = r"(?:bye|goodbye|bye bye|see you|see ya|cya|later|good night|gn|ttyl|talk later)"
_ACK = r"(?:ok|okay|k|cool|great|nice|awesome|perfect|got it|sounds good|alright|sweet)(?: (?:ok|okay|cool|great|nice|awesome|perfect|thanks|got it))*"
_SMALLTALK: tuple[tuple[re.Pattern[str], str], ...] = (
    (
        re.compile(rf"{_GREET}"),
        "Hi! Ask me anything about CECs and CEUs, or log a course with /log 3h workshop.",
    ),
    (re.compile(rf"{_THANKS}"), "You're welcome! Anything else about your credits?"),
    (re.compile(rf"{_BYE}"), "Bye! Keep those credits coming."),
    (
        re.compile(
            r"(?:what can you do|what do you do|who are you|what are you|what are you for|"
            r"how do i use you|how do you work|what can i ask you|what do i ask you)"
        ),
        "I answer CEC/CEU questions, log your credits (/log) and track renewal progress "
        "(/progress). Send /help for every command.",
    ),
    (re.compile(rf"{_ACK}"), "Anything else about your credits? Try /progress."),
)
_STRETCHED = re.compile(r"(\w)\1+\b")
_LEADING_SMALLTALK = re.compile(rf"^(?:{_GREET}|{_THANKS})\s+(?=\S)")
_SENTENCE_END = re.compile(r"[.?!;:\n]+(?:\s+|$)")

# Real words one letter away from our vocabulary: never "corrected" ("logo" is not "log",
# "convention" is not "conversion", "read" is not "real"). Stopwords are kept as they are too.
NOT_TYPOS = frozenset(
    "logo logos blog read reads convention conventions record records host post lost most must "
    "list lists last past fast cost costs mention mentions nurse nursing cert certs employer "
    "employers full fund funds funding spend apply word words learning lots sort sorted story type "
    "shoe shoes".split()
)
# Other ways users name a body (only to detect it; the rules' aliases come first).
EXTRA_BODY_ALIASES: dict[str, tuple[str, ...]] = {
    "ACSM-EP": (
        "acsm clinical exercise physiologist",
        "acsm certified exercise physiologist",
        "clinical exercise physiologist",
        "certified exercise physiologist",
        "exercise physiologist",
        "acsm ep c",
        "acsm epc",
        "acsm ceps",
    ),
    "NSCA": ("nsca cscs", "nsca cpt"),
    "ACE": ("ace cpt", "ace gfi"),
    "AFAA": ("afaa gfi", "afaa cpt"),
    "ACSM": ("acsm ex phys",),
}


def basic_normalize(text: str) -> str:
    """Lowercase words and numbers: apostrophes and mojibake fixed, punctuation gone."""
    s = _QUOTES.sub("'", text.lower())
    s = re.sub(r"'s\b", "", s).replace("'", "")
    s = re.sub(r"(?<![\d.])\.(\d)", r"0.\1", s)  # ".5" -> "0.5"
    s = re.sub(r"(\d)([a-z])", r"\1 \2", s)  # "3h" -> "3 h"
    s = re.sub(r"([a-z])(\d)", r"\1 \2", s)
    s = re.sub(r"[^a-z0-9.]+", " ", s)
    s = re.sub(r"(?<!\d)\.|\.(?!\d)", " ", s)
    return " ".join(s.split())


def _stem(token: str) -> str:
    if token in _CANON:
        return _CANON[token]
    if token in STOPWORDS:
        return token  # "does" stays a stopword, not the keyword "doe"
    if len(token) > 5 and token.endswith("ied"):
        token = token[:-3] + "y"  # "carried" -> "carry"
    elif len(token) > 5 and token.endswith(("ing", "ed")):
        token = token[:-3] if token.endswith("ing") else token[:-2]  # earning, accepted
        if len(token) > 3 and token[-1] == token[-2] and token[-1] not in "aeioulsz":
            token = token[:-1]  # "getting" -> "get"
    elif len(token) > 4 and token.endswith("ies"):
        token = token[:-3] + "y"
    elif len(token) > 3 and token.endswith("s") and not token.endswith(("ss", "us", "is")):
        token = token[:-1]
    return _CANON.get(token, token)


_KEYBOARD = ("qwertyuiop", "asdfghjkl", "zxcvbnm")
_ROW_SHIFT = (0.0, 0.25, 0.75)  # how far each keyboard row sits to the right
_KEY_POS = {
    ch: (row, col + _ROW_SHIFT[row])
    for row, keys in enumerate(_KEYBOARD)
    for col, ch in enumerate(keys)
}
_VOWELS = frozenset("aeiouy")


def _near_keys(a: str, b: str) -> bool:
    """Neighbours on a QWERTY keyboard, or two vowels (a phonetic slip: "renewel")."""
    if a in _VOWELS and b in _VOWELS:
        return True
    pa, pb = _KEY_POS.get(a), _KEY_POS.get(b)
    if pa is None or pb is None:
        return False
    return abs(pa[0] - pb[0]) <= 1 and abs(pa[1] - pb[1]) <= 1


def _plausible_typo(typed: str, word: str) -> bool:
    """Could `typed` be a slip for `word`? A dropped, doubled or swapped letter is; a letter
    replaced by a far key usually makes another real word ("charge" is not "change")."""
    if len(typed) != len(word):
        return True
    diff = [i for i, (a, b) in enumerate(zip(typed, word, strict=True)) if a != b]
    if len(diff) > OSA.distance(typed, word):
        return True  # a letter dropped and another added: "acredditation"
    if len(diff) == 2 and diff[1] == diff[0] + 1 and typed[diff[0]] == word[diff[1]]:
        return typed[diff[1]] == word[diff[0]]  # swapped neighbours: "mnay"
    return all(_near_keys(typed[i], word[i]) for i in diff)


def _is_number(token: str) -> bool:
    return bool(re.fullmatch(r"\d+(?:\.\d+)?", token))


def _fmt_units(x: float, rule: Rule | None = None) -> str:
    """Credits as the body writes them: "2.0 CEUs" on a 10-hour scale, "15 CEUs" otherwise."""
    if x == int(x):
        decimal = rule.required_units < 10 if rule is not None else x < 10
        return f"{x:.1f}" if decimal else f"{int(x)}"
    return f"{round(x, 2):g}"


def _fmt_hours(x: float) -> str:
    return f"{int(x)}" if x == int(x) else f"{round(x, 2):g}"


def _esc(text: str) -> str:
    """Escape for Telegram HTML (only <, > and & matter there)."""
    return html.escape(text, quote=False)


def _slug(code: str) -> str:
    return code.lower()


def _body_token(code: str) -> str:
    return re.sub(r"[^a-z0-9]", "", code.lower())


# --- generated entries ----------------------------------------------------------------------


def _plural(rule: Rule, units: float) -> str:
    return rule.unit if units == 1 else f"{rule.unit}s"


def _cycle_phrase(rule: Rule) -> str:
    if rule.cycle_anchor == "calendar":
        return f"per fixed {rule.cycle_years}-year calendar cycle"
    if rule.cycle_months % 12:
        return f"every {rule.cycle_months} months"
    return f"every {rule.cycle_years} years"


def _requirement_phrase(rule: Rule) -> str:
    units = _fmt_units(rule.required_units, rule)
    hours = "" if rule.required_hours is None else f" ({_fmt_hours(rule.required_hours)} h)"
    return f"{units} {_plural(rule, rule.required_units)}{hours} {_cycle_phrase(rule)}"


def _confirm(rule: Rule) -> str:
    return f"Rules change: confirm with {_esc(rule.code)} before you rely on this."


def _source(rule: Rule) -> str:
    return f"{rule.source} (verified {rule.verified.isoformat()})"


def _body_entries(rule: Rule) -> list[Entry]:
    code, slug = rule.code, _slug(rule.code)
    c = code.lower().replace("-", " ")
    u = rule.unit.lower()
    n = rule.name.lower()
    esc = _esc
    req_units = _fmt_units(rule.required_units, rule)
    entries: list[Entry] = []

    lines = [f"<b>{esc(code)} asks for {esc(_requirement_phrase(rule))}.</b>"]
    if rule.notes:
        lines.append(esc(rule.notes))
    lines.append(_confirm(rule))
    entries.append(
        Entry(
            id=f"body-{slug}-requirements",
            question=f"What does {code} require to renew?",
            alternates=(
                f"how many {u}s do i need for {c}",
                f"{c} {u}s needed",
                f"{c} renewal requirements",
                f"how many {u}s to renew {c}",
                f"{c} recert hours",
                f"what does {c} require to recertify",
                f"{c} {u} requirement",
                f"how often do i renew {c}",
                f"how long is the {c} cycle",
                f"how many hours do i need for {c}",
                f"{n} recertification requirements",
                f"{c} recertification",
                f"what do i need to keep my {c} cert",
                f"{c} renewal every how many years",
                f"{c} how many {u}s do i need",
                f"how do i renew my {c}",
                f"{c} {u}s per cycle",
            ),
            answer="\n".join(lines),
            source=_source(rule),
        )
    )

    if rule.hours_per_unit is not None:
        per = _fmt_hours(rule.hours_per_unit)
        first = (
            f"<b>1.0 {esc(code)} {esc(rule.unit)} = {per} hour{'' if per == '1' else 's'}</b>, "
            f"so the {req_units} {_plural(rule, rule.required_units)} you need are "
            f"{_fmt_hours(rule.units_to_hours(rule.required_units))} hours."
        )
        lines = [first]
        if rule.hours_per_unit_note:
            lines.append(esc(rule.hours_per_unit_note))
    else:
        lines = [
            f"<b>{esc(code)} does not state how many hours make a {esc(rule.unit)}</b>, so I "
            f"can't convert hours to {esc(code)} {esc(rule.unit)}s.",
            f"You need {req_units} {_plural(rule, rule.required_units)} {_cycle_phrase(rule)}.",
        ]
    lines.append(_confirm(rule))
    entries.append(
        Entry(
            id=f"body-{slug}-hours",
            question=f"How many hours is a {code} {rule.unit}?",
            alternates=(
                f"how many hours is 1 {c} {u}",
                f"how many hours is {req_units} {c} {u}s",
                f"{c} {u} to hours",
                f"how many contact hours is a {c} {u}",
                f"{c} {u} hours conversion",
                f"what is a {c} {u} worth in hours",
                f"{c} {u}s in hours",
                f"hours per {c} {u}",
                f"convert hours to {c} {u}s",
            ),
            answer="\n".join(lines),
            source=_source(rule),
        )
    )

    if rule.cpr_required:
        first = f"<b>Yes, {esc(code)} requires a current CPR/AED card to renew</b>"
    else:
        first = f"<b>{esc(code)} does not state a CPR/AED requirement</b>"
    if rule.cpr_credit_units > 0:
        units = _fmt_units(rule.cpr_credit_units, rule)
        first += f"; the course counts as {units} {_plural(rule, rule.cpr_credit_units)}."
    else:
        first += f"; I count the course as 0 {esc(rule.unit)}s toward the total."
    lines = [first]
    if rule.cpr_note:
        lines.append(esc(rule.cpr_note))
    lines.append(_confirm(rule))
    entries.append(
        Entry(
            id=f"body-{slug}-cpr",
            question=f"Does CPR count for {code}?",
            alternates=(
                f"does cpr count for {c}",
                f"do i need cpr for {c}",
                f"{c} cpr requirement",
                f"does {c} give {u}s for cpr",
                f"cpr aed {c} renewal",
                f"is cpr required to renew {c}",
                f"{c} cpr aed",
                f"does my cpr class count toward {c}",
                f"{c} first aid cpr credits",
            ),
            answer="\n".join(lines),
            source=_source(rule),
        )
    )

    if rule.grace_days > 0 and rule.grace_note:
        note = rule.grace_note[0].upper() + rule.grace_note[1:]
        lines = [f"<b>{esc(code)}: {esc(note)}.</b>"]
    else:
        lines = [
            f"<b>I know of no grace period for {esc(code)}</b>: renew before your deadline.",
            "Even where a grace period exists, it is not an extension.",
        ]
    lines.append(_confirm(rule))
    entries.append(
        Entry(
            id=f"body-{slug}-grace",
            question=f"Is there a grace period for {code}?",
            alternates=(
                f"{c} grace period",
                f"{c} late renewal",
                f"i missed my {c} deadline",
                f"my {c} cert expired",
                f"can i renew {c} late",
                f"{c} extension",
                f"how long after expiry can i renew {c}",
                f"{c} late fee",
                f"{c} expired what now",
                f"is there a grace period for {c}",
                f"{c} expired can i still renew",
            ),
            answer="\n".join(lines),
            source=_source(rule),
        )
    )
    return entries


def _overview_entries(rules: dict[str, Rule]) -> list[Entry]:
    esc = _esc
    lines = ["<b>It depends on your certifying body:</b>"]
    lines += [f"{esc(r.code)}: {esc(_requirement_phrase(r))}" for r in rules.values()]
    lines.append("Ask me e.g. <i>NASM requirements</i> for details; confirm with your body.")
    requirements = Entry(
        id="renewal-requirements",
        question="How many credits do I need to renew?",
        alternates=(
            "how many ceus do i need",
            "how many cecs do i need to renew",
            "how many credits to recertify",
            "renewal requirements",
            "how many hours do i need to renew",
            "ceus needed for recertification",
            "how many ceus per cycle",
            "what are the recert requirements",
            "credits required to renew my cert",
            "how much ce do i need",
            "how many continuing ed units do i need",
            "how many credits must i earn to stay current",
        ),
        answer="\n".join(lines),
        source="Each body's recertification page, as recorded in certifications.toml",
    )

    groups: dict[str, list[str]] = {}
    for r in rules.values():
        groups.setdefault(_cycle_phrase(r), []).append(r.code)
    ordered = sorted(groups.items(), key=lambda kv: -len(kv[1]))
    (main_phrase, main_codes), rest = ordered[0], ordered[1:]
    first = f"<b>Most bodies renew {esc(main_phrase)}</b> ({esc(', '.join(main_codes))})."
    others = "; ".join(f"{esc(', '.join(codes))} {esc(phrase)}" for phrase, codes in rest)
    lines = [first]
    if others:
        lines.append(f"Others: {others}.")
    lines.append("Ask me e.g. <i>NASM requirements</i> for your body; confirm with it.")
    cycle = Entry(
        id="renewal-cycle",
        question="How often do I need to renew?",
        alternates=(
            "how often do i need to renew",
            "how often do i recertify",
            "how long is a renewal cycle",
            "is renewal every 2 years",
            "how many years is a cycle",
            "when do i have to recertify",
            "renewal cycle length",
            "how long does a certification last",
            "how long is my cert good for",
            "do certs expire every two years",
            "how long do i have to earn my credits",
            "how much time do i get to finish my ceus",
            "how long is my cert valid",
        ),
        answer="\n".join(lines),
        source="Each body's recertification page, as recorded in certifications.toml",
    )
    return [requirements, cycle]


def generated_entries(rules: dict[str, Rule]) -> list[Entry]:
    entries = _overview_entries(rules)
    for rule in rules.values():
        entries += _body_entries(rule)
    return entries


# --- hand-written entries -------------------------------------------------------------------

_PLACEHOLDER = re.compile(r"\{([A-Z][A-Z-]*)\.([a-z_]+)\}")
_UNIT_FIELDS = {"required_units", "cpr_credit_units"}
_HOUR_FIELDS = {"required_hours", "hours_per_unit"}
_INT_FIELDS = {"cycle_years", "cycle_months", "grace_days"}


def _fill(text: str, rules: dict[str, Rule], problems: list[str], where: str) -> str:
    def repl(m: re.Match[str]) -> str:
        rule, field = rules.get(m.group(1)), m.group(2)
        value = getattr(rule, field, None) if rule else None
        if value is None:
            problems.append(f"{where}: cannot fill {m.group(0)}")
            return m.group(0)
        if field in _UNIT_FIELDS:
            return _fmt_units(value, rule)
        if field in _HOUR_FIELDS:
            return _fmt_hours(value)
        if field in _INT_FIELDS:
            return str(int(value))
        return _esc(str(value))

    return _PLACEHOLDER.sub(repl, text)


def parse_entries(
    text: str, rules: dict[str, Rule], problems: list[str] | None = None
) -> list[Entry]:
    """Entries of a faq.toml text, placeholders filled; problems found are appended."""
    problems = problems if problems is not None else []
    entries = []
    for i, raw in enumerate(tomllib.loads(text).get("entry", [])):
        where = f"entry {raw.get('id', f'#{i + 1}')}"
        for key in ("id", "question", "answer", "source"):
            if not str(raw.get(key, "")).strip():
                problems.append(f"{where}: missing {key}")
        entries.append(
            Entry(
                id=str(raw.get("id", "")).strip(),
                question=str(raw.get("question", "")).strip(),
                alternates=tuple(str(a) for a in raw.get("alternates", ())),
                answer=_fill(str(raw.get("answer", "")).strip(), rules, problems, where),
                source=str(raw.get("source", "")).strip(),
                corrects=str(raw.get("corrects", "")).strip(),
            )
        )
    return entries


def parse_off_topic(text: str, problems: list[str] | None = None) -> list[OffTopic]:
    """The [[off_topic]] tables of a faq.toml text."""
    problems = problems if problems is not None else []
    out = []
    for i, raw in enumerate(tomllib.loads(text).get("off_topic", [])):
        oid = str(raw.get("id", "")).strip()
        examples = tuple(str(x) for x in raw.get("examples", ()) if str(x).strip())
        if not oid or not examples:
            problems.append(f"off_topic #{i + 1}: needs an id and examples")
            continue
        out.append(OffTopic(oid, examples, bool(raw.get("any_body", False))))
    return out


# --- the index ------------------------------------------------------------------------------


@dataclass(frozen=True)
class MatcherConfig:
    """Scorer weights and cut-offs, picked by measurement (bench/faq_matcher.py)."""

    fuzzy_weight: float = 0.4  # rapidfuzz token_set_ratio (blended with token_sort_ratio)
    precision_weight: float = 0.2  # share of the best string's keywords found in the query
    recall_weight: float = 0.4  # share of the query's keywords the entry knows (IDF-weighted)
    sort_weight: float = 0.2  # token_sort_ratio share inside the fuzzy part (breaks subset ties)
    unknown_idf_factor: float = 0.6  # weight of a word no entry knows, times the top IDF
    body_bonus: float = 4.0  # the query names the entry's body
    several_bodies_penalty: float = 8.0  # it names several: a question across bodies
    decoy_body_bonus: float = 4.0  # the same for an off-topic intent asked about any body
    strong_cutoff: float = 55.0  # minimum score when the query names a credit concept
    body_cutoff: float = 75.0  # minimum score when it names a body but no credit concept
    weak_cutoff: float = 72.0  # minimum score when it only has words like "renew", "hours"
    none_cutoff: float = 90.0  # minimum score for anything else ("what can you do")
    off_topic_margin: float = 4.0  # best entry minus best off-topic intent below this: reject
    margin: float = 0.5  # top-1 minus top-2 below this: offer "did you mean" buttons
    core_share: float = 0.9  # a word in this share of an entry's strings is its core concept
    core_penalty: float = 15.0  # the query names none of the entry's core words ("cpr")
    twin_margin: float = 8.0
    long_message_words: int = 14  # a message this long is also scored sentence by sentence
    sentence_penalty: float = 2.0  # a sentence's score counts this much less than the message's  # one body named: its own entry within this of its general twin wins


# Words that make a message with a duration and a unit a question about something else than
# converting it ("my cpr class was 4 hours, does it count toward my ceus").
_NOT_A_CONVERSION = frozenset(
    "cpr aed count renew require carry extra grace expire late approve accredit degree college "
    "log add attach delete".split()
)

# Words that make a message about continuing-education credits (after normalisation).
STRONG_WORDS = frozenset(
    "ceu cec credit iacet cpr aed accredit grace continuing pdh cpe ce bot command log progress "
    "recertify semesterhour semesterunit".split()
)
# Words about the bot's own features: a body named with them is context ("reminders for my
# nasm renewal"), so the body's own entries get no bonus.
FEATURE_WORDS = frozenset("bot command log progress remind export undo delete edit history".split())
# With a body named, words that make it a question about renewing that certification or what
# counts toward it ("does a 3h workshop count for ace").
RENEWAL_WORDS = frozenset(
    "renew expire deadline late grace extension lapse count approve accept".split()
)
# Words that could be about credits, or about a driving licence or a gym membership.
WEAK_WORDS = frozenset(
    "renew certification certificate license expire deadline degree diploma course workshop "
    "hour cycle approve provider audit carry rollover roll surplus extension scholarship grant "
    "aid transcript petition unit minute lapse acronym remind delete edit undo export attach "
    "history entry left".split()
)


@dataclass(frozen=True)
class _Query:
    tokens: tuple[str, ...]
    content: tuple[str, ...]  # tokens without stopwords, unique, in order
    bodies: frozenset[str]  # body tokens named ("nasm", "acsmep")
    strength: str  # "strong" | "body" | "weak" | "none": does it name a credit concept?


class FaqIndex:
    """Entries plus what the matcher precomputes from them."""

    def __init__(
        self,
        entries: Iterable[Entry],
        rules: dict[str, Rule],
        config: MatcherConfig | None = None,
        off_topic: Iterable[OffTopic] = (),
    ):
        self.rules = rules
        self.config = config or MatcherConfig()
        self.load_problems: list[str] = []  # problems found while reading faq.toml
        self.all_entries: tuple[Entry, ...] = tuple(entries)  # duplicates kept for check()
        self.entries: dict[str, Entry] = {}
        for e in self.all_entries:
            self.entries.setdefault(e.id, e)
        self.off_topic: dict[str, OffTopic] = {o.id: o for o in off_topic}
        # scored items: the entries, then the off-topic intents (index >= self._n_entries)
        self._n_entries = len(self.entries)
        self._ids = [*self.entries, *(f"{OFF_TOPIC_PREFIX}{oid}" for oid in self.off_topic)]
        texts = [(e.question, *e.alternates) for e in self.entries.values()]
        texts += [o.examples for o in self.off_topic.values()]
        self._any_body = frozenset(
            self._n_entries + i for i, o in enumerate(self.off_topic.values()) if o.any_body
        )

        phrases: dict[str, str] = {}
        for rule in rules.values():
            token = _body_token(rule.code)
            for phrase in (
                rule.code,
                rule.name,
                *rule.aliases,
                *EXTRA_BODY_ALIASES.get(rule.code, ()),
            ):
                key = basic_normalize(phrase)
                if key:
                    phrases.setdefault(key, token)
        self._body_phrases = [
            (re.compile(rf"\b{re.escape(key)}\b"), phrases[key])
            for key in sorted(phrases, key=len, reverse=True)
        ]
        self._body_codes = {_body_token(r.code): r.code for r in rules.values()}

        # raw vocabulary for typo correction (before phrase and synonym mapping)
        raw_vocab: set[str] = set(_CANON) | {"continuing", "education", "units", "credits"}
        raw_vocab |= STOPWORDS | NOT_TYPOS
        for item in texts:
            for text in item:
                raw_vocab.update(basic_normalize(text).split())
        for key in phrases:
            raw_vocab.update(key.split())
        # correction targets: our words, never a stopword ("employer" is not "employee")
        self._raw_vocab = sorted(
            w for w in raw_vocab - STOPWORDS - NOT_TYPOS if len(w) >= 4 and not w.isdigit()
        )
        self._raw_vocab_set = raw_vocab
        self._corrections: dict[str, str] = {}  # token -> corrected token, filled as queries come

        choice_tokens: list[list[str]] = []
        self._choices: list[str] = []
        self._owner: list[int] = []
        self._vocab: list[set[str]] = []
        self._entry_bodies: list[frozenset[str]] = []
        for idx, eid in enumerate(self._ids):
            vocab: set[str] = set()
            for text in texts[idx]:
                tokens = self.tokens(text)
                choice_tokens.append(tokens)
                self._choices.append(" ".join(tokens))
                self._owner.append(idx)
                vocab.update(t for t in tokens if t not in STOPWORDS)
            self._vocab.append(vocab)
            self._entry_bodies.append(self._generated_body(eid))
        self._starts = [self._owner.index(i) for i in range(len(self._ids))]
        self._ends = [*self._starts[1:], len(self._choices)]
        # core words: what (nearly) every phrasing of an entry names ("cpr" for the CPR entries)
        self._core: list[frozenset[str]] = []
        for idx in range(len(self._ids)):
            counts: dict[str, int] = {}
            strings = [choice_tokens[i] for i, o in enumerate(self._owner) if o == idx]
            for tokens in strings:
                for t in set(tokens) - STOPWORDS - set(self._body_codes):
                    counts[t] = counts.get(t, 0) + 1
            need = self.config.core_share * len(strings)
            core = frozenset(t for t, c in counts.items() if c >= need)
            self._core.append(core if idx < len(self.entries) else frozenset())
        # general entries whose phrasings name bodies only as examples ("can i use ace cecs for
        # nasm"): they know whichever bodies a query naming several names
        self._example_bodies = [
            idx < len(self.entries)
            and not self._entry_bodies[idx]
            and bool(vocab & set(self._body_codes))
            for idx, vocab in enumerate(self._vocab)
        ]
        # general entry -> its kind of body entry ("grace-period" -> "grace")
        self._twin_kind = {
            general: kind for kind, generals in GENERAL_TWIN.items() for general in generals
        }
        n = len(self._ids)
        df: dict[str, int] = {}
        for vocab in self._vocab:
            for t in vocab:
                df[t] = df.get(t, 0) + 1
        self._idf = {t: math.log(1 + n / d) for t, d in df.items()}
        self._max_idf = math.log(1 + n)
        # per string: IDF weight of its keywords, and an inverted index keyword -> strings
        self._string_weight: list[float] = []
        self._postings: dict[str, list[int]] = {}
        for i, tokens in enumerate(choice_tokens):
            keywords = {t for t in tokens if t not in STOPWORDS}
            self._string_weight.append(sum(self._idf[t] for t in keywords))
            for t in keywords:
                self._postings.setdefault(t, []).append(i)

    def _generated_body(self, eid: str) -> frozenset[str]:
        """The body an entry is about (generated body entries only)."""
        for token, code in self._body_codes.items():
            if eid in {f"body-{_slug(code)}-{kind}" for kind in BODY_ENTRY_KINDS}:
                return frozenset({token})
        return frozenset()

    # text -> tokens
    def _correct(self, token: str) -> str:
        if token in self._raw_vocab_set or len(token) < 4 or _is_number(token):
            return token
        cached = self._corrections.get(token)
        if cached is None:
            if len(self._corrections) > 50_000:
                self._corrections.clear()  # bounded: users type endless odd words
            cached = self._corrections[token] = self._find_correction(token)
        return cached

    def _find_correction(self, token: str) -> str:
        limit = 1 if len(token) < 9 else 2
        candidates = process.extract(
            token,
            self._raw_vocab,
            scorer=OSA.distance,
            processor=utils.default_process,
            score_cutoff=limit,
            limit=5,
        )
        for word, _, _ in sorted(candidates, key=lambda c: (c[1], c[2])):
            if _stem(word) == _stem(token):
                return token  # "point" is not a typo of "points"
            # a short word one letter away is often another real word ("cost" is not "lost"):
            # only correct it when the first letter agrees ("nsam" -> "nasm")
            if len(token) <= 5 and word[0] != token[0]:
                continue
            if _plausible_typo(token, word):
                return word
        return token

    def _raw_tokens(self, text: str) -> list[str]:
        s = " ".join(self._correct(t) for t in basic_normalize(text).split())
        for pattern, repl in self._body_phrases:
            s = pattern.sub(repl, s)
        for pattern, repl in _PHRASES:
            s = pattern.sub(repl, s)
        return s.split()

    def tokens(self, text: str) -> list[str]:
        """Normalised tokens: typos fixed, bodies as codes, synonyms and plurals folded."""
        return [_stem(t) for t in self._raw_tokens(text)]

    def _query(self, text: str) -> _Query:
        raw = self._raw_tokens(text)
        tokens = [_stem(t) for t in raw]
        content = tuple(dict.fromkeys(t for t in tokens if t not in STOPWORDS))
        bodies = frozenset(t for t in tokens if t in self._body_codes)
        words = set(tokens) | set(raw)
        if (
            words & STRONG_WORDS
            or any(t.startswith("recert") for t in raw)
            or {"contact", "hour"} <= words
        ):
            strength = "strong"
        elif bodies and words & (RENEWAL_WORDS | FEATURE_WORDS):
            strength = "strong"  # "my nesta expired a month ago, can i still renew late"
        elif bodies:
            # "is issa a legit cert", "how long is the nasm course": a body alone does not make
            # a question about credits
            strength = "body"
        elif words & WEAK_WORDS:
            strength = "weak"
        else:
            strength = "none"
        return _Query(tuple(tokens), content, bodies, strength)

    # scoring
    def _string_scores(self, q: _Query, items: list[int]) -> dict[int, float]:
        """Best question/alternate score of each item (entry or intent): fuzzy similarity and
        keyword precision, blended. Only the given items' strings are compared (speed)."""
        cfg = self.config
        query = " ".join(q.tokens)
        ends = self._ends
        spans = [(self._starts[idx], ends[idx]) for idx in items]
        choices = [c for a, b in spans for c in self._choices[a:b]]
        kwargs = {"processor": utils.default_process, "workers": 1}
        tset = process.cdist([query], choices, scorer=fuzz.token_set_ratio, **kwargs)[0]
        tsort = process.cdist([query], choices, scorer=fuzz.token_sort_ratio, **kwargs)[0]
        fuzzy = ((1 - cfg.sort_weight) * tset + cfg.sort_weight * tsort).tolist()
        overlap: dict[int, float] = {}
        for t in q.content:
            w = self._idf.get(t)
            # a single body named is not one of the bodies an entry names as examples
            example = len(q.bodies) == 1 and t in q.bodies
            for i in self._postings.get(t, ()) if w else ():
                if not (example and self._example_bodies[self._owner[i]]):
                    overlap[i] = overlap.get(i, 0.0) + w
        best: dict[int, float] = {}
        pos = 0
        for idx, (a, b) in zip(items, spans, strict=True):
            top = 0.0
            for i in range(a, b):
                sw = self._string_weight[i]
                precision = overlap.get(i, 0.0) / sw if sw else 0.0
                top = max(
                    top, cfg.fuzzy_weight * fuzzy[pos] + cfg.precision_weight * 100 * precision
                )
                pos += 1
            best[idx] = top
        return best

    def _scores(self, q: _Query) -> list[tuple[int, float]]:
        """(entry index, score 0-100), best first. Items sharing no word with the query are
        left out: their score could not reach any cut-off."""
        if not q.content:
            return []
        cfg = self.config
        unknown = cfg.unknown_idf_factor * self._max_idf
        # an unknown number ("since 2019", "3 studios") says nothing about the question
        weights = [self._idf.get(t, 0.0 if _is_number(t) else unknown) for t in q.content]
        total = sum(weights) or 1.0
        content = set(q.content)
        candidates: list[tuple[int, float, float]] = []  # (index, bonus, known weight)
        for idx in range(len(self._ids)):
            bodies = self._entry_bodies[idx]
            bonus = 0.0
            if bodies:
                if not bodies & q.bodies:
                    continue  # a body entry only answers a question naming that body
                # one body named: its entries win; several: a question across bodies
                if len(q.bodies) > 1:
                    bonus = -cfg.several_bodies_penalty
                elif content.isdisjoint(FEATURE_WORDS):
                    bonus = cfg.body_bonus
            vocab = self._vocab[idx]
            if idx >= self._n_entries and any(
                t in STRONG_WORDS and t not in vocab for t in q.content
            ):
                continue  # "best ceu for me": an intent that never mentions credits can't veto
            if q.bodies and idx in self._any_body:
                # an off-topic intent is about any body ("the NASM exam"): it knows the body
                # and gets the bonus a body entry would
                vocab = vocab | q.bodies
                bonus = cfg.decoy_body_bonus if len(q.bodies) == 1 else 0.0
            elif self._example_bodies[idx]:
                # bodies named as examples ("can i use ace cecs for nasm") stand for any body
                # when a question names several, and for none when it names only one
                vocab = vocab | q.bodies if len(q.bodies) > 1 else vocab - q.bodies
            if vocab.isdisjoint(content):
                continue
            known = sum(w for t, w in zip(q.content, weights, strict=True) if t in vocab)
            candidates.append((idx, bonus, known))
        if not candidates:
            return []
        strings = self._string_scores(q, [idx for idx, _, _ in candidates])
        results = []
        for idx, bonus, known in candidates:
            score = strings[idx] + cfg.recall_weight * 100 * known / total + bonus
            if self._core[idx] and not self._core[idx] & content:
                score -= cfg.core_penalty
            results.append((idx, min(score, 100.0)))
        results.sort(key=lambda r: (-r[1], r[0]))
        return results

    def _scores_with_sentences(self, q: _Query, text: str) -> list[tuple[int, float]]:
        """Scores of a message; a long one ("i teach at 3 studios... which certs do gyms want?")
        is also scored sentence by sentence, each entry keeping its best, so the context around
        the question does not drown it. Sentences inherit the bodies the message names."""
        ranked = self._scores(q)
        cfg = self.config
        sentences = [s for s in _SENTENCE_END.split(text) if s.strip()]
        if len(sentences) < 2 or len(q.tokens) < cfg.long_message_words:
            return ranked
        best = dict(ranked)
        for sentence in sentences:
            part = self._query(_LEADING_SMALLTALK.sub("", basic_normalize(sentence)))
            if not part.content:
                continue
            named = tuple(b for b in q.bodies if b not in part.bodies)  # "...my nsca. how many"
            part = _Query(part.tokens + named, part.content + named, q.bodies, q.strength)
            for idx, score in self._scores(part):
                score -= cfg.sentence_penalty
                if score > best.get(idx, -1.0):
                    best[idx] = score
        return sorted(best.items(), key=lambda r: (-r[1], r[0]))

    def _conversion(self, tokens: list[str] | tuple[str, ...]) -> Entry | None:
        """'how many hours is 1.5 nasm ceus' / 'how many nasm ceus is 12 hours', computed."""
        codes = {self._body_codes[t] for t in tokens if t in self._body_codes}
        if len(codes) != 1:
            return None
        rule = self.rules[codes.pop()]
        unit_words = {"ceu", "cec", "credit", "unit"}
        units = hours = None
        typed_unit = ""
        for i, t in enumerate(tokens):
            if not _is_number(t):
                continue
            following = [x for x in tokens[i + 1 : i + 3] if x not in self._body_codes]
            nxt = following[0] if following else ""
            if nxt in unit_words and units is None:
                units, typed_unit = float(t), nxt
            elif nxt == "hour" and hours is None:
                hours = float(t)
            elif nxt == "minute" and hours is None:
                hours = float(t) / 60
        filler = STOPWORDS | {"how", "many", "much", "equal", "convert", "worth", "mean", "=", "?"}
        rest = [
            t
            for t in tokens
            if not _is_number(t) and t not in unit_words and t not in self._body_codes
        ]
        if units is not None:
            if "hour" not in tokens and "long" not in tokens and any(t not in filler for t in rest):
                return None
        elif hours is not None:
            if not any(t in unit_words for t in tokens):
                return None
            # "my cpr class was 4 hours, does it count toward my ceus": a question about
            # something else that happens to give a duration
            if any(t in _NOT_A_CONVERSION for t in rest):
                return None
        else:
            return None
        slug, code, unit, esc = _slug(rule.code), rule.code, rule.unit, _esc
        if rule.hours_per_unit is None:
            answer = (
                f"<b>{esc(code)} does not state how many hours make a {esc(unit)}</b>, "
                "so I can't convert between hours and its credits.\n" + _confirm(rule)
            )
        else:
            if units is not None:
                h = rule.units_to_hours(units)
                first = (
                    f"<b>{_fmt_units(units, rule)} {esc(code)} {_plural(rule, units)} = "
                    f"{_fmt_hours(h)} hour{'' if h == 1 else 's'}</b> "
                    f"(1.0 {esc(unit)} = {_fmt_hours(rule.hours_per_unit)} h)."
                )
            else:
                assert hours is not None
                u = rule.hours_to_units(hours)
                first = (
                    f"<b>{_fmt_hours(hours)} hour{'' if hours == 1 else 's'} = "
                    f"{_fmt_units(u, rule)} {esc(code)} {_plural(rule, u)}</b> "
                    f"(1.0 {esc(unit)} = {_fmt_hours(rule.hours_per_unit)} h)."
                )
            lines = [first]
            if typed_unit in ("ceu", "cec") and typed_unit != unit.lower():
                lines.append(f"{esc(code)} calls them {esc(unit)}s.")
            lines.append(
                f"You need {esc(_requirement_phrase(rule))}; confirm with {esc(code)} "
                "before you rely on this."
            )
            answer = "\n".join(lines)
        base = self.entries.get(f"body-{slug}-hours")
        return Entry(
            id=f"body-{slug}-hours",
            question=base.question if base else f"How many hours is a {code} {unit}?",
            alternates=(),
            answer=answer,
            source=_source(rule),
        )

    def _strip_smalltalk(self, text: str) -> tuple[str, str]:
        """(remaining text, small-talk reply if the whole message is small talk)."""
        norm = basic_normalize(text)
        stretched = _STRETCHED.sub(r"\1", norm)  # "hiii", "heyyy", "thankss"
        for pattern, reply in _SMALLTALK:
            if pattern.fullmatch(norm) or pattern.fullmatch(stretched):
                return "", reply
        stripped = _LEADING_SMALLTALK.sub("", norm)
        return stripped, ""

    def _cutoff(self, q: _Query) -> float:
        cfg = self.config
        return {
            "strong": cfg.strong_cutoff,
            "body": cfg.body_cutoff,
            "weak": cfg.weak_cutoff,
        }.get(q.strength, cfg.none_cutoff)

    def best_id(self, text: str) -> str:
        """Id of the best-scoring entry or off-topic intent ("off-topic:<id>"), "" if none."""
        rest, reply = self._strip_smalltalk(text)
        ranked = self._scores(self._query(rest)) if rest and not reply else []
        return self._ids[ranked[0][0]] if ranked else ""

    def _is_off_topic(self, idx: int) -> bool:
        return idx >= self._n_entries

    def rank(self, text: str, n: int = 5) -> list[tuple[Entry, float]]:
        """The n best entries with scores, no cut-off (used by check() and the bench).

        Off-topic intents are left out: see match() for the decision."""
        rest, reply = self._strip_smalltalk(text)
        if reply or not rest:
            return []
        q = self._query(rest)
        out: list[tuple[Entry, float]] = []
        conversion = self._conversion(q.tokens)
        if conversion is not None:
            out.append((conversion, 100.0))
        for idx, score in self._scores(q):
            if len(out) >= n:
                break
            if self._is_off_topic(idx):
                continue
            if conversion is None or self._ids[idx] != conversion.id:
                out.append((self.entries[self._ids[idx]], score))
        return out

    def top(self, text: str, n: int = 5) -> list[tuple[Entry, float]]:
        """Up to n entries worth offering (inline mode): those above the answer cut-off."""
        m = self.match(text)
        if m.kind not in ("answer", "choose"):
            return []
        rest, _ = self._strip_smalltalk(text)
        q = self._query(rest)
        cutoff = self._cutoff(q)
        found = [(e, s) for e, s in self.rank(text, 2 * n) if s >= cutoff or e is m.entry]
        if len(q.bodies) == 1:
            # "nasm ceus": that body's own entries first, then the general ones
            prefix = f"body-{_slug(self._body_codes[next(iter(q.bodies))])}-"
            found.sort(key=lambda r: not r[0].id.startswith(prefix))
        return found[:n]

    def match(self, text: str) -> Match:
        rest, reply = self._strip_smalltalk(text)
        if reply:
            return Match("smalltalk", None, (), 100.0, reply)
        if not rest:
            return Match("out_of_scope", None, (), 0.0)
        q = self._query(rest)
        conversion = self._conversion(q.tokens)
        if conversion is not None:
            return Match("answer", conversion, (), 100.0)
        ranked = self._scores_with_sentences(q, text)
        if len(q.bodies) == 1:
            ranked = self._prefer_body_twins(ranked, next(iter(q.bodies)))
        elif len(q.bodies) > 1:
            ranked = self._compare_bodies(ranked)
        if not ranked or ranked[0][1] < self._cutoff(q) or self._is_off_topic(ranked[0][0]):
            return Match("out_of_scope", None, (), ranked[0][1] if ranked else 0.0)
        best = ranked[0][1]
        decoy = next((s for i, s in ranked if self._is_off_topic(i)), 0.0)
        if best - decoy < self.config.off_topic_margin:
            # an off-topic intent fits nearly as well: better no answer than a wrong one
            return Match("out_of_scope", None, (), best)
        close = [
            idx
            for idx, s in ranked[: MAX_CHOICES + 1]
            if best - s < self.config.margin and not self._is_off_topic(idx)
        ]
        if len(q.bodies) == 1:
            close = self._drop_general_twins(close)
        close = close[:MAX_CHOICES]
        if len(close) > 1:
            cands = tuple(self.entries[self._ids[i]] for i in close)
            return Match("choose", None, cands, best)
        return Match("answer", self.entries[self._ids[close[0]]], (), best)

    def _prefer_body_twins(
        self, ranked: list[tuple[int, float]], body: str
    ) -> list[tuple[int, float]]:
        """A message naming one body: that body's own entry takes its general twin's place when
        it comes within `twin_margin` ("can NETA reinstate me late" is NETA's grace period)."""
        slug = _slug(self._body_codes[body])
        position = {self._ids[idx]: i for i, (idx, _) in enumerate(ranked)}
        out = list(ranked)
        for general, kind in self._twin_kind.items():
            g, b = position.get(general), position.get(f"body-{slug}-{kind}")
            if g is None or b is None or b < g:
                continue
            general_score, body_score = out[g][1], out[b][1]
            if general_score - body_score < self.config.twin_margin:
                out[g], out[b] = (out[g][0], body_score), (out[b][0], general_score)
        out.sort(key=lambda r: (-r[1], r[0]))
        return out

    def _compare_bodies(self, ranked: list[tuple[int, float]]) -> list[tuple[int, float]]:
        """A message naming several bodies whose entries of one kind lead ("which renews less
        often, nesta or nsca"): the general entry of that kind answers for all of them."""
        if not ranked:
            return ranked
        top = self._ids[ranked[0][0]]
        kind = top.rsplit("-", 1)[-1] if top.startswith("body-") else ""
        if kind not in GENERAL_TWIN:
            return ranked
        best = ranked[0][1]
        same_kind = [
            idx
            for idx, s in ranked
            if best - s < self.config.twin_margin
            and self._ids[idx].startswith("body-")
            and self._ids[idx].endswith(f"-{kind}")
        ]
        if len(same_kind) < 2:
            return ranked
        position = {self._ids[idx]: i for i, (idx, _) in enumerate(ranked)}
        generals = [position[g] for g in GENERAL_TWIN[kind] if g in position]
        if not generals:
            return ranked
        general = ranked[min(generals)][0]  # the better-scoring general entry of that kind
        drop = {*same_kind, general}
        return [(general, best), *(r for r in ranked if r[0] not in drop)]

    def _drop_general_twins(self, close: list[int]) -> list[int]:
        ids = [self._ids[i] for i in close]
        twins = {
            twin
            for eid in ids
            if eid.startswith("body-")
            for kind, general in GENERAL_TWIN.items()
            if eid.endswith(f"-{kind}")
            for twin in general
        }
        return [i for i, eid in zip(close, ids, strict=True) if eid not in twins]


def build_index(rules: dict[str, Rule] | None = None, path: Path = FAQ_PATH) -> FaqIndex:
    """An index over faq.toml plus the entries generated from `rules`."""
    rules = rules if rules is not None else load_rules()
    problems: list[str] = []
    text = path.read_text(encoding="utf-8")
    entries = parse_entries(text, rules, problems)
    off_topic = parse_off_topic(text, problems)
    index = FaqIndex([*entries, *generated_entries(rules)], rules, off_topic=off_topic)
    index.load_problems = problems
    return index


@cache
def load_faq() -> FaqIndex:
    return build_index()


# --- replies --------------------------------------------------------------------------------


def _format_full(entry: Entry) -> str:
    parts = [entry.answer]
    if entry.corrects:
        parts.append(f"⚠️ <i>Correction: {_esc(entry.corrects)}</i>")
    parts.append(f"<i>Source: {_esc(entry.source)}</i>")
    return "\n\n".join(parts)


def format_answer(entry: Entry) -> str:
    """Answer, then the correction note (if any), then a last line "Source: ..."."""
    text = _format_full(entry)
    if len(text) <= MAX_MESSAGE:
        return text
    # too long (check() reports it): drop whole answer lines, so no tag is cut in half
    tail = text[len(entry.answer) :]
    lines = entry.answer.split("\n")
    while lines and len("\n".join(lines)) + len(tail) + 2 > MAX_MESSAGE:
        lines.pop()
    return "\n".join([*lines, "…"]) + tail


def out_of_scope_reply() -> str:
    return (
        "Sorry, I can only help with continuing-education credits: CEC/CEU questions, "
        "logging hours (/log) and renewal progress (/progress).\n"
        "Try: <i>how many hours is 2.0 NASM CEUs</i>"
    )


# --- validation -----------------------------------------------------------------------------

_ALLOWED_TAG = re.compile(r"</?(?:b|i|code)>")


def _html_problems(text: str) -> list[str]:
    problems = []
    bare = _ALLOWED_TAG.sub("", text)
    if "<" in bare or ">" in bare:
        problems.append("unescaped < or > (only <b>, <i>, <code> allowed)")
    if re.search(r"&(?!(?:amp|lt|gt|quot|#\d+);)", text):
        problems.append("unescaped &")
    for tag in ("b", "i", "code"):
        if text.count(f"<{tag}>") != text.count(f"</{tag}>"):
            problems.append(f"unbalanced <{tag}>")
    return problems


def check(index: FaqIndex | None = None) -> list[str]:
    """Validation problems (empty = ok)."""
    problems: list[str] = []
    try:
        load_rules()
    except Exception as exc:  # noqa: BLE001 - report any rules failure as a problem
        problems.append(f"rules: {exc}")
    if index is None:
        index = build_index()
    problems += index.load_problems
    seen: set[str] = set()
    for e in index.all_entries:
        if e.id in seen:
            problems.append(f"duplicate id {e.id}")
        seen.add(e.id)
    for e in index.all_entries:
        if not e.answer.strip():
            problems.append(f"{e.id}: no answer")
        if not e.source.strip():
            problems.append(f"{e.id}: no source")
        if len(e.alternates) < 8:
            problems.append(f"{e.id}: only {len(e.alternates)} alternates (want 8-20)")
        formatted = _format_full(e)
        if len(formatted) > MAX_MESSAGE:
            problems.append(f"{e.id}: formatted answer longer than {MAX_MESSAGE} characters")
        problems += [f"{e.id}: {p}" for p in _html_problems(formatted)]
        for alt in e.alternates:
            best = index.rank(alt, 1)
            if not best:
                problems.append(f"{e.id}: alternate {alt!r} matches nothing")
            elif best[0][0].id != e.id:
                problems.append(f"{e.id}: alternate {alt!r} matches {best[0][0].id} better")
            elif (taken := index.best_id(alt)).startswith(OFF_TOPIC_PREFIX):
                problems.append(f"{e.id}: alternate {alt!r} is taken by {taken}")
    for o in index.off_topic.values():
        for example in o.examples:
            got = index.best_id(example)
            if got != f"{OFF_TOPIC_PREFIX}{o.id}":
                problems.append(f"off_topic {o.id}: example {example!r} matches {got or 'nothing'}")
    return problems
