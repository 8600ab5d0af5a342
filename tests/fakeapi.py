"""A fake Telegram Bot API over real HTTP, for running the bot as a separate process.

`FakeApi` serves `runtime.botapi.Sim` (the one simulator; no second one here) on 127.0.0.1 at an
ephemeral port, from a background thread with its own event loop, so synchronous test code can
drive it:

    with FakeApi() as api, BotProcess(api, tmp_path / "bot.db") as bot:
        api.inject_message("/log 1h webinar", user_id=1001)
        replies = api.wait_replies(1001, 1)

Routes: ``POST/GET /bot<token>/<method>`` (JSON, form-urlencoded or multipart/form-data bodies; the
values of form fields are JSON-encoded the way python-telegram-bot sends them) and
``GET /file/bot<token>/<file_path>`` for downloads. A wrong token answers 401 like Telegram.

Fault switches (all thread-safe): `fail_next` (the next N calls answer 429 with retry_after, or
500), `hang_next` (the next N calls hang past the client's timeout and are then dropped, never
applied), `rate_limit` (429 above 30 messages a second overall or 1 a second in one chat), and
`unreachable` (the listening socket is closed and open connections are cut, so connecting is
refused, for a period or until `reachable()`).

`BotProcess` starts `bot.py` as a real subprocess against a `FakeApi` (stderr to a file).
Only 127.0.0.1 is used.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import copy
import itertools
import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from email.parser import BytesParser
from email.policy import HTTP
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from runtime.botapi import ApiError, SentFile, Sim
from tests.harness import button_data, buttons  # noqa: F401 - re-exported for the e2e tests

REPO = Path(__file__).resolve().parents[1]
TOKEN = "123456:TEST-fake-token_0123456789abcdefABCDEF"

# Calls that put a message in a chat: what the rate limits count.
MESSAGE_METHODS = frozenset(
    {"sendmessage", "senddocument", "sendphoto", "editmessagetext", "editmessagereplymarkup"}
)
# Form fields whose values are JSON structures (python-telegram-bot JSON-encodes them).
JSON_FIELDS = frozenset(
    {
        "reply_markup", "reply_parameters", "link_preview_options", "results", "commands",
        "allowed_updates", "entities", "caption_entities", "scope", "media", "button",
    }
)  # fmt: skip


@dataclass
class Fault:
    kind: str  # "429" | "500" | "hang"
    remaining: int
    methods: frozenset[str] | None  # lower-case method names; None: any method
    retry_after: int = 1
    hang_seconds: float = 20.0

    def applies(self, method: str) -> bool:
        return self.remaining > 0 and (self.methods is None or method in self.methods)


@dataclass
class CallRecord:
    at: float  # time.monotonic()
    method: str
    status: int  # HTTP status answered; 0: dropped (hang or unreachable)
    chat_id: str | None = None


@dataclass
class _Limits:
    overall: int = 30
    per_chat_seconds: float = 1.0
    retry_after: int = 1
    recent: deque = field(default_factory=deque)  # monotonic times of accepted messages
    last_in_chat: dict[str, float] = field(default_factory=dict)


def _decode_form(pairs: Iterable[tuple[str, str]]) -> dict[str, Any]:
    params: dict[str, Any] = {}
    for key, value in pairs:
        if key in JSON_FIELDS and value[:1] in ("{", "["):
            with contextlib.suppress(ValueError):
                params[key] = json.loads(value)
                continue
        params[key] = value
    return params


def parse_body(
    content_type: str, body: bytes
) -> tuple[dict[str, Any], dict[str, tuple[str, bytes, str]]]:
    """Bot API parameters and uploaded files from a request body (JSON, urlencoded, multipart)."""
    ctype = content_type.split(";", 1)[0].strip().lower()
    if not body:
        return {}, {}
    if ctype == "application/json":
        data = json.loads(body or b"{}")
        return (data if isinstance(data, dict) else {}), {}
    if ctype == "application/x-www-form-urlencoded":
        return _decode_form(parse_qsl(body.decode("utf-8"), keep_blank_values=True)), {}
    if ctype == "multipart/form-data":
        message = BytesParser(policy=HTTP).parsebytes(
            b"Content-Type: " + content_type.encode("latin-1") + b"\r\n\r\n" + body
        )
        fields: list[tuple[str, str]] = []
        files: dict[str, tuple[str, bytes, str]] = {}
        for part in message.iter_parts():
            name = part.get_param("name", header="content-disposition")
            payload = part.get_payload(decode=True) or b""
            filename = part.get_filename()
            if filename is not None:
                files[name] = (filename, payload, part.get_content_type())
            else:
                fields.append((name, payload.decode(part.get_content_charset() or "utf-8")))
        return _decode_form(fields), files
    raise ValueError(f"unsupported content type {content_type!r}")


def _response(status: int, body: bytes, content_type: str = "application/json") -> bytes:
    reason = {200: "OK", 400: "Bad Request", 401: "Unauthorized", 403: "Forbidden",
              404: "Not Found", 429: "Too Many Requests", 500: "Internal Server Error"}  # fmt: skip
    head = (
        f"HTTP/1.1 {status} {reason.get(status, 'Error')}\r\n"
        f"Content-Type: {content_type}\r\nContent-Length: {len(body)}\r\n"
        "Connection: keep-alive\r\n\r\n"
    )
    return head.encode("latin-1") + body


class FakeApi:
    """The Bot API simulator served over HTTP from a background thread. Use as a context manager."""

    def __init__(self, token: str = TOKEN, sim: Sim | None = None) -> None:
        self.token = token
        self.sim = sim or Sim()
        self.port = 0
        self.records: list[CallRecord] = []
        self._faults: list[Fault] = []
        self._limits: _Limits | None = None
        self._changed = threading.Condition()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._server: asyncio.AbstractServer | None = None
        self._conns: dict[asyncio.Task, asyncio.StreamWriter] = {}
        self._thread: threading.Thread | None = None
        self._reopen: asyncio.TimerHandle | None = None
        self._webhook_update_ids = itertools.count(500_000_001)
        self._listeners: list[Callable[[dict[str, Any]], None]] = []
        self.sim.on_send = self._sent_one

    # ---------- life cycle ----------
    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/bot"

    @property
    def file_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/file/bot"

    def start(self) -> FakeApi:
        ready = threading.Event()

        def run() -> None:
            loop = asyncio.new_event_loop()
            self._loop = loop
            asyncio.set_event_loop(loop)
            loop.run_until_complete(self._open())
            ready.set()
            loop.run_forever()
            loop.run_until_complete(self._close())
            pending = asyncio.all_tasks(loop)
            for task in pending:
                task.cancel()
            loop.run_until_complete(asyncio.gather(*pending, return_exceptions=True))
            loop.close()

        self._thread = threading.Thread(target=run, name="fake-bot-api", daemon=True)
        self._thread.start()
        if not ready.wait(10):
            raise RuntimeError("the fake Bot API did not start")
        return self

    def stop(self) -> None:
        if self._loop is not None and self._thread is not None:
            self._loop.call_soon_threadsafe(self._loop.stop)
            self._thread.join(10)
            self._thread = None

    def __enter__(self) -> FakeApi:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    async def _open(self) -> None:
        self._server = await asyncio.start_server(
            self._connection, "127.0.0.1", self.port, reuse_address=True
        )
        self.port = self._server.sockets[0].getsockname()[1]

    async def _close(self) -> None:
        self._drop_connections()

    def _drop_connections(self) -> None:
        """Stop listening and cut every open connection (clients see refused/reset)."""
        if self._server is not None:
            self._server.close()
            self._server = None
        for task, writer in list(self._conns.items()):
            writer.transport.abort()
            task.cancel()
        self._conns.clear()

    # ---------- thread-safe driver side ----------
    def _in_loop(self, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        """Run `fn` in the server's loop (the Sim lives there) and return its result."""
        assert self._loop is not None, "start() the fake API first"
        future: concurrent.futures.Future = concurrent.futures.Future()

        def run() -> None:
            try:
                future.set_result(fn(*args, **kwargs))
            except BaseException as exc:  # noqa: BLE001 - handed to the caller
                future.set_exception(exc)

        self._loop.call_soon_threadsafe(run)
        return future.result(timeout=10)

    def on_send(self, listener: Callable[[dict[str, Any]], None]) -> None:
        """Call `listener(message)` in the server's thread for every message the bot sends (and
        every edit, marked ``"edited": True``); it may call `sim.inject_*` directly."""
        self._listeners.append(listener)

    def schedule(self, delay: float, fn: Callable[..., Any], *args: Any) -> None:
        """Run `fn(*args)` in the server's thread after `delay` seconds (callable from any thread)."""
        assert self._loop is not None
        self._loop.call_soon_threadsafe(self._loop.call_later, delay, fn, *args)

    def _sent_one(self, message: dict[str, Any]) -> None:
        for listener in self._listeners:
            listener(message)
        self._notify()

    def _notify(self) -> None:
        with self._changed:
            self._changed.notify_all()

    def inject_message(self, text: str | None = None, **kwargs: Any) -> dict[str, Any]:
        """A user sends a message (`Sim.make_message` keywords: user_id, chat_id, chat_type, caption,
        document, photo, ...); returns the update."""
        return self._in_loop(self.sim.inject_message, text, **kwargs)

    def inject_messages(self, texts: Iterable[str], **kwargs: Any) -> list[dict[str, Any]]:
        """Several messages at once (one burst: they all wait for the next getUpdates together)."""
        texts = list(texts)
        return self._in_loop(lambda: [self.sim.inject_message(t, **kwargs) for t in texts])

    def inject_many(self, messages: Iterable[tuple[str, int]]) -> list[dict[str, Any]]:
        """A burst of (text, user_id) messages from several users."""
        messages = list(messages)
        return self._in_loop(lambda: [self.sim.inject_message(t, user_id=u) for t, u in messages])

    def inject_callback(
        self, message: dict[str, Any], data: str, user_id: int = 1001
    ) -> dict[str, Any]:
        return self._in_loop(self.sim.inject_callback, message, data, user_id)

    def inject_inline(self, query: str, user_id: int = 1001) -> dict[str, Any]:
        return self._in_loop(self.sim.inject_inline, query, user_id)

    def upload(self, content: bytes, filename: str, mime_type: str) -> SentFile:
        """A file as if a user had uploaded it; pass its file_id in a `document`/`photo`."""
        return self._in_loop(self.sim.upload, content, filename, mime_type)

    def make_update(self, text: str | None = None, **kwargs: Any) -> dict[str, Any]:
        """A message update as Telegram would POST it to a webhook (not queued for getUpdates)."""
        return self._in_loop(
            lambda: {
                "update_id": next(self._webhook_update_ids),
                "message": self.sim.make_message(text, **kwargs),
            }
        )

    def push_update(self, payload: dict[str, Any]) -> dict[str, Any]:
        return self._in_loop(self.sim.push_update, payload)

    @property
    def sent(self) -> list[dict[str, Any]]:
        """Everything the bot sent (edits appear again with ``"edited": True``), oldest first."""
        return self._in_loop(lambda: copy.deepcopy(self.sim.sent))

    def messages_to(self, chat_id: int) -> list[dict[str, Any]]:
        """Snapshots (later edits don't change them) of what the bot sent to `chat_id`."""
        return self._in_loop(lambda: copy.deepcopy(self.sim.messages_to(chat_id)))

    def count_to(self, chat_id: int) -> int:
        return self._in_loop(lambda: len(self.sim.messages_to(chat_id)))

    @property
    def confirmed_offset(self) -> int:
        return self._in_loop(lambda: self.sim.confirmed_offset)

    def pending_updates(self) -> int:
        """Updates not yet confirmed by a getUpdates offset."""
        return self._in_loop(lambda: len(self.sim.updates))

    def calls(self, method: str | None = None) -> list[CallRecord]:
        method = method.lower() if method else None
        return [r for r in list(self.records) if method is None or r.method == method]

    def download(self, file_id: str) -> bytes:
        return self._in_loop(lambda: self.sim.files[file_id].content)

    def wait_until(
        self, predicate: Callable[[], bool], timeout: float = 30, what: str = "a condition"
    ) -> None:
        """Block until `predicate()` holds (re-checked on every message the bot sends, at least every
        0.1 s); AssertionError after `timeout` seconds."""
        deadline = time.monotonic() + timeout
        while not predicate():  # never under the lock: the predicate may wait on the server's loop
            left = deadline - time.monotonic()
            if left <= 0:
                raise AssertionError(f"timed out after {timeout} s waiting for {what}")
            with self._changed:
                self._changed.wait(min(left, 0.1))

    def wait_replies(
        self, chat_id: int, count: int, since: int = 0, timeout: float = 30
    ) -> list[dict[str, Any]]:
        """Wait until the bot has sent at least `count` messages to `chat_id` after the first `since`
        ones; returns those messages."""
        self.wait_until(
            lambda: self.count_to(chat_id) >= since + count,
            timeout,
            f"{count} replies to chat {chat_id}",
        )
        return self.messages_to(chat_id)[since:]

    def ask(
        self, text: str, user_id: int = 1001, replies: int = 1, timeout: float = 30, **kwargs: Any
    ) -> list[dict[str, Any]]:
        """Send `text` as `user_id` and return the `replies` messages the bot sends back."""
        since = self.count_to(kwargs.get("chat_id") or user_id)
        self.inject_message(text, user_id=user_id, **kwargs)
        return self.wait_replies(kwargs.get("chat_id") or user_id, replies, since, timeout)

    def press(
        self,
        message: dict[str, Any],
        label_or_data: str,
        user_id: int = 1001,
        replies: int = 1,
        timeout: float = 30,
    ) -> list[dict[str, Any]]:
        """Press the inline button whose label contains `label_or_data` (or whose data equals it)."""
        chat_id = message["chat"]["id"]
        since = self.count_to(chat_id)
        self.inject_callback(message, button_data(message, label_or_data), user_id)
        return self.wait_replies(chat_id, replies, since, timeout)

    # ---------- fault switches ----------
    def fail_next(
        self,
        count: int,
        status: int = 429,
        methods: Iterable[str] | None = None,
        retry_after: int = 1,
    ) -> None:
        """The next `count` calls (of `methods`, default any) answer `status` (429 with retry_after, or 500)."""
        if status not in (429, 500):
            raise ValueError("status must be 429 or 500")
        self._add_fault(Fault(str(status), count, _methods(methods), retry_after=retry_after))

    def hang_next(
        self, count: int, seconds: float = 20.0, methods: Iterable[str] | None = None
    ) -> None:
        """The next `count` calls hang `seconds` (past the client's timeout), then the connection is
        cut; the call is never applied."""
        self._add_fault(Fault("hang", count, _methods(methods), hang_seconds=seconds))

    def _add_fault(self, fault: Fault) -> None:
        self._in_loop(self._faults.append, fault)

    def clear_faults(self) -> None:
        self._in_loop(self._faults.clear)
        self.rate_limit(False)

    def faults_left(self) -> int:
        return self._in_loop(lambda: sum(f.remaining for f in self._faults))

    def rate_limit(
        self,
        enabled: bool = True,
        overall: int = 30,
        per_chat_seconds: float = 1.0,
        retry_after: int = 1,
    ) -> None:
        """Answer 429 above `overall` messages a second in all, or more than one a chat per
        `per_chat_seconds`, like Telegram's flood control."""
        limits = _Limits(overall, per_chat_seconds, retry_after) if enabled else None
        self._in_loop(setattr, self, "_limits", limits)

    def unreachable(self, seconds: float | None = None) -> None:
        """Close the listening socket and cut open connections (connecting is refused), for
        `seconds` or until `reachable()`."""

        def down() -> None:
            if self._reopen is not None:
                self._reopen.cancel()
                self._reopen = None
            self._drop_connections()
            if seconds is not None:
                self._reopen = self._loop.call_later(
                    seconds, lambda: asyncio.ensure_future(self._open())
                )

        self._in_loop(down)

    def reachable(self) -> None:
        def up() -> Any:
            if self._reopen is not None:
                self._reopen.cancel()
                self._reopen = None
            return asyncio.run_coroutine_threadsafe(self._open(), self._loop)

        assert self._loop is not None
        if self._in_loop(lambda: self._server is None):
            self._in_loop(up).result(10)

    def is_reachable(self) -> bool:
        return self._in_loop(lambda: self._server is not None)

    # ---------- HTTP side (in the server's loop) ----------
    async def _connection(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        self._conns[task] = writer
        try:
            while True:
                try:
                    head = await reader.readuntil(b"\r\n\r\n")
                except (asyncio.IncompleteReadError, asyncio.LimitOverrunError, ConnectionError):
                    return
                lines = head.decode("latin-1").split("\r\n")
                method, target, _ = lines[0].split(" ", 2)
                headers = {}
                for line in lines[1:]:
                    if ":" in line:
                        key, value = line.split(":", 1)
                        headers[key.strip().lower()] = value.strip()
                body = await self._read_body(reader, headers)
                answer = await self._route(method, target, headers, body)
                if answer is None:  # dropped: cut the connection without an answer
                    writer.transport.abort()
                    return
                writer.write(answer)
                await writer.drain()
                if headers.get("connection", "").lower() == "close":
                    return
        except (asyncio.CancelledError, ConnectionError, asyncio.IncompleteReadError):
            writer.transport.abort()
        finally:
            self._conns.pop(task, None)
            with contextlib.suppress(Exception):
                writer.close()

    @staticmethod
    async def _read_body(reader: asyncio.StreamReader, headers: dict[str, str]) -> bytes:
        if headers.get("transfer-encoding", "").lower() == "chunked":
            chunks = []
            while True:
                size = int((await reader.readuntil(b"\r\n")).split(b";")[0], 16)
                chunk = await reader.readexactly(size + 2)
                if size == 0:
                    return b"".join(chunks)
                chunks.append(chunk[:-2])
        return await reader.readexactly(int(headers.get("content-length") or 0))

    async def _route(
        self, http_method: str, target: str, headers: dict[str, str], body: bytes
    ) -> bytes | None:
        url = urlsplit(target)
        path = url.path
        if path.startswith("/file/bot"):
            token, _, file_path = path.removeprefix("/file/bot").partition("/")
            if token != self.token:
                return _response(401, b'{"ok":false,"error_code":401,"description":"Unauthorized"}')
            stored = self.sim.files.get(file_path.rsplit("/", 1)[-1])
            if stored is None:
                return _response(404, b'{"ok":false,"error_code":404,"description":"Not Found"}')
            return _response(200, stored.content, "application/octet-stream")
        if not path.startswith("/bot") or path.count("/") != 2:
            return _response(404, b'{"ok":false,"error_code":404,"description":"Not Found"}')
        token, api_method = path.removeprefix("/bot").split("/", 1)
        if token != self.token:
            return _response(401, b'{"ok":false,"error_code":401,"description":"Unauthorized"}')
        try:
            params, files = parse_body(headers.get("content-type", ""), body)
        except ValueError as exc:
            error = ApiError(400, f"Bad Request: {exc}")
            return _response(400, json.dumps(error.payload()).encode())
        params = {**_decode_form(parse_qsl(url.query)), **params}
        method = api_method.lower()
        chat = str(params["chat_id"]) if "chat_id" in params else None
        record = CallRecord(time.monotonic(), method, 0, chat)
        self.records.append(record)
        try:
            fault = next((f for f in self._faults if f.applies(method)), None)
            if fault is not None:
                fault.remaining -= 1
                if fault.kind == "hang":
                    await asyncio.sleep(fault.hang_seconds)
                    return None
                if fault.kind == "429":
                    raise ApiError(
                        429,
                        f"Too Many Requests: retry after {fault.retry_after}",
                        fault.retry_after,
                    )
                raise ApiError(500, "Internal Server Error")
            self._check_rate(method, chat)
            result = await self.sim.call(api_method, params, files)
        except ApiError as exc:
            record.status = exc.code
            return _response(exc.code, json.dumps(exc.payload()).encode())
        finally:
            self._notify()
        record.status = 200
        return _response(200, json.dumps({"ok": True, "result": result}).encode())

    def _check_rate(self, method: str, chat: str | None) -> None:
        limits = self._limits
        if limits is None or method not in MESSAGE_METHODS:
            return
        now = time.monotonic()
        while limits.recent and now - limits.recent[0] >= 1.0:
            limits.recent.popleft()
        too_fast_in_chat = (
            chat is not None and now - limits.last_in_chat.get(chat, -1e9) < limits.per_chat_seconds
        )
        if len(limits.recent) >= limits.overall or too_fast_in_chat:
            raise ApiError(
                429, f"Too Many Requests: retry after {limits.retry_after}", limits.retry_after
            )
        limits.recent.append(now)
        if chat is not None:
            limits.last_in_chat[chat] = now


def _methods(methods: Iterable[str] | None) -> frozenset[str] | None:
    return None if methods is None else frozenset(m.lower() for m in methods)


def text_of(message: dict[str, Any]) -> str:
    return message.get("text") or message.get("caption") or ""


def replies_by_item(api: FakeApi, user_id: int, item: re.Pattern[str]) -> dict[int, list[str]]:
    """The bot's replies to `user_id`, grouped by the item number `item` finds in each."""
    by_item: dict[int, list[str]] = {}
    for message in api.messages_to(user_id):
        found = item.search(text_of(message))
        if found:
            by_item.setdefault(int(found.group(1)), []).append(text_of(message))
    return by_item


def db_rows(db_path: Path | str, sql: str, params: tuple = ()) -> list[tuple]:
    """Read the bot's database directly (read-only), as an auditor would."""
    import sqlite3

    conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


WEBHOOK_SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"


def post_webhook(
    port: int,
    update: dict[str, Any],
    secret: str | None,
    path: str = "/telegram",
    timeout: float = 60,
) -> int:
    """POST one update to the bot's webhook the way Telegram does; the HTTP status, or 0 when there
    was no answer (connection refused or cut, timeout)."""
    import http.client
    import urllib.error
    import urllib.request

    headers = {"Content-Type": "application/json"}
    if secret is not None:
        headers[WEBHOOK_SECRET_HEADER] = secret
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}{path}", json.dumps(update).encode(), headers, method="POST"
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status
    except urllib.error.HTTPError as exc:
        return exc.code
    except (OSError, http.client.HTTPException):  # URLError, refused, reset, timeout
        return 0


def deliver_webhook(
    port: int,
    updates: list[dict[str, Any]],
    secret: str | None,
    connections: int = 40,
    path: str = "/telegram",
) -> concurrent.futures.Future:
    """Deliver `updates` like Telegram: up to `connections` requests at once (Telegram's default
    `max_connections`). Returns at once; the future's result maps update_id to HTTP status
    (0: no answer), and Telegram would redeliver every update not answered 2xx."""
    pool = concurrent.futures.ThreadPoolExecutor(connections, thread_name_prefix="telegram-post")

    def post_all() -> dict[int, int]:
        statuses = pool.map(lambda u: post_webhook(port, u, secret, path), updates)
        result = {u["update_id"]: status for u, status in zip(updates, statuses, strict=True)}
        pool.shutdown(wait=False)
        return result

    runner = concurrent.futures.ThreadPoolExecutor(1, thread_name_prefix="telegram-deliver")
    future = runner.submit(post_all)
    runner.shutdown(wait=False)
    return future


def listening(port: int) -> bool:
    import socket

    with socket.socket() as sock:
        sock.settimeout(0.2)
        return sock.connect_ex(("127.0.0.1", port)) == 0


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class BotProcess:
    """`python bot.py` as a real process against a FakeApi; stderr (the logs) goes to a file."""

    def __init__(
        self,
        api: FakeApi,
        db_path: Path | str,
        log_path: Path | str | None = None,
        env: dict[str, str] | None = None,
    ) -> None:
        self.api = api
        self.db_path = Path(db_path)
        self.log_path = Path(log_path or self.db_path.with_suffix(".log"))
        self.extra_env = env or {}
        self.process: subprocess.Popen | None = None
        self._log_file: Any = None

    def environment(self) -> dict[str, str]:
        env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "HOME": os.environ.get("HOME", "/tmp"),
            "LANG": "C.UTF-8",
            "PYTHONUNBUFFERED": "1",
            "TELEGRAM_BOT_TOKEN": self.api.token,
            "TELEGRAM_BASE_URL": self.api.base_url,
            "TELEGRAM_BASE_FILE_URL": "",
            "RECERTBOT_DB": str(self.db_path),
            "RECERTBOT_SWEEP_SECONDS": "0",  # no sweep: its first run, 1 s after start, would race the tests
            "RECERTBOT_TIMEZONE": "UTC",
            "RECERTBOT_WEBHOOK_URL": "",  # empty wins over a developer's .env
            "RECERTBOT_WEBHOOK_SECRET": "",
        }
        env.update(self.extra_env)
        return env

    def start(self, wait_polling: bool = True, timeout: float = 30) -> BotProcess:
        """Start the bot; with `wait_polling`, wait until it asks for updates."""
        polls = len(self.api.calls("getUpdates"))
        self._log_file = open(self.log_path, "ab")  # noqa: SIM115 - closed in wait()/kill()
        self.process = subprocess.Popen(
            [sys.executable, str(REPO / "bot.py")],
            cwd=REPO,
            env=self.environment(),
            stdin=subprocess.DEVNULL,
            stdout=self._log_file,
            stderr=self._log_file,
        )
        if wait_polling:
            self.api.wait_until(
                lambda: len(self.api.calls("getUpdates")) > polls or not self.alive(),
                timeout,
                "the bot to start polling",
            )
            assert self.alive(), f"the bot exited early:\n{self.logs()}"
        return self

    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    @property
    def pid(self) -> int:
        assert self.process is not None
        return self.process.pid

    def kill(self) -> None:
        """kill -9."""
        if self.alive():
            self.process.send_signal(signal.SIGKILL)
        self.wait(10)

    def terminate(self) -> None:
        """SIGTERM: a graceful stop."""
        if self.alive():
            self.process.send_signal(signal.SIGTERM)

    def wait(self, timeout: float) -> int:
        assert self.process is not None
        code = self.process.wait(timeout)
        if self._log_file is not None:
            self._log_file.close()
            self._log_file = None
        return code

    def logs(self) -> str:
        return (
            self.log_path.read_text(encoding="utf-8", errors="replace")
            if self.log_path.exists()
            else ""
        )

    def peak_rss_kib(self) -> int | None:
        """The process's peak resident memory (VmHWM), while it runs."""
        try:
            for line in Path(f"/proc/{self.pid}/status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
        except OSError:
            return None
        return None

    def __enter__(self) -> BotProcess:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        if self.alive():
            self.terminate()
            try:
                self.wait(10)
            except subprocess.TimeoutExpired:
                self.kill()
        elif self.process is not None:
            self.wait(1)
