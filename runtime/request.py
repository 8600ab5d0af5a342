"""Bot API requests that survive a bad moment: 5xx answers and timeouts are retried.

python-telegram-bot retries nothing by itself, and `AIORateLimiter` retries only 429 (after
`retry_after`). `RetryingRequest` wraps the HTTP request object and sends the same request again
when the Bot API answers 5xx or the request fails in transport (a timeout, a refused or reset
connection), with exponential back-off, a bounded number of times; then the last answer or error
goes up as usual (to the handler, then the error handler). 4xx answers, 429 included, pass straight
through: the rate limiter owns 429.

The retry happens below the handler, so a handler runs once per update and a `/log` confirmation is
sent once. (When a timeout hides a message Telegram did deliver, the retry can show it twice; the
Bot API has no idempotency key to prevent that. A 5xx means it was not sent.)
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from telegram.error import NetworkError
from telegram.request import BaseRequest, RequestData

log = logging.getLogger("recertbot.request")

RETRIES = 3
FIRST_DELAY = 0.5
MAX_DELAY = 8.0


class RetryingRequest(BaseRequest):
    """`inner` (an `HTTPXRequest`), with 5xx answers and transport failures retried."""

    def __init__(
        self,
        inner: BaseRequest,
        retries: int = RETRIES,
        first_delay: float = FIRST_DELAY,
        max_delay: float = MAX_DELAY,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self.inner = inner
        self.retries = retries
        self.first_delay = first_delay
        self.max_delay = max_delay
        self._sleep = sleep

    @property
    def read_timeout(self) -> float | None:
        return self.inner.read_timeout

    async def initialize(self) -> None:
        await self.inner.initialize()

    async def shutdown(self) -> None:
        await self.inner.shutdown()

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: Any = BaseRequest.DEFAULT_NONE,
        write_timeout: Any = BaseRequest.DEFAULT_NONE,
        connect_timeout: Any = BaseRequest.DEFAULT_NONE,
        pool_timeout: Any = BaseRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        api_method = url.rstrip("/").rsplit("/", 1)[-1]  # never the URL: it holds the token
        delay = self.first_delay
        for attempt in range(1, self.retries + 2):
            try:
                code, payload = await self.inner.do_request(
                    url,
                    method,
                    request_data=request_data,
                    read_timeout=read_timeout,
                    write_timeout=write_timeout,
                    connect_timeout=connect_timeout,
                    pool_timeout=pool_timeout,
                )
            except NetworkError as exc:  # TimedOut included; raised only for transport failures
                if attempt > self.retries:
                    raise
                what = type(exc).__name__
            else:
                if code < 500 or attempt > self.retries:
                    return code, payload
                what = f"HTTP {code}"
            log.warning(
                "%s failed (%s); retry %d of %d in %.1f s",
                api_method, what, attempt, self.retries, delay,
            )  # fmt: skip
            await self._sleep(delay)
            delay = min(delay * 2, self.max_delay)
        raise AssertionError("unreachable")  # pragma: no cover
