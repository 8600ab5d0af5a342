"""Fresh /log phrasings (round 2), written without looking at the other tables.

Personas: yoga teachers, spin instructors, strength coaches, non-native English speakers,
phone autocorrect, course names with numbers in them, provider first. "Today" is
Saturday 2026-11-28. Each case checks the amount, the date, the body when one is named and
the title: it keeps the key words and has no date or duration words left over.

Data of one corpus and the checks it was written with; the behaviour tests in tests/core/
test_log_*.py run them (bench/log_parser.py counts the cases that pass per corpus).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

import pytest

from tracker.activities import LogError, looks_like_log, parse_free_text_log, parse_log

TODAY = date(2026, 11, 28)  # a Saturday


def D(day: int, month: int = 11, year: int = 2026) -> date:
    return date(year, month, day)


T = TODAY
MON, TUE, WED, THU, FRI, SAT, SUN = D(23), D(24), D(25), D(26), D(27), D(28), D(22)
YEST = FRI


@dataclass(frozen=True)
class Case:
    text: str
    hours: float | None
    when: date
    has: tuple[str, ...]
    credits: float | None = None
    unit: str | None = None
    body: str | None = None
    cpr: bool | None = None

    def __str__(self) -> str:  # readable test ids
        return self.text


def H(text: str, hours: float, when: date, *has: str, body: str | None = None, cpr=None) -> Case:
    return Case(text, hours, when, has, body=body, cpr=cpr)


def CR(
    text: str,
    credits: float,
    unit: str,
    when: date,
    *has: str,
    body: str | None = None,
    hours: float | None = None,
) -> Case:
    return Case(text, hours, when, has, credits=credits, unit=unit, body=body)


YOGA = [
    H("2h yin yoga teacher training module yesterday", 2, YEST, "yin yoga teacher training module"),
    H("prenatal yoga workshop 3 hours 15 last Sunday", 3.25, SUN, "prenatal yoga workshop"),
    H("1h15 pranayama webinar this morning", 1.25, T, "pranayama webinar"),
    H("Trauma-informed yoga 2 ½ hrs earlier today", 2.5, T, "Trauma-informed yoga"),
    H("yoga nidra training, an hour and a half, Mon", 1.5, MON, "yoga nidra training"),
    H("Anatomy for yoga teachers 75 minutes 3rd Nov", 1.25, D(3), "Anatomy for yoga teachers"),
    H("ayurveda basics online course ten hours 2 wks ago", 10, D(14), "ayurveda basics online"),
    H("YACEP workshop: 4h Hatha alignment on the 3rd", 4, D(3), "YACEP workshop", "Hatha"),
    H("one hour yoga philosophy lecture last night", 1, YEST, "yoga philosophy lecture"),
    H("Yoga Alliance CE - 3 hrs restorative yoga, Thursday", 3, THU, "restorative yoga"),
    H("sun salutations teaching clinic 1h", 1, T, "sun salutations teaching clinic"),
    H("Yin Yoga Level 1 - 6 hrs on nov. 3rd", 6, D(3), "Yin Yoga Level 1"),
    H("Chair yoga for seniors cert, 8 hours, 11-03", 8, D(3), "Chair yoga for seniors cert"),
    H("Kids yoga training day 2 of 3 - 8h", 8, T, "Kids yoga training day 2 of 3"),
    H("yoga therapy webinar 120min mon", 2, MON, "yoga therapy webinar"),
    H("meditation teacher module 4, 1.25h, Wednesday morning", 1.25, WED, "meditation teacher"),
    H("Iyengar props workshop one hour Sunday afternoon", 1, SUN, "Iyengar props workshop"),
    H("Aerial yoga training - Module 3 of 5 - 4 hours", 4, T, "Aerial yoga", "Module 3 of 5"),
    H("Mysore style intensive 2 ½ hrs on the 21st", 2.5, D(21), "Mysore style intensive"),
    H("Hot yoga safety webinar 45 mins just now", 0.75, T, "Hot yoga safety webinar"),
    H("Yoga for athletes 1.25h Sun.", 1.25, SUN, "Yoga for athletes"),
]

SPIN = [
    H("Schwinn cycling cert update 4 hrs Tuesday", 4, TUE, "Schwinn cycling cert update"),
    H("Spinning® Energy Zones workshop 2.5 hours on Wed", 2.5, WED, "Energy Zones workshop"),
    H("Indoor cycling music & cueing webinar 90min yesterday", 1.5, YEST, "music & cueing"),
    H("Stages Cycling Power Level 1 - 6 hrs on nov. 3rd", 6, D(3), "Stages Cycling Power Level 1"),
    H("keiser m3 instructor course 8h last saturday", 8, D(21), "keiser m3 instructor course"),
    H("1.25h spin cadence drills webinar", 1.25, T, "spin cadence drills webinar"),
    H("Les Mills RPM module 3 of 5 - 2h", 2, T, "Les Mills RPM module 3 of 5"),
    H("Peloton-style coaching clinic 3h 15 friday", 3.25, FRI, "Peloton-style coaching clinic"),
    H("spin instructor recert 2 hours and 15 minutes 11/21", 2.25, D(21), "spin instructor"),
    H("Heart rate training for cycling, 75 mins, thurs", 1.25, THU, "Heart rate training"),
    H("RPM Les Mills Quarterly workshop 3hrs 11-14", 3, D(14), "Les Mills Quarterly workshop"),
    H("Cycling bike fit 101, an hour, last night", 1, YEST, "Cycling bike fit 101"),
    H("Spinning instructor orientation 9 hours Nov 3", 9, D(3), "Spinning instructor orientation"),
    H("Indoor cycle coaching — choreography 101 — 1h30 — 2 wks ago", 1.5, D(14), "choreo"),
    H("spin: cueing & music 1,5h yesterday", 1.5, YEST, "cueing & music"),
    H("Tabata 20/10 protocol webinar 1h", 1, T, "Tabata 20/10 protocol webinar"),
    H("HIIT 30/30 intervals workshop 2h yesterday", 2, YEST, "HIIT 30/30 intervals workshop"),
    H("Cycling power zones 2.0 webinar, 1.5 hrs, Sun", 1.5, SUN, "Cycling power zones 2.0"),
    H("Cadence & RPM science 2 hrs Thrusday", 2, THU, "Cadence & RPM science"),
]

STRENGTH = [
    CR(
        "NSCA CSCS 0.5 CEU strength & conditioning conference Friday",
        0.5,
        "CEU",
        FRI,
        "strength & conditioning conference",
        body="NSCA",
    ),
    H("Olympic lifting coaching clinic 6 hours 11-03", 6, D(3), "Olympic lifting coaching clinic"),
    H("USAW Level 2 course, 16 hrs, 3rd Nov", 16, D(3), "USAW Level 2 course"),
    H("Level 2 TRX STC 2.0 - 7h on mon", 7, MON, "Level 2 TRX STC 2.0"),
    H("velocity based training webinar 1hr 15", 1.25, T, "velocity based training webinar"),
    H("kettlebell RKC refresher 3 hours 15 yesterday", 3.25, YEST, "kettlebell RKC refresher"),
    H("EXOS Performance Mentorship Phase 1 - 12 hours", 12, T, "EXOS Performance Mentorship"),
    H("2h powerlifting coaching seminar last night", 2, YEST, "powerlifting coaching seminar"),
    H("NASM - CES course 3h", 3, T, "CES course", body="NASM"),
    H("NASM CES module 4 - 1.5h on the 20th", 1.5, D(20), "CES module 4", body="NASM"),
    H("FMS Level 1 & 2 - 8 hours Saturday", 8, T, "FMS Level 1 & 2"),
    H("Part 1 - 4h Strongman coaching course", 4, T, "Part 1", "Strongman coaching course"),
    H("Sports nutrition for athletes 1.25 hrs 2 weeks ago", 1.25, D(14), "Sports nutrition"),
    H("Barbell squat masterclass 2 ½ hrs Nov 21", 2.5, D(21), "Barbell squat masterclass"),
    H("Westside conjugate seminar, ten hours, last weekend", 10, D(21), "Westside conjugate"),
    H("Mobility for lifters webinar 45min yest", 0.75, YEST, "Mobility for lifters webinar"),
    H("coaching the clean & jerk - 3h - 11/21", 3, D(21), "coaching the clean & jerk"),
    H("NSCA Coaching Conference 2026 - 12 hours", 12, T, "Coaching Conference 2026", body="NSCA"),
    H("Top 10 mobility drills webinar 1h", 1, T, "Top 10 mobility drills webinar"),
    H("5x5 programming webinar 1h", 1, T, "5x5 programming webinar"),
    H("Block periodization lecture 2 hrs 30 mins Thursday", 2.5, THU, "Block periodization"),
    H("BFR training certification 4 hours 15 minutes this afternoon", 4.25, T, "BFR training"),
    H("Strength coach summit day 1: 7 hours", 7, T, "Strength coach summit day 1"),
    H("Strength coach summit Day 2 - 6.5 hours Sunday", 6.5, SUN, "Strength coach summit Day 2"),
    H("Session 1 - 3 hours mobility for lifters", 3, T, "Session 1", "mobility for lifters"),
    H("Phase 2 - 10h sprint mechanics mentorship", 10, T, "Phase 2", "sprint mechanics"),
    H("Level 3 - 4h - 11/21", 4, D(21), "Level 3"),
    H("Course 3 of 10: 1.5h hypertrophy", 1.5, T, "Course 3 of 10", "hypertrophy"),
]

CPR = [
    H("CPR/AED 2-year recert 4h Monday", 4, MON, "CPR/AED 2-year recert", cpr=True),
    H(
        "Red Cross CPR/AED/First Aid 2-year cert renewal, 5 hours, 11/14",
        5,
        D(14),
        "CPR/AED/First Aid",
    ),
    H("BLS provider course 4.5h 11-20", 4.5, D(20), "BLS provider course", cpr=True),
    H("Adult & pediatric First Aid/CPR/AED, 3h, last Tue", 3, TUE, "First Aid/CPR/AED", cpr=True),
    H("AHA Heartsaver CPR AED two hours Friday", 2, FRI, "Heartsaver CPR AED", cpr=True),
    H("CPR recertification (2 yr) 3 hrs", 3, T, "CPR recertification", cpr=True),
    H("first-aid refresher 90 mins on 11/3", 1.5, D(3), "first-aid refresher", cpr=True),
    H("eight hours first aid course", 8, T, "first aid course", cpr=True),
]

NON_NATIVE = [
    H("I make 3 hours course of functional training yesterday", 3, YEST, "functional training"),
    H("yesterday did seminar nutrition 2 hour", 2, YEST, "seminar nutrition"),
    H("course pilates mat level 1, 10 hours, finish on 25.11", 10, D(25), "pilates mat level 1"),
    H("webinar about mobility 1,5 hours", 1.5, T, "webinar about mobility"),
    H("2 hours and 30 minutes seminar of sport nutrition the 20th", 2.5, D(20), "sport nutrition"),
    H("Functional training workshop duration 4h date 21/11/2026", 4, D(21), "Functional training"),
    H("Pilates reformer training 6 hour at 22.11.2026", 6, D(22), "Pilates reformer training"),
    H("last week I have done webinar of kinesiology taping 3h", 3, D(21), "kinesiology taping"),
    H("3 hour of course for stretching, was in monday", 3, MON, "course for stretching"),
    H("i was on workshop TRX 2 hours before 3 days", 2, D(25), "workshop TRX"),
    H("seminar of anatomy 1 hour and half yesterday", 1.5, YEST, "seminar of anatomy"),
    CR(
        "I follow online course NASM 0,5 CEU the 15 november",
        0.5,
        "CEU",
        D(15),
        "online course",
        body="NASM",
    ),
    H("workshop kettlebell 3 hrs. in 26/11", 3, THU, "workshop kettlebell"),
    H("Two hours webinar about core stability, made it at friday", 2, FRI, "core stability"),
    H("Nutrition course 4 hours in date 20.11.26", 4, D(20), "Nutrition course"),
    H("Seminar 'Mobility and Stability' 3 h, 2 days before", 3, THU, "Mobility and Stability"),
    H("webinar functional anatomy 1h 30min, on 3 of november", 1.5, D(3), "functional anatomy"),
    H("I did the course of TRX 4 hours on last saturday", 4, D(21), "course of TRX"),
    H("Zumba instructor training of 9 hours the past sunday", 9, SUN, "Zumba instructor training"),
    H("webinar 45 minute about HIIT for old people today", 0.75, T, "HIIT for old people"),
    H("Aqua fitness workshop 3 h on 11.21.2026", 3, D(21), "Aqua fitness workshop"),
    H("sports massage course 7h 2 days back", 7, THU, "sports massage course"),
]

PHONE = [
    H("3 hrs kettle bell workshop yesterday", 3, YEST, "kettle bell workshop"),
    H("2hrs Kettlebell Workshop Yesterday", 2, YEST, "Kettlebell Workshop"),
    H("2 hours Kettlebell workshop Yesterday.", 2, YEST, "Kettlebell workshop"),
    H("Two hours webinar on mobility", 2, T, "webinar on mobility"),
    H("1 hour 30 min TRX webinar", 1.5, T, "TRX webinar"),
    H("45min. webinar on pelvic floor", 0.75, T, "webinar on pelvic floor"),
    H("2h. Nutrition workshop - Mon.", 2, MON, "Nutrition workshop"),
    H("3hours kettlebell workshop yesterday", 3, YEST, "kettlebell workshop"),
    H("4 Hrs Pre/Postnatal Course Thurs", 4, THU, "Pre/Postnatal Course"),
    H("webinar on sleep 1 hr yesterdya", 1, YEST, "webinar on sleep"),
    H("Nutrition webinar 2hrs yestrday", 2, YEST, "Nutrition webinar"),
    H("90 Min Webinar On Gut Health Monday", 1.5, MON, "Webinar On Gut Health"),
    H("2 hrs - Functional Aging Workshop - 11/18", 2, D(18), "Functional Aging Workshop"),
    H("ACE webinar 1hr!!", 1, T, "webinar", body="ACE"),
    H("webinar 1h30 on injury prevention 👍", 1.5, T, "injury prevention"),
    H("kettlebell workshop (3 hrs) yesterday", 3, YEST, "kettlebell workshop"),
    H("“Foam rolling 101” webinar – 1 hr – Tue", 1, TUE, "Foam rolling 101"),
    H("Webinar-Posture Assessment-2hrs-Friday", 2, FRI, "Posture Assessment"),
    H("mobility webinar 1h last wk", 1, D(21), "mobility webinar"),
    H("TRX workshop 2h yday", 2, YEST, "TRX workshop"),
    H("Pain science webinar 90 min last Thursday night", 1.5, THU, "Pain science webinar"),
    H("Bosu workshop 2 hours Friday evening", 2, FRI, "Bosu workshop"),
]

PROVIDER_FIRST = [
    CR("ACE: 0.2 CEC functional aging webinar", 0.2, "CEC", T, "functional aging", body="ACE"),
    H(
        "Precision Nutrition - Level 1 module 3, 2h",
        2,
        T,
        "Precision Nutrition",
        "Level 1 module 3",
    ),
    H(
        "AFAA | Group Ex Fundamentals | 4 hours | Nov 3",
        4,
        D(3),
        "Group Ex Fundamentals",
        body="AFAA",
    ),
    CR("ISSA – Nutrition Coach – 10 CEUs", 10, "CEU", T, "Nutrition Coach", body="ISSA"),
    CR(
        "NCSF: Sports Nutrition workshop, 0.5 CEUs, 11/20",
        0.5,
        "CEU",
        D(20),
        "Sports Nutrition workshop",
        body="NCSF",
    ),
    CR(
        "ACSM webinar exercise is medicine 1.5 CECs",
        1.5,
        "CEC",
        T,
        "exercise is medicine",
        body="ACSM",
    ),
    H("TRX - Suspension Training Course (STC) 7h 11/07", 7, D(7), "Suspension Training Course"),
    H(
        "NASM: Corrective Exercise Specialist, chapter 5 quiz, 45 min",
        0.75,
        T,
        "chapter 5 quiz",
        body="NASM",
    ),
    CR("NSCA - CEU quiz 0.2 CEUs - Oct 30", 0.2, "CEU", D(30, 10), "CEU quiz", body="NSCA"),
    CR(
        "AEA 2 CECs aqua arthritis workshop Sun",
        2,
        "CEC",
        SUN,
        "aqua arthritis workshop",
        body="AEA",
    ),
    CR(
        "ACE 2 CECs behavior change webinar 30 Oct",
        2,
        "CEC",
        D(30, 10),
        "behavior change",
        body="ACE",
    ),
    H("IDEA World - 3 sessions - 4.5 hours total - last month", 4.5, D(28, 10), "IDEA World"),
    H(
        "NETA - Group Fitness workshop 6h oct. 30th",
        6,
        D(30, 10),
        "Group Fitness workshop",
        body="NETA",
    ),
    H("Les Mills: BODYPUMP 120 launch training 3h Sat", 3, T, "BODYPUMP 120 launch training"),
]

DATES = [
    H("Mobility webinar 1h Oct 30", 1, D(30, 10), "Mobility webinar"),
    H("Nutrition seminar 3h 30 Oct", 3, D(30, 10), "Nutrition seminar"),
    H("Fascia workshop 5 hours November 3rd, 2026", 5, D(3), "Fascia workshop"),
    H("Posture webinar 1h on 2026-11-03", 1, D(3), "Posture webinar"),
    H("Balance training 2h 11/3/26", 2, D(3), "Balance training"),
    H("core workshop 2h the day before yesterday", 2, THU, "core workshop"),
    H("Mobility clinic 2h a week ago", 2, D(21), "Mobility clinic"),
    H("gait analysis course 6 hours three days ago", 6, WED, "gait analysis course"),
    H("Sleep & recovery webinar 1h sept 14", 1, D(14, 9), "Sleep & recovery webinar"),
    H("Posture workshop 2h this afternoon", 2, T, "Posture workshop"),
    H("Running gait seminar 3h tonight", 3, T, "Running gait seminar"),
    H("Kettlebell sport clinic 4h Sunday 11/22", 4, SUN, "Kettlebell sport clinic"),
    H("webinar 1h on 11/27", 1, FRI, "webinar"),
    H("Webinar 1h 27/11", 1, FRI, "Webinar"),
    H("webinar 1 hr Nov. 27", 1, FRI, "webinar"),
    H("Stretching webinar 1h 27th November", 1, FRI, "Stretching webinar"),
    H("Plyometrics clinic 3h this past Monday", 3, MON, "Plyometrics clinic"),
    H("nutrition for seniors 2h on Monday the 23rd", 2, MON, "nutrition for seniors"),
    H("Agility ladder clinic 2h on the 3rd", 2, D(3), "Agility ladder clinic"),
    H("Agility ladder clinic 2h 3rd Nov", 2, D(3), "Agility ladder clinic"),
    H("Agility ladder clinic 2h nov. 3rd", 2, D(3), "Agility ladder clinic"),
    H("Agility ladder clinic 2h 11-03", 2, D(3), "Agility ladder clinic"),
    H("Agility ladder clinic 2h Monday", 2, MON, "Agility ladder clinic"),
    H("Agility ladder clinic 2h mon", 2, MON, "Agility ladder clinic"),
    H("Agility ladder clinic 2h this morning", 2, T, "Agility ladder clinic"),
    H("Agility ladder clinic 2h last night", 2, YEST, "Agility ladder clinic"),
    H("Agility ladder clinic 2h earlier today", 2, T, "Agility ladder clinic"),
    H("Agility ladder clinic 2h 2 wks ago", 2, D(14), "Agility ladder clinic"),
    H("On Tuesday: 2h agility ladder clinic", 2, TUE, "agility ladder clinic"),
    H("Yesterday - 3h mobility course", 3, YEST, "mobility course"),
    H("Sat 21 Nov kettlebell clinic 3h", 3, D(21), "kettlebell clinic"),
    H("Wed 25/11 TRX course 2h", 2, WED, "TRX course"),
]

DURATIONS = [
    H("Foam roller workshop 3 1/2 hours", 3.5, T, "Foam roller workshop"),
    H("Pelvic floor webinar two and a half hours", 2.5, T, "Pelvic floor webinar"),
    H("Senior fitness course 1 and a half hours", 1.5, T, "Senior fitness course"),
    H("Lifestyle coaching course twelve hours", 12, T, "Lifestyle coaching course"),
    H("Nutrition cert module sixteen hours", 16, T, "Nutrition cert module"),
    H("fourteen hours Pilates mat course", 14, T, "Pilates mat course"),
    H("twenty hours mentorship", 20, T, "mentorship"),
    H("Group fitness leadership 2 hours 45 minutes", 2.75, T, "Group fitness leadership"),
    H("Program design 100 minutes", 100 / 60, T, "Program design"),
    H("TRX rip trainer 1 h 20 yesterday", 4 / 3, YEST, "TRX rip trainer"),
    H("BOSU 2-hour workshop", 2, T, "BOSU", "workshop"),
    H("a 2-hr webinar on hydration", 2, T, "webinar on hydration"),
    H("three-hour course in sports psychology", 3, T, "course in sports psychology"),
    H("6 contact hours motor learning course", 6, T, "motor learning course"),
    H("0.75 hours webinar on breathing", 0.75, T, "webinar on breathing"),
    H("1.5hours boxing for fitness workshop", 1.5, T, "boxing for fitness workshop"),
    H("2:30h mentorship call", 2.5, T, "mentorship call"),
    H("1:30 hrs webinar on ACL prevention", 1.5, T, "webinar on ACL prevention"),
    H("1h 5m quiz on anatomy", 1 + 5 / 60, T, "quiz on anatomy"),
    H("half an hour webinar on hydration", 0.5, T, "webinar on hydration"),
    H("webinar: 1 hour", 1, T, "webinar"),
    H("105 mins strength webinar", 1.75, T, "strength webinar"),
    H("2.5hr TRX workshop", 2.5, T, "TRX workshop"),
    H("3 hrs 15 mins kettlebell workshop", 3.25, T, "kettlebell workshop"),
    H("3hrs15 kettlebell workshop", 3.25, T, "kettlebell workshop"),
    H("webinar (1 h 45 min)", 1.75, T, "webinar"),
    H("1 hour and 15 minutes webinar", 1.25, T, "webinar"),
    H("an hour webinar on nutrition", 1, T, "webinar on nutrition"),
    H("90 min lecture x2", 3, T, "lecture"),
    H("2 x 45 min webinars", 1.5, T, "webinars"),
    H("Agility ladder clinic 3 hours 15", 3.25, T, "Agility ladder clinic"),
    H("Agility ladder clinic 1h15", 1.25, T, "Agility ladder clinic"),
    H("Agility ladder clinic 75 minutes", 1.25, T, "Agility ladder clinic"),
    H("Agility ladder clinic 1.25h", 1.25, T, "Agility ladder clinic"),
    H("Agility ladder clinic 2 ½ hrs", 2.5, T, "Agility ladder clinic"),
    H("Agility ladder clinic 120min", 2, T, "Agility ladder clinic"),
    H("Agility ladder clinic an hour and a half", 1.5, T, "Agility ladder clinic"),
    H("Agility ladder clinic one hour", 1, T, "Agility ladder clinic"),
    H("Agility ladder clinic ten hours", 10, T, "Agility ladder clinic"),
    H("Agility ladder clinic 1 hr and a half", 1.5, T, "Agility ladder clinic"),
    H("Agility ladder clinic one and a half hours", 1.5, T, "Agility ladder clinic"),
]

CREDITS = [
    CR(".2 CEU course on posture", 0.2, "CEU", T, "course on posture"),
    CR("0,3 CEU NASM webinar", 0.3, "CEU", T, "webinar", body="NASM"),
    CR("CEUs: 0.4 NSCA coaching webinar", 0.4, "CEU", T, "coaching webinar", body="NSCA"),
    CR("2 ACE CECs webinar on aging", 2, "CEC", T, "webinar on aging", body="ACE"),
    CR("1.9 CEUs (19 hours) NASM PES", 1.9, "CEU", T, "PES", body="NASM", hours=19),
    CR("20 CECs ACSM clinical exercise course", 20, "CEC", T, "clinical exercise", body="ACSM"),
    CR("0.1 CEU quiz yesterday", 0.1, "CEU", YEST, "quiz"),
    CR("Earned 1.5 CEC at the ACE symposium", 1.5, "CEC", T, "symposium", body="ACE"),
    CR("0.8 C.E.U.s ISSA nutrition", 0.8, "CEU", T, "nutrition", body="ISSA"),
    CR("1 credit ACE webinar", 1, "CEC", T, "webinar", body="ACE"),
    CR("NASM 0.6 CEUs Nutrition course, last Friday", 0.6, "CEU", D(27), "Nutrition", body="NASM"),
]

TITLES_WITH_NUMBERS = [
    H("Part 2/3 of mobility course 2h", 2, T, "Part 2/3 of mobility course"),
    H("Week 4 – Nutrition Coaching 101, 1.5h", 1.5, T, "Week 4", "Nutrition Coaching 101"),
    H("Module 3/5 Sports Nutrition 2 hours", 2, T, "Module 3/5 Sports Nutrition"),
    H("Lesson 4 - 45 min", 0.75, T, "Lesson 4"),
    H("Chapter 7 quiz 30 min", 0.5, T, "Chapter 7 quiz"),
    H("Pilates Reformer Level 2 (20 hrs)", 20, T, "Pilates Reformer Level 2"),
    H("Kettlebell Level 1 cert 8h", 8, T, "Kettlebell Level 1 cert"),
    H("Module 3 of 5 — 2h — yesterday", 2, YEST, "Module 3 of 5"),
    H("Unit 6 - 1 hr nutrition", 1, T, "Unit 6", "nutrition"),
    H("ACE IFT 2.0 update webinar 1h", 1, T, "IFT 2.0 update webinar", body="ACE"),
    H("NASM CPT 7th edition update 2h", 2, T, "CPT 7th edition update", body="NASM"),
    H("2-day workshop, 16 hours total", 16, T, "2-day workshop"),
    H("Precision Nutrition L1 chapter 12, 1 hour", 1, T, "Precision Nutrition L1 chapter 12"),
    H("Module 2 of 4 - 3h - Monday", 3, MON, "Module 2 of 4"),
    H("Level 1 - 2h Pilates mat", 2, T, "Level 1", "Pilates mat"),
]

# Found while probing after the first round (not part of the before/after figures).
PROBED = [
    H("Workshop, Sat & Sun, 16h", 16, D(21), "Workshop"),
    H("Workshop Sat-Sun 16h", 16, D(21), "Workshop"),
    H("Workshop Nov 21-22 16 hours", 16, D(21), "Workshop"),
    H("Pilates workshop 21-22 Nov 16h", 16, D(21), "Pilates workshop"),
    H("16h mobility workshop (Nov 21 & 22)", 16, D(21), "mobility workshop"),
    H("Duration: 2h, Topic: mobility, Date: 11/20", 2, D(20), "mobility"),
    H("hours: 3 - kettlebell workshop", 3, T, "kettlebell workshop"),
    H("quarter of an hour webinar on hydration", 0.25, T, "webinar on hydration"),
    H("three quarters of an hour webinar on sleep", 0.75, T, "webinar on sleep"),
    H("1 hour & 30 mins webinar", 1.5, T, "webinar"),
    H("webinar one hour thirty minutes", 1.5, T, "webinar"),
    H("webinar,2h,yesterday", 2, YEST, "webinar"),
    H("Workshop 9am-5pm yesterday", 8, YEST, "Workshop"),
    H("Workshop 2pm-4pm", 2, T, "Workshop"),
    H("1h webinar, twice", 2, T, "webinar"),
    H("two 1h webinars on gut health", 2, T, "webinars on gut health"),
    H("3h back pain workshop", 3, T, "back pain workshop"),
    H("2h webinar 30 hours ago", 2, YEST, "webinar"),
    H("2h workshop hosted by EXOS", 2, T, "workshop"),
    H("Course 101 - intro to kettlebells 2h", 2, T, "Course 101", "intro to kettlebells"),
    H("Nutrition Coaching 101 - an hour and a half - on the 3rd", 1.5, D(3), "Coaching 101"),
    H("1-1/2 hr webinar on pelvic floor", 1.5, T, "webinar on pelvic floor"),
    H("an hour-long webinar on sleep", 1, T, "webinar on sleep"),
    H("webinar 2h on November the 3rd", 2, D(3), "webinar"),
    H("webinar 2h Monday 23rd", 2, MON, "webinar"),
    H("2 hours webinar at 7pm", 2, T, "webinar"),
    H("Kids 10-12 yoga training 2h", 2, T, "Kids 10-12 yoga training"),
    CR("3h workshop worth 0.3 CEUs", 0.3, "CEU", T, "workshop", hours=3),
]

CASES = (
    YOGA
    + SPIN
    + STRENGTH
    + CPR
    + NON_NATIVE
    + PHONE
    + PROVIDER_FIRST
    + DATES
    + DURATIONS
    + CREDITS
    + TITLES_WITH_NUMBERS
    + PROBED
)

# words that say a date or a duration and must not be left in a title
_LEFTOVER = re.compile(
    r"\b(?:yesterday|yesterdya|yestrday|yday|yest|today|tonight|ago|back|morning|afternoon|"
    r"evening|night|earlier|last|past|just\s+now|mon|tue|tues|wed|thu|thur|thurs|thrusday|fri|"
    r"sat|sun|monday|tuesday|wednesday|thursday|friday|saturday|sunday|jan|feb|mar|apr|jun|jul|"
    r"aug|sep|sept|oct|nov|dec|november|october|september|wks?|weeks?|"
    r"hours?|hrs?|minutes?|mins?|ceus?|cecs?|c\.e\.u\.s|credits?)\b"
    r"|\b\d+(?:[.,]\d+)?\s*(?:h|hrs?|hours?|m|mins?|minutes?)\b"
    r"|\b\d{1,2}(?:st|nd|rd|th)\b|\b\d{1,2}[/.-]\d{1,2}(?:[/.-]\d{2,4})?\b|\b\d{4}-\d\d-\d\d\b"
    r"|[½¼¾]",
    re.IGNORECASE,
)


# punctuation left behind by what was taken out: "cert,, ", "workshop ,", "( )"
_UGLY = re.compile(r"[,;:]\s*[,;:]|\s[,;:]|\(\s*\)|^[^\w\"'“‘(\[]|[-,;:]$")


def _leftover(title: str, keep: tuple[str, ...]) -> list[str]:
    rest = title
    for word in keep:
        rest = re.sub(re.escape(word), " ", rest, flags=re.IGNORECASE)
    return [m.group(0) for m in _LEFTOVER.finditer(rest)]


def _enough_cases() -> None:
    assert len(CASES) >= 150
    assert len({c.text for c in CASES}) == len(CASES)


def check_good(case: Case) -> None:
    parsed = parse_log(case.text, TODAY)
    if case.hours is None:
        assert parsed.hours is None
    else:
        assert parsed.hours == pytest.approx(case.hours, abs=1e-6)
    if case.credits is None:
        assert parsed.credits is None
    else:
        assert parsed.credits == pytest.approx(case.credits)
        assert parsed.credit_unit == case.unit
    assert parsed.activity_date == case.when
    if case.body is not None:
        assert parsed.body == case.body
    if case.cpr is not None:
        assert parsed.is_cpr is case.cpr
    for word in case.has:
        assert word.lower() in parsed.title.lower(), parsed.title
    assert _leftover(parsed.title, case.has) == [], parsed.title
    assert not _UGLY.search(parsed.title), parsed.title


# --------------------------------------------------------------------------- refusals

BAD = [
    ("", "Try"),
    ("   ", "Try"),
    ("workshop yesterday", "duration"),
    ("kettlebell workshop", "duration"),
    ("0h workshop", "more than zero"),
    ("-2h workshop", "more than zero"),
    ("2-3h workshop", "range"),
    ("30-45 min webinar", "range"),
    ("2 to 3 hours seminar", "range"),
    ("between 2 and 3 hours of mobility", "range"),
    ("3h workshop tomorrow", "already done"),
    ("3h workshop next friday", "already done"),
    ("2h webinar next wk", "already done"),
    ("500 hours mentorship", "more than"),
    ("2h workshop 3h lab", "more than one duration"),
    ("0.5 CEU and 1 CEU course", "more than one credit"),
    ("2 day course", "hours"),
    ("half-day workshop", "hours"),
    ("weekend workshop", "duration"),
    ("3 jrs workshop", "duration"),
    ("3h workshop a few days ago", "Which day"),
    ("3h workshop 2/30/2026", "date"),
    ("3h workshop 1969-05-01", "1970"),
    ("3h workshop 2027-01-05", "future"),
    ("3h workshop on 12/25/2026", "future"),
    ("1h 75m webinar", "under 60"),
    ("2000 minutes course", "more than a day"),
    ("3 credits course", "CEUs or CECs"),
    ("x2 webinar", "duration"),
    ("<script>alert(1)</script>", "duration"),
    ("3h " * 400, "too long"),
    ("🤸‍♀️🤸‍♀️", "duration"),
    ("three", "duration"),
    ("h", "duration"),
    ("1/0 hours", "zero"),
    ("0 CEU", "more than zero"),
    ("-0.5 CEU", "more than zero"),
    ("1h webinar x2 x3", "x2"),
    ("3h workshop yesterday and 2 days ago", "more than one date"),
    ("99999999999999999999 hours", "more than"),
    ("nan hours", "duration"),
    ("inf h", "duration"),
    ("5h course 2026-13-45", "date"),
    ("\x00\x00", "Try"),
    ("webinar 3 hours ago", "duration"),
    ("2h webinar next month", "already done"),
    ("4h workshop the day after tomorrow", "already done"),
    ("2h course 31 Feb", "date"),
    ("2h webinar the other day", "Which day"),
    ("2h webinar earlier this week", "Which day"),
    ("Workshop from 9 to 12", "duration"),
]


def check_refused(text: str, fragment: str) -> None:
    with pytest.raises(LogError) as info:
        parse_log(text, TODAY)
    message = str(info.value)
    assert fragment.lower() in message.lower(), message
    assert "\n" not in message and 0 < len(message) <= 300
    assert "<script" not in message and "\x00" not in message
    assert "Try" in message or "?" in message


def _enough_refusals() -> None:
    assert len(BAD) >= 30


# --------------------------------------------------------------------------- free text

REPORTS = [
    "Just finished a 3 hour kettlebell workshop",
    "I did a 2h nutrition webinar this morning",
    "Completed 0.5 CEU NASM course today",
    "attended a 6 hour CPR/AED recert yesterday",
    "Finished module 3 of 5 of the PN course, 2 hours",
    "Took a 90 min webinar on pelvic floor health yesterday",
    "Watched a 1h15 ACE webinar on behavior change",
    "Just wrapped up a 4h TRX STC course!",
    "earned 2 CECs from ACE today",
    "Spent 3 hours on the NSCA online course yesterday",
    "went to a 2 hour mobility seminar last night",
    "yesterday I attended seminar of nutrition 2 hours",
    "Did 0.3 CEUs of ISSA coursework",
    "finished the 8 hour Les Mills RPM training on Sunday",
    "I have completed 10 hours of the yoga teacher training module",
    "Attended the IDEA World convention, 12 hours total",
    "just did a 45 minute anatomy lecture online",
    "completed CPR/AED 2-year recert, 4h",
    "Finally finished the 20 hour pre/postnatal course",
    "Finished 2 hours of spin instructor training",
    "did a 2h spin instructor workshop on Monday",
    "Done! 1.5 hour webinar on sleep and recovery",
    "Had a 3 hour workshop on kettlebells today",
    "Went through a 2h webinar on nutrition",
    "Sat in on a 2 hour lecture about biomechanics",
]

NOT_REPORTS = [
    "did a 45 min spin class",
    "Taught a 60 min spin class this morning",
    "ran 10k in 50 min",
    "How many hours is a CEU?",
    "does a 3 hour workshop count for NASM",
    "is a 2h webinar worth 0.2 CEUs",
    "I'm going to do a 4h workshop on Saturday",
    "Planning a 3 hour course next week",
    "I will attend an 8 hour CPR course tomorrow",
    "my client did a 2 hour nutrition course",
    "My coworker attended a 3h workshop yesterday",
    "She completed 0.5 CEU last week",
    "he did 4h of CPR training",
    "My students did a 2 hour first aid course today",
    "Lifted for 90 minutes yesterday",
    "did a 2 hour hike",
    "completed a 30 min HIIT workout",
    "Did 45 minutes of yoga",
    "did a 60 min yoga class",
    "the webinar took 2 hours but I didn't finish",
    "Can I log a 3 hour workshop from last year",
    "What counts as a CEU? I did a 2h course",
    "I wish I had done the 3 hour course",
    "Registered for a 6 hour workshop",
    "Signed up for the 10 hour course yesterday",
    "Hey coach, my 3 hour workshop got cancelled",
    "I missed the 2 hour webinar yesterday",
    "thinking about doing the 20 hour course",
    "Did you get my 3h workshop log",
    "Took my clients through a 45 min mobility session",
    "did a 3h spin marathon for charity",
    "Watched a 2 hour movie",
    "Did 3 hours of cardio",
    "Just finished teaching a 2h workshop",
    "my wife finished a 3 hour course today",
    "Our instructor did a 90 min webinar for us to watch later",
    "I led a 2 hour workshop for our staff",
    "Presented a 1 hour webinar at the ACE summit",
    "Can't believe I spent 3 hours on that course lol",
]


def check_offered(text: str) -> None:
    assert looks_like_log(text)
    parsed = parse_free_text_log(text, TODAY)
    assert (parsed.hours or 0) > 0 or (parsed.credits or 0) > 0


def check_not_offered(text: str) -> None:
    assert not looks_like_log(text)


def _enough_free_text() -> None:
    assert len(REPORTS) + len(NOT_REPORTS) >= 40
    assert len(REPORTS) >= 15 and len(NOT_REPORTS) >= 15


FREE_TEXT_PARSED = [
    ("Just finished a 3 hour kettlebell workshop", 3, T, "kettlebell workshop"),
    ("went to a 2 hour mobility seminar last night", 2, YEST, "mobility seminar"),
    ("yesterday I attended seminar of nutrition 2 hours", 2, YEST, "seminar of nutrition"),
    ("did a 2h spin instructor workshop on Monday", 2, MON, "spin instructor workshop"),
    ("Done! 1.5 hour webinar on sleep and recovery", 1.5, T, "webinar on sleep and recovery"),
    ("Finished the ACE webinar, 1.5 hours", 1.5, T, "ACE webinar"),
]


def check_free_text_parsed(text: str, hours: float, when: date, key: str) -> None:
    parsed = parse_free_text_log(text, TODAY)
    assert parsed.hours == pytest.approx(hours)
    assert parsed.activity_date == when
    assert key.lower() in parsed.title.lower()
    assert _leftover(parsed.title, (key,)) == []


def check_sizes() -> None:
    _enough_cases()
    _enough_refusals()
    _enough_free_text()


GOOD_CASES = [(case,) for case in CASES]
REFUSED_CASES = BAD
OFFERED = REPORTS
NOT_OFFERED = NOT_REPORTS
