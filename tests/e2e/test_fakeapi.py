"""The fake Bot API server itself, over HTTP (no bot): encodings, routes, offsets, fault switches."""

from __future__ import annotations

import json
import socket
import urllib.error
import urllib.parse
import urllib.request
import uuid

import pytest

from tests.fakeapi import TOKEN, FakeApi


def call(api: FakeApi, method: str, body: bytes | None = None, ctype: str = "", query: str = ""):
    """(HTTP status, decoded JSON) of one Bot API call."""
    url = f"{api.base_url}{TOKEN}/{method}" + (f"?{query}" if query else "")
    headers = {"Content-Type": ctype} if ctype else {}
    request = urllib.request.Request(url, body, headers, method="POST" if body else "GET")
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read())


def call_json(api: FakeApi, method: str, **params):
    return call(api, method, json.dumps(params).encode(), "application/json")


def call_form(api: FakeApi, method: str, **params):
    encoded = {k: v if isinstance(v, str) else json.dumps(v) for k, v in params.items()}
    return call(
        api, method, urllib.parse.urlencode(encoded).encode(), "application/x-www-form-urlencoded"
    )


def multipart(
    fields: dict[str, str], files: dict[str, tuple[str, bytes, str]]
) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    parts = []
    for name, value in fields.items():
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
        )
    for name, (filename, content, mime) in files.items():
        head = (
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
            f"Content-Type: {mime}\r\n\r\n"
        )
        parts.append(head.encode() + content + b"\r\n")
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


@pytest.fixture
def api():
    with FakeApi() as fake:
        yield fake


def test_get_me_and_unknown_method_and_wrong_token(api):
    status, body = call(api, "getMe")
    assert status == 200 and body["result"]["is_bot"] is True and body["result"]["username"]
    assert call(api, "noSuchMethod")[0] == 404
    url = f"{api.base_url}999:WRONG/getMe"
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(url, timeout=10)
    assert refused.value.code == 401


def test_get_updates_offset_limit_and_long_poll(api):
    updates = api.inject_messages(["one", "two", "three"], user_id=1001)
    status, body = call(api, "getUpdates", query="limit=2")
    assert [u["message"]["text"] for u in body["result"]] == ["one", "two"]
    first = updates[0]["update_id"]
    # Not confirmed yet: the same updates again; an offset confirms everything below it.
    assert len(call_form(api, "getUpdates")[1]["result"]) == 3
    _, body = call_form(api, "getUpdates", offset=first + 2)
    assert [u["message"]["text"] for u in body["result"]] == ["three"]
    assert api.confirmed_offset == first + 2
    # Long poll: an empty queue waits up to `timeout`, and returns early when a message arrives.
    call_form(api, "getUpdates", offset=first + 3)
    assert call_form(api, "getUpdates", offset=first + 3, timeout=1)[1]["result"] == []
    api.schedule(0.3, api.sim.inject_message, "four")
    _, body = call_form(api, "getUpdates", offset=first + 3, timeout=10)
    assert [u["message"]["text"] for u in body["result"]] == ["four"]
    message = body["result"][0]["message"]
    assert message["chat"] == {"id": 1001, "type": "private", "first_name": "Tess"}
    assert isinstance(message["date"], int) and message["from"]["is_bot"] is False


def test_send_message_json_form_and_checks(api):
    api.inject_message("hi", user_id=1001)
    markup = {"inline_keyboard": [[{"text": "Go", "callback_data": "x:1"}]]}
    status, body = call_json(api, "sendMessage", chat_id=1001, text="<b>hi</b>", parse_mode="HTML",
                             reply_markup=markup)  # fmt: skip
    assert status == 200 and body["result"]["reply_markup"] == markup
    status, body = call_form(api, "sendMessage", chat_id="1001", text="plain", reply_markup=markup)
    assert status == 200 and body["result"]["reply_markup"] == markup  # JSON inside a form field
    assert [m["text"] for m in api.messages_to(1001)] == ["<b>hi</b>", "plain"]
    status, body = call_json(api, "sendMessage", chat_id=1001, text="<b>open", parse_mode="HTML")
    assert status == 400 and "can't parse entities" in body["description"]
    status, body = call_json(api, "sendMessage", chat_id=1001, text="x" * 4097)
    assert status == 400
    status, _ = call_json(api, "sendMessage", chat_id=424242, text="hello stranger")
    assert status == 403
    message_id = api.messages_to(1001)[0]["message_id"]
    status, body = call_json(
        api, "editMessageText", chat_id=1001, message_id=message_id, text="edited"
    )
    assert status == 200 and body["result"]["text"] == "edited"
    assert call_json(api, "answerCallbackQuery", callback_query_id="1")[1]["result"] is True


def test_multipart_document_and_download(api):
    api.inject_message("hi", user_id=1001)
    content = bytes(range(256)) * 4
    body, ctype = multipart({"chat_id": "1001", "caption": "your CSV"},
                            {"document": ("a.csv", content, "text/csv")})  # fmt: skip
    status, answer = call(api, "sendDocument", body, ctype)
    assert status == 200
    document = answer["result"]["document"]
    assert document["file_name"] == "a.csv" and document["file_size"] == len(content)
    assert answer["result"]["caption"] == "your CSV"
    _, info = call_json(api, "getFile", file_id=document["file_id"])
    url = f"{api.file_url}{TOKEN}/{info['result']['file_path']}"
    with urllib.request.urlopen(url, timeout=10) as response:
        assert response.read() == content
    body, ctype = multipart({"chat_id": "1001", "photo": "attach://chart"},
                            {"chart": ("c.png", b"\x89PNG...", "image/png")})  # fmt: skip
    status, answer = call(api, "sendPhoto", body, ctype)
    assert status == 200 and answer["result"]["photo"][0]["file_id"]


def test_fail_next_counts_and_filters(api):
    api.fail_next(2, status=429, methods=["sendMessage"], retry_after=3)
    api.fail_next(1, status=500)
    api.inject_message("hi", user_id=1001)
    assert call(api, "getMe")[0] == 500  # the 500 fault applies to any method
    status, body = call_json(api, "sendMessage", chat_id=1001, text="a")
    assert status == 429 and body["parameters"]["retry_after"] == 3
    assert call_json(api, "sendMessage", chat_id=1001, text="a")[0] == 429
    assert call_json(api, "sendMessage", chat_id=1001, text="a")[0] == 200
    assert api.faults_left() == 0


def test_hang_drops_the_call(api):
    api.hang_next(1, seconds=0.5, methods=["sendMessage"])
    api.inject_message("hi", user_id=1001)
    with pytest.raises((urllib.error.URLError, ConnectionError, OSError)):
        call_json(api, "sendMessage", chat_id=1001, text="lost")
    assert api.messages_to(1001) == []
    assert call_json(api, "sendMessage", chat_id=1001, text="kept")[0] == 200


def test_rate_limit_overall_and_per_chat(api):
    api.inject_many([("hi", user) for user in range(1, 41)])
    api.rate_limit(True, overall=30)
    statuses = [call_json(api, "sendMessage", chat_id=user, text="x")[0] for user in range(1, 41)]
    assert statuses[:30] == [200] * 30 and set(statuses[30:]) == {429}
    api.rate_limit(True)
    assert call_json(api, "sendMessage", chat_id=1, text="x")[0] == 200
    assert call_json(api, "sendMessage", chat_id=1, text="again")[0] == 429
    api.rate_limit(False)
    assert call_json(api, "sendMessage", chat_id=1, text="again")[0] == 200


def test_unreachable_refuses_then_recovers(api):
    api.unreachable(seconds=0.5)
    with (
        pytest.raises(ConnectionRefusedError),
        socket.create_connection(("127.0.0.1", api.port), 2),
    ):
        pass
    api.wait_until(api.is_reachable, 5, "the fake to reopen")
    assert call(api, "getMe")[0] == 200
    api.unreachable()
    assert not api.is_reachable()
    api.reachable()
    assert call(api, "getMe")[0] == 200
