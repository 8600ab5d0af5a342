"""How the bot talks to a Bot API: the in-process simulator, the console chat and the safe polling loop."""
