"""RetryingRequest: 5xx answers and transport failures are retried with back-off, a bounded number
of times; 4xx (429 included: the rate limiter's) pass straight through."""

from __future__ import annotations

import pytest
from telegram.error import NetworkError, TimedOut
from telegram.request import BaseRequest

from runtime.request import RetryingRequest

URL = "https://api.example.invalid/bot123:SECRET/sendMessage"


class Scripted(BaseRequest):
    """Answers with the scripted (code, payload) pairs, or raises the scripted errors, in turn."""

    def __init__(self, *outcomes) -> None:
        self.outcomes = list(outcomes)
        self.calls = 0

    @property
    def read_timeout(self) -> float | None:
        return 5.0

    async def initialize(self) -> None:
        pass

    async def shutdown(self) -> None:
        pass

    async def do_request(self, url, method, request_data=None, **timeouts):
        self.calls += 1
        outcome = self.outcomes.pop(0)
        if isinstance(outcome, Exception):
            raise outcome
        return outcome


def retrying(inner: Scripted) -> tuple[RetryingRequest, list[float]]:
    delays: list[float] = []

    async def sleep(seconds: float) -> None:
        delays.append(seconds)

    return RetryingRequest(inner, retries=3, first_delay=0.5, max_delay=8.0, sleep=sleep), delays


OK = (200, b'{"ok":true,"result":true}')
ERROR_500 = (500, b'{"ok":false,"error_code":500,"description":"Internal Server Error"}')


async def test_5xx_and_timeouts_are_retried_with_back_off():
    inner = Scripted(ERROR_500, (502, b""), TimedOut(), NetworkError("reset"), OK)
    request, delays = retrying(inner)
    request.retries = 4
    assert await request.do_request(URL, "POST") == OK
    assert inner.calls == 5 and delays == [0.5, 1.0, 2.0, 4.0]


async def test_retries_are_bounded_then_the_last_answer_goes_up():
    inner = Scripted(ERROR_500, ERROR_500, ERROR_500, ERROR_500, OK)
    request, delays = retrying(inner)
    assert await request.do_request(URL, "POST") == ERROR_500
    assert inner.calls == 4 and delays == [0.5, 1.0, 2.0]
    with pytest.raises(NetworkError):  # through post(): python-telegram-bot raises it as usual
        await RetryingRequest(Scripted(*[ERROR_500] * 4), sleep=_no_sleep).post(URL)


async def test_a_timeout_that_lasts_goes_up_as_timed_out():
    inner = Scripted(*[TimedOut()] * 4)
    request, delays = retrying(inner)
    with pytest.raises(TimedOut):
        await request.do_request(URL, "POST")
    assert inner.calls == 4 and len(delays) == 3


@pytest.mark.parametrize("code", [400, 403, 404, 409, 429])
async def test_4xx_is_not_retried(code):
    answer = (code, b'{"ok":false,"error_code":%d,"description":"no"}' % code)
    inner = Scripted(answer, OK)
    request, delays = retrying(inner)
    assert await request.do_request(URL, "POST") == answer
    assert inner.calls == 1 and delays == []


async def test_the_log_line_names_the_method_not_the_url(caplog):
    request, _ = retrying(Scripted(ERROR_500, OK))
    await request.do_request(URL, "POST")
    assert "sendMessage failed (HTTP 500); retry 1 of 3" in caplog.text
    assert "SECRET" not in caplog.text


async def _no_sleep(seconds: float) -> None:
    pass
