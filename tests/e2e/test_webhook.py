"""Webhook mode: RECERTBOT_WEBHOOK_URL/LISTEN/PORT/SECRET run python-telegram-bot's webhook server;
updates with the right secret header are handled, wrong or missing ones refused (403) unstored."""

from __future__ import annotations

import json
import socket
import urllib.error
import urllib.request

from tests.fakeapi import db_rows, free_port, text_of

SECRET = "e2e-webhook-secret_0123456789"
HEADER = "X-Telegram-Bot-Api-Secret-Token"


def post(port: int, update: dict, secret: str | None) -> int:
    headers = {"Content-Type": "application/json"}
    if secret is not None:
        headers[HEADER] = secret
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/telegram", json.dumps(update).encode(), headers, method="POST"
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as exc:
        return exc.code


def listening(port: int) -> bool:
    with socket.socket() as sock:
        sock.settimeout(0.2)
        return sock.connect_ex(("127.0.0.1", port)) == 0


def test_webhook_with_secret(api, make_bot, db_path):
    port = free_port()
    bot = make_bot(
        env={
            "RECERTBOT_WEBHOOK_URL": "https://recertbot.example.invalid/telegram",
            "RECERTBOT_WEBHOOK_LISTEN": "127.0.0.1",
            "PORT": str(port),
            "RECERTBOT_WEBHOOK_SECRET": SECRET,
        },
        wait_polling=False,
    )
    api.wait_until(
        lambda: bool(api.calls("setWebhook")) and listening(port) or not bot.alive(),
        30,
        "the webhook server",
    )
    assert bot.alive(), bot.logs()
    (method, params), *_ = [c for c in api.sim.calls if c[0] == "setWebhook"]
    assert params["url"] == "https://recertbot.example.invalid/telegram"
    assert params["secret_token"] == SECRET
    assert not api.calls("getUpdates"), "webhook mode must not poll"

    # Wrong or missing secret: refused, nothing handled, nothing stored.
    assert post(port, api.make_update("/log 5h sneaky workshop", user_id=3001), "wrong") == 403
    assert post(port, api.make_update("/log 5h sneaky workshop", user_id=3001), None) == 403

    # The right secret: handled.
    assert post(port, api.make_update("/log 2h webhook workshop", user_id=3002), SECRET) == 200
    (reply,) = api.wait_replies(3002, 1)
    assert text_of(reply).startswith("✅ Logged") and "webhook workshop" in text_of(reply)
    assert db_rows(db_path, "select user_id, hours from activities") == [(3002, 2.0)]
    assert api.messages_to(3001) == []

    bot.terminate()
    assert bot.wait(10) == 0
