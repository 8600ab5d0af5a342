"""Telegram glue: thin async handlers that read the update, call the core, and reply."""
