"""The one input-error type of the core: bad input from the user, as plain text.

Every refusal the core raises about what a user typed (the /log parser's LogError, /cert's
CertError, the date reader's DateError, /remind's RemindArgError) is an `InputError`. Its `text`
is one friendly plain-text line (with an example) that may quote what the user typed; handlers
escape it once, when they put it into an HTML reply.
"""

from __future__ import annotations


class InputError(ValueError):
    """Bad input from the user; `text` (also `str(exc)`) is the plain sentence to send back."""

    def __init__(self, text: str, *args: object) -> None:
        super().__init__(text, *args)
        self.text = text

    def __str__(self) -> str:
        return self.text
