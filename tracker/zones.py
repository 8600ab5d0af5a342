"""Time zones as people write them: IANA names, cities, offsets ("GMT+2", "UTC-5", "+0530") and
abbreviations ("PST", "CET", "AEST"). Pure: no clock, no Telegram.

Offsets mean what they say: "GMT+2" is two hours ahead of UTC, stored as Etc/GMT-2 (the Etc/
names have the POSIX sign, inverted). Abbreviations map to a real zone with daylight saving.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

MAX_INPUT = 64  # no zone name is longer; longer input is refused before it reaches the file system

_OFFSET = re.compile(
    r"^(?:(?:utc|gmt|z)\s*)?(?P<sign>[+\-\u2212])\s*(?P<h>\d{1,2})(?:(?::|\.|h)?(?P<m>\d{2}))?$",
    re.IGNORECASE,
)
_ETC = re.compile(r"^Etc/GMT(?P<sign>[+-])(?P<h>\d{1,2})$")


@dataclass(frozen=True)
class Zone:
    name: str  # the IANA name stored: "Europe/Berlin", "Etc/GMT-2"
    label: str  # what the reply names: "Europe/Berlin", "UTC+2"
    note: str = ""  # "a fixed offset, no daylight saving", "what PST means, with daylight saving"


@cache
def _data() -> dict:
    with (Path(__file__).parent / "zones.toml").open("rb") as f:
        return tomllib.load(f)


@cache
def _names() -> dict[str, str]:
    """Lower-case IANA name or its last part ("new_york") -> the IANA name."""
    found: dict[str, str] = {}
    for zone in sorted(available_timezones()):
        found.setdefault(zone.lower(), zone)
        found.setdefault(zone.lower().rsplit("/", 1)[-1], zone)
    return found


def label(name: str) -> str:
    """How a stored zone is named in replies: Etc/GMT-2 is "UTC+2"."""
    m = _ETC.match(name)
    if m:
        hours = int(m.group("h"))
        if hours == 0:
            return "UTC"
        return f"UTC{'-' if m.group('sign') == '+' else '+'}{hours}"
    return name


def _offset_zone(sign: str, hours: int, minutes: int) -> str | None:
    if minutes == 0:
        if hours == 0:
            return "UTC"
        if (sign == "+" and hours > 14) or (sign == "-" and hours > 12):
            return None
        return f"Etc/GMT{'-' if sign == '+' else '+'}{hours}"  # POSIX sign: inverted
    return _data()["half_hour_offsets"].get(f"{sign}{hours:02d}:{minutes:02d}")


def find_zone(text: str) -> Zone | None:
    """The zone meant by `text`, or None when it names none (or is far too long to be one)."""
    cleaned = text.strip()
    if not cleaned or len(cleaned) > MAX_INPUT:
        return None
    offset = _OFFSET.match(cleaned.replace(" ", ""))
    if offset:
        sign = "-" if offset.group("sign") in "-\u2212" else "+"
        name = _offset_zone(sign, int(offset.group("h")), int(offset.group("m") or 0))
        if name is None:
            return None
        return Zone(name, label(name), "" if name == "UTC" else _note(name))
    key = cleaned.upper()
    if key in ("UTC", "GMT", "Z", "ZULU", "UCT", "UNIVERSAL"):
        return Zone("UTC", "UTC")
    abbreviation = _data()["abbreviations"].get(key)
    if abbreviation:
        return Zone(abbreviation, abbreviation, f"what {key} means, with daylight saving")
    name = _names().get(cleaned.replace(" ", "_").lower())
    if name is None:
        return None
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return None
    return Zone(name, label(name), _note(name))


def _note(name: str) -> str:
    return "a fixed offset, no daylight saving" if name.startswith("Etc/GMT") else ""


def month_first(zone: str) -> bool:
    """Whether people in `zone` write numeric dates month first (the United States)."""
    data = _data()["month_first"]
    return zone in data["zones"] or zone.startswith(tuple(data["prefixes"]))
