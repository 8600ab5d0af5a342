"""From a message to what it asks: small talk, a conversion to compute, or a topic and its bodies.

1. Small talk ("hi", "thanks") gets a short reply; a greeting in front of a question is dropped.
2. "How many hours is 1.5 NASM CEUs" (a number, one body, a unit) is computed from the rules.
3. Otherwise the bodies named are found by their names and aliases (knowledge/names.py) and
   masked, and a linear model over character and word n-grams (knowledge/model.py), trained at
   start-up on knowledge/corpus.tsv, scores every topic and `oos` (out of scope).
   Out of scope when `oos` wins clearly or the best topic scores under `reject_below`; "choose"
   (did-you-mean buttons) when the runner-up is within `choose_margin`.
The model and both cut-offs were chosen by grouped cross-validation (bench/faq.py).
Pure: no Telegram, no clock.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np

from knowledge.answers import Knowledge, esc, load_knowledge, requirement_phrase
from knowledge.corpus import Example, load_corpus
from knowledge.model import Model, fingerprint, load, save, train
from knowledge.numbers import format_hours_number, format_units
from knowledge.rules import Rule
from knowledge.text import BODY_TOKEN, BodyFinder, normalize

BODY_MENU = ("requirements", "late", "fees", "cpr")  # offered for a body named alone
MODEL_PATH = Path(__file__).with_name("model.npz")  # built by `python -m knowledge build`
OOS = "oos"
SMALLTALK = "smalltalk"


@dataclass(frozen=True)
class Settings:
    reject_below: float = -0.4  # best topic's decision value under this: out of scope
    body_reject_below: float = -0.55  # the same when the message names a body: offer choices
    choose_margin: float = 0.05  # runner-up this close to the best: "did you mean"
    oos_margin: float = 0.1  # `oos` must win by this much, else the close topics are offered
    svm_c: float = 5.0  # chosen by grouped cross-validation (1, 2, 3, 5, 10 measured)


@dataclass(frozen=True)
class Match:
    kind: str  # "answer" | "choose" | "personal" | "smalltalk" | "computed" | "out_of_scope"
    topic: str = ""  # for "answer" and "personal"
    bodies: tuple[str, ...] = ()  # bodies the message names, first mention first
    candidates: tuple[str, ...] = ()  # for "choose": 2-3 topic ids
    score: float = 0.0
    reply: str = ""  # for "smalltalk" and "computed": the reply text (HTML)


# --- small talk -----------------------------------------------------------------------------

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
        re.compile(_GREET),
        "Hi! Ask me anything about CECs and CEUs, or log a course with /log 3h workshop.",
    ),
    (re.compile(_THANKS), "You're welcome! Anything else about your credits?"),
    (re.compile(_BYE), "Bye! Keep those credits coming."),
    (
        re.compile(
            r"(?:what can you do|what do you do|who are you|what are you|what are you for|"
            r"how do i use you|how do you work|what can i ask you|what do i ask you)"
        ),
        "I answer CEC/CEU questions, log your credits (/log) and track renewal progress "
        "(/progress). Send /help for every command.",
    ),
    (re.compile(_ACK), "Anything else about your credits? Try /progress."),
)
_STRETCHED = re.compile(r"(\w)\1+\b")
_LEADING_SMALLTALK = re.compile(rf"^(?:{_GREET}|{_THANKS})\s+(?=\S)")


def smalltalk(norm: str) -> tuple[str, str]:
    """(rest of the message, reply when the whole message is small talk)."""
    stretched = _STRETCHED.sub(r"\1", norm)  # "hiii", "heyyy", "thankss"
    for pattern, reply in _SMALLTALK:
        if pattern.fullmatch(norm) or pattern.fullmatch(stretched):
            return "", reply
    return _LEADING_SMALLTALK.sub("", norm), ""


# --- conversions ----------------------------------------------------------------------------

_UNIT_WORDS = {"ceu", "ceus", "cec", "cecs", "credit", "credits", "unit", "units"}
_HOUR_WORDS = {"hour", "hours", "hr", "hrs", "h"}
_MINUTE_WORDS = {"min", "mins", "minute", "minutes"}
_NUMBER = re.compile(r"\d+(?:\.\d+)?")
# Words a conversion question may hold besides numbers, units and the body.
_FILLER = frozenset(
    "how many much is are was = in into to equal equals convert conversion worth what whats "
    "that the a of as for does do make makes mean means contact long it".split()
)


def conversion(norm: str, bodies: tuple[str, ...], rules: dict[str, Rule]) -> str | None:
    """'how many hours is 1.5 nasm ceus' / 'how many nasm ceus is 12 hours', computed.

    Only a message made of numbers, units, the body and conversion words: "do i need 2.0 nasm
    ceus every 2 years" is a question about the requirement, not a conversion.
    """
    if len(bodies) != 1:
        return None
    rule = rules[bodies[0]]
    body_words = set(normalize(rule.code).split()) | {rule.code.lower()}
    words = norm.split()
    units = hrs = None
    typed_unit = ""
    for i, w in enumerate(words):
        if not _NUMBER.fullmatch(w):
            continue
        following = [x for x in words[i + 1 : i + 4] if x not in body_words and x != "of"]
        nxt = following[0] if following else ""
        if nxt in _UNIT_WORDS and units is None:
            units, typed_unit = float(w), nxt
        elif nxt in _HOUR_WORDS and hrs is None:
            hrs = float(w)
        elif nxt in _MINUTE_WORDS and hrs is None:
            hrs = float(w) / 60
    rest = [
        w
        for w in words
        if not _NUMBER.fullmatch(w)
        and w not in _UNIT_WORDS | _HOUR_WORDS | _MINUTE_WORDS | _FILLER | body_words
    ]
    if rest or (units is None and hrs is None):
        return None
    if units is None and not any(w in _UNIT_WORDS for w in words):
        return None  # "12 hours nasm": nothing asks for credits
    code, unit = esc(rule.code), esc(rule.unit)
    if rule.hours_per_unit is None:
        return (
            f"<b>{code} does not say how many hours make a {unit}</b>, so I can't convert "
            f"between hours and its credits. You need {esc(requirement_phrase(rule))}."
        )
    per = f"(1.0 {unit} = {format_hours_number(rule.hours_per_unit)} h)"
    if units is not None:
        h = round(rule.units_to_hours(units), 2)
        first = f"<b>{format_units(units)} {code} {unit}{'' if units == 1 else 's'} = {format_hours_number(h)} hour{'' if h == 1 else 's'}</b> {per}."
    else:
        assert hrs is not None
        u = round(rule.hours_to_units(hrs), 2)
        first = f"<b>{format_hours_number(round(hrs, 2))} hour{'' if hrs == 1 else 's'} = {format_units(u)} {code} {unit}{'' if u == 1 else 's'}</b> {per}."
    lines = [first]
    if typed_unit[:3] in ("ceu", "cec") and typed_unit[:3] != rule.unit.lower():
        lines.append(f"{code} calls them {unit}s.")
    lines.append(f"You need {esc(requirement_phrase(rule))}.")
    return "\n".join(lines)


# --- the matcher ----------------------------------------------------------------------------


class Matcher:
    """The topic model, the body finder and the answers, built once from the data files."""

    def __init__(
        self,
        knowledge: Knowledge | None = None,
        corpus: tuple[Example, ...] | None = None,
        settings: Settings | None = None,
        retrain: bool = False,
    ):
        self.knowledge = knowledge or load_knowledge()
        self.settings = settings or Settings()
        self.bodies = BodyFinder(self.knowledge.rules)
        rows = [
            e for e in (corpus if corpus is not None else load_corpus()) if e.intent != SMALLTALK
        ]
        stamp = fingerprint(
            [(e.text, e.intent) for e in rows], self.bodies.fingerprint, self.settings.svm_c
        )
        model = None
        if corpus is None and not retrain and MODEL_PATH.exists():
            saved, saved_stamp = load(MODEL_PATH)
            model = saved if saved_stamp == stamp else None
        if model is None:  # a test's own corpus, or the artefact is stale: train (needs sklearn)
            try:
                masked = [self.bodies.mask(normalize(e.text)) for e in rows]
                model = train(masked, [e.intent for e in rows], c=self.settings.svm_c)
            except ImportError as exc:
                raise RuntimeError(
                    "knowledge/model.npz is missing or older than the corpus: "
                    "run `python -m knowledge build` (needs the test extra)"
                ) from exc
        self.model: Model = model
        self.stamp = stamp
        self._oos_index = self.model.classes.index(OOS) if OOS in self.model.classes else None

    def save(self, path: Path | None = None) -> None:
        save(self.model, path or MODEL_PATH, self.stamp)

    def model_is_current(self, path: Path | None = None) -> bool:
        path = path or MODEL_PATH
        return path.exists() and load(path)[1] == self.stamp

    def match(self, text: str) -> Match:
        early = self.read(text)
        return early if isinstance(early, Match) else self.decide(*early)

    def read(self, text: str) -> Match | tuple[np.ndarray, tuple[str, ...]]:
        """Small talk or a computed conversion (a final Match), else (model scores, bodies)."""
        norm = normalize(text)
        rest, reply = smalltalk(norm)
        if reply:
            return Match("smalltalk", reply=reply, score=1.0)
        if not rest:
            return Match("out_of_scope")
        bodies = self.bodies.find(rest)
        computed = conversion(rest, bodies, self.knowledge.rules)
        if computed:
            return Match("computed", topic="units", bodies=bodies, reply=computed, score=1.0)
        masked = self.bodies.mask(rest)
        if bodies and not masked.replace(BODY_TOKEN, "").strip():
            # a body alone ("nasm?"): offer what trainers most often ask about it
            return Match("choose", bodies=bodies, candidates=BODY_MENU, score=0.0)
        return self.model.scores(masked), bodies

    def decide(self, scores: np.ndarray, bodies: tuple[str, ...] = ()) -> Match:
        """From the model's decision values to an answer, a choice or out of scope."""
        cfg = self.settings
        name = self.model.classes
        order = [int(i) for i in np.argsort(-scores)]
        topics = [i for i in order if i != self._oos_index][:3]
        best, s_best = topics[0], float(scores[topics[0]])
        close = tuple(name[i] for i in topics if scores[i] >= s_best - cfg.choose_margin)
        if order[0] == self._oos_index:
            s_oos = float(scores[order[0]])
            if s_oos - s_best >= cfg.oos_margin or s_best < cfg.reject_below:
                return Match("out_of_scope", bodies=bodies, score=s_oos)
            return Match("choose", bodies=bodies, candidates=close, score=s_best)
        if s_best < cfg.reject_below:
            if bodies and s_best >= cfg.body_reject_below:
                # a body and a weak topic: still about renewal, so offer the likeliest topics
                near = tuple(name[i] for i in topics if scores[i] >= s_best - 2 * cfg.choose_margin)
                return Match("choose", bodies=bodies, candidates=near, score=s_best)
            return Match("out_of_scope", bodies=bodies, score=s_best)
        if len(close) > 1:
            return Match("choose", bodies=bodies, candidates=close, score=s_best)
        topic = name[best]
        kind = "personal" if self.knowledge.topics[topic].kind == "personal" else "answer"
        return Match(kind, topic=topic, bodies=bodies, score=s_best)


@cache
def load_matcher() -> Matcher:
    return Matcher()


def out_of_scope_reply() -> str:
    return (
        "Sorry, that's outside what I know: I help with continuing-education credits — what "
        "counts, renewal rules per certifying body, logging hours (/log) and your progress "
        "(/progress).\nTry: <i>NASM late renewal</i> or <i>how many hours is 2.0 NASM CEUs</i>"
    )
