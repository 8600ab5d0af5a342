"""Questions: any non-command text is a question (or a free-text log); inline mode; did-you-mean."""

from __future__ import annotations

import html
import re

from telegram import InlineQueryResultArticle, InputTextMessageContent, Update
from telegram.constants import ChatType, ParseMode
from telegram.ext import ContextTypes

from handlers import callbacks as cb
from handlers.context import Services, provided, reply, services
from knowledge.answers import load_knowledge
from knowledge.faq import BODY_MENU, Match, load_matcher, out_of_scope_reply
from tracker import personal, service

CALLBACK = cb.pattern("faq")
PROGRESS = cb.OpenProgress().encode()
# "I did a workshop thing for some hours": a report of something done that the parser can't read
_LOG_SHAPED = re.compile(
    r"^\s*(?:i|we)\s+(?:just\s+)?(?:did|took|attended|completed|finished|taught|went)\b.*"
    r"\b(?:hours?|hrs?|mins?|minutes?|ceus?|cecs?|credits?)\b",
    re.IGNORECASE,
)

# Topic buttons offered when a message is out of scope.
TOPICS = ("cec-vs-ceu", "units", "requirements", "late")
# What a trainer usually asks next about the same body.
NEXT = {
    "requirements": ("what-counts", "late"),
    "units": ("requirements", "what-counts"),
    "cycle": ("requirements", "late"),
    "fees": ("late", "submit"),
    "late": ("fees", "lapse"),
    "lapse": ("fees", "retake"),
    "retake": ("lapse", "fees"),
    "status": ("late", "lapse"),
    "petition": ("what-counts", "fees"),
    "audit": ("submit", "what-counts"),
    "cpr": ("cpr-credit", "requirements"),
    "cpr-credit": ("cpr", "requirements"),
    "what-counts": ("petition", "college"),
    "college": ("what-counts", "petition"),
    "multiple": ("requirements", "cross-body"),
    "cross-body": ("petition", "what-counts"),
    "submit": ("audit", "fees"),
    "carry-over": ("requirements", "cycle"),
    "composition": ("requirements", "what-counts"),
    "other-routes": ("what-counts", "college"),
}
PERSONAL_NEXT = {
    "my-history": [("📜 History", cb.History(0).encode())],
    "my-cpr": [("📈 My progress", PROGRESS)],
}
BOTTOM = [("➕ Log credits", cb.LogHelp().encode()), ("📈 My progress", PROGRESS)]


def encode(topic: str, body: str = "") -> str:
    """Callback data of a topic button (within Telegram's 64 bytes)."""
    return cb.FaqTopic(topic, body).encode()


def decode(data: str) -> tuple[str, str]:
    """(topic, body) of a topic button; ("", "") when the data is not one."""
    found = cb.decode(data)
    return (found.topic, found.body) if isinstance(found, cb.FaqTopic) else ("", "")


def topic_buttons() -> list[list[tuple[str, str]]]:
    topics = load_knowledge().topics
    return [
        [(topics[t].label, encode(t)) for t in TOPICS[:2]],
        [(topics[t].label, encode(t)) for t in TOPICS[2:]],
    ]


def after_answer_buttons(topic: str = "", body: str = "") -> list[list[tuple[str, str]]]:
    topics = load_knowledge().topics
    rows = []
    if topic in NEXT:
        rows.append([(topics[t].label, encode(t, body)) for t in NEXT[topic]])
    rows.append(list(BOTTOM))
    return rows


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
    # a date (or number) we asked for is answered first, then an activity told in words
    if await provided("pending_reply")(update, context, text):
        return
    offer_log = provided("free_text_log")
    if await offer_log(update, context, text):
        return
    match = load_matcher().match(text)
    unsure = match.kind in ("out_of_scope", "choose")  # no question matched with confidence
    if unsure and await offer_log(update, context, text, strict=False):
        return
    if match.kind == "out_of_scope" and _LOG_SHAPED.search(text):
        await reply(
            update,
            "That sounds like something to log, but I couldn't read it. Try the /log form:\n"
            "<code>/log 3h kettlebell workshop yesterday</code> or <code>/log 0.5 CEU NASM course 3 Oct</code>",
        )
        return
    await answer(update, context, match)


def _question(text: str) -> str:
    return text if len(text) <= 60 else text[:57] + "…"


def saved_bodies(svc: Services, user_id: int) -> tuple[str, ...]:
    return tuple(dict.fromkeys(c.body for c, _ in svc.held(user_id)))


async def answer(update: Update, context: ContextTypes.DEFAULT_TYPE, match: Match) -> None:
    """Reply to a match: the answer, a did-you-mean choice, small talk, or a kind out-of-scope."""
    kb = load_knowledge()
    if match.kind == "answer":
        svc = services(context)
        saved = () if match.bodies else saved_bodies(svc, update.effective_user.id)
        bodies = match.bodies or saved
        text = kb.answer(match.topic, match.bodies, saved)
        await reply(
            update, text, after_answer_buttons(match.topic, bodies[0] if len(bodies) == 1 else "")
        )
    elif match.kind == "personal":
        await personal_answer(update, context, match.topic)
    elif match.kind == "choose":
        body = match.bodies[0] if len(match.bodies) == 1 else ""
        if body and match.candidates == BODY_MENU:
            labels = [(f"{kb.topics[t].label}", encode(t, body)) for t in match.candidates]
            await reply(
                update,
                f"What would you like to know about {html.escape(body)}?",
                [labels[:2], labels[2:]],
            )
            return
        buttons = [
            [(_question(kb.topics[t].question), encode(t, body))] for t in match.candidates[:3]
        ]
        await reply(update, "Did you mean…", buttons)
    elif match.kind == "computed":
        body = match.bodies[0] if match.bodies else ""
        await reply(update, match.reply, after_answer_buttons("units", body))
    elif match.kind == "smalltalk":
        await reply(update, match.reply, [list(BOTTOM)])
    else:
        await reply(update, out_of_scope_reply(), topic_buttons())


async def personal_answer(update: Update, context: ContextTypes.DEFAULT_TYPE, topic: str) -> None:
    """ "when is my deadline", "how many do I still need"...: from the user's own data."""
    svc = services(context)
    tracked = service.progress(svc.core, update.effective_user.id, svc.now())
    progresses = tracked.progresses
    if topic == "my-history":
        text = personal.history_answer(tracked.activities)
    elif topic == "my-cpr":
        needed = [rule.code for _, rule in tracked.held if rule.cpr_required]
        text = personal.cpr_answer(tracked.settings.cpr_expiry, tracked.today, needed)
    elif topic == "my-deadline":
        text = personal.deadline_answer(progresses)
    elif topic == "my-remaining":
        text = personal.remaining_answer(progresses)
    else:
        text = personal.progress_answer(progresses)
    if not progresses and topic not in ("my-history", "my-cpr"):
        buttons = [[("➕ Add a certification", cb.CertList().encode())]]
    else:
        buttons = [PERSONAL_NEXT.get(topic, [("📈 Full progress", PROGRESS)])]
    await reply(update, text, buttons)


async def button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A did-you-mean or topic button: answer that topic (for the body it carries)."""
    query = update.callback_query
    await query.answer()
    topic, body = decode(query.data)
    kb = load_knowledge()
    if topic not in kb.topics:
        await reply(
            update, "That question is no longer in my notes. Ask me again in your own words?"
        )
        return
    bodies = (body,) if body in kb.rules else ()
    kind = "personal" if kb.topics[topic].kind == "personal" else "answer"
    await answer(update, context, Match(kind, topic=topic, bodies=bodies))


async def inline_query(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """@bot question in any chat: the answer as an inline result (general or for the body named)."""
    text = update.inline_query.query.strip()
    if len(text) < 3:
        await update.inline_query.answer([], cache_time=60)
        return
    match = load_matcher().match(text)
    kb = load_knowledge()
    if match.kind == "computed":
        results = [(match.topic, "Conversion", match.reply)]
    elif match.kind == "answer":
        results = [
            (match.topic, kb.topics[match.topic].question, kb.answer(match.topic, match.bodies))
        ]
    elif match.kind == "choose":
        results = [(t, kb.topics[t].question, kb.answer(t, match.bodies)) for t in match.candidates]
    else:
        await update.inline_query.answer([], cache_time=60)
        return
    articles = [
        InlineQueryResultArticle(
            id=f"{topic}-{i}"[:64],
            title=title,
            description=html.unescape(re.sub(r"<[^>]+>", "", body_text))[:120],
            input_message_content=InputTextMessageContent(body_text, parse_mode=ParseMode.HTML),
        )
        for i, (topic, title, body_text) in enumerate(results)
    ]
    await update.inline_query.answer(articles, cache_time=300)
