"""recertbot: settings, the composition root, and main().

`build_application(settings)` shows every handler, the error handler and the scheduled sweep on
one screen; `main()` reads settings, builds, and runs in one of three modes: Telegram long
polling (our own loop: each batch is handled before the next getUpdates confirms it), webhook (our
own route: each update is handled before Telegram gets its 200), or the console chat (same
Application through the in-process transport).
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from telegram import BotCommand
from telegram.error import InvalidToken
from telegram.ext import (
    AIORateLimiter,
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    InlineQueryHandler,
    MessageHandler,
    filters,
)
from telegram.request import BaseRequest, HTTPXRequest

from handlers import account, activities, certifications, counts, errors, faq, progress, reminders
from handlers.commands import COMMANDS, PRIVATE_COMMANDS, CommandTable
from handlers.context import Services, private, real_clock
from runtime.request import RetryingRequest
from tracker.storage import Storage

log = logging.getLogger("recertbot")
DEFAULT_BASE_URL = "https://api.telegram.org/bot"


@dataclass(frozen=True)
class Settings:
    token: str | None = None
    base_url: str = DEFAULT_BASE_URL
    base_file_url: str | None = None
    db_path: str = "data/recertbot.db"
    timezone: str = "UTC"
    webhook_url: str | None = None
    webhook_listen: str = "127.0.0.1"
    webhook_port: int = 8443
    webhook_secret: str | None = None
    sweep_seconds: float = 60.0
    rate_limit: bool = True

    @property
    def file_url(self) -> str:
        """File-download base URL: its own setting, else derived from the Bot API base URL."""
        if self.base_file_url:
            return self.base_file_url
        return re.sub(r"/bot$", "/file/bot", self.base_url.rstrip("/"))


def read_dotenv(path: Path) -> dict[str, str]:
    """KEY=VALUE lines of a .env file (comments and blank lines ignored; quotes stripped)."""
    values: dict[str, str] = {}
    if not path.exists():
        return values
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#") or "=" not in line:
            continue
        key, value = line.split("=", 1)
        values[key.strip().removeprefix("export ").strip()] = value.strip().strip("'\"")
    return values


def load_settings(env: dict[str, str] | None = None, dotenv: Path = Path(".env")) -> Settings:
    """Settings from the environment, with a .env file filling in what the environment lacks."""
    merged = {**read_dotenv(dotenv), **(env if env is not None else os.environ)}
    timezone = merged.get("RECERTBOT_TIMEZONE") or "UTC"
    try:
        ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError):
        raise SystemExit(
            f"RECERTBOT_TIMEZONE={timezone!r} is not an IANA time zone (e.g. Europe/London)"
        ) from None
    return Settings(
        token=merged.get("TELEGRAM_BOT_TOKEN") or None,
        base_url=merged.get("TELEGRAM_BASE_URL") or DEFAULT_BASE_URL,
        base_file_url=merged.get("TELEGRAM_BASE_FILE_URL") or None,
        db_path=merged.get("RECERTBOT_DB") or "data/recertbot.db",
        timezone=timezone,
        webhook_url=merged.get("RECERTBOT_WEBHOOK_URL") or None,
        webhook_listen=merged.get("RECERTBOT_WEBHOOK_LISTEN") or "127.0.0.1",
        webhook_port=int(merged.get("PORT") or merged.get("RECERTBOT_WEBHOOK_PORT") or 8443),
        webhook_secret=merged.get("RECERTBOT_WEBHOOK_SECRET") or None,
        sweep_seconds=float(merged.get("RECERTBOT_SWEEP_SECONDS") or 60),
    )


async def post_init(application: Application) -> None:
    """Register the command menu and start the nudge sweep."""
    await application.bot.set_my_commands([BotCommand(c.name, c.description) for c in COMMANDS])
    reminders.schedule_sweep(application)


def build_application(
    settings: Settings,
    request: BaseRequest | None = None,
    services: Services | None = None,
) -> Application:
    """The whole bot: every handler, the error handler and the sweep, on one screen."""
    builder = ApplicationBuilder().token(settings.token or "0:console").post_init(post_init)
    builder = builder.base_url(settings.base_url).base_file_url(settings.file_url)
    if request is not None:
        builder = builder.request(request).get_updates_request(request)
    else:
        # Replies and other calls: 5xx and timeouts retried with back-off (getUpdates has its own).
        builder = builder.request(
            RetryingRequest(
                HTTPXRequest(
                    connection_pool_size=256, connect_timeout=10, read_timeout=15, write_timeout=20
                )
            )
        )
    if settings.rate_limit:
        # One message per 1/29 s: a smooth pace under Telegram's 30 per second, with no initial burst.
        builder = builder.rate_limiter(
            AIORateLimiter(overall_max_rate=1, overall_time_period=1 / 29, max_retries=5)
        )
    application = builder.build()
    application.bot_data["services"] = services or Services(
        storage=Storage(settings.db_path, clock=real_clock), default_timezone=settings.timezone
    )
    application.bot_data["sweep_seconds"] = settings.sweep_seconds

    application.add_handler(account.touch_handler(), group=-1)
    not_edited = filters.UpdateType.MESSAGE  # an edited /log is not a second /log
    table = {
        command.name: (
            private(command.name, command.callback)
            if command.name in PRIVATE_COMMANDS
            else command.callback
        )
        for command in COMMANDS
    }
    table["tz"] = account.timezone  # the short alias of /timezone
    application.add_handler(CommandTable(table))
    application.add_handler(MessageHandler(filters.COMMAND & not_edited, account.unknown_command))
    application.add_handler(MessageHandler(filters.LOCATION, account.location))
    application.add_handler(
        MessageHandler(
            (filters.Document.ALL | filters.PHOTO) & ~filters.UpdateType.EDITED,
            activities.attachment,
        )
    )
    application.add_handler(
        MessageHandler(
            filters.TEXT & ~filters.COMMAND & ~filters.UpdateType.EDITED, faq.text_message
        )
    )
    application.add_handler(
        MessageHandler(filters.UpdateType.EDITED_MESSAGE, account.edited_message)
    )
    application.add_handler(
        MessageHandler(
            filters.Sticker.ALL | filters.VOICE | filters.AUDIO | filters.VIDEO, account.media
        )
    )
    for pattern, callback in (
        (faq.CALLBACK, faq.button),
        (activities.CALLBACK, activities.button),
        (certifications.CALLBACK, certifications.button),
        (counts.CALLBACK, counts.button),
        (progress.CALLBACK, progress.button),
        (reminders.CALLBACK, reminders.button),
        (account.CALLBACK, account.button),
    ):
        application.add_handler(CallbackQueryHandler(callback, pattern=pattern))
    application.add_handler(CallbackQueryHandler(errors.stale_button))
    application.add_handler(InlineQueryHandler(faq.inline_query))
    application.add_error_handler(errors.on_error)
    return application


def configure_logging() -> None:
    logging.basicConfig(
        format="%(asctime)s %(levelname)s %(name)s: %(message)s", level=logging.INFO
    )
    # httpx logs every request URL, and the URL holds the token: keep it quiet.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("apscheduler").setLevel(logging.WARNING)
    logging.getLogger("fontTools").setLevel(logging.WARNING)  # fpdf2's font subsetting chatter
    errors.install_token_filter()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="recertbot: CEC/CEU answers, credit log, renewal nudges"
    )
    parser.add_argument(
        "--console", action="store_true", help="chat in this terminal (default with no token)"
    )
    args = parser.parse_args(argv)
    settings = load_settings()
    configure_logging()
    if args.console or not settings.token:
        from runtime.console import run_console

        logging.getLogger().setLevel(logging.WARNING)
        return asyncio.run(run_console(settings))
    errors.register_secret(settings.token)
    try:
        return _run(settings)
    except InvalidToken:
        # PTB's message quotes the token: never let it reach stderr through a traceback.
        log.error("the Bot API refused TELEGRAM_BOT_TOKEN; check it with @BotFather")
        return 1
    except Exception:
        log.critical("stopped on an unexpected error", exc_info=True)  # the token filter applies
        return 1


def _run(settings: Settings) -> int:
    application = build_application(settings)
    if settings.webhook_url:
        from runtime.webhook import run_webhook_safely

        log.info("starting webhook mode on %s:%s", settings.webhook_listen, settings.webhook_port)
        return asyncio.run(
            run_webhook_safely(
                application,
                url=settings.webhook_url,
                listen=settings.webhook_listen,
                port=settings.webhook_port,
                secret=settings.webhook_secret,
            )
        )
    from runtime.polling import run_polling_safely

    log.info("starting long polling against %s", re.sub(r"/bot.*", "/bot…", settings.base_url))
    return asyncio.run(run_polling_safely(application))


if __name__ == "__main__":
    sys.exit(main())
