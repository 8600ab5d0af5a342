"""A Bot API simulator: the state machine behind the in-process transport and the tests' fake server.

It answers the Bot API methods the bot uses the way Telegram does where it matters (objects shaped
like Telegram's, dates in seconds, `bot_command` entities, getUpdates offset semantics with long
polling, HTML and size checks that Telegram would refuse), keeps every message the bot sent, and
lets a driver inject user messages, button presses, inline queries and files.
"""

from __future__ import annotations

import asyncio
import itertools
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any

MAX_TEXT = 4096
MAX_CAPTION = 1024
MAX_CALLBACK_DATA = 64
ALLOWED_TAGS = {
    "b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "a", "code", "pre",
    "tg-spoiler", "span", "blockquote", "tg-emoji",
}  # fmt: skip


class ApiError(Exception):
    """A Bot API error answer (``{"ok": false, ...}``)."""

    def __init__(self, code: int, description: str, retry_after: int | None = None):
        super().__init__(description)
        self.code = code
        self.description = description
        self.retry_after = retry_after

    def payload(self) -> dict[str, Any]:
        body: dict[str, Any] = {
            "ok": False,
            "error_code": self.code,
            "description": self.description,
        }
        if self.retry_after is not None:
            body["parameters"] = {"retry_after": self.retry_after}
        return body


class _HtmlCheck(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.stack: list[str] = []
        self.error: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in ALLOWED_TAGS:
            self.error = self.error or f'unsupported start tag "{tag}"'
        self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack[-1] != tag:
            self.error = self.error or f'unexpected end tag "{tag}"'
        else:
            self.stack.pop()

    def handle_entityref(self, name: str) -> None:
        if name not in {"lt", "gt", "amp", "quot"}:
            self.error = self.error or f'unsupported entity "&{name};"'


def check_html(text: str) -> str:
    """The visible text of Telegram-HTML `text`; raises ApiError where Telegram would refuse it."""
    if re.search(r"<(?![a-zA-Z/])", text):
        raise ApiError(400, "Bad Request: can't parse entities: unescaped <")
    checker = _HtmlCheck()
    checker.feed(text)
    checker.close()
    if checker.error or checker.stack:
        raise ApiError(400, f"Bad Request: can't parse entities: {checker.error or 'unclosed tag'}")
    visible = re.sub(r"<[^>]+>", "", text)
    return (
        visible.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", '"')
        .replace("&amp;", "&")
    )


def _check_markup(markup: Any) -> dict | None:
    if markup in (None, ""):
        return None
    if isinstance(markup, str):
        import json

        markup = json.loads(markup)
    for row in markup.get("inline_keyboard", []):
        for button in row:
            data = button.get("callback_data")
            if data is not None and len(data.encode()) > MAX_CALLBACK_DATA:
                raise ApiError(400, "Bad Request: BUTTON_DATA_INVALID")
    return markup


@dataclass
class SentFile:
    file_id: str
    file_unique_id: str
    filename: str
    content: bytes
    mime_type: str = "application/octet-stream"


@dataclass
class Sim:
    """The simulator's state. Drive it with `inject_*`, read `sent`."""

    bot_id: int = 7000000001
    bot_username: str = "recertbot_test_bot"
    on_send: Callable[[dict[str, Any]], None] | None = None
    updates: list[dict[str, Any]] = field(default_factory=list)
    sent: list[dict[str, Any]] = field(default_factory=list)
    calls: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    files: dict[str, SentFile] = field(default_factory=dict)
    commands: list[dict[str, Any]] = field(default_factory=list)
    inline_answers: list[dict[str, Any]] = field(default_factory=list)
    callback_answers: list[dict[str, Any]] = field(default_factory=list)
    confirmed_offset: int = 0
    blocked: set[int] = field(default_factory=set)  # users who blocked the bot
    private_chats: set[int] = field(default_factory=set)  # users who have started a private chat
    clock: Callable[[], float] = (
        time.time
    )  # message dates (seconds); tests pass their controllable clock

    def __post_init__(self) -> None:
        self._update_ids = itertools.count(1)
        self._message_ids: dict[int, int] = {}  # chat id -> last message id used
        self._file_ids = itertools.count(1)
        self._callback_ids = itertools.count(1)
        self._messages: dict[tuple[int, int], dict[str, Any]] = {}
        self._new_update = asyncio.Event()

    # ---------- driver side ----------
    def user(self, user_id: int = 1001, first_name: str = "Tess") -> dict[str, Any]:
        return {"id": user_id, "is_bot": False, "first_name": first_name, "language_code": "en"}

    def _chat(self, chat_id: int, chat_type: str, user: dict[str, Any]) -> dict[str, Any]:
        if chat_type == "private":
            return {"id": chat_id, "type": "private", "first_name": user["first_name"]}
        return {"id": chat_id, "type": chat_type, "title": "Trainers group"}

    def _next_message_id(self, chat_id: int) -> int:
        self._message_ids[chat_id] = self._message_ids.get(chat_id, 0) + 1
        return self._message_ids[chat_id]

    def last_message_id(self, chat_id: int) -> int:
        """The id of the latest message in `chat_id` (0 when none)."""
        return self._message_ids.get(chat_id, 0)

    def continue_message_ids(self, chat_id: int, after: int) -> None:
        """Number the chat's next messages from `after + 1` (ids of an earlier session)."""
        self._message_ids[chat_id] = max(self._message_ids.get(chat_id, 0), after)

    def push_update(self, payload: dict[str, Any]) -> dict[str, Any]:
        update = {"update_id": next(self._update_ids), **payload}
        self.updates.append(update)
        self._new_update.set()
        return update

    def make_message(
        self,
        text: str | None = None,
        *,
        user_id: int = 1001,
        chat_id: int | None = None,
        chat_type: str = "private",
        caption: str | None = None,
        document: dict[str, Any] | None = None,
        photo: list[dict[str, Any]] | None = None,
        location: dict[str, float] | None = None,
        reply_to: dict[str, Any] | None = None,
        sticker: bool = False,
        voice: bool = False,
    ) -> dict[str, Any]:
        user = self.user(user_id)
        chat_id = user_id if chat_id is None else chat_id
        message: dict[str, Any] = {
            "message_id": self._next_message_id(chat_id),
            "from": user,
            "chat": self._chat(chat_id, chat_type, user),
            "date": int(self.clock()),
        }
        if text is not None:
            message["text"] = text
            entities = _command_entities(text)
            if entities:
                message["entities"] = entities
        if caption is not None:
            message["caption"] = caption
            entities = _command_entities(caption)
            if entities:
                message["caption_entities"] = entities
        if document is not None:
            message["document"] = document
        if photo is not None:
            message["photo"] = photo
        if location is not None:
            message["location"] = location
        if sticker:
            message["sticker"] = {
                "file_id": "sticker1", "file_unique_id": "s1", "type": "regular",
                "width": 512, "height": 512, "is_animated": False, "is_video": False,
            }  # fmt: skip
        if voice:
            message["voice"] = {"file_id": "voice1", "file_unique_id": "v1", "duration": 3}
        if reply_to is not None:
            message["reply_to_message"] = reply_to
        self._messages[(chat_id, message["message_id"])] = message
        if chat_type == "private":
            self.private_chats.add(user_id)
        return message

    def inject_message(self, text: str | None = None, **kwargs: Any) -> dict[str, Any]:
        """A user sends a message; returns the update."""
        return self.push_update({"message": self.make_message(text, **kwargs)})

    def inject_edited(self, message: dict[str, Any], new_text: str) -> dict[str, Any]:
        edited = {**message, "text": new_text, "edit_date": int(self.clock())}
        return self.push_update({"edited_message": edited})

    def inject_callback(
        self, message: dict[str, Any], data: str, user_id: int = 1001
    ) -> dict[str, Any]:
        """A user presses an inline button with `data` under the bot's `message`."""
        query = {
            "id": str(next(self._callback_ids)),
            "from": self.user(user_id),
            "message": message,
            "chat_instance": "ci-1",
            "data": data,
        }
        return self.push_update({"callback_query": query})

    def inject_inline(self, query: str, user_id: int = 1001) -> dict[str, Any]:
        inline = {
            "id": str(next(self._callback_ids)),
            "from": self.user(user_id),
            "query": query,
            "offset": "",
        }
        return self.push_update({"inline_query": inline})

    def upload(self, content: bytes, filename: str, mime_type: str) -> SentFile:
        """A file as if a user had uploaded it (returns its Telegram file ids)."""
        number = next(self._file_ids)
        stored = SentFile(f"FILE{number}", f"U{number}", filename, content, mime_type)
        self.files[stored.file_id] = stored
        return stored

    def messages_to(self, chat_id: int) -> list[dict[str, Any]]:
        return [m for m in self.sent if m["chat"]["id"] == chat_id]

    # ---------- Bot API side ----------
    async def call(
        self, method: str, params: dict[str, Any], files: dict[str, tuple[str, bytes, str]]
    ) -> Any:
        """Answer one Bot API call; raises ApiError for an error answer."""
        self.calls.append((method, params))
        handler = getattr(self, "_m_" + method.lower(), None)
        if handler is None:
            raise ApiError(404, "Not Found: method not found")
        result = handler(params, files)
        if asyncio.iscoroutine(result):
            result = await result
        return result

    def _bot_user(self) -> dict[str, Any]:
        return {
            "id": self.bot_id, "is_bot": True, "first_name": "recertbot", "username": self.bot_username,
            "can_join_groups": True, "can_read_all_group_messages": False, "supports_inline_queries": True,
        }  # fmt: skip

    def _m_getme(self, params: dict, files: dict) -> dict:
        return self._bot_user()

    async def _m_getupdates(self, params: dict, files: dict) -> list:
        offset = int(params.get("offset") or 0)
        limit = int(params.get("limit") or 100)
        timeout = float(params.get("timeout") or 0)
        if offset:
            self.confirmed_offset = max(self.confirmed_offset, offset)
            self.updates = [u for u in self.updates if u["update_id"] >= offset]
        deadline = time.monotonic() + timeout
        while not self.updates and time.monotonic() < deadline:
            self._new_update.clear()
            try:
                await asyncio.wait_for(self._new_update.wait(), deadline - time.monotonic())
            except TimeoutError:
                break
        return self.updates[:limit]

    def _store_sent(self, chat_id: Any, message: dict[str, Any]) -> dict[str, Any]:
        self.sent.append(message)
        self._messages[(message["chat"]["id"], message["message_id"])] = message
        if self.on_send is not None:
            self.on_send(message)
        return message

    def _new_bot_message(self, params: dict) -> dict[str, Any]:
        chat_id = int(params["chat_id"])
        if chat_id in self.blocked:
            raise ApiError(403, "Forbidden: bot was blocked by the user")
        if chat_id > 0 and chat_id not in self.private_chats:
            raise ApiError(403, "Forbidden: bot can't initiate conversation with a user")
        message: dict[str, Any] = {
            "message_id": self._next_message_id(chat_id),
            "from": self._bot_user(),
            "chat": {
                "id": chat_id,
                "type": "private" if chat_id > 0 else "group",
                "first_name": "you",
            },
            "date": int(self.clock()),
        }
        markup = _check_markup(params.get("reply_markup"))
        if markup:
            message["reply_markup"] = markup
        reply = params.get("reply_parameters") or {}
        if isinstance(reply, str):
            import json

            reply = json.loads(reply)
        if reply.get("message_id"):
            original = self._messages.get((chat_id, int(reply["message_id"])))
            if original:
                message["reply_to_message"] = original
        return message

    def _checked_text(self, params: dict, key: str, limit: int) -> str:
        text = str(params.get(key) or "")
        visible = check_html(text) if params.get("parse_mode") == "HTML" else text
        if len(visible) > limit:
            raise ApiError(
                400, f"Bad Request: {'message' if key == 'text' else 'caption'} is too long"
            )
        return text

    def _m_sendmessage(self, params: dict, files: dict) -> dict:
        text = self._checked_text(params, "text", MAX_TEXT)
        if not text.strip():
            raise ApiError(400, "Bad Request: message text is empty")
        message = self._new_bot_message(params)
        message["text"] = text
        return self._store_sent(params["chat_id"], message)

    def _file_param(self, params: dict, files: dict, key: str) -> SentFile:
        if key in files:
            name, content, mime = files[key]
            number = next(self._file_ids)
            stored = SentFile(f"FILE{number}", f"U{number}", name, content, mime)
            self.files[stored.file_id] = stored
            return stored
        ref = params.get(key)
        if isinstance(ref, str) and ref.startswith("attach://"):
            name, content, mime = files[ref.removeprefix("attach://")]
            return self._file_param({}, {key: (name, content, mime)}, key)
        if isinstance(ref, str) and ref in self.files:
            return self.files[ref]
        raise ApiError(400, "Bad Request: wrong file identifier/HTTP URL specified")

    def _m_senddocument(self, params: dict, files: dict) -> dict:
        caption = self._checked_text(params, "caption", MAX_CAPTION)
        stored = self._file_param(params, files, "document")
        message = self._new_bot_message(params)
        message["document"] = {
            "file_id": stored.file_id, "file_unique_id": stored.file_unique_id,
            "file_name": stored.filename, "mime_type": stored.mime_type, "file_size": len(stored.content),
        }  # fmt: skip
        if caption:
            message["caption"] = caption
        return self._store_sent(params["chat_id"], message)

    def _m_sendphoto(self, params: dict, files: dict) -> dict:
        caption = self._checked_text(params, "caption", MAX_CAPTION)
        stored = self._file_param(params, files, "photo")
        message = self._new_bot_message(params)
        message["photo"] = [
            {
                "file_id": stored.file_id,
                "file_unique_id": stored.file_unique_id,
                "width": 800,
                "height": 450,
            }
        ]
        if caption:
            message["caption"] = caption
        return self._store_sent(params["chat_id"], message)

    def _m_getfile(self, params: dict, files: dict) -> dict:
        stored = self.files.get(params.get("file_id", ""))
        if stored is None:
            raise ApiError(400, "Bad Request: invalid file_id")
        return {
            "file_id": stored.file_id, "file_unique_id": stored.file_unique_id,
            "file_size": len(stored.content), "file_path": f"documents/{stored.file_id}",
        }  # fmt: skip

    def _edit(self, params: dict) -> dict:
        key = (int(params["chat_id"]), int(params["message_id"]))
        message = self._messages.get(key)
        if message is None:
            raise ApiError(400, "Bad Request: message to edit not found")
        return message

    def _m_editmessagetext(self, params: dict, files: dict) -> dict:
        text = self._checked_text(params, "text", MAX_TEXT)
        message = self._edit(params)
        markup = _check_markup(params.get("reply_markup"))
        if message.get("text") == text and message.get("reply_markup") == markup:
            raise ApiError(400, "Bad Request: message is not modified")
        message["text"] = text
        message.pop("reply_markup", None)
        if markup:
            message["reply_markup"] = markup
        message["edit_date"] = int(self.clock())
        self.sent.append({**message, "edited": True})
        if self.on_send is not None:
            self.on_send({**message, "edited": True})
        return message

    def _m_editmessagereplymarkup(self, params: dict, files: dict) -> dict:
        message = self._edit(params)
        markup = _check_markup(params.get("reply_markup"))
        message.pop("reply_markup", None)
        if markup:
            message["reply_markup"] = markup
        return message

    def _m_answercallbackquery(self, params: dict, files: dict) -> bool:
        self.callback_answers.append(params)
        return True

    def _m_answerinlinequery(self, params: dict, files: dict) -> bool:
        results = params.get("results")
        if isinstance(results, str):
            import json

            results = json.loads(results)
        self.inline_answers.append({**params, "results": results})
        return True

    def _m_setmycommands(self, params: dict, files: dict) -> bool:
        commands = params.get("commands")
        if isinstance(commands, str):
            import json

            commands = json.loads(commands)
        self.commands = list(commands or [])
        return True

    def _m_deletewebhook(self, params: dict, files: dict) -> bool:
        return True

    def _m_setwebhook(self, params: dict, files: dict) -> bool:
        return True

    def _m_sendchataction(self, params: dict, files: dict) -> bool:
        return True

    def _m_deletemessage(self, params: dict, files: dict) -> bool:
        return True

    def _m_close(self, params: dict, files: dict) -> bool:
        return True

    def _m_logout(self, params: dict, files: dict) -> bool:
        return True

    def _m_getmycommands(self, params: dict, files: dict) -> list:
        return self.commands


def _command_entities(text: str) -> list[dict[str, Any]]:
    match = re.match(r"/[A-Za-z0-9_]+(@[A-Za-z0-9_]+)?", text)
    if not match:
        return []
    return [
        {"type": "bot_command", "offset": 0, "length": len(match.group(0).encode("utf-16-le")) // 2}
    ]
