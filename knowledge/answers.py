"""Answers generated from facts: the topic grid (topics.toml) times the certifying bodies.

A slot topic asked about a body gets that body's cell: figures computed from its rules
(knowledge/bodies/, the same numbers the tracker counts with) and its facts
(knowledge/facts/<CODE>.toml, each with its page, the page's own date and the day it was
checked). Asked without a body, the user's saved certifications answer; without either, the
topic's general answer. A cell the facts base does not fill says so and links the body's page.
Pure: no Telegram, no clock.
"""

from __future__ import annotations

import html
import re
import tomllib
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

from knowledge.numbers import format_hours_number, format_units
from knowledge.rules import Rule, load_rules

TOPICS_PATH = Path(__file__).with_name("topics.toml")
FACTS_DIR = Path(__file__).with_name("facts")
KINDS = ("general", "slot", "usage", "personal")
MAX_BODIES = 4  # bodies shown in one reply (several named or saved)


@dataclass(frozen=True)
class Topic:
    id: str
    kind: str
    label: str
    question: str
    answer: str
    source: str = ""
    note: str = ""


@dataclass(frozen=True)
class Fact:
    topic: str
    text: str
    source: str
    source_date: str = ""  # the page's own date where it shows one
    checked_on: date | None = None  # the day someone read it on the page; None: not re-read


@dataclass(frozen=True)
class BodyFacts:
    code: str
    page: str
    facts: tuple[Fact, ...]

    def on(self, topic: str) -> list[Fact]:
        return [f for f in self.facts if f.topic == topic]


# --- loading -------------------------------------------------------------------------------


def parse_topics(text: str) -> dict[str, Topic]:
    topics: dict[str, Topic] = {}
    for raw in tomllib.loads(text).get("topic", []):
        missing = [k for k in ("id", "kind", "label", "question", "answer") if not raw.get(k)]
        if missing:
            raise ValueError(f"topic {raw.get('id', '?')}: missing {', '.join(missing)}")
        if raw["kind"] not in KINDS:
            raise ValueError(f"topic {raw['id']}: kind must be one of {KINDS}")
        if raw["id"] in topics:
            raise ValueError(f"duplicate topic {raw['id']}")
        topics[raw["id"]] = Topic(
            raw["id"], raw["kind"], raw["label"], raw["question"], raw["answer"].strip(),
            raw.get("source", ""), raw.get("note", ""),
        )  # fmt: skip
    return topics


@cache
def load_topics(path: Path = TOPICS_PATH) -> dict[str, Topic]:
    return parse_topics(path.read_text(encoding="utf-8"))


def parse_facts(text: str, topics: dict[str, Topic]) -> BodyFacts:
    data = tomllib.loads(text)
    code = str(data.get("body", "")).upper()
    page = str(data.get("page", ""))
    if not code or not re.match(r"https?://", page):
        raise ValueError("a facts file needs body and a page address")
    facts = []
    for n, raw in enumerate(data.get("fact", []), 1):
        where = f"{code} fact {n}"
        topic = raw.get("topic", "")
        if topic not in topics or topics[topic].kind != "slot":
            raise ValueError(f"{where}: topic {topic!r} is not a body topic")
        if not raw.get("text", "").strip():
            raise ValueError(f"{where}: no text")
        if not re.match(r"https?://", str(raw.get("source", ""))):
            raise ValueError(f"{where}: source must be a web address")
        checked = raw.get("checked_on", "")
        try:
            checked_on = date.fromisoformat(checked) if checked else None
        except ValueError as exc:
            raise ValueError(f"{where}: bad checked_on {checked!r}") from exc
        source_date = str(raw.get("source_date", ""))
        if source_date and not re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", source_date):
            raise ValueError(f"{where}: source_date must be YYYY, YYYY-MM or YYYY-MM-DD")
        facts.append(Fact(topic, raw["text"].strip(), raw["source"], source_date, checked_on))
    return BodyFacts(code, page, tuple(facts))


@cache
def load_facts(directory: Path = FACTS_DIR) -> dict[str, BodyFacts]:
    topics = load_topics()
    out = {}
    for path in sorted(directory.glob("*.toml")):
        bf = parse_facts(path.read_text(encoding="utf-8"), topics)
        out[bf.code] = bf
    return out


# --- small formatting helpers --------------------------------------------------------------

_MONTHS = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()


def esc(text: str) -> str:
    return html.escape(text, quote=False)


def units_phrase(rule: Rule, units: float) -> str:
    return f"{format_units(units)} {rule.unit}{'' if units == 1 else 's'}"


def day_text(d: date) -> str:
    return f"{d.day} {_MONTHS[d.month - 1]} {d.year}"


def page_date_text(raw: str) -> str:
    parts = raw.split("-")
    if len(parts) == 1:
        return parts[0]
    month = _MONTHS[int(parts[1]) - 1]
    return f"{month} {parts[0]}" if len(parts) == 2 else f"{int(parts[2])} {month} {parts[0]}"


def short_url(url: str) -> str:
    return re.sub(r"^https?://(www\.)?", "", url).rstrip("/")


def link(url: str) -> str:
    shown = short_url(url)
    if len(shown) > 48:
        shown = shown[:47] + "…"
    return f'<a href="{html.escape(url)}">{esc(shown)}</a>'


Note = tuple[str, str | None, date | None]  # (page, the page's own date, the day we checked it)


def provenance(fact: Fact) -> str:
    """Where a fact comes from, honest about its age: never "verified"."""
    return render_notes([(fact.source, fact.source_date, fact.checked_on)])[0]


def _page_key(url: str) -> str:
    """The page an address names: no scheme, no "www.", no trailing slash, any case of host."""
    rest = url.split("://", 1)[-1]
    host, _, path = rest.partition("/")
    host = host.lower().removeprefix("www.")
    return f"{host}/{path}".rstrip("/")


def render_notes(notes: list[Note]) -> list[str]:
    """One line per page (first mention first): the page's date where it shows one, and every
    day it was checked for these lines ("checked 1 Dec 2026 and 3 Dec 2026"), or that a line is
    from our notes and not re-read on the page since."""
    by_page: dict[str, list[Note]] = {}
    for note in notes:  # one page however its address is written (www., a trailing slash)
        by_page.setdefault(_page_key(note[0]), []).append(note)
    lines = []
    for seen in by_page.values():
        page = seen[0][0]
        parts = [link(page)]
        dated = next((d for _, d, _ in seen if d), None)
        if dated:
            parts.append(f"page dated {page_date_text(dated)}")
        checks = sorted({c for _, _, c in seen if c})
        if checks:
            parts.append("checked " + " and ".join(day_text(c) for c in checks))
        if any(c is None for _, _, c in seen):
            parts.append(
                ("some lines " if checks else "") + "from our notes, not re-read on the page since"
            )
        lines.append(", ".join(parts))
    return lines


# Which block of a body's rules file a topic's computed line rests on.
_BLOCK = {
    "requirements": "credits", "units": "credits", "cycle": "credits", "cpr": "cpr",
    "cpr-credit": "cpr", "late": "late", "lapse": "late", "composition": "completion",
    "cross-body": "acceptance", "petition": "acceptance",
}  # fmt: skip


def rule_note(rule: Rule, topic: str = "requirements") -> Note:
    """The page and age of the rules block a computed line comes from."""
    block = rule.provenance.get(_BLOCK.get(topic, "credits")) or rule.provenance.get("credits")
    if block is None:
        return rule.source, None, rule.checked_on
    return block.source, block.source_date, block.checked_on


def rule_provenance(rule: Rule, topic: str = "requirements") -> str:
    """The page and age of the rules block a computed line comes from, as a line."""
    return render_notes([rule_note(rule, topic)])[0]


# --- the cells -----------------------------------------------------------------------------


def _cycle_phrase(rule: Rule) -> str:
    if rule.cycle_anchor == "calendar" and rule.calendar_cycle_end:
        return f"per fixed {rule.cycle_years}-year period (the current one ends {day_text(rule.calendar_cycle_end)})"
    return f"every {rule.cycle_years} years"


def requirement_phrase(rule: Rule) -> str:
    text = f"{units_phrase(rule, rule.required_units)}"
    if rule.required_hours is not None:
        text += f" ({format_hours_number(rule.required_hours)} hours)"
    return f"{text} {_cycle_phrase(rule)}"


def rule_lines(topic: str, rule: Rule) -> list[str]:
    """What the rules (the numbers the tracker counts with) say on a topic, in HTML."""
    code = esc(rule.code)
    if topic == "requirements":
        line = f"{code} asks for {esc(requirement_phrase(rule))}"
        if rule.cpr_required:
            line += ", plus a current CPR/AED card"
        return [line + "."]
    if topic == "units":
        if rule.hours_per_unit is None:
            return [
                f"{code} does not say how many hours make a {esc(rule.unit)}, so I can't convert hours to its {esc(rule.unit)}s."
            ]
        h = rule.hours_per_unit
        line = f"1.0 {code} {esc(rule.unit)} = {format_hours_number(h)} hour{'' if h == 1 else 's'}"
        line += f", so the {esc(units_phrase(rule, rule.required_units))} you need are {format_hours_number(rule.required_hours or 0)} hours."
        out = [line]
        if rule.hours_per_unit_note:
            out.append(esc(rule.hours_per_unit_note))
        return out
    if topic == "cycle":
        return [f"{code} renews {esc(_cycle_phrase(rule))}."]
    if topic == "cpr":
        if rule.cpr_required:
            return [f"{code} requires a current CPR/AED card to renew."]
        return []
    if topic == "cpr-credit":
        if rule.cpr_cap_per_year:
            what = "CPR, AED and first aid" if rule.first_aid_counts else "CPR/AED"
            return [
                f"{code} counts {what} courses by the hour, at most "
                f"{format_units(rule.cpr_cap_per_year)} {esc(rule.unit)}s a year."
            ]
        if rule.cpr_credit_units > 0:
            once = " once per card" if rule.cpr_credit_per == "card" else ""
            return [
                f"A CPR/AED course earns {esc(units_phrase(rule, rule.cpr_credit_units))} toward "
                f"{code}'s total{once}, whatever its length."
            ]
        return []
    if topic == "late":
        return _late_lines(rule)
    if topic == "lapse":
        return [esc(rule.after_lapse)] if rule.after_lapse else []
    if topic == "composition":
        return _composition_lines(rule)
    if topic == "cross-body":
        out = []
        if rule.accepts_bodies:
            out.append(f"{code} accepts credits approved by {esc(', '.join(rule.accepts_bodies))}.")
        if rule.accepts_related_outside:
            out.append(esc(rule.accepts_related_outside))
        return out
    if topic == "petition":
        return [esc(rule.petition)] if rule.petition else []
    return []


def _days_text(days: int) -> str:
    if days % 365 == 0:
        years = days // 365
        return f"{years} year{'' if years == 1 else 's'}"
    if days in (181, 182, 183, 184):
        return "6 months"
    return f"{days} days"


def _late_lines(rule: Rule) -> list[str]:
    if rule.grace_days <= 0:
        return []
    hedge = rule.last_day_hedge
    hedge = f" {esc(hedge[:1].upper() + hedge[1:])}." if hedge else ""
    lines = [
        f"{esc(rule.code)} still takes a late renewal up to {_days_text(rule.grace_days)} "
        f"after the deadline (it is not an extension).{hedge}"
    ]
    if rule.late_tiers:
        tiers = "; ".join(
            f"up to {_days_text(t.until_days)}: {esc(t.fee)}" for t in rule.late_tiers
        )
        lines.append(f"Late fees — {tiers}.")
    if rule.credits_after_deadline_days:
        lines.append(
            f"Credits earned up to {_days_text(rule.credits_after_deadline_days)} after the "
            "deadline still count."
        )
    return lines


def _composition_lines(rule: Rule) -> list[str]:
    code = esc(rule.code)
    out = []
    if rule.parts:
        parts = " + ".join(f"{format_units(p.units)} {esc(p.name)}" for p in rule.parts)
        out.append(f"{code}'s {format_units(rule.required_units)} {esc(rule.unit)}s are {parts}.")
    if rule.own_minimum_units:
        out.append(
            f"At least {format_units(rule.own_minimum_units)} {esc(rule.unit)}s must come from "
            f"{esc(' or '.join(rule.own_minimum_from) or rule.code)} courses."
        )
    if rule.categories:
        names = "; ".join(esc(f"{c.code}: {c.name}") for c in rule.categories)
        out.append(f"Credits must come from at least {rule.min_categories} categories — {names}.")
    if rule.max_per_event:
        out.append(f"At most {format_units(rule.max_per_event)} {esc(rule.unit)}s from one event.")
    return out


# Topics whose answer also carries the rules' line of a neighbouring topic (a CPR question is
# usually about both the card and the credit).
_ALSO = {"cpr": ("cpr-credit",), "cpr-credit": ("cpr",), "cycle": ("requirements",)}
# Facts of a neighbouring topic added under a body's answer (at most two)...
_WITH = {"cpr": "cpr-credit", "cpr-credit": "cpr", "late": "lapse", "lapse": "late"}
# ...and where to look when a body has nothing on the topic asked: said so, then the nearest.
_NEAREST = {
    "lapse": ("late", "retake"),
    "retake": ("lapse", "late"),
    "status": ("late", "lapse"),
    "late": ("lapse", "fees"),
    "petition": ("what-counts", "cross-body"),
    "what-counts": ("petition", "cross-body"),
    "cross-body": ("what-counts", "petition"),
    "multiple": ("requirements",),
    "composition": ("requirements",),
    "other-routes": ("what-counts",),
    "college": ("what-counts", "petition"),
    "submit": ("requirements",),
    "audit": ("submit",),
    "carry-over": ("cycle", "requirements"),
}


class Knowledge:
    """Topics, the rules and the facts per body, and the answers made from them."""

    def __init__(
        self,
        topics: dict[str, Topic] | None = None,
        rules: dict[str, Rule] | None = None,
        facts: dict[str, BodyFacts] | None = None,
    ):
        self.topics = topics if topics is not None else load_topics()
        self.rules = rules if rules is not None else load_rules()
        self.facts = facts if facts is not None else load_facts()

    def page(self, code: str) -> str:
        bf = self.facts.get(code)
        rule = self.rules.get(code)
        return bf.page if bf else (getattr(rule, "page", rule.source) if rule else "")

    def cell(self, topic: str, code: str) -> tuple[list[str], list[str]] | None:
        """(lines, provenance lines: one per page) for a body on a topic, or None when we
        don't know."""
        rule = self.rules.get(code)
        bf = self.facts.get(code)
        lines: list[str] = []
        notes: list[Note] = []
        if rule is not None:
            own = rule_lines(topic, rule)
            if own:
                lines += own
                notes.append(rule_note(rule, topic))
        facts = bf.on(topic) if bf else []
        if not lines and not facts:
            return None
        if bf and topic in _WITH:
            facts = facts + bf.on(_WITH[topic])[:2]
        for fact in facts:
            lines.append(esc(fact.text))
            notes.append((fact.source, fact.source_date, fact.checked_on))
        for other in _ALSO.get(topic, ()):
            extra = rule_lines(other, rule) if rule else []
            lines += [x for x in extra if x not in lines]
        return lines, render_notes(notes)

    def unknown(self, topic: str, code: str) -> str:
        label = self.topics[topic].label.lower() if topic in self.topics else "that"
        page = self.page(code)
        where = f" Check {esc(code)}'s page: {link(page)}" if page else ""
        return f"I don't have {esc(code)}'s rule on {esc(label)}.{where}"

    def body_answer(self, topic: str, code: str) -> str:
        found = self.cell(topic, code)
        if found is not None:
            lines, notes = found
            lines = [f"<b>{lines[0]}</b>", *lines[1:]]
            return "\n".join([*lines, "", *(f"<i>Source: {n}</i>" for n in notes[:3])])
        for near in _NEAREST.get(topic, ()):
            found = self.cell(near, code)
            if found is not None:
                lines, notes = found
                label = self.topics[near].label.lower()
                head = f"{self.unknown(topic, code)}\nWhat I have on {esc(label)}:"
                return "\n".join([head, *lines, "", *(f"<i>Source: {n}</i>" for n in notes[:3])])
        return self.unknown(topic, code)

    def bodies_answer(self, topic: str, codes: tuple[str, ...]) -> str:
        """Several bodies at once: a short block each."""
        label = self.topics[topic].label
        blocks = [f"<b>{esc(label)}</b>"]
        for code in codes[:MAX_BODIES]:
            found = self.cell(topic, code)
            if found is None:
                blocks.append(f"<b>{esc(code)}</b>: {self.unknown(topic, code)}")
                continue
            lines, notes = found
            blocks.append(
                f"<b>{esc(code)}</b>: " + " ".join(lines[:2]) + f"\n<i>Source: {notes[0]}</i>"
            )
        return "\n\n".join(blocks)

    def general_answer(self, topic: str) -> str:
        t = self.topics[topic]
        if t.answer == "generated":
            text = self._overview(topic)
        else:
            text = fill(t.answer, self.rules)
        parts = [text]
        if t.note:
            parts.append(f"<i>Note: {esc(t.note)}</i>")
        sources = [s.strip() for s in t.source.split(";") if s.strip()]
        if sources:
            parts.append("<i>Source: " + ", ".join(link(s) for s in sources[:3]) + "</i>")
        return "\n\n".join(parts)

    def _overview(self, topic: str) -> str:
        if topic == "cycle":
            lines = [
                "<b>Most certifications run for 2 years; some 3 or 4, and NSCA a fixed period for everyone.</b>"
            ]
            lines += [f"{esc(r.code)}: {esc(_cycle_phrase(r))}" for r in self.rules.values()]
        else:
            lines = ["<b>It depends on your certifying body:</b>"]
            lines += [f"{esc(r.code)}: {esc(requirement_phrase(r))}" for r in self.rules.values()]
        lines.append("Add yours with /cert and I'll answer for it.")
        return "\n".join(lines)

    def answer(self, topic: str, named: tuple[str, ...] = (), saved: tuple[str, ...] = ()) -> str:
        """The reply to a question on `topic`: for the bodies named, else the saved ones, else general."""
        t = self.topics[topic]
        if t.kind == "personal":
            raise ValueError(f"{topic} is answered from the user's data, not from the facts")
        if t.kind == "slot":
            codes = tuple(c for c in (named or saved) if c in self.rules)
            if len(codes) == 1:
                return self.body_answer(topic, codes[0])
            if codes:
                return self.bodies_answer(topic, codes)
        return self.general_answer(topic)


_FIELD = re.compile(r"\{([A-Z][A-Z-]*)\.(\w+)\}")
_FIELDS = {
    "required_units": lambda r: format_units(r.required_units),
    "required_hours": lambda r: format_hours_number(r.required_hours or 0),
    "hours_per_unit": lambda r: format_hours_number(r.hours_per_unit or 0),
    "cycle_years": lambda r: str(r.cycle_years),
    "cpr_credit_units": lambda r: format_units(r.cpr_credit_units),
    "grace_days": lambda r: str(r.grace_days),
    "unit": lambda r: r.unit,
}


def fill(text: str, rules: dict[str, Rule]) -> str:
    """{NASM.required_units} -> the figure from the rules."""

    def sub(m: re.Match[str]) -> str:
        rule, field = rules.get(m.group(1)), m.group(2)
        if rule is None or field not in _FIELDS:
            raise ValueError(f"unknown placeholder {m.group(0)}")
        return _FIELDS[field](rule)

    return _FIELD.sub(sub, text)


@cache
def load_knowledge() -> Knowledge:
    return Knowledge()
