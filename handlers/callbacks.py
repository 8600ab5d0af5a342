"""The one callback-data codec: every inline button's data is one of these frozen dataclasses.

`encode()` writes `prefix:action:field:field…` (the wire format the bot has always used, so
buttons in old messages keep working) and refuses anything over Telegram's 64 bytes; `decode()`
reads it back into the dataclass, or None when the data is not one of ours or is malformed (a
stale or forged button). Fields are typed: int, str, date (ISO), time (HHMM); a field with a
`choices` entry accepts only those values. Each feature's CallbackQueryHandler pattern comes
from `pattern(prefix)`.
"""

from __future__ import annotations

import re
import types
import typing
from dataclasses import MISSING, dataclass, fields
from datetime import date, time
from typing import Any, ClassVar

MAX_BYTES = 64

_KINDS: dict[tuple[str, str], type[Callback]] = {}


class Callback:
    """Base of every button's data; subclasses name their prefix and action."""

    prefix: ClassVar[str] = ""
    action: ClassVar[str] = ""  # "" only for FaqTopic, whose first field follows the prefix
    choices: ClassVar[dict[str, tuple[str, ...]]] = {}

    def __init_subclass__(cls, prefix: str = "", action: str = "", **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if not prefix:
            raise TypeError(f"{cls.__name__} names no prefix")
        cls.prefix, cls.action = prefix, action
        key = (prefix, action)
        if key in _KINDS:
            raise TypeError(f"two callback kinds for {prefix}:{action}")
        _KINDS[key] = cls

    def encode(self) -> str:
        parts = [self.prefix] + ([self.action] if self.action else [])
        values = [_dump(getattr(self, f.name)) for f in fields(self)]  # type: ignore[arg-type]
        while values and values[-1] == "":  # an empty optional last field is left off
            values.pop()
        data = ":".join(parts + values)
        if len(data.encode()) > MAX_BYTES:
            raise ValueError(f"callback data over {MAX_BYTES} bytes: {data!r}")
        return data


def kinds() -> list[type[Callback]]:
    """Every kind of button data, for the tests."""
    return list(_KINDS.values())


def prefixes() -> set[str]:
    return {prefix for prefix, _ in _KINDS}


def pattern(prefix: str) -> str:
    """The CallbackQueryHandler pattern of one feature's buttons."""
    if prefix not in prefixes():
        raise KeyError(prefix)
    return rf"^{re.escape(prefix)}:"


def decode(data: str) -> Callback | None:
    """The button data as its dataclass; None when it is not ours or is malformed."""
    parts = data.split(":")
    if len(parts) < 2:
        return None
    cls = _KINDS.get((parts[0], parts[1]))
    values = parts[2:]
    if cls is None or not cls.action:  # FaqTopic: its topic follows the prefix
        cls = _KINDS.get((parts[0], ""))
        values = parts[1:]
    if cls is None:
        return None
    hints = typing.get_type_hints(cls)
    declared = fields(cls)  # type: ignore[arg-type]
    if len(values) > len(declared):
        return None
    kwargs: dict[str, Any] = {}
    for i, f in enumerate(declared):
        if i >= len(values):
            if f.default is MISSING:
                return None
            continue
        if values[i] == "" and f.default is MISSING:  # a field that must be there is empty
            return None
        allowed = cls.choices.get(f.name)
        if allowed is not None and values[i] not in allowed:
            return None
        try:
            kwargs[f.name] = _load(values[i], hints[f.name])
        except ValueError:
            return None
    return cls(**kwargs)


def _dump(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, time):
        return f"{value:%H%M}"
    if isinstance(value, date):
        return value.isoformat()
    text = str(value)
    if ":" in text:
        raise ValueError(f"':' in a callback field: {text!r}")
    return text


def _load(text: str, kind: Any) -> Any:
    if isinstance(kind, types.UnionType):  # X | None
        if text == "":
            return None
        kind = next(k for k in typing.get_args(kind) if k is not type(None))
    if kind is int:
        if not re.fullmatch(r"-?\d{1,18}", text):
            raise ValueError(text)
        return int(text)
    if kind is date:
        return date.fromisoformat(text)
    if kind is time:
        if not re.fullmatch(r"\d{4}", text):
            raise ValueError(text)
        return time(int(text[:2]), int(text[2:]))
    return text


# ---------- faq: did-you-mean and topic buttons ----------


@dataclass(frozen=True)
class FaqTopic(Callback, prefix="faq"):
    topic: str
    body: str = ""


# ---------- act: activities ----------


@dataclass(frozen=True)
class UndoLog(Callback, prefix="act", action="undo"):
    activity_id: int


@dataclass(frozen=True)
class DeleteActivity(Callback, prefix="act", action="del"):
    activity_id: int


@dataclass(frozen=True)
class UndoEdit(Callback, prefix="act", action="unedit"):
    edit_id: int


@dataclass(frozen=True)
class LogAgain(Callback, prefix="act", action="again"):
    """'Log it again' after the duplicate check; `body` is '-' when none was chosen."""

    body: str
    when: date


@dataclass(frozen=True)
class LogOnDate(Callback, prefix="act", action="date"):
    """The date chosen for an ambiguous /log."""

    body: str
    when: date


@dataclass(frozen=True)
class EditOnDate(Callback, prefix="act", action="edate"):
    when: date


@dataclass(frozen=True)
class History(Callback, prefix="act", action="hist"):
    offset: int = 0


@dataclass(frozen=True)
class FreeTextLog(Callback, prefix="act", action="flog"):
    answer: str  # "ok" | "no"
    choices: ClassVar[dict[str, tuple[str, ...]]] = {"answer": ("ok", "no")}

    @property
    def ok(self) -> bool:
        return self.answer == "ok"


@dataclass(frozen=True)
class LogWithBody(Callback, prefix="act", action="body"):
    code: str


# ---------- cert: certifications and the CPR/AED card ----------


@dataclass(frozen=True)
class CertList(Callback, prefix="cert", action="list"):
    pass


@dataclass(frozen=True)
class CertPick(Callback, prefix="cert", action="pick"):
    code: str


@dataclass(frozen=True)
class CertSet(Callback, prefix="cert", action="set"):
    code: str
    deadline: date


@dataclass(frozen=True)
class CertRemove(Callback, prefix="cert", action="rm"):
    code: str


@dataclass(frozen=True)
class CertKeep(Callback, prefix="cert", action="keep"):
    pass


@dataclass(frozen=True)
class CprExpiry(Callback, prefix="cert", action="cpr"):
    expiry: date


@dataclass(frozen=True)
class CertEarned(Callback, prefix="cert", action="earned"):
    code: str


@dataclass(frozen=True)
class CardExpiry(Callback, prefix="cert", action="card"):
    """After a CPR/AED course: the card lasts 1 or 2 years, or 'd' to type the date."""

    activity_id: int
    years: str
    choices: ClassVar[dict[str, tuple[str, ...]]] = {"years": ("1", "2", "d")}


# ---------- prog: progress ----------


@dataclass(frozen=True)
class Chart(Callback, prefix="prog", action="chart"):
    code: str


@dataclass(frozen=True)
class Export(Callback, prefix="prog", action="export"):
    pass


# ---------- cnt: "counts for" ----------


@dataclass(frozen=True)
class CountsMenu(Callback, prefix="cnt", action="menu"):
    activity_id: int


@dataclass(frozen=True)
class CountsSet(Callback, prefix="cnt", action="set"):
    activity_id: int
    code: str
    choice: str  # c | n | p | a
    choices: ClassVar[dict[str, tuple[str, ...]]] = {"choice": ("c", "n", "p", "a")}


# ---------- acct: account, help and typos ----------


@dataclass(frozen=True)
class OpenProgress(Callback, prefix="acct", action="progress"):
    pass


@dataclass(frozen=True)
class LogHelp(Callback, prefix="acct", action="loghelp"):
    pass


@dataclass(frozen=True)
class ForgetConfirm(Callback, prefix="acct", action="forget"):
    pass


@dataclass(frozen=True)
class ForgetCancel(Callback, prefix="acct", action="keep"):
    pass


@dataclass(frozen=True)
class TypoLog(Callback, prefix="acct", action="typo"):
    answer: str  # "log" | "no"
    choices: ClassVar[dict[str, tuple[str, ...]]] = {"answer": ("log", "no")}


@dataclass(frozen=True)
class RunCommand(Callback, prefix="acct", action="run"):
    name: str


# ---------- nudge: reminders ----------


@dataclass(frozen=True)
class Snooze(Callback, prefix="nudge", action="snooze"):
    cert_id: int


@dataclass(frozen=True)
class StopCert(Callback, prefix="nudge", action="stop"):
    cert_id: int


@dataclass(frozen=True)
class QuietStart(Callback, prefix="nudge", action="qstart"):
    at: time


@dataclass(frozen=True)
class QuietEnd(Callback, prefix="nudge", action="qend"):
    at: time


@dataclass(frozen=True)
class RemindersOn(Callback, prefix="nudge", action="on"):
    pass


@dataclass(frozen=True)
class RemindersOff(Callback, prefix="nudge", action="off"):
    pass
