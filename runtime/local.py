"""The in-process transport: a python-telegram-bot request object answered by the simulator.

The console chat, the handler tests and the benchmarks run the very same `Application` as
production through it, with no network.
"""

from __future__ import annotations

import json
from typing import Any

from telegram._utils.defaultvalue import DEFAULT_NONE
from telegram._utils.types import ODVInput
from telegram.request import BaseRequest, RequestData

from runtime.botapi import ApiError, Sim


class LocalRequest(BaseRequest):
    """Answers every Bot API request from a `Sim` in the same process."""

    def __init__(self, sim: Sim) -> None:
        self.sim = sim

    @property
    def read_timeout(self) -> float | None:
        return None

    async def initialize(self) -> None:
        return None

    async def shutdown(self) -> None:
        return None

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: ODVInput[float] = DEFAULT_NONE,
        write_timeout: ODVInput[float] = DEFAULT_NONE,
        connect_timeout: ODVInput[float] = DEFAULT_NONE,
        pool_timeout: ODVInput[float] = DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        if "/file/bot" in url:
            file_id = url.rsplit("/", 1)[-1]
            stored = self.sim.files.get(file_id)
            return (200, stored.content) if stored else (404, b"not found")
        api_method = url.rsplit("/", 1)[-1]
        params: dict[str, Any] = {}
        files: dict[str, tuple[str, bytes, str]] = {}
        if request_data is not None:
            params = dict(request_data.parameters)
            for name, part in (request_data.multipart_data or {}).items():
                filename, content, mime = part[0], part[1], part[2] if len(part) > 2 else ""
                if hasattr(content, "read"):
                    content = content.read()
                files[name] = (filename or name, content, mime or "application/octet-stream")
        try:
            result = await self.sim.call(api_method, params, files)
        except ApiError as exc:
            return exc.code, json.dumps(exc.payload()).encode()
        return 200, json.dumps({"ok": True, "result": result}).encode()
