"""Time zones as people write them (tracker/zones.py)."""

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from tracker.zones import find_zone, label, month_first

NOON = datetime(2026, 7, 1, 12, 0, tzinfo=UTC)  # summer in the north


@pytest.mark.parametrize(
    ("typed", "hours_ahead"),
    [("GMT+2", 2), ("UTC-5", -5), ("+0530", 5.5), ("utc +05:30", 5.5), ("GMT -3", -3),
     ("UTC+0", 0), ("+14", 14), ("PST", -7), ("EST", -4), ("CET", 2), ("AEST", 10)],
)  # fmt: skip
def test_offsets_and_abbreviations_mean_what_they_say(typed, hours_ahead):
    zone = find_zone(typed)
    assert zone is not None
    offset = NOON.astimezone(ZoneInfo(zone.name)).utcoffset()
    assert offset.total_seconds() / 3600 == hours_ahead


def test_abbreviations_keep_daylight_saving():
    zone = find_zone("PST")
    assert zone.name == "America/Los_Angeles" and "America/Los_Angeles" in zone.label
    winter = datetime(2026, 1, 1, 12, tzinfo=UTC).astimezone(ZoneInfo(zone.name))
    assert winter.utcoffset().total_seconds() == -8 * 3600


@pytest.mark.parametrize("typed", ["", "Mars/Olympus", "x" * 300, "-13", "+25", "a/" * 200])
def test_nonsense_is_no_zone(typed):
    assert find_zone(typed) is None


def test_names_and_labels():
    assert find_zone("new york").name == "America/New_York"
    assert find_zone("Europe/London").label == "Europe/London"
    assert label("Etc/GMT-2") == "UTC+2" and label("Etc/GMT+5") == "UTC-5"
    assert "no daylight saving" in find_zone("GMT+2").note
    assert "PST" in find_zone("PST").note


def test_month_first_only_in_us_zones():
    assert month_first("America/New_York") and month_first("Pacific/Honolulu")
    assert month_first("US/Eastern")
    assert not month_first("America/Toronto") and not month_first("Europe/London")
    assert not month_first("UTC")
