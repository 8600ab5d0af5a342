"""The /log text as tokens: split once after clean-up, read by every recogniser.

A token is a number ("3", "1,5", ".5"), a word (a run of letters), one punctuation character
or a run of spaces; tokens cover the text end to end, so `start`/`end` are offsets into it and
a recogniser can match a regex over the characters and still speak in tokens. A number's
value is read here, once: "1,5" is 1.5, "1,500" 1500, ".5" 0.5 ("½" is already "0.5" after
clean-up). `Tokens.value` reads the number written over a span of tokens: a decimal, a
fraction ("3/4", "1 1/2", "1-1/2", "1 and 1/2") or number words ("two", "a couple of",
"twenty-four"). `Tokens.words` are the lowercased runs of letters and digits alone ("2h",
"nasm"), for phrase look-ups such as body names.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from typing import NamedTuple

from tracker.activities.lexicon import words
from tracker.activities.model import EXAMPLE, LogError

NUMBER, WORD, PUNCT, SPACE = "number", "word", "punct", "space"

_WORD_NUMBERS: dict[str, int] = words()["numbers"]["words"]
_SPLIT = re.compile(
    r"[^\W\d_]+|\s+"  # a word, spaces
    r"|(?<![.,])\d+(?:[.,]\d+(?![.,]\d))?|\d+|(?<![\w.,])[.,]\d+(?![.,]\d)"  # a number
    r"|.",  # any other character
    re.DOTALL,
)
_FRACTION_SLASH = ("/", "\u2044")
_DECIMAL = re.compile(r"\d+(?:[.,]\d+)?|[.,]\d+")


class Token(NamedTuple):
    kind: str  # NUMBER, WORD, PUNCT or SPACE
    text: str
    low: str  # lowercased text
    start: int  # offsets into the text the tokens were read from
    end: int
    value: float | None = None  # a number's value


def _decimal(raw: str) -> float:
    """'1,5' -> 1.5, '1,500' -> 1500 (a thousands separator), '.5' -> 0.5."""
    if "," in raw:
        whole, _, part = raw.partition(",")
        raw = whole + part if len(part) == 3 and whole not in ("", "0") else whole + "." + part
    return float(raw)


def _tokenise(text: str) -> tuple[tuple[Token, ...], list[int], list[str]]:
    """The tokens, their start offsets and their lowercased texts."""
    new = tuple.__new__  # a NamedTuple built without its keyword-handling __new__
    lower = text.lower()
    same = len(lower) == len(text)  # lowercasing kept every offset ("İ" does not)
    out: list[Token] = []
    starts: list[int] = []
    lows: list[str] = []
    start = 0
    for raw in _SPLIT.findall(text):  # the tokens cover the text: offsets add up
        end = start + len(raw)
        low = lower[start:end] if same else raw.lower()
        c = raw[0]
        if c.isdigit() or len(raw) > 1 and c in ".,":
            out.append(new(Token, (NUMBER, raw, low, start, end, _decimal(raw))))
        else:
            kind = WORD if c.isalpha() else SPACE if c.isspace() else PUNCT
            out.append(new(Token, (kind, raw, low, start, end, None)))
        starts.append(start)
        lows.append(low)
        start = end
    return tuple(out), starts, lows


def tokenise(text: str) -> tuple[Token, ...]:
    return _tokenise(text)[0]


class Tokens:
    """The immutable token sequence of one text, with look-ups by character offset."""

    __slots__ = ("text", "tokens", "_starts", "_words", "_runs", "_lows")

    def __init__(self, text: str) -> None:
        self.text = text
        self.tokens, self._starts, lows = _tokenise(text)
        self._words: list[str] | None = None
        self._runs: list[tuple[int, int]] = []
        self._lows = frozenset(lows)

    def __len__(self) -> int:
        return len(self.tokens)

    def __getitem__(self, i: int) -> Token:
        return self.tokens[i]

    def index(self, pos: int) -> int:
        """The index of the token holding character `pos` (len(self) at the end)."""
        if pos >= len(self.text):
            return len(self.tokens)
        return bisect_right(self._starts, pos) - 1

    def covering(self, start: int, end: int) -> tuple[int, int]:
        """The token range [i, j) that overlaps characters start..end."""
        return self.index(start), self.index(max(start, end - 1)) + 1

    @property
    def words(self) -> list[str]:
        """The lowercased words: runs of letters and digits ("nasm", "2h"), without spaces
        and punctuation, for phrase look-ups such as body names."""
        if self._words is None:
            tokens = self.tokens
            runs: list[tuple[int, int]] = []
            last = -2
            for i, t in enumerate(tokens):
                if t.kind is WORD or t.kind is NUMBER:
                    if last == i - 1:
                        runs[-1] = (runs[-1][0], i)  # "2h": a number and a word written together
                    else:
                        runs.append((i, i))
                    last = i
            self._runs = runs
            self._words = [
                tokens[a].low if a == b else "".join(t.low for t in tokens[a : b + 1])
                for a, b in runs
            ]
        return self._words

    @property
    def lows(self) -> frozenset[str]:
        """Every lowercased token text, for a quick "is this word anywhere" test."""
        return self._lows

    def word_tokens(self, k: int) -> tuple[int, int]:
        """The first and last token index of the k-th entry of `words`."""
        self.words  # noqa: B018 - fills the runs
        return self._runs[k]

    def words_before(self, i: int) -> int:
        """How many entries of `words` start before token i."""
        self.words  # noqa: B018 - fills the runs
        return bisect_left(self._runs, (i, -1))

    # Scans around a span. `claimed` marks tokens another recogniser took (None: none): a
    # claimed token is no word, no space and no punctuation to the scans below.

    def word_char(self, i: int, claimed: bytes | None = None) -> bool:
        """Token i is a letter, digit or underscore run (what a regex's \\w is), unclaimed."""
        if not 0 <= i < len(self.tokens) or (claimed is not None and claimed[i]):
            return False
        t = self.tokens[i]
        return t.kind in (WORD, NUMBER) or t.text == "_"

    def is_(self, i: int, options: frozenset[str] | tuple[str, ...], claimed: bytes | None) -> bool:
        """Token i is unclaimed and its lowercased text is one of `options`."""
        return (
            0 <= i < len(self.tokens)
            and (claimed is None or not claimed[i])
            and self.tokens[i].low in options
        )

    def skip_spaces(self, i: int, claimed: bytes | None = None) -> int:
        """The first index from i on that is not an unclaimed space."""
        n = len(self.tokens)
        while i < n and self.tokens[i].kind == SPACE and (claimed is None or not claimed[i]):
            i += 1
        return i

    def skip_spaces_back(self, i: int, claimed: bytes | None = None) -> int:
        """The smallest j <= i with tokens[j:i] all unclaimed spaces."""
        while (
            i > 0 and self.tokens[i - 1].kind == SPACE and (claimed is None or not claimed[i - 1])
        ):
            i -= 1
        return i

    def run_before(
        self, i: int, claimed: bytes | None = None, claimed_is_space: bool = False
    ) -> str:
        """The lowercased whitespace-separated word just before token i ("module:", "#3").

        A claimed token reads as masked characters, part of a word, or as a space when
        `claimed_is_space`."""
        parts: list[str] = []
        j = i - 1
        while j >= 0:
            t, taken = self.tokens[j], claimed is not None and claimed[j]
            if t.kind == SPACE and not taken or taken and claimed_is_space:
                if parts:
                    break
            else:
                parts.append("\x00" * len(t.text) if taken else t.low)
            j -= 1
        return "".join(reversed(parts))

    def value(self, start: int, end: int) -> float:
        """The number written in characters start..end: a decimal, a fraction or words.

        Raises ValueError when the span holds no number, LogError on a zero denominator."""
        i = self.index(start)
        if i < len(self.tokens):
            t = self.tokens[i]
            if t.start == start and t.end == end and t.kind == NUMBER:
                return t.value  # type: ignore[return-value] # the common case: one number
        i, j = self.covering(start, end)
        if self.tokens[i].start != start or self.tokens[j - 1].end != end:
            raw = self.text[start:end]  # part of a token: "3" of "1.3 days ago"
            if _DECIMAL.fullmatch(raw):
                return _decimal(raw)
            raise ValueError(raw)
        parts = [t for t in self.tokens[i:j] if t.kind != SPACE]
        kinds = [t.kind for t in parts]
        if kinds == [NUMBER]:
            return parts[0].value  # type: ignore[return-value]
        if kinds and kinds[0] == WORD:
            phrase = " ".join(t.low for t in parts if t.kind == WORD)
            if phrase in _WORD_NUMBERS:
                return float(_WORD_NUMBERS[phrase])
            raise ValueError(phrase)
        whole = 0.0
        if len(parts) in (4, 5) and parts[0].kind == NUMBER and parts[1].low in ("-", "and"):
            whole, parts = parts[0].value or 0.0, parts[2:]  # "1-1/2", "1 and 1/2"
        elif len(parts) == 4 and parts[0].kind == NUMBER:
            whole, parts = parts[0].value or 0.0, parts[1:]  # "1 1/2"
        if (
            len(parts) == 3
            and parts[0].kind == NUMBER == parts[2].kind
            and parts[1].text in _FRACTION_SLASH
        ):
            num, den = parts[0].value or 0.0, parts[2].value or 0.0
            if den == 0:
                raise LogError(f"I can't divide by zero. Try: {EXAMPLE}")
            return whole + num / den
        raw = self.text[start:end]
        if _DECIMAL.fullmatch(raw):  # "1.5" inside "1.5.3", split as no decimal
            return _decimal(raw)
        raise ValueError(raw)
