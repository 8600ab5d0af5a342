"""End-to-end load: many simulated users talking to bot.py (a real process) over the fake Bot API.

Each user arrives during the ramp and sends a few messages, one after another, each as soon as the
previous one was answered: a mix of questions, /log and /progress. Prints updates handled per
second, p50/p95 reply latency (message in the fake -> reply in the fake) and the bot's peak memory
(VmHWM of its process). Bounded in users, messages and time; 127.0.0.1 only.

Run: .venv/bin/python bench/e2e_load.py [--users 1000] [--messages 3] [--ramp 120] [--max-seconds 400]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.fakeapi import BotProcess, FakeApi, db_rows  # noqa: E402

SCRIPT = (  # what a user sends, in turn (each user starts at a different point)
    "do CEUs count toward a degree?",
    "/log 1h bench webinar",
    "how many hours is 2.0 NASM CEUs?",
    "/progress",
    "whats the diference between cec and ceu",
    "/log 90 min kettlebell workshop",
)
FIRST_USER = 100_000


class Load:
    """Drives the users from the fake server's own thread (no cross-thread hops per message)."""

    def __init__(self, api: FakeApi, users: int, messages: int) -> None:
        self.api = api
        self.users = users
        self.messages = messages
        self.sent_at: dict[int, float] = {}  # chat -> when its pending message was injected
        self.count: dict[int, int] = {}  # chat -> messages injected so far
        self.latencies: list[float] = []
        self.first = self.last = 0.0
        self.done = threading.Event()
        api.on_send(self.on_reply)

    def start_user(self, index: int) -> None:
        self.count[FIRST_USER + index] = 0
        self.send(FIRST_USER + index)

    def send(self, chat: int) -> None:
        n = self.count[chat]
        self.count[chat] = n + 1
        now = time.monotonic()
        self.first = self.first or now
        self.sent_at[chat] = now
        self.api.sim.inject_message(SCRIPT[(chat + n) % len(SCRIPT)], user_id=chat)

    def on_reply(self, message: dict[str, Any]) -> None:
        chat = message["chat"]["id"]
        started = self.sent_at.pop(chat, None)
        if message.get("edited") or started is None:
            return  # an edit, or a second message for the same update
        self.last = time.monotonic()
        self.latencies.append(self.last - started)
        if self.count[chat] < self.messages:
            self.send(chat)
        elif len(self.latencies) == self.users * self.messages:
            self.done.set()


def percentile(values: list[float], q: float) -> float:
    return (
        statistics.quantiles(values, n=100, method="inclusive")[int(q) - 1]
        if len(values) > 1
        else values[0]
    )


def run(users: int, messages: int, ramp: float, max_seconds: float) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp, FakeApi() as api:
        bot = BotProcess(api, Path(tmp) / "bench.db").start()
        try:
            rss_start = bot.peak_rss_kib() or 0
            load = Load(api, users, messages)
            for index in range(users):
                api.schedule(ramp * index / users, load.start_user, index)
            finished = load.done.wait(max_seconds)
            rss_peak = bot.peak_rss_kib() or 0
            cpu = _cpu_seconds(bot.pid)
        finally:
            bot.terminate()
            bot.wait(15)
        latencies = sorted(load.latencies)
        logged = db_rows(Path(tmp) / "bench.db", "select count(*) from activities")[0][0]
        elapsed = (load.last - load.first) or 1e-9
        return {
            "finished": float(finished),
            "updates": float(len(latencies)),
            "expected": float(users * messages),
            "seconds": elapsed,
            "updates_per_s": len(latencies) / elapsed,
            "p50_ms": percentile(latencies, 50) * 1000,
            "p95_ms": percentile(latencies, 95) * 1000,
            "max_ms": latencies[-1] * 1000,
            "rss_start_mib": rss_start / 1024,
            "rss_peak_mib": rss_peak / 1024,
            "bot_cpu_s": cpu,
            "activities": float(logged),
            "http_429": float(sum(1 for r in api.calls() if r.status == 429)),
        }


def _cpu_seconds(pid: int) -> float:
    import os

    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=1000)
    parser.add_argument("--messages", type=int, default=3, help="messages per user (1-6)")
    parser.add_argument("--ramp", type=float, default=120.0, help="seconds over which users arrive")
    parser.add_argument("--max-seconds", type=float, default=400.0, help="give up after this")
    args = parser.parse_args(argv)
    if not (1 <= args.users <= 5000 and 1 <= args.messages <= len(SCRIPT)):
        parser.error("--users 1..5000, --messages 1..6")
    r = run(args.users, args.messages, args.ramp, args.max_seconds)
    offered = args.users * args.messages / args.ramp if args.ramp else float("inf")
    print(f"users {args.users}, {args.messages} messages each, ramp {args.ramp:.0f} s "
          f"(offered ~{offered:.0f} updates/s)")  # fmt: skip
    print(f"answered {r['updates']:.0f}/{r['expected']:.0f} in {r['seconds']:.1f} s: "
          f"{r['updates_per_s']:.1f} updates/s")  # fmt: skip
    print(
        f"reply latency p50 {r['p50_ms']:.0f} ms, p95 {r['p95_ms']:.0f} ms, max {r['max_ms']:.0f} ms"
    )
    print(f"bot RSS: {r['rss_start_mib']:.0f} MiB after start-up, peak {r['rss_peak_mib']:.0f} MiB (VmHWM); "
          f"CPU {r['bot_cpu_s']:.1f} s")  # fmt: skip
    print(f"activities stored {r['activities']:.0f}; HTTP 429 answered {r['http_429']:.0f}")
    return 0 if r["finished"] else 1


if __name__ == "__main__":
    sys.exit(main())
