"""Questions: any non-command text is a question (or a free-text log); inline mode; did-you-mean."""

from __future__ import annotations

import html
import re

from telegram import InlineQueryResultArticle, InputTextMessageContent, Update
from telegram.constants import ChatType, ParseMode
from telegram.ext import ContextTypes

from handlers.context import reply
from knowledge.faq import Match, format_answer, load_faq, out_of_scope_reply

CALLBACK = r"^faq:"

# Topic buttons offered when a message is out of scope (ids of entries in knowledge/faq.toml).
TOPICS = (
    ("CEC vs CEU", "cec-vs-ceu"),
    ("Hours per credit", "contact-hours"),
    ("Renewal", "renewal-counts"),
)


def topic_buttons() -> list[list[tuple[str, str]]]:
    entries = load_faq().entries
    return [[(label, f"faq:{entry_id}") for label, entry_id in TOPICS if entry_id in entries]]


def after_answer_buttons() -> list[list[tuple[str, str]]]:
    return [[("➕ Log credits", "acct:loghelp"), ("📈 My progress", "acct:progress")]]


def addressed_text(update: Update, bot_username: str) -> str | None:
    """The question in a message, or None when a group message is not meant for the bot."""
    message = update.effective_message
    text = message.text or ""
    if message.chat.type == ChatType.PRIVATE:
        return text
    mention = f"@{bot_username}".lower()
    replied_to_bot = bool(
        message.reply_to_message
        and message.reply_to_message.from_user
        and message.reply_to_message.from_user.username
        and message.reply_to_message.from_user.username.lower() == bot_username.lower()
    )
    if mention in text.lower():
        return re.sub(re.escape(mention), " ", text, flags=re.IGNORECASE).strip()
    return text if replied_to_bot else None


async def text_message(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A question (or a date we asked for, or an activity told in words)."""
    text = addressed_text(update, context.bot.username or "")
    if text is None:
        return
    from handlers import activities, certifications

    if await certifications.receive_deadline(update, context, text):
        return
    if await activities.offer_free_text_log(update, context, text):
        return
    await answer(update, load_faq().match(text))


async def answer(update: Update, match: Match) -> None:
    """Reply to a match: the answer, a did-you-mean choice, small talk, or a kind out-of-scope."""
    if match.kind == "answer" and match.entry is not None:
        await reply(update, format_answer(match.entry), after_answer_buttons())
    elif match.kind == "choose":
        buttons = [[(_label(entry.question), f"faq:{entry.id}")] for entry in match.candidates[:3]]
        await reply(update, "Did you mean…", buttons)
    elif match.kind == "smalltalk":
        await reply(update, match.reply, after_answer_buttons())
    else:
        await reply(update, out_of_scope_reply(), topic_buttons())


def _label(question: str) -> str:
    return question if len(question) <= 60 else question[:57] + "…"


async def button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A did-you-mean or topic button: answer that entry."""
    query = update.callback_query
    await query.answer()
    entry = load_faq().entries.get(query.data.removeprefix("faq:"))
    if entry is None:
        await reply(
            update, "That question is no longer in my notes. Ask me again in your own words?"
        )
        return
    await reply(update, format_answer(entry), after_answer_buttons())


async def inline_query(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """@bot question in any chat: the top answers as inline results."""
    text = update.inline_query.query.strip()
    if len(text) < 3:
        await update.inline_query.answer([], cache_time=60)
        return
    index = load_faq()
    match = index.match(text)
    if match.kind not in ("answer", "choose"):
        await update.inline_query.answer([], cache_time=60)
        return
    results = [
        InlineQueryResultArticle(
            id=entry.id[:64],
            title=entry.question,
            description=html.unescape(re.sub(r"<[^>]+>", "", entry.answer))[:120],
            input_message_content=InputTextMessageContent(
                format_answer(entry), parse_mode=ParseMode.HTML
            ),
        )
        for entry, _ in index.top(text, n=3)
    ]
    await update.inline_query.answer(results, cache_time=300)
