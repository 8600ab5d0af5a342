"""/log figures: updates per second through the in-process transport with a real SQLite file, SQL
statements per /log (every statement SQLite runs, BEGIN/COMMIT/SAVEPOINT included, counted with
sqlite3's trace callback on a separate run), and /progress latency for a user with 2,000 activities.

Run: .venv/bin/python bench/log.py
"""

from __future__ import annotations

import asyncio
import random
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.transport import drive, summary  # noqa: E402
from bot import Settings, build_application  # noqa: E402
from runtime.botapi import Sim  # noqa: E402
from runtime.local import LocalRequest  # noqa: E402

PHRASES = [
    "3h kettlebell workshop",
    "90 min CPR refresher yesterday",
    "1.5 hours nutrition webinar",
    "workshop 2 hrs",
    "1h30m mobility course last friday",
    "0.5 CEU NASM course",
    "45 minutes podcast 2026-10-03",
    "3,5h conference 3 Oct",
]
N_LOG = 1000
N_HISTORY = 2000


N_TRACED = 200


async def count_statements(app, sim: Sim, storage) -> float:
    """Mean number of SQL statements per /log, traced on its own run (tracing slows the rate)."""
    seen: list[str] = []
    updates = [sim.inject_message(f"/log {PHRASES[i % len(PHRASES)]} traced", user_id=1 + i % 50)
               for i in range(N_TRACED)]  # fmt: skip
    storage.db.conn.set_trace_callback(seen.append)
    try:
        await drive(app, sim, updates)
    finally:
        storage.db.conn.set_trace_callback(None)
    return len(seen) / N_TRACED


async def main() -> None:
    sim = Sim()
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(db_path=f"{tmp}/bench.db", sweep_seconds=0, rate_limit=False)
        app = build_application(settings, request=LocalRequest(sim))
        storage = app.bot_data["services"].storage
        async with app:
            await drive(
                app,
                sim,
                [sim.inject_message("/cert NASM 2027-06-30", user_id=u) for u in range(1, 51)],
            )
            # distinct titles: the same hours and title twice on one day would ask "Log it again?"
            updates = [
                sim.inject_message(
                    f"/log {PHRASES[i % len(PHRASES)]}, round {i}", user_id=1 + i % 50
                )
                for i in range(N_LOG)
            ]
            cpu = time.process_time()
            rate, latencies = await drive(app, sim, updates)
            cpu = time.process_time() - cpu
            print(f"/log through the in-process transport, real SQLite file (WAL), {N_LOG} updates")
            print(
                f"  {rate:.0f} updates/s ({summary(latencies)}); {N_LOG / cpu:.0f} per CPU-second"
            )
            statements = await count_statements(app, sim, storage)
            print(
                f"  {statements:.1f} SQL statements per /log (mean over {N_TRACED} /log, traced run)"
            )
            simple = [
                sim.inject_message(f"/log 3h workshop, round {i}", user_id=1 + i % 50)
                for i in range(N_LOG)
            ]
            cpu = time.process_time()
            rate, latencies = await drive(app, sim, simple)
            cpu = time.process_time() - cpu
            print(f"  plain '/log 3h workshop' (no date parsing): {rate:.0f} updates/s ({summary(latencies)}); "
                  f"{N_LOG / cpu:.0f} per CPU-second")  # fmt: skip

            heavy = 999
            await drive(app, sim, [sim.inject_message("/cert NASM 2027-06-30", user_id=heavy),
                                   sim.inject_message("/cert ACE 2027-12-31", user_id=heavy)])  # fmt: skip
            rng = random.Random(1)
            start = date(2025, 1, 1)
            for i in range(N_HISTORY):
                storage.add_activity(heavy, heavy, 100000 + i, start + timedelta(days=rng.randrange(690)),
                                     f"activity {i}", rng.choice([0.5, 1.0, 1.5, 3.0]))  # fmt: skip
            progress = [sim.inject_message("/progress", user_id=heavy) for _ in range(100)]
            t0 = time.perf_counter()
            cpu = time.process_time()
            _, latencies = await drive(app, sim, progress)
            cpu = time.process_time() - cpu
            print(
                f"/progress for a user with {N_HISTORY} activities and 2 certifications, 100 runs"
            )
            print(f"  {summary(latencies)} (total {time.perf_counter() - t0:.2f} s); "
                  f"{cpu / len(progress) * 1000:.1f} CPU-ms each")  # fmt: skip


if __name__ == "__main__":
    asyncio.run(main())
