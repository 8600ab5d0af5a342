"""Shared benchmark plumbing: drive an Application through the in-process transport."""

from __future__ import annotations

import resource
import statistics
import time
from collections.abc import Sequence
from typing import Any

from telegram import Update
from telegram.ext import Application

from runtime.botapi import Sim


async def drive(
    app: Application, sim: Sim, payloads: Sequence[dict[str, Any]]
) -> tuple[float, list[float]]:
    """Feed prepared updates one by one; returns (updates per second, per-update latencies in ms)."""
    latencies = []
    start = time.perf_counter()
    for payload in payloads:
        t0 = time.perf_counter()
        await app.process_update(Update.de_json(payload, app.bot))
        latencies.append((time.perf_counter() - t0) * 1000)
    elapsed = time.perf_counter() - start
    sim.updates.clear()
    return len(payloads) / elapsed, latencies


def percentile(values: Sequence[float], pct: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(pct / 100 * (len(ordered) - 1))))]


def summary(values: Sequence[float]) -> str:
    return f"median {statistics.median(values):.2f} ms, p99 {percentile(values, 99):.2f} ms"


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
