"""Settings, the composition root, the error handler and the console chat."""

import logging
import subprocess
import sys
from pathlib import Path

import pytest

from bot import Settings, load_settings
from handlers import errors

ROOT = Path(__file__).resolve().parents[1]


def test_settings_from_env_and_dotenv(tmp_path):
    dotenv = tmp_path / ".env"
    dotenv.write_text(
        "# comment\nTELEGRAM_BOT_TOKEN='123:abc'\nRECERTBOT_TIMEZONE=Europe/London\nRECERTBOT_DB=x.db\n"
    )
    settings = load_settings({"RECERTBOT_DB": "env.db"}, dotenv)
    assert settings.token == "123:abc" and settings.timezone == "Europe/London"
    assert settings.db_path == "env.db"  # the environment wins over .env
    assert load_settings({}, tmp_path / "missing").token is None
    with pytest.raises(SystemExit):
        load_settings({"RECERTBOT_TIMEZONE": "Mars/Base"}, tmp_path / "missing")


def test_file_url_is_derived_from_the_base_url():
    assert Settings().file_url == "https://api.telegram.org/file/bot"
    assert (
        Settings(base_url="http://127.0.0.1:8081/bot").file_url == "http://127.0.0.1:8081/file/bot"
    )
    assert (
        Settings(base_url="http://x/bot", base_file_url="http://y/files/bot").file_url
        == "http://y/files/bot"
    )


async def test_a_crashing_handler_gets_the_apology(bot, monkeypatch, caplog):
    from tracker import service

    def boom(*args, **kwargs):
        raise RuntimeError("kaput")

    monkeypatch.setattr(service, "progress", boom)
    with caplog.at_level(logging.ERROR):
        sent = await bot.send("/progress")
    assert "Sorry, something went wrong" in sent[-1]["text"]
    assert "kaput" not in sent[-1]["text"]
    assert any("kaput" in (r.exc_text or "") or r.exc_info for r in caplog.records)


def test_token_is_redacted_from_log_records():
    token = "123456789:AAHfakeFAKEfakeFAKEfakeFAKEfake12345"
    errors.register_secret(token)
    record = logging.LogRecord(
        "x", logging.ERROR, "f", 1, f"GET https://api.telegram.org/bot{token}/getMe", None, None
    )
    errors.TokenFilter().filter(record)
    assert token not in record.getMessage() and "<token>" in record.getMessage()


def test_console_reads_piped_lines_and_exits_cleanly(tmp_path):
    script = "/start\n/log 90 min CPR refresher yesterday\n/progress\n2\nwhat's the weather\n"
    env = {"PATH": "/usr/bin:/bin", "RECERTBOT_DB": str(tmp_path / "c.db"), "HOME": str(tmp_path)}
    done = subprocess.run(
        [sys.executable, str(ROOT / "bot.py"), "--console"], input=script, capture_output=True, text=True,
        timeout=120, cwd=tmp_path, env=env,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert out.count("you> ") == 5
    assert "1.5 h" in out and "CPR refresher" in out
    assert "[1]" in out  # buttons print numbered
    # replies come before the next line is read
    assert out.index("CPR refresher") < out.index("you> /progress")
